using Snmp.Smi.Modules;
using Snmp.Tool.Cli;
using Snmp.Tool.Commands;

namespace Snmp.Tool.Tests.Commands;

public class SetValueTests
{
    private static readonly ObjectIdentifier Oid = ObjectIdentifier.Parse("1.3.6.1.2.1.1.4.0");

    private static SnmpValue Parse(string type, string text) => SetCommand.ParseValue(new MibModuleSet(), "sysContact.0", Oid, type, text);

    [Test]
    public void Every_type_letter()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse("i", "-5"), Is.EqualTo(new Integer32(-5)));
            Assert.That(Parse("u", "5"), Is.EqualTo(new Gauge32(5)));
            Assert.That(Parse("t", "100"), Is.EqualTo(new TimeTicks(100)));
            Assert.That(Parse("c", "7"), Is.EqualTo(new Counter32(7)));
            Assert.That(Parse("C", "18446744073709551615"), Is.EqualTo(new Counter64(ulong.MaxValue)));
            Assert.That(Parse("s", "héllo"), Is.EqualTo(new OctetString(System.Text.Encoding.UTF8.GetBytes("héllo"))));
            Assert.That(Parse("x", "41 42 0a"), Is.EqualTo(new OctetString([0x41, 0x42, 0x0a])));
            Assert.That(Parse("x", "0x414"), Is.EqualTo(new OctetString([0x04, 0x14])));
            Assert.That(Parse("d", "1.2.255"), Is.EqualTo(new OctetString([1, 2, 255])));
            Assert.That(Parse("n", "anything"), Is.EqualTo(Null.Instance));
            Assert.That(Parse("o", "1.3.6.1"), Is.EqualTo(ObjectIdentifier.Parse("1.3.6.1")));
            Assert.That(Parse("a", "10.0.0.1"), Is.EqualTo(new IpAddress(System.Net.IPAddress.Parse("10.0.0.1"))));
            Assert.That(Parse("b", "0 9"), Is.EqualTo(new OctetString([0x80, 0x40])));
        });
    }

    [TestCase("i", "abc", "sysContact.0: Value out of range (abc)")]
    [TestCase("u", "-1", "sysContact.0: Bad value notation (-1)")]
    [TestCase("d", "1.256", "sysContact.0: Value out of range (1.256)")]
    [TestCase("z", "abc", "sysContact.0: Bad object type: z")]
    [TestCase("ii", "1", "sysContact.0: Bad object type: ii")]
    [TestCase("a", "300.1.1.1", "sysContact.0: Bad value: 300.1.1.1")]
    [TestCase("o", "no.such", "no.such: Unknown Object Identifier (Sub-id not found: (top) -> no)")]
    [TestCase("=", "x", "sysContact.0: Unknown object type")]
    public void Bad_values_are_Net_SNMPs_complaints(string type, string text, string message)
    {
        var e = Assert.Throws<ToolException>(() => Parse(type, text));
        Assert.That(e!.Message, Is.EqualTo(message));
    }

    [TestCase("U")]
    [TestCase("I")]
    [TestCase("F")]
    [TestCase("D")]
    public void Opaque_wrapped_types_are_refused_clearly(string type)
    {
        var e = Assert.Throws<ToolException>(() => Parse(type, "1"));
        Assert.That(e!.Message, Does.Contain("not supported"));
    }
}
