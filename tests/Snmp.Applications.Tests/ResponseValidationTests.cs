using Snmp.Messages;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Pdus;

namespace Snmp.Applications.Tests;

[TestFixture]
public class ResponseValidationTests
{
    private static readonly ObjectIdentifier A = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier B = "1.3.6.1.2.1.1.3.0";
    private static readonly ObjectIdentifier IfDescr = "1.3.6.1.2.1.2.2.1.2";
    private static readonly ObjectIdentifier IfType = "1.3.6.1.2.1.2.2.1.3";

    private static Pdu Response(params VarBind[] varBinds) => new(PduType.Response, 7, new VarBindList(varBinds));

    private static VarBind V(ObjectIdentifier oid, int value = 1) => new(oid, new Integer32(value));

    [Test]
    public void A_get_answered_in_order_is_accepted()
    {
        var request = new Pdu(PduType.GetRequest, 7, VarBindList.ForRequest(A, B));
        var response = Response(V(A), V(B));
        Assert.That(ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c), Is.SameAs(response));
    }

    [Test]
    public void A_get_answered_for_other_oids_is_improper_and_carries_the_varbinds()
    {
        var request = new Pdu(PduType.GetRequest, 7, VarBindList.ForRequest(A, B));
        var response = Response(V(B), V(A));
        var error = Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c));
        Assert.That(error!.VarBinds, Is.EqualTo(response.VarBinds));
    }

    [Test]
    public void A_get_answered_with_a_different_count_is_improper()
    {
        var request = new Pdu(PduType.GetRequest, 7, VarBindList.ForRequest(A, B));
        Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, Response(V(A)), SnmpVersion.SNMPv2c));
    }

    [Test]
    public void NoSuchName_becomes_its_own_exception_and_other_statuses_the_general_one()
    {
        var request = new Pdu(PduType.GetRequest, 7, VarBindList.ForRequest(A, B));
        var noSuchName = new Pdu(PduType.Response, 7, ErrorStatus.NoSuchName, 2, request.VarBinds);
        var e1 = Assert.Throws<SnmpNoSuchNameException>(() => ResponseValidation.Validate(request, noSuchName, SnmpVersion.SNMPv1));
        Assert.That(e1!.ErrorIndex, Is.EqualTo(2));
        Assert.That(e1.FailedVarBind?.Oid, Is.EqualTo(B));

        var genErr = new Pdu(PduType.Response, 7, ErrorStatus.GenErr, 1, request.VarBinds);
        var e2 = Assert.Throws<SnmpErrorResponseException>(() => ResponseValidation.Validate(request, genErr, SnmpVersion.SNMPv2c));
        Assert.That(e2, Is.Not.InstanceOf<SnmpNoSuchNameException>());
        Assert.That(e2!.ErrorStatus, Is.EqualTo(ErrorStatus.GenErr));
        Assert.That(e2.Message, Does.Contain(A.ToString()));
    }

    [Test]
    public void A_getnext_must_move_forward_unless_the_view_ended()
    {
        var request = new Pdu(PduType.GetNextRequest, 7, VarBindList.ForRequest(A));
        Assert.That(ResponseValidation.Validate(request, Response(V(B)), SnmpVersion.SNMPv2c), Is.Not.Null);
        Assert.That(ResponseValidation.Validate(request, Response(new VarBind(A, EndOfMibView.Instance)), SnmpVersion.SNMPv2c), Is.Not.Null);
        Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, Response(V(A)), SnmpVersion.SNMPv2c), "same OID");
        Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, Response(V("1.3.6.1.2.1.1")), SnmpVersion.SNMPv2c), "earlier OID");
    }

    [Test]
    public void A_bulk_answer_with_whole_repetitions_is_accepted()
    {
        var request = new BulkPdu(7, 1, 3, VarBindList.ForRequest(A, IfDescr, IfType));
        var response = Response(
            V(B),
            V(IfDescr.Append(1)), V(IfType.Append(1)),
            V(IfDescr.Append(2)), V(IfType.Append(2)));
        Assert.That(ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c), Is.SameAs(response));
    }

    [Test]
    public void A_bulk_answer_cut_inside_a_repetition_is_accepted_as_RFC_3416_4_2_3_allows()
    {
        var request = new BulkPdu(7, 1, 3, VarBindList.ForRequest(A, IfDescr, IfType));
        var response = Response(V(B), V(IfDescr.Append(1)), V(IfType.Append(1)), V(IfDescr.Append(2)));
        Assert.That(ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c), Is.SameAs(response));
    }

    [Test]
    public void A_bulk_answer_cut_among_the_non_repeaters_is_accepted()
    {
        var request = new BulkPdu(7, 2, 3, VarBindList.ForRequest(A, A, IfDescr));
        var response = Response(V(B));
        Assert.That(ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c), Is.SameAs(response));
    }

    [Test]
    public void An_empty_bulk_answer_is_improper()
    {
        var request = new BulkPdu(7, 0, 3, VarBindList.ForRequest(IfDescr));
        Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, Response(), SnmpVersion.SNMPv2c));
    }

    [Test]
    public void A_cut_bulk_answer_is_still_checked_for_order()
    {
        var request = new BulkPdu(7, 0, 3, VarBindList.ForRequest(IfDescr, IfType));
        var response = Response(V(IfDescr.Append(2)), V(IfType.Append(1)), V(IfDescr.Append(1)));
        Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c));
    }

    [Test]
    public void A_bulk_answer_with_more_repetitions_than_asked_is_improper()
    {
        var request = new BulkPdu(7, 0, 2, VarBindList.ForRequest(IfDescr));
        var response = Response(V(IfDescr.Append(1)), V(IfDescr.Append(2)), V(IfDescr.Append(3)));
        Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c));
    }

    [Test]
    public void A_bulk_column_that_does_not_increase_is_improper()
    {
        var request = new BulkPdu(7, 0, 3, VarBindList.ForRequest(IfDescr));
        var response = Response(V(IfDescr.Append(2)), V(IfDescr.Append(1)));
        Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c));
    }

    [Test]
    public void A_bulk_column_may_end_with_endOfMibView_repeated()
    {
        var request = new BulkPdu(7, 0, 3, VarBindList.ForRequest(IfDescr));
        var response = Response(V(IfDescr.Append(1)), new VarBind(IfDescr.Append(1), EndOfMibView.Instance), new VarBind(IfDescr.Append(1), EndOfMibView.Instance));
        Assert.That(ResponseValidation.Validate(request, response, SnmpVersion.SNMPv2c), Is.SameAs(response));
    }

    [Test]
    public void A_report_is_a_report_exception_and_other_pdus_improper()
    {
        var request = new Pdu(PduType.GetRequest, 7, VarBindList.ForRequest(A));
        var report = new Pdu(PduType.Report, 7, new VarBindList(V("1.3.6.1.6.3.15.1.1.4.0")));
        var error = Assert.Throws<SnmpReportException>(() => ResponseValidation.Validate(request, report, SnmpVersion.SNMPv3));
        Assert.That(error!.Message, Does.Contain("unknown engine ID"));
        Assert.That(error.ReportOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.6.3.15.1.1.4.0")));
        Assert.Throws<SnmpImproperResponseException>(() => ResponseValidation.Validate(request, new Pdu(PduType.GetRequest, 7, VarBindList.ForRequest(A)), SnmpVersion.SNMPv2c));
    }
}
