using System.Net;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Security.Community.Tests;

/// <summary>The Community-based Security Model of RFC 3584 section 5.2 on its own.</summary>
[TestFixture]
public class CommunityBasedSecurityModelTests
{
    private static readonly OctetString EngineId = OctetString.FromHex("8000000005AABBCCDD");
    private static readonly TransportStateReference Peer = new(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 16200));
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";

    private static IncomingSecurityParameters Incoming(SnmpVersion version, string community, PduType type = PduType.GetRequest, int maxMessageSize = 1500)
    {
        var message = new CommunityMessage(version, System.Text.Encoding.UTF8.GetBytes(community), new Pdu(type, 5, VarBindList.ForRequest(SysDescr)));
        return new IncomingSecurityParameters(message, SnmpMessageCodec.Encode(message), maxMessageSize, Peer);
    }

    private static OutgoingSecurityParameters Outgoing(SnmpVersion version, string securityName, SecurityLevel level = SecurityLevel.NoAuthNoPriv, PduType type = PduType.GetRequest) =>
        new(version, null, 1500, OctetString.Empty, new OctetString(securityName), level,
            new ScopedPdu(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, new Pdu(type, 9, VarBindList.ForRequest(SysDescr))), Peer);

    [TestCase(1, SnmpVersion.SNMPv1)]
    [TestCase(2, SnmpVersion.SNMPv2c)]
    public void Without_a_table_the_community_is_the_securityName_in_the_default_context(int model, SnmpVersion version)
    {
        var cbsm = new CommunityBasedSecurityModel(new SecurityModel(model), EngineId);

        var result = cbsm.ProcessIncomingMsg(Incoming(version, "public"));

        Assert.That(cbsm.SecurityModel, Is.EqualTo(new SecurityModel(model)));
        Assert.That(result.SecurityName, Is.EqualTo(new OctetString("public")));
        Assert.That(result.SecurityEngineId, Is.EqualTo(EngineId));
        Assert.That(new OctetString(result.ScopedPdu.ContextEngineId.Span), Is.EqualTo(EngineId), "RFC 3584 5.2.1: contextEngineID is the local snmpEngineID");
        Assert.That(result.ScopedPdu.ContextName.Length, Is.Zero);
        Assert.That(result.ScopedPdu.Pdu.RequestId, Is.EqualTo(5));
    }

    [Test]
    public void The_community_table_maps_a_community_to_its_principal_and_context_and_refuses_others()
    {
        var table = new CommunityTable();
        table.Set(new OctetString("public@vlan-10"), new CommunityEntry(new OctetString("monitoring"), new OctetString("vlan-10")));
        var cbsm = new CommunityBasedSecurityModel(SecurityModel.SNMPv2c, EngineId, table);

        var known = cbsm.ProcessIncomingMsg(Incoming(SnmpVersion.SNMPv2c, "public@vlan-10"));
        var unknown = Assert.Throws<MessageDroppedException>(() => cbsm.ProcessIncomingMsg(Incoming(SnmpVersion.SNMPv2c, "public")))!;
        var response = cbsm.ProcessIncomingMsg(Incoming(SnmpVersion.SNMPv2c, "anything", PduType.Response));

        Assert.That((known.SecurityName, new OctetString(known.ScopedPdu.ContextName.Span)), Is.EqualTo((new OctetString("monitoring"), new OctetString("vlan-10"))));
        Assert.That(unknown.Counter, Is.EqualTo(SnmpCounter.SnmpInBadCommunityNames));
        Assert.That(unknown.Message, Does.Not.Contain("public\""), "the community is a secret and stays out of messages");
        Assert.That(response.SecurityName, Is.EqualTo(new OctetString("anything")), "responses are not requests: the table does not apply");
    }

    [Test]
    public void A_response_carries_its_requests_community_and_the_transport_state_passes_through()
    {
        var table = new CommunityTable();
        table.Set(new OctetString("secret-ro"), new CommunityEntry(new OctetString("ro-user"), OctetString.Empty));
        var cbsm = new CommunityBasedSecurityModel(SecurityModel.SNMPv1, EngineId, table);
        var request = cbsm.ProcessIncomingMsg(Incoming(SnmpVersion.SNMPv1, "secret-ro"));

        var secured = cbsm.GenerateResponseMsg(Outgoing(SnmpVersion.SNMPv1, "ro-user", type: PduType.Response), request.SecurityStateReference);

        var decoded = SnmpMessageCodec.DecodeCommunityMessage(secured.WholeMsg);
        Assert.That(decoded.Community.ToArray(), Is.EqualTo("secret-ro"u8.ToArray()), "the principal's community, not its securityName");
        Assert.That(decoded.Version, Is.EqualTo(SnmpVersion.SNMPv1));
        Assert.That(secured.TmStateReference, Is.SameAs(Peer));
    }

    [Test]
    public void A_request_carries_the_securityName_as_its_community()
    {
        var cbsm = new CommunityBasedSecurityModel(SecurityModel.SNMPv2c);

        var secured = cbsm.GenerateRequestMsg(Outgoing(SnmpVersion.SNMPv2c, "private"));

        var decoded = SnmpMessageCodec.DecodeCommunityMessage(secured.WholeMsg);
        Assert.That(decoded.Community.ToArray(), Is.EqualTo("private"u8.ToArray()));
        Assert.That(decoded.Pdu.RequestId, Is.EqualTo(9));
        Assert.That(secured.TmStateReference, Is.SameAs(Peer));
    }

    [Test]
    public void What_community_based_security_cannot_do_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CommunityBasedSecurityModel(SecurityModel.Usm));
        var cbsm = new CommunityBasedSecurityModel(SecurityModel.SNMPv2c);
        Assert.Throws<ArgumentException>(() => cbsm.GenerateRequestMsg(Outgoing(SnmpVersion.SNMPv2c, "public", SecurityLevel.AuthNoPriv)));
        Assert.Throws<ArgumentException>(() => cbsm.GenerateRequestMsg(Outgoing(SnmpVersion.SNMPv1, "public")), "a v1 message from the v2c model");
        Assert.Throws<ArgumentException>(() => cbsm.GenerateResponseMsg(Outgoing(SnmpVersion.SNMPv2c, "public"), new object()));
        var v3 = new SnmpV3Message(new HeaderData(1, 1500, MsgFlags.None, 2), ReadOnlyMemory<byte>.Empty,
            new ScopedPdu(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 1, VarBindList.Empty)));
        var drop = Assert.Throws<MessageDroppedException>(() => cbsm.ProcessIncomingMsg(new IncomingSecurityParameters(v3, SnmpMessageCodec.Encode(v3), 1500, Peer)))!;
        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.SnmpInvalidMsgs));
    }

    [Test]
    public void The_response_size_left_is_the_message_size_less_the_header_version_and_community()
    {
        var cbsm = new CommunityBasedSecurityModel(SecurityModel.SNMPv2c);

        var result = cbsm.ProcessIncomingMsg(Incoming(SnmpVersion.SNMPv2c, "public", maxMessageSize: 484));

        // 484 - SEQUENCE header (1 tag + 3 length octets: 30 82 01 E0) - version (3) - community (2 + 6) = 469
        Assert.That(result.MaxSizeResponseScopedPdu, Is.EqualTo(484 - 4 - 3 - 8));
    }
}
