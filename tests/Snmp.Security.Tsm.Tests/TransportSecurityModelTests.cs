using System.Net;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Tsm;

namespace Snmp.Security.Tsm.Tests;

/// <summary>RFC 5591's elements of procedure, one by one: outgoing (4.2) and incoming (5.2).</summary>
[TestFixture]
public class TransportSecurityModelTests
{
    private static readonly OctetString LocalId = OctetString.FromHex("80001F8880AABBCCDD01020304");
    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 10161);
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";

    private static TransportSecurityModel Model(bool usePrefix = false) =>
        new(new LocalEngine(LocalId, 1)) { UseTransportPrefix = usePrefix };

    private static OutgoingSecurityParameters Outgoing(string securityName, SecurityLevel level, TransportDomain? domain = null, PduType type = PduType.GetRequest) =>
        new(SnmpVersion.SNMPv3, new HeaderData(42, 65507, level.ToMsgFlags() | MsgFlags.Reportable, SecurityModel.Tsm.Value), 65507,
            OctetString.Empty, new OctetString(securityName), level,
            new ScopedPdu(LocalId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(type, 7, VarBindList.ForRequest(SysDescr))),
            new TransportStateReference(domain ?? TransportDomain.TlsTcp, Peer) { RequestedSecurityLevel = level });

    private static IncomingSecurityParameters Incoming(TransportStateReference tm, SecurityLevel level = SecurityLevel.AuthPriv, bool encrypted = false)
    {
        var header = new HeaderData(9, 2000, level.ToMsgFlags() | MsgFlags.Reportable, SecurityModel.Tsm.Value);
        var message = encrypted
            ? new SnmpV3Message(header, ReadOnlyMemory<byte>.Empty, new byte[] { 1, 2, 3 })
            : new SnmpV3Message(header, ReadOnlyMemory<byte>.Empty, new ScopedPdu(LocalId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 5, VarBindList.ForRequest(SysDescr))));
        var wholeMsg = SnmpMessageCodec.Encode(message);
        return new IncomingSecurityParameters(SnmpMessageCodec.DecodeV3Message(wholeMsg), wholeMsg, 65507, tm);
    }

    private static TransportStateReference Secure(string? tmSecurityName, SecurityLevel transportLevel = SecurityLevel.AuthPriv, TransportDomain? domain = null) =>
        new(domain ?? TransportDomain.TlsTcp, Peer) { SecurityName = tmSecurityName is null ? null : new OctetString(tmSecurityName), TransportSecurityLevel = transportLevel, SessionId = "session-1" };

    [Test]
    public void A_request_has_empty_security_parameters_and_asks_the_transport_for_its_level_as_the_securityName()
    {
        var secured = Model().GenerateRequestMsg(Outgoing("manager", SecurityLevel.AuthPriv));

        var decoded = SnmpMessageCodec.DecodeV3Message(secured.WholeMsg);
        Assert.That(decoded.GlobalData.MsgSecurityModel, Is.EqualTo(4));
        Assert.That(decoded.GlobalData.SecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
        Assert.That(decoded.SecurityParameters.Length, Is.Zero, "RFC 5591 4.2 step 3: a zero-length OCTET STRING");
        Assert.That(Convert.ToHexString(secured.WholeMsg), Does.Contain("0400" + "30"), "'0400'H, then the plaintext scopedPDU");
        Assert.That(decoded.ScopedPdu!.Pdu.VarBinds[0].Oid, Is.EqualTo(SysDescr));
        Assert.That(secured.TmStateReference.SecurityName, Is.EqualTo(new OctetString("manager")));
        Assert.That(secured.TmStateReference.RequestedSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
        Assert.That(secured.TmStateReference.SameSecurity, Is.False);
        Assert.That(secured.TmStateReference.TransportAddress, Is.EqualTo(Peer));
    }

    [Test]
    public void With_the_transport_prefix_on_an_outgoing_securityName_loses_its_domains_prefix()
    {
        var secured = Model(usePrefix: true).GenerateRequestMsg(Outgoing("tls:manager", SecurityLevel.AuthPriv));
        Assert.That(secured.TmStateReference.SecurityName, Is.EqualTo(new OctetString("manager")));

        var dtls = Model(usePrefix: true).GenerateRequestMsg(Outgoing("dtls:ops", SecurityLevel.AuthNoPriv, TransportDomain.DtlsUdp));
        Assert.That(dtls.TmStateReference.SecurityName, Is.EqualTo(new OctetString("ops")));
        Assert.That(dtls.TmStateReference.RequestedSecurityLevel, Is.EqualTo(SecurityLevel.AuthNoPriv));
    }

    [TestCase("manager")]
    [TestCase("dtls:manager")]
    [TestCase(":manager")]
    [TestCase("tlsx:manager")]
    public void With_the_transport_prefix_on_a_securityName_without_the_domains_prefix_is_snmpTsmInvalidPrefixes(string securityName)
    {
        var e = Assert.Throws<MessageDroppedException>(() => Model(usePrefix: true).GenerateRequestMsg(Outgoing(securityName, SecurityLevel.AuthPriv)));
        Assert.That(e!.CounterInstance, Is.EqualTo(SnmpTsmStats.InvalidPrefixes));
        Assert.That(e.CounterInstance!.ToString(), Is.EqualTo("1.3.6.1.2.1.190.1.1.4.0"));
    }

    [Test]
    public void With_the_transport_prefix_on_a_domain_without_a_prefix_is_snmpTsmUnknownPrefixes_both_ways()
    {
        var model = Model(usePrefix: true);
        var outgoing = Assert.Throws<MessageDroppedException>(() => model.GenerateRequestMsg(Outgoing("udp:manager", SecurityLevel.NoAuthNoPriv, TransportDomain.UdpIpv4)));
        Assert.That(outgoing!.CounterInstance, Is.EqualTo(SnmpTsmStats.UnknownPrefixes));

        var incoming = Assert.Throws<MessageDroppedException>(() => model.ProcessIncomingMsg(Incoming(Secure("manager", domain: TransportDomain.UdpIpv4), SecurityLevel.NoAuthNoPriv)));
        Assert.That(incoming!.CounterInstance, Is.EqualTo(SnmpTsmStats.UnknownPrefixes));
        Assert.That(incoming.ReportSecurity, Is.Null, "RFC 5591 5.2 step 3 returns no counter to report");
    }

    [Test]
    public void An_incoming_message_is_the_transports_principal_at_the_local_engine()
    {
        var tm = Secure("manager");
        var result = Model().ProcessIncomingMsg(Incoming(tm));

        Assert.That(result.SecurityName, Is.EqualTo(new OctetString("manager")), "RFC 5591 5.2 step 3: tmSecurityName");
        Assert.That(result.SecurityEngineId, Is.EqualTo(LocalId), "step 1: the local snmpEngineID");
        Assert.That(result.ScopedPdu.Pdu.RequestId, Is.EqualTo(5));
        Assert.That(result.MaxSizeResponseScopedPdu, Is.EqualTo(2000));

        var prefixed = Model(usePrefix: true).ProcessIncomingMsg(Incoming(tm));
        Assert.That(prefixed.SecurityName, Is.EqualTo(new OctetString("tls:manager")));
        var dtls = Model(usePrefix: true).ProcessIncomingMsg(Incoming(Secure("manager", domain: TransportDomain.DtlsUdp)));
        Assert.That(dtls.SecurityName, Is.EqualTo(new OctetString("dtls:manager")));
    }

    [Test]
    public void A_response_leaves_over_the_requests_session_at_the_level_the_transport_provided()
    {
        var model = Model();
        var tm = Secure("manager", SecurityLevel.AuthPriv);
        var incoming = model.ProcessIncomingMsg(Incoming(tm, SecurityLevel.AuthNoPriv));

        // The message processing model passes its own view of the transport state; TSM uses its cache (RFC 5591 4.2 step 1).
        var response = Outgoing("someone else", SecurityLevel.AuthNoPriv, type: PduType.Response) with { TmStateReference = new TransportStateReference(TransportDomain.TlsTcp, Peer) };
        var secured = model.GenerateResponseMsg(response, incoming.SecurityStateReference);

        Assert.That(secured.TmStateReference.SameSecurity, Is.True);
        Assert.That(secured.TmStateReference.RequestedSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv), "tmRequestedSecurityLevel = the cached tmTransportSecurityLevel");
        Assert.That(secured.TmStateReference.SecurityName, Is.EqualTo(new OctetString("manager")));
        Assert.That(secured.TmStateReference.SessionId, Is.EqualTo("session-1"));
        Assert.That(SnmpMessageCodec.DecodeV3Message(secured.WholeMsg).SecurityParameters.Length, Is.Zero);
        Assert.Throws<ArgumentException>(() => model.GenerateResponseMsg(response, new object()));
    }

    [TestCase(null)]
    [TestCase("")]
    public void A_message_the_transport_did_not_authenticate_is_snmpTsmInvalidCaches_and_not_reported(string? tmSecurityName)
    {
        var e = Assert.Throws<MessageDroppedException>(() => Model().ProcessIncomingMsg(Incoming(Secure(tmSecurityName), SecurityLevel.NoAuthNoPriv)));
        Assert.That(e!.CounterInstance, Is.EqualTo(SnmpTsmStats.InvalidCaches));
        Assert.That(e.ReportSecurity, Is.Null);
        // Plain UDP: no tmSecurityName, no level.
        var udp = Assert.Throws<MessageDroppedException>(() => Model().ProcessIncomingMsg(Incoming(new TransportStateReference(TransportDomain.UdpIpv4, Peer), SecurityLevel.NoAuthNoPriv)));
        Assert.That(udp!.CounterInstance, Is.EqualTo(SnmpTsmStats.InvalidCaches));
    }

    [TestCase(SecurityLevel.AuthPriv, SecurityLevel.AuthNoPriv)]
    [TestCase(SecurityLevel.AuthNoPriv, SecurityLevel.NoAuthNoPriv)]
    [TestCase(SecurityLevel.AuthPriv, SecurityLevel.NoAuthNoPriv)]
    public void A_level_above_the_transports_is_snmpTsmInadequateSecurityLevels_and_reported(SecurityLevel asked, SecurityLevel provided)
    {
        var e = Assert.Throws<MessageDroppedException>(() => Model().ProcessIncomingMsg(Incoming(Secure("manager", provided), asked)));
        Assert.That(e!.CounterInstance, Is.EqualTo(SnmpTsmStats.InadequateSecurityLevels));
        Assert.That(e.ReportSecurity, Is.Not.Null, "RFC 5591 5.2 step 4 returns the counter for a Report");
        Assert.That(e.ReportSecurity!.SecurityLevel, Is.EqualTo(provided), "the Report claims no more than the transport gave");
        Assert.That(e.ReportSecurity.SecurityEngineId, Is.EqualTo(LocalId));
        Assert.That(e.ReportSecurity.RequestId, Is.EqualTo(5));
        Assert.That(e.Message, Does.Not.Contain("manager"), "no principal in the drop's text");
    }

    [TestCase(SecurityLevel.NoAuthNoPriv)]
    [TestCase(SecurityLevel.AuthNoPriv)]
    [TestCase(SecurityLevel.AuthPriv)]
    public void A_level_at_or_below_the_transports_is_accepted(SecurityLevel asked)
    {
        Assert.That(Model().ProcessIncomingMsg(Incoming(Secure("manager", SecurityLevel.AuthPriv), asked)).SecurityName.ToText(), Is.EqualTo("manager"));
    }

    [Test]
    public void An_encrypted_msgData_is_a_parse_error_for_TSM()
    {
        var e = Assert.Throws<MessageDroppedException>(() => Model().ProcessIncomingMsg(Incoming(Secure("manager"), encrypted: true)));
        Assert.That(e!.Counter, Is.EqualTo(SnmpCounter.SnmpInASNParseErrs));
    }

    [Test]
    public async Task Agents_are_discovered_by_RFC_5343_and_a_notification_receiver_not_at_all()
    {
        var sent = new List<SendPduParameters>();
        SendConfirmedPdu send = (request, _) =>
        {
            sent.Add(request);
            return Task.FromResult(new ProcessResponsePduParameters(SnmpVersion.SNMPv3, request.SecurityModel, request.SecurityName, request.SecurityLevel,
                OctetString.FromHex("80001F8880EEEEEEEE"), OctetString.Empty, new Pdu(PduType.Response, request.Pdu.RequestId, request.Pdu.VarBinds), new PduHandle(1),
                new TransportStateReference(request.TransportDomain, request.TransportAddress)));
        };
        var target = new SecurityTarget(TransportDomain.TlsTcp, Peer, SecurityModel.Tsm, new SecurityPrincipal(new OctetString("manager")), SecurityLevel.AuthPriv);
        IOriginatorSecurityModel model = Model();

        Assert.That(model.DefaultSecurityLevel(target.Principal), Is.EqualTo(SecurityLevel.AuthPriv));
        Assert.That(await model.DiscoverEngineIdAsync(target, send, CancellationToken.None), Is.EqualTo(OctetString.FromHex("80001F8880EEEEEEEE")));
        Assert.That(sent.Single().ContextEngineId, Is.EqualTo(ContextEngineIdDiscovery.LocalEngineId));
        Assert.That(await model.DiscoverEngineIdAsync(target with { Role = SnmpEntityRole.NotificationReceiver }, send, CancellationToken.None), Is.EqualTo(LocalId),
            "an inform's contextEngineID is its originator's (RFC 3413 3.3)");
        Assert.That(sent, Has.Count.EqualTo(1));
    }

    [Test]
    public void Prefixes_are_one_to_four_letters_or_digits()
    {
        Assert.Throws<ArgumentException>(() => new TransportSecurityModel(null, new Dictionary<TransportDomain, string> { [TransportDomain.TlsTcp] = "toolong" }));
        Assert.Throws<ArgumentException>(() => new TransportSecurityModel(null, new Dictionary<TransportDomain, string> { [TransportDomain.TlsTcp] = "" }));
        var custom = new TransportSecurityModel(null, new Dictionary<TransportDomain, string> { [TransportDomain.TcpIpv4] = "tcp" }) { UseTransportPrefix = true };
        Assert.That(custom.ProcessIncomingMsg(Incoming(Secure("x", domain: TransportDomain.TcpIpv4))).SecurityName.ToText(), Is.EqualTo("tcp:x"));
        Assert.That(custom.ProcessIncomingMsg(Incoming(Secure("x", domain: TransportDomain.TcpIpv4))).SecurityEngineId, Is.EqualTo(OctetString.Empty));
        Assert.That(SnmpTsmStats.Describe(SnmpTsmStats.InadequateSecurityLevels), Does.Contain("snmpTsmInadequateSecurityLevels"));
        Assert.That(new TransportSecurityModel().SecurityModel, Is.EqualTo(SecurityModel.Tsm));
    }
}
