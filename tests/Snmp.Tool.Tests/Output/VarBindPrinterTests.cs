using Snmp.Smi.Modules;
using Snmp.Tool.Output;

namespace Snmp.Tool.Tests.Output;

public class VarBindPrinterTests
{
    private const string Module = """
        TOOL-TEST-MIB DEFINITIONS ::= BEGIN
        IMPORTS MODULE-IDENTITY, OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
                DisplayString, PhysAddress FROM SNMPv2-TC;
        toolTest MODULE-IDENTITY
            LAST-UPDATED "202612070000Z" ORGANIZATION "x" CONTACT-INFO "x" DESCRIPTION "x"
            ::= { enterprises 99998 }
        ttStatus OBJECT-TYPE
            SYNTAX INTEGER { up(1), down(2) } MAX-ACCESS read-only STATUS current DESCRIPTION "x"
            ::= { toolTest 1 }
        ttName OBJECT-TYPE
            SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "x"
            ::= { toolTest 2 }
        ttSize OBJECT-TYPE
            SYNTAX Integer32 UNITS "Bytes" MAX-ACCESS read-only STATUS current DESCRIPTION "x"
            ::= { toolTest 3 }
        ttAddress OBJECT-TYPE
            SYNTAX PhysAddress MAX-ACCESS read-only STATUS current DESCRIPTION "x"
            ::= { toolTest 4 }
        END
        """;

    // An SMIv1 module, as RFC1213-MIB's atNetAddress: NetworkAddress from RFC1155-SMI.
    private const string V1Module = """
        TOOL-TEST-V1-MIB DEFINITIONS ::= BEGIN
        IMPORTS enterprises, NetworkAddress FROM RFC1155-SMI
                OBJECT-TYPE FROM RFC-1212;
        ttV1NetAddress OBJECT-TYPE
            SYNTAX NetworkAddress ACCESS read-only STATUS mandatory DESCRIPTION "x"
            ::= { enterprises 99997 1 }
        END
        """;

    private static string _directory = "";

    [OneTimeSetUp]
    public void WriteModule()
    {
        _directory = Directory.CreateTempSubdirectory("tool-printer-").FullName;
        File.WriteAllText(Path.Combine(_directory, "TOOL-TEST-MIB.txt"), Module);
        File.WriteAllText(Path.Combine(_directory, "TOOL-TEST-V1-MIB.txt"), V1Module);
    }

    [OneTimeTearDown]
    public void RemoveModule() => Directory.Delete(_directory, recursive: true);

    private static VarBindPrinter Printer(string outputLetters = "", bool mib = false)
    {
        var mibs = new MibModuleSet(_directory);
        if (mib)
        {
            Assert.That(mibs.Load("TOOL-TEST-MIB"), Is.Not.Null, string.Join("\n", mibs.Diagnostics));
        }

        var options = new OutputOptions();
        foreach (var c in outputLetters)
        {
            Assert.That(options.Apply(c), Is.True);
        }

        return new VarBindPrinter(mibs, options);
    }

    private static VarBind Vb(string oid, SnmpValue value) => new(ObjectIdentifier.Parse(oid), value);

    [Test]
    public void Without_modules_names_start_with_the_top_arc_as_Net_SNMP_names_it()
    {
        Assert.That(Printer().Format(Vb("1.3.6.1.2.1.1.1.0", new OctetString("abc"))), Is.EqualTo("iso.3.6.1.2.1.1.1.0 = STRING: \"abc\""));
        Assert.That(Printer("f").FormatName(ObjectIdentifier.Parse("1.3.6.1")), Is.EqualTo(".iso.3.6.1"));
        Assert.That(Printer("n").FormatName(ObjectIdentifier.Parse("1.3.6.1")), Is.EqualTo(".1.3.6.1"));
    }

    [Test]
    public void Binary_octets_are_hex_in_lines_of_sixteen_each_octet_followed_by_a_space()
    {
        var octets = Enumerable.Range(0, 17).Select(i => (byte)i).ToArray();
        Assert.That(Printer().Format(Vb("1.3.6.1.6.3.10.2.1.1.0", new OctetString(octets))),
            Is.EqualTo("iso.3.6.1.6.3.10.2.1.1.0 = Hex-STRING: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F \n10 "));
        Assert.That(Printer("q").Format(Vb("1.3", new OctetString([0xFF, 0]))), Is.EqualTo("iso.3 \"FF 00 \""));
        Assert.That(Printer("x").Format(Vb("1.3", new OctetString("vm"))), Is.EqualTo("iso.3 = Hex-STRING: 76 6D "));
    }

    [Test]
    public void Quotes_and_backslashes_inside_a_quoted_string_are_escaped_as_Net_SNMP_escapes_them() =>
        Assert.That(Printer().Format(Vb("1.3", new OctetString("say \"hi\" \\n"))), Is.EqualTo("iso.3 = STRING: \"say \\\"hi\\\" \\\\n\""));

    [Test]
    public void Net_SNMPs_opaque_floats_read_as_it_prints_them() =>
        Assert.That(Printer().Format(Vb("1.3", new Opaque([0x9F, 0x78, 0x04, 0x41, 0x3D, 0x04, 0x00]))), Is.EqualTo("iso.3 = Opaque: Float: 11.813477"));

    [TestCase("", "TOOL-TEST-V1-MIB::ttV1NetAddress.0 = Network Address: C0:00:02:0A")]
    [TestCase("q", "TOOL-TEST-V1-MIB::ttV1NetAddress.0 C0:00:02:0A")]
    [TestCase("v", "Network Address: C0:00:02:0A")]
    public void A_NetworkAddress_prints_as_Net_SNMP_prints_it_hex_octets_with_colons(string letters, string line)
    {
        var mibs = new MibModuleSet(_directory);
        Assert.That(mibs.Load("TOOL-TEST-V1-MIB"), Is.Not.Null, string.Join("\n", mibs.Diagnostics));
        var options = new OutputOptions();
        foreach (var c in letters)
        {
            Assert.That(options.Apply(c), Is.True);
        }

        var printer = new VarBindPrinter(mibs, options);
        Assert.Multiple(() =>
        {
            Assert.That(printer.Format(Vb("1.3.6.1.4.1.99997.1.0", IpAddress.Parse("192.0.2.10"))), Is.EqualTo(line));
            Assert.That(printer.Format(Vb("1.3.6.1.4.1.99998.9.0", IpAddress.Parse("192.0.2.10"))), Does.EndWith("192.0.2.10"), "an IpAddress elsewhere keeps the dotted form");
        });
    }

    [Test]
    public void Ascii_and_hex_with_text_show_white_space_octets_as_themselves_as_Net_SNMP_does()
    {
        // An engine ID with a form feed (0x0C), as snmpget -Oa and -OT printed it beside ours.
        var octets = new OctetString([0x80, 0x32, 0x0C, 0x2A, 0x01]);
        Assert.Multiple(() =>
        {
            Assert.That(Printer("a").Format(Vb("1.3", octets)), Is.EqualTo("iso.3 = STRING: \".2\f*.\""));
            Assert.That(Printer("T").Format(Vb("1.3", octets)), Is.EqualTo("iso.3 = Hex-STRING: 80 32 0C 2A 01   [.2\f*.]"));
        });
    }

    [Test]
    public void An_empty_string_has_no_type_tag()
    {
        Assert.That(Printer().Format(Vb("1.3", new OctetString(""))), Is.EqualTo("iso.3 = \"\""));
    }

    [TestCase("", "iso.3 = Timeticks: (4353) 0:00:43.53")]
    [TestCase("q", "iso.3 0:0:00:43.53")]
    [TestCase("t", "iso.3 = 4353")]
    [TestCase("v", "Timeticks: (4353) 0:00:43.53")]
    [TestCase("Q", "iso.3 = 0:0:00:43.53")]
    public void TimeTicks(string letters, string line) => Assert.That(Printer(letters).Format(Vb("1.3", new TimeTicks(4353))), Is.EqualTo(line));

    [Test]
    public void The_other_types_carry_Net_SNMPs_tags()
    {
        var printer = Printer();
        Assert.Multiple(() =>
        {
            Assert.That(printer.Format(Vb("1.3", new Integer32(-5))), Is.EqualTo("iso.3 = INTEGER: -5"));
            Assert.That(printer.Format(Vb("1.3", new Counter32(7))), Is.EqualTo("iso.3 = Counter32: 7"));
            Assert.That(printer.Format(Vb("1.3", new Gauge32(8))), Is.EqualTo("iso.3 = Gauge32: 8"));
            Assert.That(printer.Format(Vb("1.3", new Counter64(9))), Is.EqualTo("iso.3 = Counter64: 9"));
            Assert.That(printer.Format(Vb("1.3", new IpAddress(System.Net.IPAddress.Loopback))), Is.EqualTo("iso.3 = IpAddress: 127.0.0.1"));
            Assert.That(printer.Format(Vb("1.3", ObjectIdentifier.Parse("1.3.6.1.4.1"))), Is.EqualTo("iso.3 = OID: iso.3.6.1.4.1"));
            Assert.That(printer.Format(Vb("1.3", Null.Instance)), Is.EqualTo("iso.3 = NULL"));
            Assert.That(printer.Format(Vb("1.3", NoSuchObject.Instance)), Is.EqualTo("iso.3 = No Such Object available on this agent at this OID"));
            Assert.That(printer.Format(Vb("1.3", NoSuchInstance.Instance)), Is.EqualTo("iso.3 = No Such Instance currently exists at this OID"));
            Assert.That(printer.Format(Vb("1.3", EndOfMibView.Instance)), Is.EqualTo("iso.3 = No more variables left in this MIB View (It is past the end of the MIB tree)"));
        });
    }

    [TestCase("", "TOOL-TEST-MIB::ttStatus.0 = INTEGER: up(1)")]
    [TestCase("e", "TOOL-TEST-MIB::ttStatus.0 = INTEGER: 1")]
    [TestCase("q", "TOOL-TEST-MIB::ttStatus.0 up")]
    [TestCase("s", "ttStatus.0 = INTEGER: up(1)")]
    [TestCase("f", ".iso.org.dod.internet.private.enterprises.toolTest.ttStatus.0 = INTEGER: up(1)")]
    [TestCase("n", ".1.3.6.1.4.1.99998.1.0 = INTEGER: up(1)")]
    public void Enumerations_and_names_by_the_module(string letters, string line) =>
        Assert.That(Printer(letters, mib: true).Format(Vb("1.3.6.1.4.1.99998.1.0", new Integer32(1))), Is.EqualTo(line));

    [Test]
    public void Display_hints_units_and_their_options()
    {
        Assert.That(Printer(mib: true).Format(Vb("1.3.6.1.4.1.99998.2.0", new OctetString("eth0"))), Is.EqualTo("TOOL-TEST-MIB::ttName.0 = STRING: eth0"));
        Assert.That(Printer(mib: true).Format(Vb("1.3.6.1.4.1.99998.4.0", new OctetString([0x0e, 0xda, 0, 1, 2, 3]))), Is.EqualTo("TOOL-TEST-MIB::ttAddress.0 = STRING: e:da:0:1:2:3"));
        Assert.That(Printer(mib: true).Format(Vb("1.3.6.1.4.1.99998.3.0", new Integer32(1024))), Is.EqualTo("TOOL-TEST-MIB::ttSize.0 = INTEGER: 1024 Bytes"));
        Assert.That(Printer("U", mib: true).Format(Vb("1.3.6.1.4.1.99998.3.0", new Integer32(1024))), Is.EqualTo("TOOL-TEST-MIB::ttSize.0 = INTEGER: 1024"));
    }

    [Test]
    public void Json_keeps_the_type_and_the_value()
    {
        var json = new JsonVarBindWriter(Printer(mib: true));
        Assert.That(json.Format(Vb("1.3.6.1.4.1.99998.1.0", new Integer32(1))),
            Is.EqualTo("{\"oid\":\"1.3.6.1.4.1.99998.1.0\",\"name\":\"TOOL-TEST-MIB::ttStatus.0\",\"type\":\"Integer32\",\"value\":1,\"text\":\"up(1)\"}"));
        Assert.That(json.Format(Vb("1.3", new OctetString([0xFF]))),
            Is.EqualTo("{\"oid\":\"1.3\",\"name\":\"SNMPv2-SMI::org\",\"type\":\"OctetString\",\"value\":null,\"hex\":\"FF\",\"text\":\"FF \"}"));
        Assert.That(json.Format(Vb("1.3", NoSuchObject.Instance)), Is.EqualTo("{\"oid\":\"1.3\",\"name\":\"SNMPv2-SMI::org\",\"type\":\"noSuchObject\",\"value\":null}"));
    }
}
