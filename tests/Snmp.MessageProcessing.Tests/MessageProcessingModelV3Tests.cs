using System.Net;
using Moq;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.MessageProcessing;
using Snmp.Pdus;

namespace Snmp.MessageProcessing.Tests;

[TestFixture]
public class MessageProcessingModelV3Tests
{
    private static readonly IPEndPoint Agent = new(IPAddress.Loopback, 16100);
    private static readonly OctetString EngineId = OctetString.FromHex("80001F8880AA");
    private static readonly OctetString User = new("alice");

    private Mock<ISecurityModel> _usm = null!;
    private MessageProcessingModelV3 _model = null!;
    private HeaderData _lastHeader;

    [SetUp]
    public void SetUp()
    {
        _usm = new Mock<ISecurityModel>();
        _usm.SetupGet(m => m.SecurityModel).Returns(SecurityModel.Usm);
        // A pass-through security model: plaintext scopedPDU, parameters carry nothing.
        _usm.Setup(m => m.GenerateRequestMsg(It.IsAny<OutgoingSecurityParameters>()))
            .Returns((OutgoingSecurityParameters p) =>
            {
                _lastHeader = p.GlobalData!.Value;
                return new SecuredMessage(SnmpMessageCodec.Encode(new SnmpV3Message(_lastHeader, new byte[] { 0x30, 0x00 }, p.ScopedPdu)), p.TmStateReference);
            });
        _usm.Setup(m => m.ProcessIncomingMsg(It.IsAny<IncomingSecurityParameters>()))
            .Returns((IncomingSecurityParameters p) => p.Message is SnmpV3Message m
                ? new IncomingSecurityResult(EngineId, User, m.ScopedPdu!, m.GlobalData.MsgMaxSize, new object())
                : throw new InvalidOperationException("not SNMPv3"));
        _model = new MessageProcessingModelV3([_usm.Object]);
    }

    private static SendPduParameters Request(int requestId = 5, SecurityLevel level = SecurityLevel.AuthPriv) => new(
        TransportDomain.UdpIpv4, Agent, SnmpVersion.SNMPv3, SecurityModel.Usm, User, level, EngineId, OctetString.Empty,
        new Pdu(PduType.GetRequest, requestId, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0")), ExpectResponse: true);

    private static byte[] Incoming(int msgId, PduType type, MsgFlags flags = MsgFlags.Auth | MsgFlags.Priv, int securityModel = 3, int requestId = 5) =>
        SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(msgId, 65507, flags, securityModel), new byte[] { 0x30, 0x00 },
            new ScopedPdu(EngineId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(type, requestId, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0")))));

    [TestCase(MsgFlags.Reportable, PduType.GetRequest, true)]
    [TestCase(MsgFlags.None, PduType.GetRequest, true)]
    [TestCase(MsgFlags.Reportable, PduType.SNMPv2Trap, false)]
    [TestCase(MsgFlags.None, PduType.SNMPv2Trap, false)]
    public void A_Report_answers_a_Confirmed_Class_request_whatever_its_reportableFlag(MsgFlags flags, PduType type, bool sent)
    {
        // RFC 3412 6.4: "If the PDU can be decoded, the PDU type forms the basis for decisions on
        // sending Report PDUs." A request-type PDU with reportableFlag zero is processed "as though
        // the reportableFlag had been set to one", an Unconfirmed Class PDU with it one "as though
        // the reportableFlag had been set to zero" (found by snmp check, rfc3412/6.4/4).
        _usm.Setup(m => m.GenerateResponseMsg(It.IsAny<OutgoingSecurityParameters>(), It.IsAny<object>()))
            .Returns((OutgoingSecurityParameters p, object _) => new SecuredMessage(SnmpMessageCodec.Encode(new SnmpV3Message(p.GlobalData!.Value, new byte[] { 0x30, 0x00 }, p.ScopedPdu)), p.TmStateReference));
        var elements = _model.PrepareDataElements(Incoming(77, type, flags), new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        var request = new ProcessPduParameters(elements.MessageProcessingModel, elements.SecurityModel, elements.SecurityName, elements.SecurityLevel,
            elements.ContextEngineId, elements.ContextName, elements.Pdu, elements.MaxSizeResponseScopedPdu, elements.StateReference!, elements.TmStateReference);
        var report = SnmpCounterObjects.ReportPdu(elements.Pdu.RequestId, SnmpCounter.SnmpUnknownPDUHandlers, 1);

        if (sent)
        {
            Assert.That(_model.PrepareResponseMessage(request, report).Message.Length, Is.GreaterThan(0));
        }
        else
        {
            Assert.Throws<MessageDroppedException>(() => _model.PrepareResponseMessage(request, report));
        }

        var response = new Pdu(PduType.Response, elements.Pdu.RequestId, VarBindList.Empty);
        Assert.That(_model.PrepareResponseMessage(request, response).Message.Length, Is.GreaterThan(0), "a Response goes whatever the flag");
    }

    [Test]
    public void A_request_to_RFC_5343s_localEngineID_is_processed_as_one_to_this_engine()
    {
        var local = OctetString.FromHex("80001F8880BBBBBBBB");
        var agent = new MessageProcessingModelV3([_usm.Object], local);
        var request = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(3, 65507, MsgFlags.Reportable, 3), new byte[] { 0x30, 0x00 },
            new ScopedPdu(ContextEngineIdDiscovery.LocalEngineId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 9, VarBindList.ForRequest(ContextEngineIdDiscovery.SnmpEngineIdInstance)))));

        var elements = agent.PrepareDataElements(request, new TransportStateReference(TransportDomain.UdpIpv4, Agent));

        Assert.That(elements.ContextEngineId, Is.EqualTo(local), "RFC 5343 section 3");
        Assert.That(new MessageProcessingModelV3([_usm.Object]).PrepareDataElements(request, new TransportStateReference(TransportDomain.UdpIpv4, Agent)).ContextEngineId,
            Is.EqualTo(ContextEngineIdDiscovery.LocalEngineId), "an engine that does not know its own snmpEngineID leaves it");
    }

    [Test]
    public void A_response_to_a_discovery_sent_to_localEngineID_may_name_any_engine()
    {
        _model.PrepareOutgoingMessage(Request() with { ContextEngineId = ContextEngineIdDiscovery.LocalEngineId }, new PduHandle(1));

        var elements = _model.PrepareDataElements(Incoming(_lastHeader.MsgId, PduType.Response), new TransportStateReference(TransportDomain.UdpIpv4, Agent));

        Assert.That(elements.SendPduHandle, Is.EqualTo(new PduHandle(1)));
        Assert.That(elements.ContextEngineId, Is.EqualTo(EngineId));
    }

    [Test]
    public void A_response_whose_securityEngineID_is_this_engines_own_is_not_compared_with_the_agents()
    {
        // The Transport Security Model gives every incoming message the local snmpEngineID (RFC 5591 5.2 step 1).
        var model = new MessageProcessingModelV3([_usm.Object], EngineId);
        model.PrepareOutgoingMessage(Request() with { ContextEngineId = OctetString.FromHex("80001F8880CCCC") }, new PduHandle(1));

        var elements = model.PrepareDataElements(Incoming(_lastHeader.MsgId, PduType.Response), new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        Assert.That(elements.SendPduHandle, Is.EqualTo(new PduHandle(1)));

        _model.PrepareOutgoingMessage(Request() with { ContextEngineId = OctetString.FromHex("80001F8880CCCC") }, new PduHandle(2));
        var drop = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(_lastHeader.MsgId, PduType.Response), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.SnmpInvalidMsgs), "another engine than the request's, and not this one's");
    }

    [Test]
    public void The_last_security_model_registered_for_a_number_wins()
    {
        var other = new Mock<ISecurityModel>();
        other.SetupGet(m => m.SecurityModel).Returns(SecurityModel.Usm);
        other.Setup(m => m.GenerateRequestMsg(It.IsAny<OutgoingSecurityParameters>()))
            .Returns((OutgoingSecurityParameters p) => new SecuredMessage([0x30, 0x00], p.TmStateReference));
        var model = new MessageProcessingModelV3([_usm.Object, other.Object]);

        model.PrepareOutgoingMessage(Request(), new PduHandle(1));

        other.Verify(m => m.GenerateRequestMsg(It.IsAny<OutgoingSecurityParameters>()), Times.Once);
        _usm.Verify(m => m.GenerateRequestMsg(It.IsAny<OutgoingSecurityParameters>()), Times.Never);
    }

    [Test]
    public void The_header_carries_a_fresh_msgID_the_level_and_the_reportable_flag()
    {
        _model.PrepareOutgoingMessage(Request(), new PduHandle(1));
        var first = _lastHeader;
        _model.PrepareOutgoingMessage(Request(), new PduHandle(2));

        Assert.That(first.MsgFlags, Is.EqualTo(MsgFlags.Auth | MsgFlags.Priv | MsgFlags.Reportable));
        Assert.That(first.MsgSecurityModel, Is.EqualTo(3));
        Assert.That(first.MsgMaxSize, Is.EqualTo(65507));
        Assert.That(_lastHeader.MsgId, Is.Not.EqualTo(first.MsgId), "each transmission has its own msgID");
        _usm.Verify(m => m.GenerateRequestMsg(It.Is<OutgoingSecurityParameters>(p => p.MaxMessageSize == 65507 && p.SecurityEngineId.Equals(EngineId) && p.SecurityName.Equals(User)
            && p.SecurityLevel == SecurityLevel.AuthPriv && new OctetString(p.ScopedPdu.ContextEngineId.ToArray()).Equals(EngineId))), Times.Exactly(2));
    }

    [Test]
    public void Every_msgID_of_a_request_leads_to_its_newest_handle_until_released()
    {
        _model.PrepareOutgoingMessage(Request(), new PduHandle(1));
        int firstMsgId = _lastHeader.MsgId;
        _model.PrepareOutgoingMessage(Request(), new PduHandle(2));
        _model.ReleaseState(new PduHandle(1));

        var late = _model.PrepareDataElements(Incoming(firstMsgId, PduType.Response), new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        Assert.That(late.SendPduHandle, Is.EqualTo(new PduHandle(2)));

        _model.ReleaseState(new PduHandle(2));
        var drop = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(firstMsgId, PduType.Response), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.SnmpUnknownPDUHandlers));
        Assert.That(_model.OutstandingRequests, Is.Zero);
    }

    [Test]
    public void Releasing_an_older_transmission_keeps_the_request_and_releasing_the_newest_forgets_every_msgID()
    {
        var at = new TransportStateReference(TransportDomain.UdpIpv4, Agent);
        var msgIds = new List<int>();
        for (long handle = 1; handle <= 3; handle++)
        {
            _model.PrepareOutgoingMessage(Request(), new PduHandle(handle));
            msgIds.Add(_lastHeader.MsgId);
        }

        _model.ReleaseState(new PduHandle(1));
        _model.ReleaseState(new PduHandle(2));
        Assert.That(msgIds.Select(id => _model.PrepareDataElements(Incoming(id, PduType.Response), at).SendPduHandle), Is.All.EqualTo(new PduHandle(3)));

        _model.ReleaseState(new PduHandle(3));
        Assert.That(_model.OutstandingRequests, Is.Zero);
        foreach (int id in msgIds)
        {
            var drop = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(id, PduType.Response), at));
            Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.SnmpUnknownPDUHandlers));
        }

        // The same request-id sent again after the release is a request of its own.
        _model.PrepareOutgoingMessage(Request(), new PduHandle(4));
        Assert.That(_model.PrepareDataElements(Incoming(_lastHeader.MsgId, PduType.Response), at).SendPduHandle, Is.EqualTo(new PduHandle(4)));
        Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(msgIds[2], PduType.Response), at));
        _model.ReleaseState(new PduHandle(4));
        Assert.That(_model.OutstandingRequests, Is.Zero);
    }

    [Test]
    public void A_response_at_another_level_is_invalid_but_a_report_is_delivered()
    {
        _model.PrepareOutgoingMessage(Request(), new PduHandle(1));
        int msgId = _lastHeader.MsgId;

        var wrongLevel = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(msgId, PduType.Response, MsgFlags.None), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(wrongLevel!.Counter, Is.EqualTo(SnmpCounter.SnmpInvalidMsgs));

        var report = _model.PrepareDataElements(Incoming(msgId, PduType.Report, MsgFlags.None), new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        Assert.That(report.Pdu.Type, Is.EqualTo(PduType.Report));
        Assert.That(report.SecurityLevel, Is.EqualTo(SecurityLevel.NoAuthNoPriv));
        Assert.That(report.SendPduHandle, Is.EqualTo(new PduHandle(1)));
    }

    [Test]
    public void Bad_headers_are_counted_as_the_RFC_says()
    {
        var priv = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(1, PduType.Response, MsgFlags.Priv), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(priv!.Counter, Is.EqualTo(SnmpCounter.SnmpInvalidMsgs));
        var model = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(1, PduType.Response, securityModel: 9), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(model!.Counter, Is.EqualTo(SnmpCounter.SnmpUnknownSecurityModels));
        var garbage = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x03 }, new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        Assert.That(garbage!.Counter, Is.EqualTo(SnmpCounter.SnmpInASNParseErrs));
    }

    [Test]
    public void A_response_from_another_address_is_dropped()
    {
        _model.PrepareOutgoingMessage(Request(), new PduHandle(1));
        var drop = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(_lastHeader.MsgId, PduType.Response), new TransportStateReference(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 1))));
        Assert.That(drop!.EngineCounter, Is.EqualTo(EngineCounter.ResponsesFromUnexpectedAddress));
    }

    [Test]
    public void An_incoming_notification_carries_the_security_models_engine_id()
    {
        // The pass-through security model reports EngineId as the message's securityEngineID.
        var trap = _model.PrepareDataElements(Incoming(7, PduType.SNMPv2Trap), new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        Assert.That(trap.Pdu.Type, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(trap.SecurityEngineId, Is.EqualTo(EngineId));
        Assert.That(trap.SecurityName, Is.EqualTo(User));
    }

    [Test]
    public void A_v1_trap_cannot_travel_in_SNMPv3_and_unknown_security_models_are_refused()
    {
        var trap = Request() with { Pdu = new TrapV1Pdu("1.3.6.1.4.1", IpAddress.Parse("127.0.0.1"), GenericTrap.ColdStart, 0, new TimeTicks(0), VarBindList.Empty) };
        Assert.Throws<ArgumentException>(() => _model.PrepareOutgoingMessage(trap, new PduHandle(1)));
        Assert.Throws<ArgumentException>(() => _model.PrepareOutgoingMessage(Request() with { SecurityModel = SecurityModel.SNMPv2c }, new PduHandle(1)));
    }

    [Test]
    public void A_reportable_message_the_security_model_rejects_becomes_a_Report_with_the_counters_value()
    {
        var agentEngine = OctetString.FromHex("8000000005AABBCCDD");
        var state = new object();
        _usm.Setup(m => m.ProcessIncomingMsg(It.IsAny<IncomingSecurityParameters>()))
            .Throws(() => new MessageDroppedException(SnmpCounter.UsmStatsUnknownEngineIDs, "discovery")
            {
                ReportSecurity = new ReportSecurity(agentEngine, OctetString.Empty, SecurityLevel.NoAuthNoPriv, state, RequestId: 31),
            });
        ScopedPdu? reportScoped = null;
        HeaderData reportHeader = default;
        _usm.Setup(m => m.GenerateResponseMsg(It.Is<OutgoingSecurityParameters>(p => p.SecurityEngineId.Equals(agentEngine) && p.SecurityName.Equals(OctetString.Empty)
                && p.SecurityLevel == SecurityLevel.NoAuthNoPriv), state))
            .Returns((OutgoingSecurityParameters p, object _) =>
            {
                (reportHeader, reportScoped) = (p.GlobalData!.Value, p.ScopedPdu);
                return new SecuredMessage(new byte[] { 1, 2, 3 }, p.TmStateReference);
            });
        var probe = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(4242, 1500, MsgFlags.Reportable, 3), new byte[] { 0x30, 0x00 },
            new ScopedPdu(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 31, VarBindList.Empty))));

        var drop = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(probe, new TransportStateReference(TransportDomain.UdpIpv4, Agent)))!;
        var report = drop.ReportMessage!(7);

        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnknownEngineIDs));
        Assert.That(report.DestTransportAddress, Is.EqualTo(Agent));
        Assert.That(reportHeader.MsgId, Is.EqualTo(4242), "RFC 3412 7.1 step 3: the Report takes the request's msgID");
        Assert.That(reportHeader.MsgFlags, Is.EqualTo(MsgFlags.None), "a Report is not reportable");
        Assert.That(reportScoped!.Pdu.Type, Is.EqualTo(PduType.Report));
        Assert.That(reportScoped.Pdu.RequestId, Is.EqualTo(31));
        Assert.That(new OctetString(reportScoped.ContextEngineId.Span), Is.EqualTo(agentEngine));
        Assert.That(reportScoped.Pdu.VarBinds.Single(), Is.EqualTo(new VarBind("1.3.6.1.6.3.15.1.1.4.0", new Counter32(7))));
    }

    [Test]
    public void A_non_reportable_message_the_security_model_rejects_gets_no_Report()
    {
        _usm.Setup(m => m.ProcessIncomingMsg(It.IsAny<IncomingSecurityParameters>()))
            .Throws(() => new MessageDroppedException(SnmpCounter.UsmStatsWrongDigests, "digest")
            {
                ReportSecurity = new ReportSecurity(EngineId, User, SecurityLevel.NoAuthNoPriv, new object()),
            });
        var response = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(5, 1500, MsgFlags.Auth, 3), new byte[] { 0x30, 0x00 },
            new ScopedPdu(EngineId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.Response, 31, VarBindList.Empty))));

        var drop = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(response, new TransportStateReference(TransportDomain.UdpIpv4, Agent)))!;

        Assert.That(drop.ReportMessage, Is.Null, "RFC 3412 7.1 step 3: only reportable messages are answered with Reports");
    }

    [Test]
    public void A_security_models_own_counter_travels_in_its_Report()
    {
        ObjectIdentifier ownCounter = "1.3.6.1.4.1.99999.2.1.0";
        var state = new object();
        _usm.Setup(m => m.ProcessIncomingMsg(It.IsAny<IncomingSecurityParameters>()))
            .Throws(() => new MessageDroppedException(ownCounter, "the plug-in refused it")
            {
                ReportSecurity = new ReportSecurity(EngineId, OctetString.Empty, SecurityLevel.NoAuthNoPriv, state, RequestId: 8),
            });
        ScopedPdu? reportScoped = null;
        _usm.Setup(m => m.GenerateResponseMsg(It.IsAny<OutgoingSecurityParameters>(), state))
            .Returns((OutgoingSecurityParameters p, object _) => { reportScoped = p.ScopedPdu; return new SecuredMessage(new byte[] { 1 }, p.TmStateReference); });
        var probe = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(77, 1500, MsgFlags.Reportable, 3), new byte[] { 0x30, 0x00 },
            new ScopedPdu(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 8, VarBindList.Empty))));

        var drop = Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(probe, new TransportStateReference(TransportDomain.UdpIpv4, Agent)))!;
        var statistics = new SnmpStatistics();
        long value = drop.CountIn(statistics);
        drop.ReportMessage!(value);

        Assert.That((drop.Counter, drop.CounterInstance), Is.EqualTo(((SnmpCounter?)null, ownCounter)));
        Assert.That(statistics[ownCounter], Is.EqualTo(1));
        Assert.That(reportScoped!.Pdu.VarBinds.Single(), Is.EqualTo(new VarBind(ownCounter, new Counter32(1))));
    }

    [Test]
    public void The_security_model_is_told_which_outstanding_request_an_authenticated_answer_carries_the_msgID_of()
    {
        // RFC 3414 3.2 step 7b: USM may adopt a restarted agent's lower clock only from a Report
        // answering a request of ours, which only the message processing model can tell.
        var seen = new List<IncomingSecurityParameters>();
        _usm.Setup(m => m.ProcessIncomingMsg(It.IsAny<IncomingSecurityParameters>()))
            .Returns((IncomingSecurityParameters p) =>
            {
                seen.Add(p);
                var m = (SnmpV3Message)p.Message;
                return new IncomingSecurityResult(EngineId, User, m.ScopedPdu!, m.GlobalData.MsgMaxSize, new object());
            });
        _model.PrepareOutgoingMessage(Request(), new PduHandle(1));
        int msgId = _lastHeader.MsgId;
        var fromAgent = new TransportStateReference(TransportDomain.UdpIpv4, Agent);

        _model.PrepareDataElements(Incoming(msgId, PduType.Report, MsgFlags.Auth), fromAgent);
        Assert.That(seen[^1].AnsweredRequest, Is.EqualTo(new OutstandingRequest(EngineId, User)));

        Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(msgId + 1000, PduType.Report, MsgFlags.Auth), fromAgent));
        Assert.That(seen[^1].AnsweredRequest, Is.Null, "a msgID nobody is waiting for");

        Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(msgId, PduType.Report, MsgFlags.Auth), new TransportStateReference(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 16199))));
        Assert.That(seen[^1].AnsweredRequest, Is.Null, "from another address than the request went to");

        _model.PrepareDataElements(Incoming(msgId, PduType.Report, MsgFlags.None), fromAgent);
        Assert.That(seen[^1].AnsweredRequest, Is.Null, "unauthenticated: nothing to trust");

        _model.PrepareDataElements(Incoming(msgId, PduType.GetRequest, MsgFlags.Auth | MsgFlags.Reportable), fromAgent);
        Assert.That(seen[^1].AnsweredRequest, Is.Null, "a request answers nothing");

        _model.ReleaseState(new PduHandle(1));
        Assert.Throws<MessageDroppedException>(() => _model.PrepareDataElements(Incoming(msgId, PduType.Report, MsgFlags.Auth), fromAgent));
        Assert.That(seen[^1].AnsweredRequest, Is.Null, "no longer outstanding");
    }
}
