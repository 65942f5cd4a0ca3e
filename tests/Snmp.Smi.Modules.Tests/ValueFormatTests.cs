namespace Snmp.Smi.Modules.Tests;

public class ValueFormatTests
{
    [TestCase(new byte[] { 0x07, 0xC8, 5, 26, 13, 30, 15, 0, (byte)'-', 4, 0 }, "2d-1d-1d,1d:1d:1d.1d,1a1d:1d", "1992-5-26,13:30:15.0,-4:0")] // RFC 2579 DateAndTime example
    [TestCase(new byte[] { 0x07, 0xC8, 5, 26, 13, 30, 15, 0 }, "2d-1d-1d,1d:1d:1d.1d,1a1d:1d", "1992-5-26,13:30:15.0")]
    [TestCase(new byte[] { 0x00, 0x0c, 0x29, 0xab, 0xcd, 0xef }, "1x:", "0:c:29:ab:cd:ef")]
    [TestCase(new byte[] { (byte)'h', (byte)'i', (byte)'!' }, "255a", "hi!")]
    [TestCase(new byte[] { 10, 0, 0, 1 }, "1d.1d.1d.1d", "10.0.0.1")]
    [TestCase(new byte[] { 10, 0, 0, 1, 0x1f, 0x90 }, "1d.1d.1d.1d/2d", "10.0.0.1/8080")] // TAddress of RFC 3417 snmpUDPDomain
    [TestCase(new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, "2x:2x:2x:2x:2x:2x:2x:2x", "fe80:0:0:0:0:0:0:1")] // InetAddressIPv6
    [TestCase(new byte[] { 3, 1, 2, 3, 4, 5 }, "*1d.:", "1.2.3:5")] // repeat count from the first octet (3), '.' between, ':' after; then 4 is the next count
    [TestCase(new byte[] { 8, 9 }, "1o", "1011")] // the last specification reused; without a separator the renderings run together
    [TestCase(new byte[] { 0xe2, 0x82, 0xac }, "255t", "\u20ac")]
    public void OctetStringsByDisplayHint(byte[] octets, string hint, string expected)
    {
        Assert.That(MibValueFormat.TryFormatOctets(octets, hint, out var text), Is.True);
        Assert.That(text, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("x")]
    [TestCase("1q")]
    [TestCase("99999999x")]
    public void HintsThatDoNotParseFallBack(string hint)
    {
        Assert.That(MibValueFormat.TryFormatOctets([1, 2], hint, out _), Is.False);
    }

    [TestCase(1234, "d-2", "12.34")]
    [TestCase(-1234, "d-2", "-12.34")]
    [TestCase(5, "d-2", "0.05")]
    [TestCase(5, "d", "5")]
    [TestCase(255, "x", "ff")]
    [TestCase(8, "o", "10")]
    [TestCase(5, "b", "101")]
    public void IntegersByDisplayHint(long value, string hint, string expected)
    {
        Assert.That(MibValueFormat.TryFormatInteger(value, hint, out var text), Is.True);
        Assert.That(text, Is.EqualTo(expected));
    }

    [TestCase(0u, "(0) 0:00:00.00")]
    [TestCase(123456u, "(123456) 0:20:34.56")]
    [TestCase(8640000u, "(8640000) 1 day, 0:00:00.00")]
    [TestCase(4294967295u, "(4294967295) 497 days, 2:27:52.95")]
    public void TimeTicksAsNetSnmpPrintsThem(uint ticks, string expected)
    {
        Assert.That(MibValueFormat.FormatTimeTicks(ticks), Is.EqualTo(expected));
    }

    [Test]
    public void ValuesByTheObjectsSyntax()
    {
        var set = OracleTests.IetfSet.Value;
        string Format(string name, SnmpValue value) => MibValueFormat.Format(set.FindNode(name)!.Syntax, value);
        Assert.Multiple(() =>
        {
            Assert.That(Format("IF-MIB::ifOperStatus", new Integer32(1)), Is.EqualTo("up(1)"));
            Assert.That(Format("IF-MIB::ifOperStatus", new Integer32(99)), Is.EqualTo("99"));
            Assert.That(Format("IF-MIB::ifPhysAddress", new OctetString([0, 0x11, 0x22, 0x33, 0x44, 0x55])), Is.EqualTo("0:11:22:33:44:55"));
            Assert.That(Format("IF-MIB::ifDescr", new OctetString("eth0"u8)), Is.EqualTo("eth0"));
            Assert.That(Format("HOST-RESOURCES-MIB::hrSystemDate", new OctetString([0x07, 0xEA, 11, 26, 2, 30, 0, 0, (byte)'+', 0, 0])), Is.EqualTo("2026-11-26,2:30:0.0,+0:0"));
            Assert.That(Format("DISMAN-SCHEDULE-MIB::schedWeekDay", new OctetString([0b1000_0010])), Is.EqualTo("82 sunday(0) saturday(6)"), "Net-SNMP's BITS: the octets, then the names");
            Assert.That(Format("DISMAN-SCHEDULE-MIB::schedWeekDay", new OctetString([0, 0])), Is.EqualTo("00 00"));
            Assert.That(Format("DISMAN-SCHEDULE-MIB::schedWeekDay", new OctetString([])), Is.EqualTo(""));
            Assert.That(Format("DISMAN-SCHEDULE-MIB::schedWeekDay", new OctetString([0x01, 0x40])), Is.EqualTo("01 40 7 9"), "unnamed bits by number");
            Assert.That(Format("SNMPv2-MIB::sysUpTime", new TimeTicks(100)), Is.EqualTo("(100) 0:00:01.00"));
            Assert.That(Format("SNMP-FRAMEWORK-MIB::snmpEngineID", new OctetString([0x80, 0, 0x1f, 0x88, 4])), Is.EqualTo("80 00 1F 88 04"));
            Assert.That(MibValueFormat.Format((MibSyntax?)null, new Integer32(-3)), Is.EqualTo("-3"));
            Assert.That(MibValueFormat.Format(set.FindNode("HOST-RESOURCES-MIB::hrMemorySize")!, new Integer32(1024)), Is.EqualTo("1024 KBytes"));
        });
    }

    private static MibSyntax OctetsWithHint(string hint) => new(MibBaseType.OctetString, "T", "TEST-MIB", [], [], [], hint);

    [TestCase(new byte[] { 0x07, 0xC8, 5, 26, 13, 30, 15, 0, (byte)'-', 4, 0 }, "2d-1d-1d,1d:1d:1d.1d,1a1d:1d")]
    [TestCase(new byte[] { 0x07, 0xC8, 5, 26, 13, 30, 15, 0 }, "2d-1d-1d,1d:1d:1d.1d,1a1d:1d")]
    [TestCase(new byte[] { 0x00, 0x0c, 0x29, 0xab, 0xcd, 0xef }, "1x:")]
    [TestCase(new byte[] { (byte)'h', (byte)'i', (byte)'!' }, "255a")]
    [TestCase(new byte[] { 10, 0, 0, 1, 0x1f, 0x90 }, "1d.1d.1d.1d/2d")]
    [TestCase(new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, "2x:2x:2x:2x:2x:2x:2x:2x")]
    [TestCase(new byte[] { 0xe2, 0x82, 0xac }, "255t")]
    [TestCase(new byte[] { (byte)' ', (byte)'a', (byte)',', (byte)' ' }, "255a")]                          // DisplayString: its own spaces and commas kept
    [TestCase(new byte[] { 0xc3, 0xa9, 0x20, 0xf0, 0x9f, 0x98, 0x80 }, "255t")]                            // SnmpAdminString: UTF-8, a surrogate pair
    [TestCase(new byte[] { 10, 0, 0, 1 }, "1d.1d.1d.1d")]                                                    // InetAddressIPv4
    [TestCase(new byte[] { 10, 0, 0, 1, 0, 0, 0, 3 }, "1d.1d.1d.1d%4d")]                                     // InetAddressIPv4z
    [TestCase(new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 7 }, "2x:2x:2x:2x:2x:2x:2x:2x%4d")] // InetAddressIPv6z
    [TestCase(new byte[] { 10, 0, 0, 1, 0, 0, 0, 3, 0x00, 0xa1 }, "1d.1d.1d.1d%4d:2d")]                      // TransportAddressIPv4z
    [TestCase(new byte[] { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x1f, 0x90 }, "0a[2x:2x:2x:2x:2x:2x:2x:2x]0a:2d")]   // TransportAddressIPv6: zero-length fields as literals
    [TestCase(new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 162 }, "0a[2x:2x:2x:2x:2x:2x:2x:2x%4d]0a:2d")] // TransportAddressIPv6z
    [TestCase(new byte[] { 3, 0x49, 0x00, 0x01, 0xab, 0xcd }, "*1x:/1x:")]                                  // SnmpOSIAddress (RFC 3417): '*' count, ':' between, '/' terminator
    [TestCase(new byte[] { 0, 0xab }, "*1x:/1x:")]                                                           // ... with a zero repeat count: only the terminator shows
    [TestCase(new byte[] { 0, 0, 0, 1, 0, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x00, 0x45 }, "4x.1x:1x:1x:1x:1x:1x.2d")] // SnmpIPXAddress (RFC 3417)
    [TestCase(new byte[] { 2, 0x12, 0x34, 0xab, 0xcd, 1, 0x00, 0x01 }, "*2x-;")]                            // '*' with 2-octet fields, a terminator, the specification repeated
    [TestCase(new byte[] { 3, 1, 2, 3, 2, 4, 5 }, "*1d.:")]
    [TestCase(new byte[] { 0x0a, 0x0b, 0xff }, "1x ")]                                                       // hex with spaces
    [TestCase(new byte[] { 0x0a, 0x0b, 0xff }, "1x-")]                                                       // hex with dashes
    [TestCase(new byte[] { 0x01, 0xff, 0x00, 0x08 }, "2o,")]                                                 // octal
    [TestCase(new byte[] { }, "0a[2x:2x]0a:2d")]
    public void OctetStringsReadBackByTheirDisplayHint(byte[] octets, string hint)
    {
        Assert.That(MibValueFormat.TryFormatOctets(octets, hint, out var text), Is.True);
        TestContext.Out.WriteLine($"{hint}: {text}");
        Assert.That(MibValueFormat.TryParse(OctetsWithHint(hint), text, out var value), Is.True, text);
        Assert.That(((OctetString)value!).Span.ToArray(), Is.EqualTo(octets), text);
    }

    /// <summary>
    /// Text that a hint can render from more than one value ('*' without a terminator, a field not
    /// filling its octet length) reads back to a value that renders as the same text.
    /// </summary>
    [TestCase("*1d.", "1.2.3.4")]
    [TestCase("*1d.", "1.2")]
    [TestCase("*1x:/1x:", "49:0:1/ab:cd:ef")]
    [TestCase("1x:", "0:c:29:ab:cd:ef")]
    [TestCase("2d-1d-1d,1d:1d:1d.1d,1a1d:1d", "1992-5-26,13:30:15.0,-4:0")]   // RFC 2579's DateAndTime example
    [TestCase("2x:2x:2x:2x:2x:2x:2x:2x", "2001:db8:0:0:0:0:0:1")]
    public void TextReadsBackToAValueThatRendersAsTheSameText(string hint, string text)
    {
        Assert.That(MibValueFormat.TryParse(OctetsWithHint(hint), text, out var value), Is.True);
        Assert.That(MibValueFormat.TryFormatOctets(((OctetString)value!).Span, hint, out var again), Is.True);
        Assert.That(again, Is.EqualTo(text));
    }

    [Test]
    public void NetSnmpsSeparatorBeforeARepeatTerminatorIsReadToo()
    {
        // Net-SNMP prints SnmpOSIAddress as "49:0:1:/ab:cd"; RFC 2579 leaves out the ':' before the '/'.
        Assert.That(MibValueFormat.TryParse(OctetsWithHint("*1x:/1x:"), "49:0:1:/ab:cd", out var value), Is.True);
        Assert.That(((OctetString)value!).Span.ToArray(), Is.EqualTo(new byte[] { 3, 0x49, 0x00, 0x01, 0xab, 0xcd }));
        Assert.That(MibValueFormat.TryParse(OctetsWithHint("*1x:/1x:"), "49:0:1:/", out _), Is.False);
    }

    [TestCase("d-2", 1234L, "12.34")]
    [TestCase("d-2", -5L, "-0.05")]
    [TestCase("d-1", 7L, "0.7")]
    [TestCase("d", -42L, "-42")]
    [TestCase("x", 255L, "ff")]
    [TestCase("x", -255L, "-ff")]
    [TestCase("o", 8L, "10")]
    [TestCase("b", 5L, "101")]
    public void IntegersReadBackByTheirDisplayHint(string hint, long number, string text)
    {
        Assert.That(MibValueFormat.TryFormatInteger(number, hint, out var rendered), Is.True);
        Assert.That(rendered, Is.EqualTo(text));
        var syntax = new MibSyntax(MibBaseType.Integer32, "T", "TEST-MIB", [], [], [], hint);
        Assert.That(MibValueFormat.TryParse(syntax, text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(new Integer32((int)number)));
        Assert.That(MibValueFormat.TryParse(syntax, text + "9z", out _), Is.False);
    }

    [TestCase("1x:", "0:11:zz")]
    [TestCase("1x:", "0:11:")]
    [TestCase("1x:", "0:100")]
    [TestCase("1d.1d.1d.1d", "10.0.0.256")]
    [TestCase("*1d.:", "1.2:")]                 // a terminator is never the last character
    [TestCase("*1d.", "1.256")]                 // a field wider than its octet length
    [TestCase("0a[2x:2x]0a:2d", "fe80:1]:80")]  // the literal '[' missing
    [TestCase("0a[2x:2x]0a:2d", "[fe80:1]80")]  // the literal ':' missing
    [TestCase("1d.1d.1d.1d%4d", "10.0.0.1%")]   // a separator as the last character
    [TestCase("255a", "\u20ac")]                // not a Latin-1 character
    [TestCase("2d-1d-1d", "2026-11-x")]
    [TestCase("0a", "x")]                       // a last specification that takes no octets
    public void TextThatDoesNotFitTheHintIsRefused(string hint, string text)
    {
        Assert.That(MibValueFormat.TryParse(OctetsWithHint(hint), text, out _), Is.False);
    }

    [Test]
    public void ValuesReadBackByTheObjectsSyntax()
    {
        var set = OracleTests.IetfSet.Value;
        SnmpValue? Parse(string name, string text) => MibValueFormat.TryParse(set.FindNode(name)!.Syntax!, text, out var v) ? v : null;
        var level = new MibSyntax(MibBaseType.Integer32, "Level", "TEST-MIB", [], [], [], "d-2");
        Assert.Multiple(() =>
        {
            Assert.That(Parse("IF-MIB::ifAdminStatus", "down(2)"), Is.EqualTo(new Integer32(2)));
            Assert.That(Parse("IF-MIB::ifAdminStatus", "down"), Is.EqualTo(new Integer32(2)));
            Assert.That(Parse("IF-MIB::ifAdminStatus", "2"), Is.EqualTo(new Integer32(2)));
            Assert.That(Parse("IF-MIB::ifAdminStatus", "down(3)"), Is.Null, "label and number disagree");
            Assert.That(Parse("IF-MIB::ifAdminStatus", "sideways"), Is.Null);
            Assert.That(Parse("IF-MIB::ifPhysAddress", "0:11:22:33:44:55"), Is.EqualTo(new OctetString([0, 0x11, 0x22, 0x33, 0x44, 0x55])));
            Assert.That(Parse("IF-MIB::ifAlias", "uplink"), Is.EqualTo(new OctetString("uplink"u8)));
            Assert.That(Parse("HOST-RESOURCES-MIB::hrSystemDate", "2026-11-26,2:30:0.0,+0:0"), Is.EqualTo(new OctetString([0x07, 0xEA, 11, 26, 2, 30, 0, 0, (byte)'+', 0, 0])));
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "sunday(0) saturday(6)"), Is.EqualTo(new OctetString([0b1000_0010])));
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "monday"), Is.EqualTo(new OctetString([0b0100_0000])));
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "82 sunday(0) saturday(6)"), Is.EqualTo(new OctetString([0b1000_0010])), "Net-SNMP's form");
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "40 00 monday(1)"), Is.EqualTo(new OctetString([0x40, 0])), "the octets keep the length");
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "00"), Is.EqualTo(new OctetString([0])));
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "01 40 7 9"), Is.EqualTo(new OctetString([0x01, 0x40])));
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "10 12"), Is.EqualTo(new OctetString([0, 0x28])), "octets that are not the bits named after them: bit numbers");
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "80 monday"), Is.EqualTo(new OctetString([0x40, .. new byte[9], 0x80])), "octet 80 sets sunday, not monday: bit 80 and monday");
            Assert.That(Parse("DISMAN-SCHEDULE-MIB::schedWeekDay", "someday"), Is.Null);
            Assert.That(Parse("IP-MIB::ipAdEntAddr", "10.0.0.1"), Is.EqualTo(new IpAddress([10, 0, 0, 1])));
            Assert.That(Parse("IP-MIB::ipAdEntAddr", "10.0.1"), Is.Null);
            Assert.That(Parse("IF-MIB::ifSpeed", "100000000"), Is.EqualTo(new Gauge32(100000000)));
            Assert.That(Parse("IF-MIB::ifHCInOctets", "18446744073709551615"), Is.EqualTo(new Counter64(ulong.MaxValue)));
            Assert.That(Parse("SNMPv2-MIB::sysObjectID", ".1.3.6.1.4.1.8072"), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.8072")));
            Assert.That(MibValueFormat.TryParse(level, "12.34", out var v) ? v : null, Is.EqualTo(new Integer32(1234)));
            Assert.That(MibValueFormat.TryParse(level, "12.345", out _), Is.False, "more places than the hint");
        });
    }
}
