using System.Text.RegularExpressions;

namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// The oracle comparison of issue 11: every node of every module in shared/mibs/ietf, loaded
/// together, against Net-SNMP's parse of the same files (snmptranslate -m ALL): the same OIDs, and
/// at each OID the same name printed with the same module (Net-SNMP's choice where several modules define it).
/// </summary>
public class OracleTests
{
    internal static readonly Lazy<MibModuleSet> IetfSet = new(() =>
    {
        var set = new MibModuleSet(MibCorpus.Ietf);
        set.LoadAll();
        return set;
    });

    [Test]
    public void EveryNodeOfEveryIetfModuleMatchesNetSnmp()
    {
        var set = IetfSet.Value;
        var (compared, differences, extra) = CompareWithNetSnmp(set, [MibCorpus.Ietf], [], _ => true, "oracle");
        Assert.That(compared, Is.GreaterThan(3000));
        Assert.Multiple(() =>
        {
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty, "Net-SNMP loads all of these with no error");
            Assert.That(differences, Is.Empty);
            Assert.That(extra, Is.Empty);
        });
    }

    /// <summary>
    /// Modules loaded one by one (snmptranslate -m A:B loads A, then B): at an OID both define, the
    /// first one loaded names it, in Net-SNMP and here.
    /// </summary>
    [TestCase("IP-MIB", "RFC1213-MIB")]
    [TestCase("RFC1213-MIB", "IP-MIB")]
    [TestCase("TCP-MIB", "RFC1213-MIB")]
    [TestCase("RFC1213-MIB", "TCP-MIB")]
    [TestCase("DISMAN-EVENT-MIB", "DISMAN-EXPRESSION-MIB")]
    [TestCase("DISMAN-EXPRESSION-MIB", "DISMAN-EVENT-MIB")]
    public void AnOidSeveralModulesDefineIsNamedByTheFirstLoaded(string first, string second)
    {
        var set = new MibModuleSet(MibCorpus.Ietf);
        set.Load(first);
        set.Load(second);
        string[] oids = ["1.3.6.1.2.1.4.1", "1.3.6.1.2.1.4.20.1.1", "1.3.6.1.2.1.6.5", "1.3.6.1.2.1.6.13.1.1", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.4.20.1.2.10.0.0.1"];
        var netSnmp = MibCorpus.RunSnmpTranslate(new[] { "-M", MibCorpus.Ietf, "-m", $"{first}:{second}", "-OS" }.Concat(oids))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(netSnmp, Has.Length.EqualTo(oids.Length));
        Assert.That(oids.Select(o => set.FormatInstance(new ObjectIdentifier(o))), Is.EqualTo(netSnmp));
    }

    /// <summary>
    /// Our own sloppy vendor-style modules (tests/Snmp.Smi.Modules.Tests/Sloppy: no MODULE-IDENTITY,
    /// TRAP-TYPE, an underscore, trailing and missing commas, a plain type used as a TC, a descriptor
    /// defined by two modules) loaded beside the IETF set, against Net-SNMP with -Pu (Net-SNMP rejects
    /// underscores unless told; we accept them with no flag).
    /// </summary>
    [Test]
    public void SloppyVendorModulesMatchNetSnmp()
    {
        var sloppy = Path.Combine(TestContext.CurrentContext.TestDirectory, "Sloppy");
        var set = new MibModuleSet(sloppy, MibCorpus.Ietf);
        set.Load("ACME-SLOPPY-MIB");
        set.Load("ACME-SLOPPY-V2-MIB");
        var (compared, differences, extra) = CompareWithNetSnmp(set, [sloppy, MibCorpus.Ietf], ["-Pu"], oid => oid.StartsWith("1.3.6.1.4.1.99998", StringComparison.Ordinal), "sloppy");
        Assert.That(compared, Is.EqualTo(20));
        Assert.Multiple(() =>
        {
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            Assert.That(differences, Is.Empty);
            Assert.That(extra, Is.Empty);
            Assert.That(set.FindNode("ACME-SLOPPY-MIB::acmeName")!.Oid, Is.Not.EqualTo(set.FindNode("ACME-SLOPPY-V2-MIB::acmeName")!.Oid));
            Assert.That(set.FindNode("acmeName")!.ModuleName, Is.EqualTo("ACME-SLOPPY-MIB"), "an unqualified name is its first definition in load order");
            Assert.That(set.FindNode("acmeMode")!.Syntax!.NamedNumbers, Has.Count.EqualTo(3));
            Assert.That(set.FindNode("acmePortIn")!.Syntax!.BaseType, Is.EqualTo(MibBaseType.Counter32));
            Assert.That(set.FindNode("acmeName")!.Syntax!.TypeName, Is.EqualTo("AcmeName"));
            Assert.That(set.FormatInstance(new ObjectIdentifier("1.3.6.1.4.1.99998.2.3.1.2.3.10.0.0.1")), Is.EqualTo("ACME-SLOPPY-MIB::acmePortAddr.3.10.0.0.1"));
        });
    }

    /// <summary>
    /// snmptranslate -Tz (every node's label and OID) and -OS (the module each OID is named with)
    /// against our set: at every OID Net-SNMP knows, a node of ours, and GetName / FormatInstance
    /// printing exactly Net-SNMP's "MODULE::name" (for an OID several modules define, the module
    /// loaded first, as <see cref="MibModuleSet.LoadAll"/> orders them like -m ALL). Net-SNMP's own "label#" and "anonymous#n" nodes (the 0 arc it adds under a
    /// TRAP-TYPE's enterprise, and the arcs inside a value such as "{ events 0 1 }") are a documented
    /// exception: no module names them, so they are not MIB nodes here. Where -Tz lists several
    /// labels at one OID, each must be a node there, and -OS says which one names it.
    /// </summary>
    internal static (int Compared, List<string> Differences, List<MibNode> Extra) CompareWithNetSnmp(
        MibModuleSet set, string[] directories, string[] flags, Func<string, bool> include, string label)
    {
        var mibDirs = string.Join(':', directories);
        var tz = MibCorpus.RunSnmpTranslate(flags.Concat(["-M", mibDirs, "-m", "ALL", "-Tz"]));
        var oracle = new List<(string Label, string Oid)>();
        int pseudo = 0;
        foreach (Match m in Regex.Matches(tz, "^\"([^\"]+)\"\\s+\"([0-9.]+)\"", RegexOptions.Multiline))
        {
            if (!include(m.Groups[2].Value))
            {
                continue;
            }

            if (m.Groups[1].Value.Contains('#'))
            {
                pseudo++;
                continue;
            }

            oracle.Add((m.Groups[1].Value, m.Groups[2].Value));
        }

        // -OS on every OID: the module Net-SNMP names each one with.
        var qualified = new Dictionary<string, string>();
        for (int i = 0; i < oracle.Count; i += 400)
        {
            var chunk = oracle.Skip(i).Take(400).Select(o => o.Oid).ToList();
            var output = MibCorpus.RunSnmpTranslate(flags.Concat(["-M", mibDirs, "-m", "ALL", "-OS"]).Concat(chunk))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.That(output, Has.Length.EqualTo(chunk.Count), "one line per OID from snmptranslate -OS");
            for (int j = 0; j < chunk.Count; j++)
            {
                qualified[chunk[j]] = output[j];
            }
        }

        int equal = 0, definedElsewhereToo = 0;
        var differences = new List<string>();
        foreach (var (name, oidText) in oracle)
        {
            var oid = new ObjectIdentifier(oidText);
            var nodes = set.FindNodes(oid);
            var netSnmpName = qualified[oidText];
            if (nodes.Count == 0)
            {
                differences.Add($"{netSnmpName} {oidText}: no node here");
            }
            else if (nodes.All(n => n.Name != name) || set.GetName(oid) != netSnmpName || set.FormatInstance(oid) != netSnmpName)
            {
                // The module an OID is printed with must be Net-SNMP's exactly, not just one that defines it.
                differences.Add($"{netSnmpName} {oidText}: ours {set.FormatInstance(oid)} (defined by {string.Join(", ", nodes.Select(n => n.QualifiedName))})");
            }
            else
            {
                equal++;
                definedElsewhereToo += nodes.Count > 1 ? 1 : 0;
            }
        }

        var oracleOids = oracle.Select(o => o.Oid).ToHashSet();
        var extra = set.Modules.SelectMany(m => m.Nodes).Where(n => include(n.Oid.ToString()) && !oracleOids.Contains(n.Oid.ToString())).ToList();

        TestContext.Out.WriteLine($"{label}: {set.Modules.Count} modules loaded; {oracle.Count} Net-SNMP nodes compared, {equal} equal (OID, and the module-qualified name printed exactly), " +
                                  $"{definedElsewhereToo} of them defined by several modules; {differences.Count} differences; {extra.Count} nodes only ours; {pseudo} Net-SNMP '#' pseudo-nodes left out");
        foreach (var d in differences)
        {
            TestContext.Out.WriteLine("  difference: " + d);
        }

        foreach (var e in extra)
        {
            TestContext.Out.WriteLine($"  only ours: {e.QualifiedName} {e.Oid}");
        }

        foreach (var d in set.Diagnostics)
        {
            TestContext.Out.WriteLine("  diagnostic: " + d);
        }

        return (oracle.Count, differences, extra);
    }
}
