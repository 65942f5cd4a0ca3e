namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// Four rules where the compiler once differed from Net-SNMP (issue 22, item 5), each checked
/// against snmptranslate on modules written here: name(number) components make named nodes;
/// an IMPORTS group of keywords only loads no module; a search-directory file that replaces a
/// built-in base module without its macros does not fail its importers; an index that does not fit
/// its INDEX clause is decoded as far as it fits.
/// </summary>
public class NetSnmpRuleTests
{
    private const string NamedArcs = """
        ACME-NAMED-MIB DEFINITIONS ::= BEGIN
        IMPORTS enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI;
        acmeWidget OBJECT IDENTIFIER ::= { enterprises acme(99999) products(1) 5 }
        acmeThing OBJECT-TYPE
            SYNTAX Integer32
            MAX-ACCESS read-only
            STATUS current
            DESCRIPTION "a scalar under a named arc"
            ::= { acmeWidget 1 }
        acmeOther OBJECT IDENTIFIER ::= { iso org(3) dod(6) internet(1) private(4) enterprises(1) acme(99999) other(7) }
        acmeRoot OBJECT IDENTIFIER ::= { enterprises 99997 }
        acmeA OBJECT IDENTIFIER ::= { enterprises named(99997) 1 }
        acmeB OBJECT IDENTIFIER ::= { enterprises named2(99996) 1 }
        acmeC OBJECT IDENTIFIER ::= { enterprises 99996 }
        acmeLast OBJECT IDENTIFIER ::= { acmeRoot last(9) }
        END
        """;

    /// <summary>
    /// "{ enterprises acme(99999) products(1) 5 }" names 1.3.6.1.4.1.99999 acme and .1 products,
    /// nodes of the module that wrote them; at an OID the module also defines, the later of the two
    /// names it (Net-SNMP prints the later same-module definition); the last component is the
    /// definition's own arc and names nothing.
    /// </summary>
    [Test]
    public void NameAndNumberComponentsNameTheirOids()
    {
        using var files = new MibFiles();
        files.Write("ACME-NAMED-MIB.txt", NamedArcs);
        var set = new MibModuleSet(files.Directory, MibCorpus.Ietf);
        set.Load("ACME-NAMED-MIB");
        var (compared, differences, extra) = OracleTests.CompareWithNetSnmp(set, [files.Directory, MibCorpus.Ietf], [],
            oid => oid.StartsWith("1.3.6.1.4.1.9999", StringComparison.Ordinal), "named arcs");
        string[] oids = ["1.3.6.1.4.1.99999", "1.3.6.1.4.1.99999.1", "1.3.6.1.4.1.99999.1.5.1.0", "1.3.6.1.4.1.99997", "1.3.6.1.4.1.99996", "1.3.6.1.4.1.99997.9"];
        var netSnmp = MibCorpus.RunSnmpTranslate(new[] { "-M", $"{files.Directory}:{MibCorpus.Ietf}", "-m", "ACME-NAMED-MIB", "-OS" }.Concat(oids))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(compared, Is.EqualTo(12));
            Assert.That(differences, Is.Empty);
            Assert.That(extra, Is.Empty);
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            Assert.That(netSnmp, Is.EqualTo(new[]
            {
                "ACME-NAMED-MIB::acme", "ACME-NAMED-MIB::products", "ACME-NAMED-MIB::acmeThing.0", "ACME-NAMED-MIB::named", "ACME-NAMED-MIB::acmeC", "ACME-NAMED-MIB::acmeLast",
            }));
            Assert.That(oids.Select(o => set.FormatInstance(new ObjectIdentifier(o))), Is.EqualTo(netSnmp));
            Assert.That(set.FindNode("ACME-NAMED-MIB::acme")!.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999")));
            Assert.That(set.FindNode("ACME-NAMED-MIB::acme")!.Kind, Is.EqualTo(MibNodeKind.ObjectIdentifier));
            Assert.That(set.Resolve("ACME-NAMED-MIB::products"), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.1")));
            Assert.That(set.FindNodes("last"), Is.Empty, "the last component is the definition's own arc");
            Assert.That(set.FindModule("ACME-NAMED-MIB")!.Nodes.Count(n => n.Name == "acme"), Is.EqualTo(1), "acme(99999) written twice is one node");
        });
    }

    private const string KeywordsOnlyUser = """
        ZZ-USER-MIB DEFINITIONS ::= BEGIN
        IMPORTS OBJECT-TYPE, Integer32 FROM AA-TYPES-MIB
                TimeTicks FROM NOWHERE-MIB
                enterprises FROM SNMPv2-SMI;
        userRoot OBJECT IDENTIFIER ::= { enterprises 99990 }
        userThing OBJECT-TYPE
            SYNTAX Integer32
            MAX-ACCESS read-only
            STATUS current
            DESCRIPTION "defined at the OID AA-TYPES-MIB defines too"
            ::= { userRoot 1 }
        userTicks OBJECT-TYPE
            SYNTAX TimeTicks
            MAX-ACCESS read-only
            STATUS current
            DESCRIPTION "a keyword imported from a module that is nowhere"
            ::= { userRoot 2 }
        END
        """;

    private const string KeywordsOnlyTypes = """
        AA-TYPES-MIB DEFINITIONS ::= BEGIN
        IMPORTS enterprises FROM SNMPv2-SMI;
        typesRoot OBJECT IDENTIFIER ::= { enterprises 99990 }
        typesThing OBJECT IDENTIFIER ::= { typesRoot 1 }
        END
        """;

    /// <summary>
    /// -m ALL reads ZZ-USER-MIB before AA-TYPES-MIB (descending file names); ZZ-USER-MIB imports only
    /// keywords from AA-TYPES-MIB, so AA-TYPES-MIB is not read first as its import, and the OIDs both
    /// define are named by ZZ-USER-MIB. A keyword imported from a module that is nowhere is no error,
    /// and loading ZZ-USER-MIB alone (-m ZZ-USER-MIB) does not load AA-TYPES-MIB.
    /// </summary>
    [Test]
    public void AnImportGroupOfKeywordsOnlyLoadsNoModule()
    {
        using var files = new MibFiles();
        files.Write("ZZ-USER-MIB.txt", KeywordsOnlyUser);
        files.Write("AA-TYPES-MIB.txt", KeywordsOnlyTypes);
        var all = new MibModuleSet(files.Directory, MibCorpus.Ietf);
        all.LoadAll();
        var (compared, differences, extra) = OracleTests.CompareWithNetSnmp(all, [files.Directory, MibCorpus.Ietf], [],
            oid => oid.StartsWith("1.3.6.1.4.1.99990", StringComparison.Ordinal), "keywords only, -m ALL");

        var one = new MibModuleSet(files.Directory, MibCorpus.Ietf);
        one.Load("ZZ-USER-MIB");
        var (netSnmpOne, complaints) = MibCorpus.RunSnmpTranslateWithErrors(
            ["-M", $"{files.Directory}:{MibCorpus.Ietf}", "-m", "ZZ-USER-MIB", "-OS", "1.3.6.1.4.1.99990", "1.3.6.1.4.1.99990.1.0", "1.3.6.1.4.1.99990.2.0"]);
        string[] oids = ["1.3.6.1.4.1.99990", "1.3.6.1.4.1.99990.1.0", "1.3.6.1.4.1.99990.2.0"];
        Assert.Multiple(() =>
        {
            Assert.That(compared, Is.EqualTo(5));
            Assert.That(differences, Is.Empty);
            Assert.That(extra, Is.Empty);
            Assert.That(all.GetName(new ObjectIdentifier("1.3.6.1.4.1.99990")), Is.EqualTo("ZZ-USER-MIB::userRoot"));
            Assert.That(all.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            Assert.That(complaints, Is.Empty, "Net-SNMP does not look for NOWHERE-MIB");
            Assert.That(oids.Select(o => one.FormatInstance(new ObjectIdentifier(o))),
                Is.EqualTo(netSnmpOne.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            Assert.That(one.FindModule("AA-TYPES-MIB"), Is.Null);
            Assert.That(one.FindModule("NOWHERE-MIB"), Is.Null);
            Assert.That(one.Diagnostics, Is.Empty);
            Assert.That(one.FindNode("userTicks")!.Syntax!.BaseType, Is.EqualTo(MibBaseType.TimeTicks));
        });
    }

    private const string Rfc1212WithoutMacro = """
        RFC-1212 DEFINITIONS ::= BEGIN
        IMPORTS ObjectName FROM RFC1155-SMI;
        -- This copy leaves the OBJECT-TYPE macro out:
        -- OBJECT-TYPE MACRO ::=
        -- BEGIN
        --     TYPE NOTATION ::= "SYNTAX" type(TYPE ObjectSyntax)
        -- END
        END
        """;

    private static string V1Importer(string name, uint arc) => $$"""
        {{name}} DEFINITIONS ::= BEGIN
        IMPORTS enterprises, Counter FROM RFC1155-SMI
                OBJECT-TYPE FROM RFC-1212
                TRAP-TYPE FROM RFC-1215;
        v1Root{{arc}} OBJECT IDENTIFIER ::= { enterprises {{arc}} }
        v1Count{{arc}} OBJECT-TYPE
            SYNTAX Counter
            ACCESS read-only
            STATUS mandatory
            DESCRIPTION "an SMIv1 object whose macro comes from RFC-1212"
            ::= { v1Root{{arc}} 1 }
        v1Trap{{arc}} TRAP-TYPE
            ENTERPRISE v1Root{{arc}}
            VARIABLES { v1Count{{arc}} }
            ::= 3
        END
        """;

    /// <summary>
    /// A search directory's RFC-1212 replaces the built-in one and lacks the OBJECT-TYPE macro (as
    /// some vendor bundles ship it): its importers load with no error, as in Net-SNMP, which reads no
    /// module for OBJECT-TYPE.
    /// </summary>
    [Test]
    public void AReplacedBaseModuleWithoutItsMacroFailsNoImporter()
    {
        using var files = new MibFiles();
        files.Write("RFC-1212.txt", Rfc1212WithoutMacro);
        files.Write("ACME-V1-MIB.txt", V1Importer("ACME-V1-MIB", 99989));
        files.Write("ACME-V1B-MIB.txt", V1Importer("ACME-V1B-MIB", 99988));
        var set = new MibModuleSet(files.Directory, MibCorpus.Ietf);
        set.Load("ACME-V1-MIB");
        set.Load("ACME-V1B-MIB");
        var (_, complaints) = MibCorpus.RunSnmpTranslateWithErrors(["-M", $"{files.Directory}:{MibCorpus.Ietf}", "-m", "ACME-V1-MIB:ACME-V1B-MIB:RFC-1212", "-On", "ACME-V1-MIB::v1Count99989"]);
        var (compared, differences, extra) = OracleTests.CompareWithNetSnmp(set, [files.Directory, MibCorpus.Ietf], [],
            oid => oid.StartsWith("1.3.6.1.4.1.9998", StringComparison.Ordinal), "replaced RFC-1212");

        var all = new MibModuleSet(files.Directory, MibCorpus.Ietf);
        all.LoadAll();
        Assert.Multiple(() =>
        {
            Assert.That(complaints, Is.Empty, "Net-SNMP loads them with no complaint");
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            Assert.That(all.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            Assert.That(all.FindModule("RFC-1212")!.File, Does.StartWith(files.Directory), "the file replaces the built-in module");
            Assert.That(compared, Is.EqualTo(6));
            Assert.That(differences, Is.Empty);
            Assert.That(extra, Is.Empty);
            Assert.That(set.FindNode("ACME-V1B-MIB::v1Count99988")!.Syntax!.BaseType, Is.EqualTo(MibBaseType.Counter32));
        });
    }

    /// <summary>
    /// Instances whose index is shorter or longer than the INDEX clause, or whose parts do not fit
    /// their syntax (a string longer than what is left, an IpAddress of two numbers, an InetAddress
    /// of the wrong length): named as snmptranslate -OS names them (the parts that fit decoded, the
    /// rest as numbers), and read back to the same OID where the strings are printable.
    /// </summary>
    [Test]
    public void AnIndexThatDoesNotFitIsDecodedAsFarAsItFits()
    {
        string[] oids =
        [
            "1.3.6.1.2.1.2.2.1.2.1.2",                          // ifDescr: one arc too many
            "1.3.6.1.6.3.16.1.2.1.3.2.97.98",                   // vacmGroupName: a string of 97 octets with two left
            "1.3.6.1.6.3.16.1.2.1.3.5.97.98",
            "1.3.6.1.6.3.16.1.4.1.4.2.97.98.1.99",              // vacmAccessContextMatch: two of four parts
            "1.3.6.1.6.3.16.1.4.1.4.2.97.98.1.2.3",             // three parts, one octet not printable
            "1.3.6.1.6.3.16.1.4.1.4.2.97.98",                   // one part
            "1.3.6.1.6.3.16.1.4.1.4.2.97.98.0",                 // an empty string
            "1.3.6.1.6.3.16.1.4.1.4.2.97.98.0.3.3.7",           // every part and one arc more
            "1.3.6.1.2.1.4.22.1.2.1.10.0",                      // ipNetToMediaPhysAddress: an IpAddress of two numbers
            "1.3.6.1.2.1.4.34.1.3.1.4.10.0.0",                  // ipAddressIfIndex: an ipv4 InetAddress three octets long
            "1.3.6.1.2.1.4.34.1.3.1.4.10.0.0.1.7",              // and one arc after a whole index
            "1.3.6.1.2.1.4.34.1.3.1.5.10.0.0.1.2",              // ipv4 of five octets: a string
        ];
        var set = OracleTests.IetfSet.Value;
        var netSnmp = MibCorpus.RunSnmpTranslate(new[] { "-M", MibCorpus.Ietf, "-m", "ALL", "-OS" }.Concat(oids))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ours = oids.Select(o => set.FormatInstance(new ObjectIdentifier(o))).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ours, Is.EqualTo(netSnmp));
            Assert.That(ours.Count(n => n.Contains('"', StringComparison.Ordinal)), Is.EqualTo(7), "decoded strings, not all numbers");
            for (int i = 0; i < oids.Length; i++)
            {
                if (i is 4 or 11)
                {
                    continue; // a non-printable octet prints as '.', which does not read back to itself
                }

                Assert.That(set.TryResolve(ours[i], out var back) ? back!.ToString() : "(none)", Is.EqualTo(oids[i]), ours[i]);
            }
        });
    }
}
