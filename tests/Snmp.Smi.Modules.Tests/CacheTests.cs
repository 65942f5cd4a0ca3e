namespace Snmp.Smi.Modules.Tests;

public class CacheTests
{
    private static string Describe(MibSyntax? s) => s is null ? "-" : string.Join(";", s.BaseType, s.TypeName, s.TypeModule, s.DisplayHint,
        string.Join(",", s.Ranges), string.Join(",", s.Sizes), string.Join(",", s.NamedNumbers));

    internal static string Describe(MibNode n) => string.Join("|",
        n.QualifiedName, n.Kind, n.Oid, n.MaxAccess, n.Status, n.Description, n.Reference, n.Units, n.DefaultValue, n.Augments,
        string.Join(",", n.Index.Select(i => (i.Implied ? "IMPLIED " : "") + i.Name)), string.Join(",", n.Objects),
        Describe(n.Syntax),
        string.Join("/", n.ConformanceModules.Select(p => $"{p.ModuleName}[{string.Join(",", p.Groups)}]" + string.Concat(p.Items.Select(i =>
            $"<{i.Kind} {i.Name} {Describe(i.Syntax)} {Describe(i.WriteSyntax)} {i.Access} {string.Join(",", i.CreationRequires)} {i.DefaultValue} {i.Description}>")))));

    [Test]
    public void TheIetfSetRoundTripsThroughTheCache()
    {
        var set = OracleTests.IetfSet.Value;
        using var stream = new MemoryStream();
        set.WriteCache(stream);
        stream.Position = 0;
        var restored = MibModuleSet.ReadCache(stream)!;
        TestContext.Out.WriteLine($"cache of {set.Modules.Count} modules, {set.Modules.Sum(m => m.Nodes.Count)} nodes: {stream.Length} bytes");
        Assert.That(restored, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(restored.Modules.Select(m => m.Name), Is.EqualTo(set.Modules.Select(m => m.Name)));
            Assert.That(restored.Modules.SelectMany(m => m.Nodes).Select(Describe), Is.EqualTo(set.Modules.SelectMany(m => m.Nodes).Select(Describe)));
            Assert.That(restored.Diagnostics, Is.EqualTo(set.Diagnostics));
            Assert.That(restored.Resolve("IF-MIB::ifDescr.3"), Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.2.2.1.2.3")));
            Assert.That(restored.FormatInstance(new ObjectIdentifier("1.3.6.1.6.3.12.1.3.1.2.97.98.99")), Is.EqualTo("SNMP-TARGET-MIB::snmpTargetParamsMPModel.'abc'"));
        });
    }

    [Test]
    public void AChangedSourceFileMakesTheCacheStale()
    {
        using var files = new MibFiles();
        var path = files.Write("A-MIB", "A-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises FROM SNMPv2-SMI;\na OBJECT IDENTIFIER ::= { enterprises 1 }\nEND\n");
        var set = new MibModuleSet(files.Directory);
        set.Load("A-MIB");
        using var stream = new MemoryStream();
        set.WriteCache(stream);

        stream.Position = 0;
        Assert.That(MibModuleSet.ReadCache(stream)?.FindNode("A-MIB::a"), Is.Not.Null, "fresh");

        File.AppendAllText(path, "-- edited\n");
        stream.Position = 0;
        Assert.That(MibModuleSet.ReadCache(stream), Is.Null, "stale after the file changed");
    }

    [Test]
    public void ASetReadFromTheCacheLoadsMoreModulesWithoutDuplicates()
    {
        var set = new MibModuleSet(MibCorpus.Ietf);
        set.Load("IF-MIB");
        using var stream = new MemoryStream();
        set.WriteCache(stream);
        stream.Position = 0;
        var restored = MibModuleSet.ReadCache(stream)!;
        Assert.That(restored.Load("SNMP-TARGET-MIB"), Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(restored.FindNodes(new ObjectIdentifier("1.3.6.1.6.3")), Has.Count.EqualTo(1), "snmpModules once");
            Assert.That(restored.FindNode("SNMP-TARGET-MIB::snmpTargetAddrTAddress")!.Syntax!.TypeName, Is.EqualTo("TAddress"));
            Assert.That(restored.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
        });
    }

    [Test]
    public void ADamagedCacheIsInvalidDataNeverAnotherException()
    {
        var set = new MibModuleSet(MibCorpus.Ietf);
        set.Load("IF-MIB");
        using var stream = new MemoryStream();
        set.WriteCache(stream);
        var bytes = stream.ToArray();
        int invalid = 0;
        for (int cut = 0; cut < bytes.Length; cut += 97)
        {
            try
            {
                MibModuleSet.ReadCache(new MemoryStream(bytes[..cut]));
            }
            catch (InvalidDataException)
            {
                invalid++;
            }
        }

        var random = new Random(5);
        for (int round = 0; round < 200; round++)
        {
            var damaged = (byte[])bytes.Clone();
            for (int k = 0; k < 4; k++)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            try
            {
                MibModuleSet.ReadCache(new MemoryStream(damaged));
            }
            catch (InvalidDataException)
            {
            }
        }

        Assert.That(invalid, Is.EqualTo((bytes.Length + 96) / 97), "every truncation is InvalidDataException");
        Assert.Throws<InvalidDataException>(() => MibModuleSet.ReadCache(new MemoryStream("not a cache"u8.ToArray())));
    }

    /// <summary>
    /// Found by fuzzing the cache reader (scripts/fuzz.sh mibcache, issue 10): a damaged count made
    /// the reader allocate for millions of records a few octets could not hold (a 727-octet cache
    /// allocated 468 MB) before running off the end. Each case is a cache of a few dozen octets
    /// whose last count is huge: refused as damaged, with no large allocation.
    /// </summary>
    [TestCase("diagnostics")]
    [TestCase("syntaxes")]
    [TestCase("named numbers")]
    [TestCase("node total")]
    [TestCase("module nodes")]
    [TestCase("ranges")]
    public void AHugeCountInADamagedCacheIsRefusedBeforeAllocatingForIt(string count)
    {
        var payload = new MemoryStream();
        var w = new BinaryWriter(payload);
        void Ints(params int[] values)
        {
            foreach (var v in values)
            {
                w.Write(v);
            }
        }

        Ints(1, 1);                       // one string: "m"
        w.Write((byte)'m');
        switch (count)
        {
            case "syntaxes": Ints(4 * 1024 * 1024); break;
            case "named numbers": Ints(1); w.Write((byte)0); Ints(-1, -1, -1, 0, 0, 1 << 20); break;
            case "ranges": Ints(1); w.Write((byte)0); Ints(-1, -1, -1, 1 << 16); break;
            case "diagnostics": Ints(0, 0, 0, 1 << 24); break;
            case "node total": Ints(0, 0, 0, 0, 1, 1 << 24); break;
            case "module nodes": Ints(0, 0, 0, 0, 1, 1, 0, 0, 1 << 24); break;
        }

        var cache = new MemoryStream();
        var header = new BinaryWriter(cache);
        header.Write("SNMP-SMI-MODULES-CACHE");
        header.Write(MibCache.Version);   // this format version, so the payload is read
        header.Write(0);                  // no text chunks
        header.Write(payload.Length);
        header.Write(payload.ToArray());
        cache.Position = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => MibModuleSet.ReadCache(cache));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(1 << 20), $"bytes allocated reading a {cache.Length}-octet cache with a huge count of {count}");
    }

    /// <summary>
    /// Found probing the MIB compiler's fuzz target (issue 10): the reader refused counts the writer
    /// wrote (at most 65,536 INDEX or OBJECTS items), so the cache of a set that compiled did not
    /// read back (InvalidDataException). Counts are now bounded only by what the payload holds.
    /// </summary>
    [Test]
    public void AnIndexAndAGroupOfMoreThan65536ObjectsReadBackFromTheCache()
    {
        const int count = 70_000;
        var names = string.Join(", ", Enumerable.Range(0, count).Select(i => "o" + i));
        using var files = new MibFiles();
        files.Write("WIDE-MIB", $$"""
            WIDE-MIB DEFINITIONS ::= BEGIN
            IMPORTS OBJECT-TYPE, enterprises FROM SNMPv2-SMI OBJECT-GROUP FROM SNMPv2-CONF;
            wideEntry OBJECT-TYPE SYNTAX INTEGER MAX-ACCESS not-accessible STATUS current DESCRIPTION "e"
                INDEX { {{names}} } ::= { enterprises 77 1 }
            wideGroup OBJECT-GROUP OBJECTS { {{names}} } STATUS current DESCRIPTION "g" ::= { enterprises 77 2 }
            END
            """);
        var set = new MibModuleSet(files.Directory);
        set.Load("WIDE-MIB");
        Assert.That((set.FindNode("wideEntry")?.Index.Count, set.FindNode("wideGroup")?.Objects.Count), Is.EqualTo((count, count)), "compiled");
        using var stream = new MemoryStream();
        set.WriteCache(stream);
        stream.Position = 0;
        var read = MibModuleSet.ReadCache(stream);
        Assert.That((read?.FindNode("wideEntry")?.Index.Count, read?.FindNode("wideGroup")?.Objects.Count), Is.EqualTo((count, count)), "read back");
    }

    [Test]
    public void ACacheOfAnotherFormatVersionIsStaleNotAnError()
    {
        var set = new MibModuleSet(MibCorpus.Ietf);
        set.Load("IF-MIB");
        using var stream = new MemoryStream();
        set.WriteCache(stream);
        var bytes = stream.ToArray();
        int versionAt = 1 + "SNMP-SMI-MODULES-CACHE".Length;
        Assert.That(MibModuleSet.ReadCache(new MemoryStream(bytes)), Is.Not.Null, "as written");
        foreach (int version in new[] { 2, 4, -1 })
        {
            var other = (byte[])bytes.Clone();
            BitConverter.TryWriteBytes(other.AsSpan(versionAt, 4), version);
            Assert.That(MibModuleSet.ReadCache(new MemoryStream(other)), Is.Null, $"format version {version}");
        }
    }

    [Test]
    public void TextsLeftInTheCacheReadBackOnDemand()
    {
        var set = OracleTests.IetfSet.Value;
        using var stream = new MemoryStream();
        set.WriteCache(stream);
        stream.Position = 0;
        var restored = MibModuleSet.ReadCache(stream)!;
        var original = set.FindNode("IF-MIB::ifTable")!;
        var referenced = set.Modules.SelectMany(m => m.Nodes).First(n => n.Reference is not null);
        var node = restored.FindNode("IF-MIB::ifTable")!;
        Assert.Multiple(() =>
        {
            Assert.That(node.Description, Is.EqualTo(original.Description).And.Contain("A list of interface entries"));
            Assert.That(node.Description, Is.SameAs(node.Description), "decoded once");
            Assert.That(restored.FindNode(referenced.QualifiedName)!.Reference, Is.EqualTo(referenced.Reference));
            Assert.That(restored.FindNode("IF-MIB::ifIndex")!.Reference, Is.Null);
        });
    }
}
