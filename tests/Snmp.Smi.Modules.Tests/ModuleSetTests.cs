namespace Snmp.Smi.Modules.Tests;

public class ModuleSetTests
{
    private const string Smiv2 = """
        TEST-MIB DEFINITIONS ::= BEGIN
        IMPORTS
            MODULE-IDENTITY, OBJECT-TYPE, NOTIFICATION-TYPE, Integer32, Counter32, enterprises FROM SNMPv2-SMI
            TEXTUAL-CONVENTION, DisplayString, RowStatus FROM SNMPv2-TC
            OBJECT-GROUP FROM SNMPv2-CONF;

        testMib MODULE-IDENTITY
            LAST-UPDATED "202611260000Z"
            ORGANIZATION "tests"
            CONTACT-INFO "none"
            DESCRIPTION "A module for the tests."
            REVISION "202611260000Z"
            DESCRIPTION "Revision text."
            ::= { enterprises 99999 }

        Percent ::= TEXTUAL-CONVENTION
            DISPLAY-HINT "d-2"
            STATUS current
            DESCRIPTION "Hundredths of a percent."
            SYNTAX Integer32 (0..10000)

        testObjects OBJECT IDENTIFIER ::= { testMib 1 }

        testLoad OBJECT-TYPE
            SYNTAX Percent
            UNITS "percent"
            MAX-ACCESS read-only
            STATUS current
            DESCRIPTION "Load."
            DEFVAL { 0 }
            ::= { testObjects 1 }

        testTable OBJECT-TYPE
            SYNTAX SEQUENCE OF TestEntry
            MAX-ACCESS not-accessible
            STATUS current
            DESCRIPTION "A table."
            ::= { testObjects 2 }

        testEntry OBJECT-TYPE
            SYNTAX TestEntry
            MAX-ACCESS not-accessible
            STATUS current
            DESCRIPTION "A row."
            INDEX { testIndex, IMPLIED testName }
            ::= { testTable 1 }

        TestEntry ::= SEQUENCE { testIndex Integer32, testName DisplayString, testState INTEGER, testFlags BITS, testStatus RowStatus }

        testIndex OBJECT-TYPE SYNTAX Integer32 (1..2147483647) MAX-ACCESS not-accessible STATUS current DESCRIPTION "i" ::= { testEntry 1 }
        testName OBJECT-TYPE SYNTAX DisplayString (SIZE (1..32)) MAX-ACCESS not-accessible STATUS current DESCRIPTION "n" ::= { testEntry 2 }
        testState OBJECT-TYPE
            SYNTAX INTEGER { up(1), down(2), testing(3), }
            MAX-ACCESS read-create STATUS current DESCRIPTION "s" DEFVAL { up } ::= { testEntry 3 }
        testFlags OBJECT-TYPE SYNTAX BITS { a(0), b(1) } MAX-ACCESS read-create STATUS current DESCRIPTION "f" DEFVAL { { a, b } } ::= { testEntry 4 }
        testStatus OBJECT-TYPE SYNTAX RowStatus MAX-ACCESS read-create STATUS current DESCRIPTION "r" ::= { testEntry 5 }

        testEvent NOTIFICATION-TYPE
            OBJECTS { testLoad, testState }
            STATUS current
            DESCRIPTION "Something happened."
            ::= { testMib 2 0 1 }

        testGroup OBJECT-GROUP OBJECTS { testLoad, testState } STATUS current DESCRIPTION "g" ::= { testMib 3 }
        END
        """;

    private const string Smiv1 = """
        OLD-MIB DEFINITIONS ::= BEGIN
        IMPORTS enterprises, Counter, IpAddress FROM RFC1155-SMI
                OBJECT-TYPE FROM RFC-1212
                TRAP-TYPE FROM RFC-1215;
        old OBJECT IDENTIFIER ::= { enterprises 4242 }
        oldCount OBJECT-TYPE SYNTAX Counter ACCESS read-only STATUS mandatory DESCRIPTION "c" ::= { old 1 }
        oldAddr OBJECT-TYPE SYNTAX IpAddress ACCESS read-write STATUS mandatory ::= { old 2 }
        oldTrap TRAP-TYPE ENTERPRISE old VARIABLES { oldCount } DESCRIPTION "t" ::= 7
        END
        """;

    [Test]
    public void SmiV2ModuleNodesCarryTheirClauses()
    {
        using var files = new MibFiles();
        files.Write("TEST-MIB.txt", Smiv2);
        var set = new MibModuleSet(files.Directory);
        var module = set.Load("TEST-MIB");
        Assert.That(module, Is.Not.Null);
        Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty, string.Join("\n", set.Diagnostics));

        var load = set.FindNode("TEST-MIB::testLoad")!;
        var entry = set.FindNode("testEntry")!;
        var state = set.FindNode("testState")!;
        var flags = set.FindNode("testFlags")!;
        var name = set.FindNode("testName")!;
        var evt = set.FindNode("testEvent")!;
        Assert.Multiple(() =>
        {
            Assert.That(module!.Nodes.Select(n => n.Name), Does.Contain("testMib").And.Contain("testGroup"));
            Assert.That(set.FindNode("testMib")!.Kind, Is.EqualTo(MibNodeKind.ModuleIdentity));
            Assert.That(set.FindNode("testMib")!.Description, Is.EqualTo("A module for the tests."));
            Assert.That(load.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.1.1")));
            Assert.That(load.Kind, Is.EqualTo(MibNodeKind.Scalar));
            Assert.That(load.Syntax!.BaseType, Is.EqualTo(MibBaseType.Integer32));
            Assert.That(load.Syntax.TypeName, Is.EqualTo("Percent"));
            Assert.That(load.Syntax.TypeModule, Is.EqualTo("TEST-MIB"));
            Assert.That(load.Syntax.Ranges, Is.EqualTo(new[] { new MibRange(0, 10000) }));
            Assert.That(load.DisplayHint, Is.EqualTo("d-2"));
            Assert.That((load.Units, load.MaxAccess, load.Status, load.DefaultValue), Is.EqualTo(("percent", "read-only", "current", "0")));
            Assert.That(set.FindNode("testTable")!.Kind, Is.EqualTo(MibNodeKind.Table));
            Assert.That(entry.Kind, Is.EqualTo(MibNodeKind.Row));
            Assert.That(entry.Index, Is.EqualTo(new[] { new MibIndexItem("testIndex", false), new MibIndexItem("testName", true) }));
            Assert.That(state.Kind, Is.EqualTo(MibNodeKind.Column));
            Assert.That(state.Syntax!.NamedNumbers, Is.EqualTo(new[] { new MibNamedNumber("up", 1), new MibNamedNumber("down", 2), new MibNamedNumber("testing", 3) }));
            Assert.That(state.DefaultValue, Is.EqualTo("up"));
            Assert.That(flags.Syntax!.BaseType, Is.EqualTo(MibBaseType.Bits));
            Assert.That(flags.Syntax.NamedNumbers.Select(n => n.Name), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(flags.DefaultValue, Is.EqualTo("{ a, b }"));
            Assert.That(name.Syntax!.Sizes, Is.EqualTo(new[] { new MibRange(1, 32) }), "the object's own SIZE refines the TC's");
            Assert.That(name.DisplayHint, Is.EqualTo("255a"), "DisplayString from the built-in SNMPv2-TC");
            Assert.That(set.FindNode("testStatus")!.Syntax!.NamedNumbers, Has.Count.EqualTo(6));
            Assert.That(evt.Kind, Is.EqualTo(MibNodeKind.Notification));
            Assert.That(evt.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.2.0.1")));
            Assert.That(evt.Objects, Is.EqualTo(new[] { "testLoad", "testState" }));
            Assert.That(set.FindNode("testGroup")!.Kind, Is.EqualTo(MibNodeKind.ObjectGroup));
        });
    }

    [Test]
    public void SmiV1ModuleWithTrapType()
    {
        using var files = new MibFiles();
        files.Write("OLD-MIB", Smiv1);
        var set = new MibModuleSet(files.Directory);
        Assert.That(set.Load("OLD-MIB"), Is.Not.Null);
        Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty, string.Join("\n", set.Diagnostics));
        var trap = set.FindNode("oldTrap")!;
        Assert.Multiple(() =>
        {
            Assert.That(trap.Kind, Is.EqualTo(MibNodeKind.Trap));
            Assert.That(trap.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.4242.0.7")), "RFC 3584 3.1: enterprise, 0, specific-trap");
            Assert.That(trap.Objects, Is.EqualTo(new[] { "oldCount" }));
            Assert.That(set.FindNode("oldCount")!.Syntax!.BaseType, Is.EqualTo(MibBaseType.Counter32));
            Assert.That(set.FindNode("oldCount")!.MaxAccess, Is.EqualTo("read-only"));
            Assert.That(set.FindNode("oldAddr")!.Syntax!.BaseType, Is.EqualTo(MibBaseType.IpAddress));
            Assert.That(set.FindNode("oldAddr")!.Status, Is.EqualTo("mandatory"));
        });
    }

    [Test]
    public void ModulesAreFoundByTheirHeadingWhateverTheFileIsCalled()
    {
        using var files = new MibFiles();
        files.Write("something-else.my", Smiv1);
        var set = new MibModuleSet(files.Directory);
        Assert.That(set.Load("OLD-MIB")?.File, Is.EqualTo(Path.Combine(files.Directory, "something-else.my")));
        Assert.That(set.AvailableModules, Does.Contain("OLD-MIB").And.Contain("SNMPv2-SMI").And.Not.Contain("something-else"));
        Assert.That(set.Load("something-else")?.Name, Is.EqualTo("OLD-MIB"), "found by the file's name, as Net-SNMP does");

        var all = new MibModuleSet(files.Directory);
        all.LoadAll();
        Assert.That(all.Diagnostics, Is.Empty, "LoadAll loads modules by their headings, not by file names");
        Assert.That(all.Modules.Select(m => m.Name), Does.Contain("OLD-MIB"));
    }

    [Test]
    public void LookupsBothWaysOnTheIetfModules()
    {
        var set = OracleTests.IetfSet.Value;
        var ifDescr3 = new ObjectIdentifier("1.3.6.1.2.1.2.2.1.2.3");
        Assert.Multiple(() =>
        {
            Assert.That(set.Resolve("IF-MIB::ifDescr.3"), Is.EqualTo(ifDescr3));
            Assert.That(set.Resolve("ifDescr.3"), Is.EqualTo(ifDescr3));
            Assert.That(set.Resolve("1.3.6.1.2.1.2.2.1.2.3"), Is.EqualTo(ifDescr3));
            Assert.That(set.Resolve(".1.3.6.1.2.1.2.2.1.2.3"), Is.EqualTo(ifDescr3));
            Assert.That(set.Resolve("SNMPv2-MIB::sysUpTime"), Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.1.3")));
            Assert.That(set.GetName(ifDescr3), Is.EqualTo("IF-MIB::ifDescr.3"));
            Assert.That(set.GetName(new ObjectIdentifier("1.3.6.1.6.3.15.1.2.2.1.3.12.128.0.31.136")), Is.EqualTo("SNMP-USER-BASED-SM-MIB::usmUserSecurityName.12.128.0.31.136"));
            Assert.That(set.GetName(new ObjectIdentifier("1.3.6.1.2.1.31.1.1.1.6")), Is.EqualTo("IF-MIB::ifHCInOctets"));
            Assert.That(set.GetName(new ObjectIdentifier("2.999.1")), Is.EqualTo("2.999.1"), "no known prefix: the numbers");
            Assert.That(set.TryResolve("IF-MIB::noSuchObject.1", out _), Is.False);
            Assert.That(set.TryResolve("ifDescr.x", out _), Is.False);
            Assert.That(set.TryResolve("NO-SUCH-MIB::ifDescr", out _), Is.False);
            Assert.That(set.TryResolve("", out _), Is.False);
            var unknown = Assert.Throws<SnmpUnknownNameException>(() => set.Resolve("IF-MIB::noSuchName.3"))!;
            Assert.That(unknown.Name, Is.EqualTo("IF-MIB::noSuchName.3"));
            Assert.That(unknown.Message, Does.Contain("'IF-MIB::noSuchName.3'"));
            Assert.That(Assert.Throws<SnmpUnknownNameException>(() => set.Resolve("1.3.x"))!.Name, Is.EqualTo("1.3.x"), "a malformed dotted OID too");
            Assert.That(Assert.Throws<SnmpUnknownNameException>(() => set.Resolve("ifDescr.\"unterminated"))!.Name, Is.EqualTo("ifDescr.\"unterminated"));
        });
    }

    [TestCase("1.3.6.1.6.3.12.1.3.1.2.97.98.99", "SNMP-TARGET-MIB::snmpTargetParamsMPModel.'abc'")]
    [TestCase("1.3.6.1.6.3.15.1.2.2.1.3.5.128.0.31.136.4.5.97.108.105.99.101", "SNMP-USER-BASED-SM-MIB::usmUserSecurityName.\".....\".\"alice\"")]
    [TestCase("1.3.6.1.6.3.16.1.4.1.4.6.103.114.111.117.112.49.7.99.111.110.116.101.120.116.3.1", "SNMP-VIEW-BASED-ACM-MIB::vacmAccessContextMatch.\"group1\".\"context\".3.noAuthNoPriv")]
    [TestCase("1.3.6.1.2.1.17.4.3.1.2.0.17.34.51.68.85", "BRIDGE-MIB::dot1dTpFdbPort.'..\"3DU'")]
    [TestCase("1.3.6.1.2.1.4.34.1.3.1.4.10.0.0.1", "IP-MIB::ipAddressIfIndex.ipv4.\"10.0.0.1\"")]
    [TestCase("1.3.6.1.2.1.17.4.3.1.2.0.17.34.51.68", "BRIDGE-MIB::dot1dTpFdbPort.0.17.34.51.68")]
    [TestCase("1.3.6.1.2.1.1.9.1.2.4.5", "SNMPv2-MIB::sysORID.4.5")]
    [TestCase("1.3.6.1.6.3.16.1.2.1.3.2.1.300", "SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.2.1.300")]
    [TestCase("1.3.6.1.6.3.16.1.2.1.3.2.9.97", "SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.2.9.97")]
    [TestCase("1.3.6.1.2.1.2.2.1", "IF-MIB::ifEntry")]
    public void InstancesAreNamedWithTheirIndexDecodedOrElseTheNumbers(string oid, string expected)
    {
        Assert.That(OracleTests.IetfSet.Value.FormatInstance(new ObjectIdentifier(oid)), Is.EqualTo(expected));
    }

    [TestCase("SNMP-TARGET-MIB::snmpTargetParamsMPModel.'a.b'", "1.3.6.1.6.3.12.1.3.1.2.97.46.98")]
    [TestCase("snmpTargetParamsMPModel.'it's'", "1.3.6.1.6.3.12.1.3.1.2.105.116.39.115")]
    [TestCase("vacmAccessContextMatch.\"group1\".\"\".3.authPriv", "1.3.6.1.6.3.16.1.4.1.4.6.103.114.111.117.112.49.0.3.3")]
    [TestCase("IP-MIB::ipAddressIfIndex.ipv6.\"fe:80:00:00:00:00:00:00:00:00:00:00:00:00:00:01\"", "1.3.6.1.2.1.4.34.1.3.2.16.254.128.0.0.0.0.0.0.0.0.0.0.0.0.0.1")]
    [TestCase("ipAddressIfIndex.ipv4z.\"10.0.0.1%5\"", "1.3.6.1.2.1.4.34.1.3.3.8.10.0.0.1.0.0.0.5")]
    [TestCase("BRIDGE-MIB::dot1dTpFdbPort.'abcdef'", "1.3.6.1.2.1.17.4.3.1.2.97.98.99.100.101.102")]

    // An index shorter or longer than its INDEX clause, as FormatInstance prints it (and snmptranslate -On reads it: the same OIDs).
    [TestCase("vacmAccessContextMatch.\"g\".\"c\".3", "1.3.6.1.6.3.16.1.4.1.4.1.103.1.99.3")]
    [TestCase("vacmAccessContextMatch.\"g\".\"c\".3.1.9", "1.3.6.1.6.3.16.1.4.1.4.1.103.1.99.3.1.9")]
    [TestCase("vacmAccessContextMatch.\"g\".\"c\".3.authPriv.9", "1.3.6.1.6.3.16.1.4.1.4.1.103.1.99.3.3.9")]
    public void InstancesWrittenWithTheirIndexReadBack(string text, string expected)
    {
        Assert.That(OracleTests.IetfSet.Value.Resolve(text), Is.EqualTo(new ObjectIdentifier(expected)));
    }

    [TestCase("snmpTargetParamsMPModel.'unclosed")]
    [TestCase("vacmAccessContextMatch.\"g\".\"c\".3.noSuchLevel")]
    [TestCase("BRIDGE-MIB::dot1dTpFdbPort.'abc'")]
    [TestCase("ifDescr.\"x\"")]
    [TestCase("sysDescr.'x'")]
    public void MalformedIndexTextDoesNotResolve(string text)
    {
        Assert.That(OracleTests.IetfSet.Value.TryResolve(text, out _), Is.False);
    }

    [Test]
    public void NodeInformationOnTheIetfModules()
    {
        var set = OracleTests.IetfSet.Value;
        var operStatus = set.FindNode("IF-MIB::ifOperStatus")!;
        var physAddress = set.FindNode("IF-MIB::ifPhysAddress")!;
        var ifXEntry = set.FindNode("IF-MIB::ifXEntry")!;
        var paramsEntry = set.FindNode("SNMP-TARGET-MIB::snmpTargetParamsEntry")!;
        var linkDown = set.FindNode("IF-MIB::linkDown")!;
        Assert.Multiple(() =>
        {
            Assert.That(operStatus.Syntax!.NamedNumbers[0], Is.EqualTo(new MibNamedNumber("up", 1)));
            Assert.That(operStatus.Kind, Is.EqualTo(MibNodeKind.Column));
            Assert.That(physAddress.DisplayHint, Is.EqualTo("1x:"));
            Assert.That(physAddress.Syntax!.TypeName, Is.EqualTo("PhysAddress"));
            Assert.That(ifXEntry.Augments, Is.EqualTo("ifEntry"));
            Assert.That(paramsEntry.Index, Is.EqualTo(new[] { new MibIndexItem("snmpTargetParamsName", true) }));
            Assert.That(linkDown.Objects, Is.EqualTo(new[] { "ifIndex", "ifAdminStatus", "ifOperStatus" }));
            Assert.That(set.FindNode("HOST-RESOURCES-MIB::hrSystemDate")!.DisplayHint, Is.EqualTo("2d-1d-1d,1d:1d:1d.1d,1a1d:1d"));
        });
    }

    /// <summary>
    /// A load drops its parse state when it returns, keeping only what later importers resolve
    /// through: modules loaded one at a time (each importing what the previous ones loaded) end with
    /// the same nodes, OIDs, resolved syntaxes and diagnostics as the same modules loaded at once.
    /// </summary>
    [Test]
    public void ModulesLoadedOneAtATimeResolveAsWhenLoadedTogether()
    {
        string[] order = ["SNMPv2-TC", "IANAifType-MIB", "IF-MIB", "IP-MIB", "SNMP-FRAMEWORK-MIB", "SNMP-TARGET-MIB"];
        var oneByOne = new MibModuleSet(MibCorpus.Ietf);
        foreach (var name in order)
        {
            Assert.That(oneByOne.Load(name), Is.Not.Null, name);
        }

        var together = new MibModuleSet(MibCorpus.Ietf);
        together.Load("SNMP-TARGET-MIB");
        together.Load("IP-MIB");

        static string Describe(MibNode n) =>
            $"{n.QualifiedName} {n.Oid} {n.Kind} {n.Syntax?.BaseType} {n.Syntax?.TypeName} {n.Syntax?.TypeModule} {n.Syntax?.DisplayHint} {n.Syntax?.NamedNumbers.Count} {n.Syntax?.Sizes.Count}";
        var ours = oneByOne.Modules.Where(m => m.Name is "IF-MIB" or "IP-MIB" or "SNMP-TARGET-MIB").SelectMany(m => m.Nodes).Select(Describe).ToList();
        var theirs = together.Modules.Where(m => m.Name is "IF-MIB" or "IP-MIB" or "SNMP-TARGET-MIB").SelectMany(m => m.Nodes).Select(Describe).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ours, Has.Count.GreaterThan(300));
            Assert.That(ours, Is.EquivalentTo(theirs));
            Assert.That(oneByOne.FindNode("IF-MIB::ifPhysAddress")!.Syntax!.DisplayHint, Is.EqualTo("1x:"), "a textual convention of a module loaded before");
            Assert.That(oneByOne.Diagnostics.Select(d => d.ToString()), Is.EquivalentTo(together.Diagnostics.Select(d => d.ToString())));
        });
    }
}
