using System.Net;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.MessageProcessing;
using Snmp.Pdus;
using Snmp.Security.Community;

namespace Snmp.MessageProcessing.Tests;

[TestFixture]
public class CommunityMessageProcessingModelTests
{
    private static readonly IPEndPoint Agent = new(IPAddress.Loopback, 16100);
    private static readonly IPEndPoint Elsewhere = new(IPAddress.Loopback, 16101);
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";

    // The model with the real Community-based Security Models beside it, as the engine composes them.
    private static ISecurityModel[] SecurityModels(OctetString? engineId = null, CommunityTable? table = null) =>
        [new CommunityBasedSecurityModel(SecurityModel.SNMPv1, engineId, table), new CommunityBasedSecurityModel(SecurityModel.SNMPv2c, engineId, table)];

    private static CommunityMessageProcessingModel Model(SnmpVersion version, OctetString? engineId = null, CommunityTable? table = null) =>
        new(version, SecurityModels(engineId, table));

    private static SendPduParameters Request(SnmpVersion version, int requestId, string community = "public") => new(
        TransportDomain.UdpIpv4, Agent, version,
        version == SnmpVersion.SNMPv1 ? SecurityModel.SNMPv1 : SecurityModel.SNMPv2c,
        new OctetString(community), SecurityLevel.NoAuthNoPriv, OctetString.Empty, OctetString.Empty,
        new Pdu(PduType.GetRequest, requestId, VarBindList.ForRequest(SysDescr)), ExpectResponse: true);

    private static byte[] Response(SnmpVersion version, int requestId, string community = "public") =>
        SnmpMessageCodec.Encode(new CommunityMessage(version, System.Text.Encoding.UTF8.GetBytes(community),
            new Pdu(PduType.Response, requestId, new VarBindList(new VarBind(SysDescr, new OctetString("agent"))))));

    [TestCase(SnmpVersion.SNMPv1)]
    [TestCase(SnmpVersion.SNMPv2c)]
    public void PrepareOutgoingMessage_encodes_the_version_community_and_pdu(SnmpVersion version)
    {
        var model = Model(version);

        var outgoing = model.PrepareOutgoingMessage(Request(version, 42, "secret"), new PduHandle(1));

        Assert.That(outgoing.DestTransportAddress, Is.EqualTo(Agent));
        Assert.That(outgoing.DestTransportDomain, Is.EqualTo(TransportDomain.UdpIpv4));
        var decoded = SnmpMessageCodec.DecodeCommunityMessage(outgoing.Message);
        Assert.That(decoded.Version, Is.EqualTo(version));
        Assert.That(decoded.Community.ToArray(), Is.EqualTo("secret"u8.ToArray()));
        Assert.That(decoded.Pdu.RequestId, Is.EqualTo(42));
        Assert.That(model.OutstandingRequests, Is.EqualTo(1));
    }

    [Test]
    public void A_response_maps_to_the_handle_of_its_request()
    {
        var model = Model(SnmpVersion.SNMPv2c);
        model.PrepareOutgoingMessage(Request(SnmpVersion.SNMPv2c, 42), new PduHandle(7));

        var elements = model.PrepareDataElements(Response(SnmpVersion.SNMPv2c, 42), new TransportStateReference(TransportDomain.UdpIpv4, Agent));

        Assert.That(elements.SendPduHandle, Is.EqualTo(new PduHandle(7)));
        Assert.That(elements.Pdu.Type, Is.EqualTo(PduType.Response));
        Assert.That(elements.SecurityName, Is.EqualTo(new OctetString("public")));
        Assert.That(elements.SecurityModel, Is.EqualTo(SecurityModel.SNMPv2c));
        Assert.That(elements.StateReference, Is.Null);
    }

    [Test]
    public void A_retransmission_takes_over_the_request_id_and_releasing_the_old_handle_keeps_it()
    {
        var model = Model(SnmpVersion.SNMPv2c);
        model.PrepareOutgoingMessage(Request(SnmpVersion.SNMPv2c, 42), new PduHandle(7));
        model.PrepareOutgoingMessage(Request(SnmpVersion.SNMPv2c, 42), new PduHandle(8));
        model.ReleaseState(new PduHandle(7));

        var elements = model.PrepareDataElements(Response(SnmpVersion.SNMPv2c, 42), new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        Assert.That(elements.SendPduHandle, Is.EqualTo(new PduHandle(8)));

        model.ReleaseState(new PduHandle(8));
        Assert.That(model.OutstandingRequests, Is.Zero);
    }

    [Test]
    public void An_unknown_request_id_is_dropped_as_an_unknown_pdu_handler()
    {
        var model = Model(SnmpVersion.SNMPv2c);
        model.PrepareOutgoingMessage(Request(SnmpVersion.SNMPv2c, 42), new PduHandle(7));

        var drop = Assert.Throws<MessageDroppedException>(() => model.PrepareDataElements(Response(SnmpVersion.SNMPv2c, 43), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.SnmpUnknownPDUHandlers));
    }

    [Test]
    public void A_released_request_no_longer_accepts_responses()
    {
        var model = Model(SnmpVersion.SNMPv2c);
        model.PrepareOutgoingMessage(Request(SnmpVersion.SNMPv2c, 42), new PduHandle(7));
        model.ReleaseState(new PduHandle(7));

        var drop = Assert.Throws<MessageDroppedException>(() => model.PrepareDataElements(Response(SnmpVersion.SNMPv2c, 42), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.SnmpUnknownPDUHandlers));
    }

    [Test]
    public void A_response_from_another_address_is_dropped_and_the_request_keeps_waiting()
    {
        var model = Model(SnmpVersion.SNMPv2c);
        model.PrepareOutgoingMessage(Request(SnmpVersion.SNMPv2c, 42), new PduHandle(7));

        var drop = Assert.Throws<MessageDroppedException>(() => model.PrepareDataElements(Response(SnmpVersion.SNMPv2c, 42), new TransportStateReference(TransportDomain.UdpIpv4, Elsewhere)));
        Assert.That(drop!.EngineCounter, Is.EqualTo(EngineCounter.ResponsesFromUnexpectedAddress));
        Assert.That(model.PrepareDataElements(Response(SnmpVersion.SNMPv2c, 42), new TransportStateReference(TransportDomain.UdpIpv4, Agent)).SendPduHandle, Is.EqualTo(new PduHandle(7)));
    }

    [Test]
    public void Malformed_messages_are_parse_errors_and_other_versions_bad_versions()
    {
        var model = Model(SnmpVersion.SNMPv1);
        var garbage = Assert.Throws<MessageDroppedException>(() => model.PrepareDataElements(new byte[] { 0x30, 0x03, 0x02, 0x01 }, new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(garbage!.Counter, Is.EqualTo(SnmpCounter.SnmpInASNParseErrs));

        var v2 = Assert.Throws<MessageDroppedException>(() => model.PrepareDataElements(Response(SnmpVersion.SNMPv2c, 1), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(v2!.Counter, Is.EqualTo(SnmpCounter.SnmpInBadVersions));
    }

    [Test]
    public void A_GetBulk_in_an_SNMPv1_message_is_a_parse_error()
    {
        var model = Model(SnmpVersion.SNMPv1);
        var bulk = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new BulkPdu(1, 0, 5, VarBindList.ForRequest(SysDescr))));
        bulk[4] = 0; // msgVersion SNMPv2c -> SNMPv1

        var drop = Assert.Throws<MessageDroppedException>(() => model.PrepareDataElements(bulk, new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.SnmpInASNParseErrs));
    }

    [Test]
    public void An_incoming_request_is_answered_to_its_source_with_its_community_and_request_id()
    {
        var model = Model(SnmpVersion.SNMPv2c, new OctetString("engine"));
        var request = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "private"u8.ToArray(), new Pdu(PduType.GetRequest, 99, VarBindList.ForRequest(SysDescr))));

        var elements = model.PrepareDataElements(request, new TransportStateReference(TransportDomain.UdpIpv4, Elsewhere));
        Assert.That(elements.StateReference, Is.Not.Null);
        Assert.That(elements.SendPduHandle.IsNone, Is.True);
        Assert.That(elements.ContextEngineId, Is.EqualTo(new OctetString("engine")));
        var incoming = new ProcessPduParameters(elements.MessageProcessingModel, elements.SecurityModel, elements.SecurityName, elements.SecurityLevel,
            elements.ContextEngineId, elements.ContextName, elements.Pdu, elements.MaxSizeResponseScopedPdu, elements.StateReference!, elements.TmStateReference);

        var outgoing = model.PrepareResponseMessage(incoming, new Pdu(PduType.Response, 99, new VarBindList(new VarBind(SysDescr, new OctetString("x")))));

        Assert.That(outgoing.DestTransportAddress, Is.EqualTo(Elsewhere));
        var answer = SnmpMessageCodec.DecodeCommunityMessage(outgoing.Message);
        Assert.That(answer.Community.ToArray(), Is.EqualTo("private"u8.ToArray()));
        Assert.That(answer.Pdu.RequestId, Is.EqualTo(99));
    }

    [Test]
    public void Requests_for_other_security_models_or_levels_are_refused()
    {
        var model = Model(SnmpVersion.SNMPv2c);
        Assert.Throws<ArgumentException>(() => model.PrepareOutgoingMessage(Request(SnmpVersion.SNMPv1, 1), new PduHandle(1)));
        Assert.Throws<ArgumentException>(() => model.PrepareOutgoingMessage(Request(SnmpVersion.SNMPv2c, 1) with { SecurityLevel = SecurityLevel.AuthNoPriv }, new PduHandle(1)));
        Assert.Throws<ArgumentException>(() => new CommunityMessageProcessingModel(SnmpVersion.SNMPv3, SecurityModels()));
        Assert.Throws<ArgumentException>(() => new CommunityMessageProcessingModel(SnmpVersion.SNMPv2c, []), "without the Community-based Security Model");
    }

    [Test]
    public void With_a_community_table_requests_take_its_principal_and_context_and_unknown_communities_are_dropped()
    {
        var table = new CommunityTable();
        table.Set(new OctetString("public@vlan-10"), new CommunityEntry(new OctetString("monitoring"), new OctetString("vlan-10")));
        var model = Model(SnmpVersion.SNMPv2c, OctetString.FromHex("8000000005AABBCCDD"), table);
        byte[] Get(string community) => SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, System.Text.Encoding.UTF8.GetBytes(community),
            new Pdu(PduType.GetRequest, 3, VarBindList.ForRequest(SysDescr))));

        var known = model.PrepareDataElements(Get("public@vlan-10"), new TransportStateReference(TransportDomain.UdpIpv4, Elsewhere));
        var unknown = Assert.Throws<MessageDroppedException>(() => model.PrepareDataElements(Get("public"), new TransportStateReference(TransportDomain.UdpIpv4, Elsewhere)))!;

        Assert.That((known.SecurityName, known.ContextName), Is.EqualTo((new OctetString("monitoring"), new OctetString("vlan-10"))));
        Assert.That(unknown.Counter, Is.EqualTo(SnmpCounter.SnmpInBadCommunityNames));
        var response = model.PrepareResponseMessage(new ProcessPduParameters(known.MessageProcessingModel, known.SecurityModel, known.SecurityName, known.SecurityLevel,
            known.ContextEngineId, known.ContextName, new Pdu(PduType.Response, 3, VarBindList.Empty), known.MaxSizeResponseScopedPdu, known.StateReference!,
            known.TmStateReference), new Pdu(PduType.Response, 3, VarBindList.Empty));
        Assert.That(SnmpMessageCodec.DecodeCommunityMessage(response.Message).Community.ToArray(), Is.EqualTo("public@vlan-10"u8.ToArray()), "the response carries the request's community");
    }
}
