using Snmp.Applications;
using Snmp.Pdus;

namespace Snmp.Applications.Tests;

[TestFixture]
public class Rfc3584TranslationTests
{
    private static readonly Pdu Request = new(PduType.GetRequest, 5, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0"));

    // RFC 3584 section 4.4, the whole table.
    [TestCase(ErrorStatus.NoError, ErrorStatus.NoError)]
    [TestCase(ErrorStatus.TooBig, ErrorStatus.TooBig)]
    [TestCase(ErrorStatus.NoSuchName, ErrorStatus.NoSuchName)]
    [TestCase(ErrorStatus.BadValue, ErrorStatus.BadValue)]
    [TestCase(ErrorStatus.ReadOnly, ErrorStatus.ReadOnly)]
    [TestCase(ErrorStatus.GenErr, ErrorStatus.GenErr)]
    [TestCase(ErrorStatus.WrongValue, ErrorStatus.BadValue)]
    [TestCase(ErrorStatus.WrongEncoding, ErrorStatus.BadValue)]
    [TestCase(ErrorStatus.WrongType, ErrorStatus.BadValue)]
    [TestCase(ErrorStatus.WrongLength, ErrorStatus.BadValue)]
    [TestCase(ErrorStatus.InconsistentValue, ErrorStatus.BadValue)]
    [TestCase(ErrorStatus.NoAccess, ErrorStatus.NoSuchName)]
    [TestCase(ErrorStatus.NotWritable, ErrorStatus.NoSuchName)]
    [TestCase(ErrorStatus.NoCreation, ErrorStatus.NoSuchName)]
    [TestCase(ErrorStatus.InconsistentName, ErrorStatus.NoSuchName)]
    [TestCase(ErrorStatus.ResourceUnavailable, ErrorStatus.GenErr)]
    [TestCase(ErrorStatus.CommitFailed, ErrorStatus.GenErr)]
    [TestCase(ErrorStatus.UndoFailed, ErrorStatus.GenErr)]
    [TestCase(ErrorStatus.AuthorizationError, ErrorStatus.NoSuchName)]
    public void SNMPv2_error_status_maps_to_SNMPv1_as_RFC_3584_4_4_says(ErrorStatus v2, ErrorStatus v1)
    {
        Assert.That(Rfc3584Translation.ToSnmpV1(v2), Is.EqualTo(v1));
    }

    [Test]
    public void An_error_response_keeps_its_index_and_carries_the_requests_varbinds()
    {
        var response = new Pdu(PduType.Response, 5, ErrorStatus.WrongType, 2, new VarBindList(new VarBind("1.3.6.1.2.1.1.2.0", new Integer32(1))));

        var v1 = Rfc3584Translation.ToSnmpV1Response(response, Request);

        Assert.That((v1.Type, v1.RequestId, v1.ErrorStatus, v1.ErrorIndex), Is.EqualTo((PduType.Response, 5, ErrorStatus.BadValue, 2)));
        Assert.That(v1.VarBinds, Is.EqualTo(Request.VarBinds));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void The_first_exception_is_noSuchName_at_its_index(int first)
    {
        SnmpValue[] exceptions = [NoSuchObject.Instance, NoSuchInstance.Instance, EndOfMibView.Instance];
        var varBinds = new VarBind[3];
        for (int i = 0; i < 3; i++)
        {
            varBinds[i] = new VarBind(Request.VarBinds[i].Oid, i < first ? new OctetString("value") : exceptions[(i + first) % 3]);
        }

        var v1 = Rfc3584Translation.ToSnmpV1Response(new Pdu(PduType.Response, 5, ErrorStatus.NoError, 0, new VarBindList(varBinds)), Request);

        Assert.That((v1.ErrorStatus, v1.ErrorIndex), Is.EqualTo((ErrorStatus.NoSuchName, first + 1)));
        Assert.That(v1.VarBinds, Is.EqualTo(Request.VarBinds), "SNMPv1 returns no values with an error");
    }

    [Test]
    public void A_response_without_errors_or_exceptions_is_returned_as_it_is()
    {
        var response = new Pdu(PduType.Response, 5, ErrorStatus.NoError, 0, new VarBindList(new VarBind("1.3.6.1.2.1.1.1.0", new OctetString("descr"))));

        Assert.That(Rfc3584Translation.ToSnmpV1Response(response, Request), Is.SameAs(response));
    }

    [Test]
    public void Only_Counter64_is_out_of_view_for_SNMPv1()
    {
        Assert.That(Rfc3584Translation.IsOutOfViewForSnmpV1(new Counter64(1)), Is.True);
        SnmpValue[] carried =
        [
            new Integer32(1), new OctetString("x"), Null.Instance, new ObjectIdentifier("1.3.6"), new IpAddress([10, 0, 0, 1]),
            new Counter32(1), new Gauge32(1), new TimeTicks(1), new Opaque([1]),
        ];
        Assert.That(carried.Where(Rfc3584Translation.IsOutOfViewForSnmpV1), Is.Empty);
    }
}
