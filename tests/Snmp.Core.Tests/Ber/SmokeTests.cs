using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Core.Tests.Ber;

public class SmokeTests
{
    // A v2c GetRequest for sysDescr.0, written out by hand from RFC 3416 / RFC 1901 structure.
    private const string V2cGetSysDescr = "302602010104067075626c6963a01902010102010002010030" + "0e300c06082b060102010101000500";

    [Test]
    public void DecodesAndReencodesAHandWrittenGetRequest()
    {
        var bytes = Convert.FromHexString(V2cGetSysDescr);
        var message = SnmpMessageCodec.DecodeCommunityMessage(bytes);
        Assert.That(message.Version, Is.EqualTo(SnmpVersion.SNMPv2c));
        Assert.That(message.Community.ToArray(), Is.EqualTo("public"u8.ToArray()));
        var pdu = (Pdu)message.Pdu;
        Assert.That(pdu.Type, Is.EqualTo(PduType.GetRequest));
        Assert.That(pdu.RequestId, Is.EqualTo(1));
        Assert.That(pdu.VarBinds.Single().Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.1.1.0")));
        Assert.That(pdu.VarBinds.Single().Value, Is.EqualTo(Null.Instance));
        Assert.That(Convert.ToHexString(SnmpMessageCodec.Encode(message)), Is.EqualTo(V2cGetSysDescr.ToUpperInvariant()));
    }
}
