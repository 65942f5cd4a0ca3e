using System.IO.Compression;
using System.Text;

namespace Snmp.Simulator.Tests.Data;

public class RecordingReaderTests
{
    private static Recording Snmprec(string text) => RecordingReader.Parse(Encoding.Latin1.GetBytes(text), "test.snmprec", RecordingFormat.Snmprec);

    private static Recording Walk(string text) => RecordingReader.Parse(Encoding.Latin1.GetBytes(text), "test.snmpwalk", RecordingFormat.NetSnmpWalk);

    private static RecordingFormatException SnmprecFails(string text) => Assert.Throws<RecordingFormatException>(() => Snmprec(text))!;

    private static SnmpValue ValueOf(Recording recording, string oid) => recording.ValueAt(recording.IndexOf(new ObjectIdentifier(oid)));

    [Test]
    public void EverySnmprecTagIsItsSmiType()
    {
        var recording = Snmprec("""
            1.3.6.1.2.1.1.1.0|4|Linux box
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
            1.3.6.1.2.1.1.3.0|67|638239
            1.3.6.1.2.1.1.7.0|2|-72
            1.3.6.1.2.1.2.2.1.10.1|65|4294967295
            1.3.6.1.2.1.2.2.1.5.1|66|100000000
            1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615
            1.3.6.1.2.1.4.20.1.1.10.0.0.1|64|10.0.0.1
            1.3.6.1.2.1.4.20.1.1.10.0.0.2|64x|0a000002
            1.3.6.1.4.1.1.1|68x|9f780441200000
            1.3.6.1.4.1.1.2|5|
            1.3.6.1.4.1.1.3|128|
            1.3.6.1.4.1.1.4|129|
            1.3.6.1.4.1.1.5|130|
            """);

        Assert.Multiple(() =>
        {
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.1.0"), Is.EqualTo(new OctetString("Linux box")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.2.0"), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(638239)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.7.0"), Is.EqualTo(new Integer32(-72)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.10.1"), Is.EqualTo(new Counter32(uint.MaxValue)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.5.1"), Is.EqualTo(new Gauge32(100000000)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.31.1.1.1.6.1"), Is.EqualTo(new Counter64(ulong.MaxValue)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.4.20.1.1.10.0.0.1"), Is.EqualTo(new IpAddress([10, 0, 0, 1])));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.4.20.1.1.10.0.0.2"), Is.EqualTo(new IpAddress([10, 0, 0, 2])));
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.1.1"), Is.EqualTo(new Opaque([0x9f, 0x78, 0x04, 0x41, 0x20, 0, 0])));
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.1.2"), Is.EqualTo(Null.Instance));
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.1.3"), Is.EqualTo(NoSuchObject.Instance));
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.1.4"), Is.EqualTo(NoSuchInstance.Instance));
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.1.5"), Is.EqualTo(EndOfMibView.Instance));
        });
    }

    [Test]
    public void HexAndEscapedStringsAreTheirOctets()
    {
        var recording = Snmprec("""
            1.3.6.1.2.1.2.2.1.6.1|4x|00127962f940
            1.3.6.1.2.1.2.2.1.2.1|4e|line\none\ttab \\ \'q\' \"d\" \x00\xff
            1.3.6.1.2.1.2.2.1.2.2|4|a|b with | inside
            """);

        Assert.Multiple(() =>
        {
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.6.1"), Is.EqualTo(new OctetString([0x00, 0x12, 0x79, 0x62, 0xf9, 0x40])));
            Assert.That(((OctetString)ValueOf(recording, "1.3.6.1.2.1.2.2.1.2.1")).ToArray(),
                Is.EqualTo(Encoding.Latin1.GetBytes("line\none\ttab \\ 'q' \"d\" \0\u00ff")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.2.2"), Is.EqualTo(new OctetString("a|b with | inside")));
        });
    }

    [Test]
    public void EightBitTextIsKeptByteForByte()
    {
        var bytes = Encoding.ASCII.GetBytes("1.3.6.1.2.1.1.5.0|4|").Concat(new byte[] { 0xe9, 0xff, 10 }).ToArray();
        var recording = RecordingReader.Parse(bytes, "latin.snmprec", RecordingFormat.Snmprec);
        Assert.That(((OctetString)recording.ValueAt(0)).ToArray(), Is.EqualTo(new byte[] { 0xe9, 0xff }));
    }

    [Test]
    public void RecordsAreSortedAndRepeatsOfTheSameValueCountOnce()
    {
        var recording = Snmprec("""
            # a comment, then records out of order
            1.3.6.1.2.1.1.5.0|4|b

            1.3.6.1.2.1.1.10.0|2|3
            1.3.6.1.2.1.1.1.0|4|a
            1.3.6.1.2.1.1.5.0|4|b
            """);

        Assert.That(Enumerable.Range(0, recording.Count).Select(i => recording.OidAt(i).ToString()),
            Is.EqualTo(new[] { "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.10.0" }));
    }

    [Test]
    public void ARepeatWithAnotherValueNamesBothLines()
    {
        var e = SnmprecFails("1.3.6.1.2.1.1.5.0|4|b\n1.3.6.1.2.1.1.1.0|4|a\n1.3.6.1.2.1.1.5.0|4|c\n");
        Assert.Multiple(() =>
        {
            Assert.That(e.File, Is.EqualTo("test.snmprec"));
            Assert.That(e.Line, Is.EqualTo(3));
            Assert.That(e.Message, Does.StartWith("test.snmprec:3: 1.3.6.1.2.1.1.5.0 is recorded again with another value (first at line 1)"));
        });
    }

    [TestCase("1.3.6.1.2.1.1.1.0 4 text", "not an OID|TAG|VALUE record")]
    [TestCase("1.3.6.1.2.1.1.1.0|4", "not an OID|TAG|VALUE record")]
    [TestCase("iso.3.6|4|text", "'iso.3.6' is not a dotted OID")]
    [TestCase("1.3.6.1.2.1.1.1.0|3|text", "'3' is not an snmprec tag")]
    [TestCase("1.3.6.1.2.1.1.1.0|4z|text", "'4z' is not an snmprec tag")]
    [TestCase("1.3.6.1.2.1.1.7.0|2|seventy", "")]
    [TestCase("1.3.6.1.2.1.1.7.0|2|99999999999", "out of range for tag 2")]
    [TestCase("1.3.6.1.2.1.1.3.0|67|-1", "")]
    [TestCase("1.3.6.1.2.1.2.2.1.6.1|4x|0012796", "not an even number of hexadecimal digits")]
    [TestCase("1.3.6.1.2.1.2.2.1.6.1|4x|zz", "not an even number of hexadecimal digits")]
    [TestCase("1.3.6.1.2.1.2.2.1.6.1|4e|bad \\q escape", "unknown escape '\\q'")]
    [TestCase("1.3.6.1.2.1.2.2.1.6.1|4e|cut \\x4", "'\\x' must be followed by two hexadecimal digits")]
    [TestCase("1.3.6.1.2.1.4.20.1.1.1|64|10.0.0", "is not a dotted IPv4 address")]
    [TestCase("1.3.6.1.2.1.4.20.1.1.1|64x|0a0000", "an IpAddress is 4 octets")]
    [TestCase("1.3.6.1.2.1.1.2.0|6|not.an.oid", "is not a dotted OID")]
    [TestCase("1.3.6.1.2.1.1.1.0|4:sql|dbtype=sqlite3", "the variation module 'sql' is not supported")]
    [TestCase("1.3.6.1.2.1.1.1.0|4:writecache|vlist=eq:1:wrongvalue", "writecache: the argument 'vlist' is not supported")]
    [TestCase("1.3.6.1.2.1.1.3.0|67:numeric|rate=fast", "numeric: rate=fast is not a number")]
    [TestCase("1.3.6.1.2.1.1.1.0|4:numeric|rate=1", "numeric: tag 4 is not a number type")]
    [TestCase("1.3.6.1.2.1.1.1.0|2:error|op=get,status=authorizationError", "can only be answered to a set")]
    [TestCase("1.3.6.1.2.1.1.1.0|2:error|status=nonsense", "not an SNMP error-status name")]
    [TestCase("1.3.6.1.2.1.1.1.0|2:error|op=get", "status= is required")]
    public void AMalformedRecordIsNamedByFileAndLine(string record, string problem)
    {
        var e = SnmprecFails("1.3.6.1.2.1.1.5.0|4|fine\n" + record + "\n");
        Assert.Multiple(() =>
        {
            Assert.That(e.Line, Is.EqualTo(2));
            Assert.That(e.File, Is.EqualTo("test.snmprec"));
            Assert.That(e.Message, Does.StartWith("test.snmprec:2: "));
            Assert.That(e.Problem, Does.Contain(problem));
        });
    }

    [Test]
    public void VariationsKeepTheirInitialValue()
    {
        var recording = Snmprec("""
            1.3.6.1.2.1.1.3.0|67:numeric|rate=100,initial=123999999
            1.3.6.1.2.1.1.5.0|4:writecache|value=zeus
            1.3.6.1.2.1.1.6.0|4:writecache|hexvalue=4142
            1.3.6.1.2.1.2.2.1.3.1|2:delay|value=6,wait=100,deviation=200
            """);

        Assert.Multiple(() =>
        {
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(123999999)));
            Assert.That(recording.VariationAt(0)!.Module, Is.EqualTo("numeric"));
            Assert.That(recording.VariationAt(0)!["rate"], Is.EqualTo("100"));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.5.0"), Is.EqualTo(new OctetString("zeus")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.6.0"), Is.EqualTo(new OctetString("AB")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.3.1"), Is.EqualTo(new Integer32(6)));
            Assert.That(recording.HasVariations, Is.True);
        });
    }

    [Test]
    public void ADefaultNetSnmpWalkIsRead()
    {
        // snmpwalk -v2c -c public -On -m "" (what a user without MIBs gets)
        var recording = Walk("""
            .1.3.6.1.2.1.1.1.0 = STRING: "Linux zeus 4.8.6 \"quoted\" \\ back"
            .1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10
            .1.3.6.1.2.1.1.3.0 = Timeticks: (638239) 1:46:22.39
            .1.3.6.1.2.1.1.4.0 = STRING: "two
            lines"
            .1.3.6.1.2.1.1.5.0 = ""
            .1.3.6.1.2.1.1.7.0 = INTEGER: 72
            .1.3.6.1.2.1.2.2.1.6.2 = Hex-STRING: 00 12 79 62 F9 40 00 01 02 03 04 05 06 07 08 09
            10 11 12
            .1.3.6.1.2.1.2.2.1.10.2 = Counter32: 3456
            .1.3.6.1.2.1.2.2.1.5.2 = Gauge32: 100000000
            .1.3.6.1.2.1.31.1.1.1.6.2 = Counter64: 12345678901234
            .1.3.6.1.2.1.4.20.1.1.127.0.0.1 = IpAddress: 127.0.0.1
            .1.3.6.1.4.1.1.1 = Opaque: 9F 78 04 41 20 00 00
            .1.3.6.1.4.1.1.2 = NULL
            .1.3.6.1.4.1.1.3 = No Such Instance currently exists at this OID
            .1.3.6.1.4.1.1.4 = No more variables left in this MIB View (It is past the end of the MIB tree)
            """);

        Assert.Multiple(() =>
        {
            Assert.That(recording.Count, Is.EqualTo(14));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.1.0"), Is.EqualTo(new OctetString("Linux zeus 4.8.6 \"quoted\" \\ back")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.2.0"), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(638239)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.4.0"), Is.EqualTo(new OctetString("two\nlines")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.5.0"), Is.EqualTo(OctetString.Empty));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.7.0"), Is.EqualTo(new Integer32(72)));
            Assert.That(((OctetString)ValueOf(recording, "1.3.6.1.2.1.2.2.1.6.2")).ToArray(), Has.Length.EqualTo(19));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.10.2"), Is.EqualTo(new Counter32(3456)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.5.2"), Is.EqualTo(new Gauge32(100000000)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.31.1.1.1.6.2"), Is.EqualTo(new Counter64(12345678901234)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.4.20.1.1.127.0.0.1"), Is.EqualTo(new IpAddress([127, 0, 0, 1])));
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.1.1"), Is.EqualTo(new Opaque([0x9f, 0x78, 0x04, 0x41, 0x20, 0, 0])));
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.1.2"), Is.EqualTo(Null.Instance));
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.1.3"), Is.EqualTo(NoSuchInstance.Instance));
        });
    }

    [Test]
    public void ASapWalkIsReadAsSnmpsimReadsIt()
    {
        var recording = RecordingReader.Parse(Encoding.Latin1.GetBytes("""
            1.3.6.1.2.1.1.1.0             , OctetString , Hardware: x86, Windows 2000
            1.3.6.1.2.1.1.2.0             , ObjectID    , 1.3.6.1.4.1.311.1.1.3.1.1
            1.3.6.1.2.1.1.3.0             , TimeTicks   , 200846
            1.3.6.1.2.1.2.2.1.6.65539     , OctetString , 0x000c293a0bff
            1.3.6.1.2.1.2.2.1.10.1        , Counter     , 4294967295
            1.3.6.1.2.1.2.2.1.5.1         , Gauge       , 10000000
            1.3.6.1.2.1.4.20.1.1.127.0.0.1, IpAddress   , 127.0.0.1
            1.3.6.1.2.1.31.1.1.1.6.1      , Counter64   , 18446744073709551615
            1.3.6.1.2.1.2.1.0             , Integer     , -3
            """), "x.sapwalk", RecordingFormat.SapWalk);
        Assert.Multiple(() =>
        {
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.1.0"), Is.EqualTo(new OctetString("Hardware: x86, Windows 2000")), "the rest of the line, commas and all");
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.2.0"), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.311.1.1.3.1.1")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(200846)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.6.65539"), Is.EqualTo(new OctetString([0x00, 0x0c, 0x29, 0x3a, 0x0b, 0xff])));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.10.1"), Is.EqualTo(new Counter32(4294967295)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.5.1"), Is.EqualTo(new Gauge32(10000000)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.4.20.1.1.127.0.0.1"), Is.EqualTo(new IpAddress([127, 0, 0, 1])));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.31.1.1.1.6.1"), Is.EqualTo(new Counter64(ulong.MaxValue)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.1.0"), Is.EqualTo(new Integer32(-3)));
        });
    }

    [TestCase("1.3.6.1.2.1.1.1.0 , OctetString\n", "x.sapwalk:1: not an OID, TYPE, VALUE record")]
    [TestCase("1.3.6.1.2.1.1.1.0 , Float , 1.5\n", "x.sapwalk:1: 'Float' is not a sapwalk type (Integer, OctetString, ObjectID, IpAddress, Counter, Gauge, TimeTicks, Counter64)")]
    [TestCase("\n1.3.6.1.2.1.1.3.0 , TimeTicks , soon\n", "x.sapwalk:2: 'soon' is not a number (tag 67)")]
    [TestCase("1.3.6.1.2.1.1.3.0 , Counter , 4294967296\n", "x.sapwalk:1: the value '4294967296' is out of range for Counter")]
    public void AMalformedSapWalkRecordIsNamedWithItsLine(string text, string message)
    {
        var e = Assert.Throws<RecordingFormatException>(() => RecordingReader.Parse(Encoding.Latin1.GetBytes(text), "x.sapwalk", RecordingFormat.SapWalk))!;
        Assert.That(e.Message, Is.EqualTo(message));
    }

    [Test]
    public void AnObentUWalkIsRead()
    {
        // snmpwalk -ObentU: numeric OIDs, enums and timeticks as numbers, no units
        var recording = Walk("""
            .1.3.6.1.2.1.1.3.0 = Timeticks: 638239
            .1.3.6.1.2.1.2.2.1.8.1 = INTEGER: 1
            .1.3.6.1.2.1.2.2.1.3.1 = INTEGER: ethernetCsmacd(6)
            .1.3.6.1.2.1.4.13.0 = INTEGER: 60 seconds
            .1.3.6.1.2.1.4.31.1.1.47.1 = Gauge32: 10000 milli-seconds
            .1.3.6.1.2.1.25.3.5.1.2.1 = BITS: 80 00 linkUp(0)
            .1.3.6.1.2.1.88.1.4.2.1.3.1 = BITS: A0 0 2
            .1.3.6.1.2.1.88.1.4.2.1.3.2 = BITS: 00 20 10
            .1.3.6.1.2.1.88.1.4.2.1.3.3 = BITS: 80 F
            .1.3.6.1.2.1.1.8.0 = 121722922
            .1.3.6.1.2.1.1.4.0 = STRING: unquoted text
            .1.3.6.1.2.1.2.2.1.6.2 = STRING: 0:c:29:3a:b:ff
            .1.3.6.1.4.1.2021.10.1.6.1 = Opaque: Float: 0.050000
            .1.3.6.1.2.1.7.7.1.3.1.4.127.0.0.1.123 = Wrong Type (should be Gauge32 or Unsigned32): INTEGER: 123
            """);

        Assert.Multiple(() =>
        {
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(638239)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.8.1"), Is.EqualTo(new Integer32(1)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.3.1"), Is.EqualTo(new Integer32(6)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.4.13.0"), Is.EqualTo(new Integer32(60)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.4.31.1.1.47.1"), Is.EqualTo(new Gauge32(10000)));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.25.3.5.1.2.1"), Is.EqualTo(new OctetString([0x80, 0x00])));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.88.1.4.2.1.3.1"), Is.EqualTo(new OctetString([0xA0])), "the octet A0, then its bits 0 and 2");
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.88.1.4.2.1.3.2"), Is.EqualTo(new OctetString([0x00, 0x20])), "bit 10 set: '10' is a bit, not an octet");
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.88.1.4.2.1.3.3"), Is.EqualTo(new OctetString([0x80, 0x0F])), "no split names the bits: the hex octets as written");
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.8.0"), Is.EqualTo(new TimeTicks(121722922)), "-Ot: TimeTicks as a bare number");
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.1.4.0"), Is.EqualTo(new OctetString("unquoted text")));
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.2.2.1.6.2"), Is.EqualTo(new OctetString([0x00, 0x0c, 0x29, 0x3a, 0x0b, 0xff])), "a 1x: DISPLAY-HINT's rendering");
            Assert.That(ValueOf(recording, "1.3.6.1.4.1.2021.10.1.6.1"), Is.EqualTo(new Opaque([0x9f, 0x78, 0x04, 0x3d, 0x4c, 0xcc, 0xcd])), "Net-SNMP's Opaque float");
            Assert.That(ValueOf(recording, "1.3.6.1.2.1.7.7.1.3.1.4.127.0.0.1.123"), Is.EqualTo(new Integer32(123)), "the value a wrong type carries");
        });
    }

    [TestCase("SNMPv2-MIB::sysDescr.0 = STRING: x", 2, "not an 'OID = TYPE: value' line")]
    [TestCase(".1.3.6.1.2.1.1.2.0 = OID: NET-SNMP-MIB::netSnmpAgentOIDs.10", 2, "is not a numeric OID (record the walk with -On)")]
    [TestCase(".1.3.6.1.2.1.1.7.0 = INTEGER: many", 2, "")]
    [TestCase(".1.3.6.1.2.1.1.7.0 = Float: 1.5", 2, "the type 'Float' of snmpwalk output is not known")]
    [TestCase(".1.3.6.1.2.1.1.7.0 = Hex-STRING: 0G", 2, "'0G' is not a hexadecimal octet")]
    [TestCase(".1.3.6.1.2.1.1.7.0 = garbage", 2, "has no 'TYPE:'")]
    public void AMalformedWalkLineIsNamedByFileAndLine(string line, int number, string problem)
    {
        var e = Assert.Throws<RecordingFormatException>(() => Walk(".1.3.6.1.2.1.1.1.0 = STRING: \"ok\"\n" + line + "\n"))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Line, Is.EqualTo(number));
            Assert.That(e.Message, Does.StartWith($"test.snmpwalk:{number}: "));
            Assert.That(e.Problem, Does.Contain(problem));
        });
    }

    [Test]
    public void FilesAreReadByTheirExtensionGzippedOrNot()
    {
        var dir = Directory.CreateTempSubdirectory("sim-reader-");
        try
        {
            var plain = Path.Combine(dir.FullName, "a.snmprec");
            File.WriteAllText(plain, "1.3.6.1.2.1.1.5.0|4|plain\n");
            var zipped = Path.Combine(dir.FullName, "b.snmpwalk.gz");
            using (var file = File.Create(zipped))
            using (var zip = new GZipStream(file, CompressionLevel.Fastest))
            {
                zip.Write(".1.3.6.1.2.1.1.5.0 = STRING: \"zipped\"\n"u8);
            }

            Assert.Multiple(() =>
            {
                Assert.That(RecordingReader.ReadFile(plain).ValueAt(0), Is.EqualTo(new OctetString("plain")));
                Assert.That(RecordingReader.ReadFile(zipped).ValueAt(0), Is.EqualTo(new OctetString("zipped")));
                var missing = Assert.Throws<RecordingFormatException>(() => RecordingReader.ReadFile(Path.Combine(dir.FullName, "gone.snmprec")))!;
                Assert.That(missing.Message, Does.EndWith("gone.snmprec: no such file"));
                var other = Assert.Throws<RecordingFormatException>(() => RecordingReader.ReadFile(Path.Combine(dir.FullName, "notes.txt")))!;
                Assert.That(other.Problem, Does.StartWith("not a recording"));
            });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
