using System.Net;
using Moq;
using Snmp.AbstractServices;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Dispatcher.Tests;

[TestFixture]
public class SnmpDispatcherTests
{
    private static readonly IPEndPoint Agent = new(IPAddress.Loopback, 16100);
    private static readonly byte[] V2cMessage = [0x30, 0x03, 0x02, 0x01, 0x01];
    private static readonly byte[] V1Message = [0x30, 0x03, 0x02, 0x01, 0x00];
    private static readonly byte[] V3Message = [0x30, 0x03, 0x02, 0x01, 0x03];

    private Mock<IMessageProcessingModel> _model = null!;
    private Mock<ITransportMapping> _transport = null!;
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _deliver;
    private SnmpDispatcher _dispatcher = null!;
    private int _transportsCreated;

    [SetUp]
    public void SetUp()
    {
        _model = new Mock<IMessageProcessingModel>();
        _model.SetupGet(m => m.MessageProcessingModel).Returns(SnmpVersion.SNMPv2c);
        _model.Setup(m => m.PrepareOutgoingMessage(It.IsAny<SendPduParameters>(), It.IsAny<PduHandle>()))
            .Returns((SendPduParameters r, PduHandle _) => new OutgoingMessage(new byte[] { 1, 2, 3 }, new TransportStateReference(r.TransportDomain, r.TransportAddress)));
        _transport = new Mock<ITransportMapping>();
        _transport.SetupGet(t => t.TransportDomain).Returns(TransportDomain.UdpIpv4);
        _transport.Setup(t => t.Start(It.IsAny<Action<ReadOnlyMemory<byte>, TransportStateReference>>()))
            .Callback((Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => _deliver = receiver);
        _transport.Setup(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>(), It.IsAny<CancellationToken>())).Returns(ValueTask.CompletedTask);
        _transportsCreated = 0;
        _dispatcher = new SnmpDispatcher([_model.Object], _ => { _transportsCreated++; return _transport.Object; }, new SnmpStatistics());
    }

    [TearDown]
    public async Task TearDown() => await _dispatcher.DisposeAsync();

    private static SendPduParameters Request(PduType type = PduType.GetRequest) => new(
        TransportDomain.UdpIpv4, Agent, SnmpVersion.SNMPv2c, SecurityModel.SNMPv2c, new OctetString("public"),
        SecurityLevel.NoAuthNoPriv, OctetString.Empty, OctetString.Empty,
        new Pdu(type, 5, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0")), ExpectResponse: true);

    private static PreparedDataElements Elements(PduType type, PduHandle handle) => new(
        SnmpVersion.SNMPv2c, SecurityModel.SNMPv2c, new OctetString("public"), SecurityLevel.NoAuthNoPriv,
        OctetString.Empty, OctetString.Empty, new Pdu(type, 5, VarBindList.Empty), handle, 65507, type.IsResponse() ? null : new object(), new TransportStateReference(TransportDomain.UdpIpv4, Agent));

    [Test]
    public void An_outgoing_message_a_model_refuses_is_counted_and_fails_the_send_without_a_handle_left()
    {
        ObjectIdentifier counter = "1.3.6.1.2.1.190.1.1.4.0"; // a security model's own, snmpTsmInvalidPrefixes
        _model.Setup(m => m.PrepareOutgoingMessage(It.IsAny<SendPduParameters>(), It.IsAny<PduHandle>()))
            .Throws(new MessageDroppedException(counter, "the securityName lacks its prefix"));

        var e = Assert.ThrowsAsync<MessageDroppedException>(async () => await _dispatcher.SendPduAsync(Request(), new Mock<IResponsePduProcessor>().Object, CancellationToken.None));

        Assert.That(e!.CounterInstance, Is.EqualTo(counter));
        Assert.That(_dispatcher.Statistics[counter], Is.EqualTo(1));
        Assert.That(_dispatcher.Statistics.DropsByCause(), Is.EquivalentTo(new Dictionary<string, long> { [counter.ToString()] = 1 }), "an outgoing drop is a drop too");
        Assert.That(_dispatcher.Statistics[SnmpCounter.SnmpOutPkts], Is.Zero);
        _model.Verify(m => m.ReleaseState(It.IsAny<PduHandle>()), Times.Once, "the handle registered for the answer is released");
    }

    [Test]
    public async Task SendPdu_prepares_sends_counts_and_creates_the_transport_once()
    {
        var receiver = new Mock<IResponsePduProcessor>();

        var first = await _dispatcher.SendPduAsync(Request(), receiver.Object, CancellationToken.None);
        var second = await _dispatcher.SendPduAsync(Request(), receiver.Object, CancellationToken.None);

        Assert.That(first.IsNone, Is.False);
        Assert.That(second, Is.Not.EqualTo(first));
        _transport.Verify(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.Is<TransportStateReference>(tm => tm.TransportAddress.Equals(Agent)), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.That(_transportsCreated, Is.EqualTo(1));
        Assert.That(_dispatcher.Statistics[SnmpCounter.SnmpOutPkts], Is.EqualTo(2));
        Assert.That(_dispatcher.OutstandingHandles, Is.EqualTo(2));
    }

    [Test]
    public async Task A_response_arriving_while_the_request_is_still_being_sent_is_delivered()
    {
        var receiver = new Mock<IResponsePduProcessor>();
        _transport.Setup(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                _model.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.Is<TransportStateReference>(tm => tm.TransportAddress.Equals(Agent))))
                    .Returns(Elements(PduType.Response, new PduHandle(1)));
                _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
                return ValueTask.CompletedTask;
            });

        var handle = await _dispatcher.SendPduAsync(Request(), receiver.Object, CancellationToken.None);

        Assert.That(handle, Is.EqualTo(new PduHandle(1)));
        receiver.Verify(r => r.ProcessResponsePdu(It.Is<ProcessResponsePduParameters>(p => p.SendPduHandle == handle && p.TransportAddress.Equals(Agent))), Times.Once);
    }

    [Test]
    public async Task Responses_reach_their_own_receiver_and_unknown_handles_are_counted()
    {
        var a = new Mock<IResponsePduProcessor>();
        var b = new Mock<IResponsePduProcessor>();
        var ha = await _dispatcher.SendPduAsync(Request(), a.Object, CancellationToken.None);
        var hb = await _dispatcher.SendPduAsync(Request(), b.Object, CancellationToken.None);

        _model.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>())).Returns(Elements(PduType.Response, hb));
        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        _dispatcher.ReleasePduHandle(hb);
        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));

        b.Verify(r => r.ProcessResponsePdu(It.IsAny<ProcessResponsePduParameters>()), Times.Once);
        a.Verify(r => r.ProcessResponsePdu(It.IsAny<ProcessResponsePduParameters>()), Times.Never);
        _model.Verify(m => m.ReleaseState(hb), Times.Once);
        Assert.That(_dispatcher.Statistics[SnmpCounter.SnmpUnknownPDUHandlers], Is.EqualTo(1));
        Assert.That(_dispatcher.Statistics.DropsByCause(), Is.EquivalentTo(new Dictionary<string, long> { ["snmpUnknownPDUHandlers"] = 1 }));
        Assert.That(_dispatcher.Statistics[SnmpCounter.SnmpInPkts], Is.EqualTo(2));
        Assert.That(ha.IsNone, Is.False);
    }

    [Test]
    public async Task Garbage_other_versions_drops_and_model_failures_are_counted_never_thrown()
    {
        await _dispatcher.SendPduAsync(Request(), new Mock<IResponsePduProcessor>().Object, CancellationToken.None);

        _deliver!(new byte[] { 0xFF, 0x00 }, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        _deliver!(V1Message, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        _deliver!(V3Message, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        _model.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>()))
            .Throws(new MessageDroppedException(EngineCounter.ResponsesFromUnexpectedAddress, "test"));
        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        _model.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>()))
            .Throws(new InvalidOperationException("bug"));
        Assert.DoesNotThrow(() => _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent)));

        var stats = _dispatcher.Statistics;
        Assert.That(stats[SnmpCounter.SnmpInPkts], Is.EqualTo(5));
        Assert.That(stats[SnmpCounter.SnmpInASNParseErrs], Is.EqualTo(1));
        Assert.That(stats[SnmpCounter.SnmpInBadVersions], Is.EqualTo(2));
        Assert.That(stats[EngineCounter.ResponsesFromUnexpectedAddress], Is.EqualTo(1));
        Assert.That(stats[EngineCounter.InternalErrors], Is.EqualTo(1));
        Assert.That(stats.DropsByCause(), Is.EquivalentTo(new Dictionary<string, long>
        {
            ["snmpInASNParseErrs"] = 1,
            ["snmpInBadVersions"] = 2,
            ["responsesFromUnexpectedAddress"] = 1,
            ["internalErrors"] = 1,
        }), "every drop by its cause; snmpInPkts is no drop");
    }

    [Test]
    public void A_failed_send_releases_its_handle()
    {
        _transport.Setup(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromException(new IOException("network down")));

        Assert.ThrowsAsync<IOException>(async () => await _dispatcher.SendPduAsync(Request(), new Mock<IResponsePduProcessor>().Object, CancellationToken.None));
        Assert.That(_dispatcher.OutstandingHandles, Is.Zero);
        _model.Verify(m => m.ReleaseState(It.IsAny<PduHandle>()), Times.Once);
    }

    [Test]
    public async Task Requests_go_to_the_application_registered_for_their_context_engine_and_type()
    {
        await _dispatcher.SendPduAsync(Request(), new Mock<IResponsePduProcessor>().Object, CancellationToken.None); // starts the transport
        var processor = new Mock<IPduProcessor>();
        _model.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>())).Returns(Elements(PduType.GetRequest, PduHandle.None));

        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        Assert.That(_dispatcher.Statistics[SnmpCounter.SnmpUnknownPDUHandlers], Is.EqualTo(1), "nobody registered yet");

        var registration = _dispatcher.RegisterContextEngineId(OctetString.Empty, [PduType.GetRequest, PduType.SetRequest], processor.Object);
        Assert.Throws<InvalidOperationException>(() => _dispatcher.RegisterContextEngineId(OctetString.Empty, [PduType.SetRequest], new Mock<IPduProcessor>().Object));
        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        processor.Verify(p => p.ProcessPdu(It.Is<ProcessPduParameters>(i => i.TransportAddress.Equals(Agent) && i.Pdu.Type == PduType.GetRequest)), Times.Once);

        registration.Dispose();
        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        processor.Verify(p => p.ProcessPdu(It.IsAny<ProcessPduParameters>()), Times.Once);
        Assert.That(_dispatcher.Statistics[SnmpCounter.SnmpUnknownPDUHandlers], Is.EqualTo(2));
    }

    [Test]
    public async Task A_request_reaches_its_application_with_the_security_models_engine_id()
    {
        await _dispatcher.SendPduAsync(Request(), new Mock<IResponsePduProcessor>().Object, CancellationToken.None); // starts the transport
        var engineId = OctetString.FromHex("8000C0DE0501020304");
        var processor = new Mock<IPduProcessor>();
        _model.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>()))
            .Returns(Elements(PduType.SNMPv2Trap, PduHandle.None) with { SecurityEngineId = engineId });
        using var registration = _dispatcher.RegisterContextEngineId(OctetString.Empty, [PduType.SNMPv2Trap], processor.Object);

        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        processor.Verify(p => p.ProcessPdu(It.Is<ProcessPduParameters>(i => i.SecurityEngineId.Equals(engineId))), Times.Once);
    }

    [Test]
    public async Task Dispose_disposes_each_transport_once_and_refuses_new_work()
    {
        await _dispatcher.SendPduAsync(Request(), new Mock<IResponsePduProcessor>().Object, CancellationToken.None);

        await _dispatcher.DisposeAsync();
        await _dispatcher.DisposeAsync();

        _transport.Verify(t => t.DisposeAsync(), Times.Once);
        Assert.That(_dispatcher.OutstandingHandles, Is.Zero);
        Assert.ThrowsAsync<ObjectDisposedException>(async () => await _dispatcher.SendPduAsync(Request(), new Mock<IResponsePduProcessor>().Object, CancellationToken.None));
    }

    [Test]
    public void A_version_without_a_model_is_refused_when_sending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await _dispatcher.SendPduAsync(Request() with { MessageProcessingModel = SnmpVersion.SNMPv3 }, new Mock<IResponsePduProcessor>().Object, CancellationToken.None));
    }

    [Test]
    public async Task A_drop_with_a_report_is_counted_then_the_report_is_sent_with_the_new_counter_value()
    {
        long? reportedValue = null;
        var sent = new TaskCompletionSource<(ReadOnlyMemory<byte> Message, EndPoint Destination)>();
        _transport.Setup(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>(), It.IsAny<CancellationToken>()))
            .Returns((ReadOnlyMemory<byte> m, TransportStateReference tm, CancellationToken _) => { sent.TrySetResult((m, tm.TransportAddress)); return ValueTask.CompletedTask; });
        _model.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>()))
            .Throws(() => new MessageDroppedException(SnmpCounter.UsmStatsUnknownEngineIDs, "discovery")
            {
                ReportMessage = value => { reportedValue = value; return new OutgoingMessage(new byte[] { 9, 9 }, new TransportStateReference(TransportDomain.UdpIpv4, Agent)); },
            });
        _dispatcher.GetTransportMapping(TransportDomain.UdpIpv4);

        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));
        _deliver!(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent));

        var (message, destination) = await sent.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(message.ToArray(), Is.EqualTo(new byte[] { 9, 9 }));
        Assert.That(destination, Is.EqualTo(Agent));
        Assert.That(_dispatcher.Statistics[SnmpCounter.UsmStatsUnknownEngineIDs], Is.EqualTo(2));
        Assert.That(reportedValue, Is.EqualTo(2), "each Report carries the counter's value after its own drop");
    }

    [Test]
    public async Task A_reportable_SNMPv3_request_for_an_unregistered_context_engine_gets_an_unknownPDUHandlers_report()
    {
        var v3 = new Mock<IMessageProcessingModel>();
        v3.SetupGet(m => m.MessageProcessingModel).Returns(SnmpVersion.SNMPv3);
        v3.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>()))
            .Returns(new PreparedDataElements(SnmpVersion.SNMPv3, SecurityModel.Usm, new OctetString("alice"), SecurityLevel.AuthNoPriv,
                new OctetString("someone-else"), OctetString.Empty, new Pdu(PduType.GetRequest, 12, VarBindList.Empty), PduHandle.None, 65000, new object(), new TransportStateReference(TransportDomain.UdpIpv4, Agent)));
        var report = new TaskCompletionSource<SnmpPdu>();
        v3.Setup(m => m.PrepareResponseMessage(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>()))
            .Returns((ProcessPduParameters request, SnmpPdu pdu) => { report.TrySetResult(pdu); return new OutgoingMessage(new byte[] { 1 }, new TransportStateReference(TransportDomain.UdpIpv4, Agent)); });
        await using var dispatcher = new SnmpDispatcher([v3.Object], _ => _transport.Object, new SnmpStatistics());
        dispatcher.GetTransportMapping(TransportDomain.UdpIpv4);

        _deliver!(V3Message, new TransportStateReference(TransportDomain.UdpIpv4, Agent));

        var pdu = (Pdu)await report.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(pdu.Type, Is.EqualTo(PduType.Report));
        Assert.That(pdu.RequestId, Is.EqualTo(12));
        Assert.That(pdu.VarBinds.Single(), Is.EqualTo(new VarBind("1.3.6.1.6.3.11.2.1.3.0", new Counter32(1))));
    }

    [Test]
    public async Task With_two_mappings_in_one_domain_a_response_leaves_through_the_one_its_request_came_in_on()
    {
        // Two listening addresses of one domain, as an agent on 127.0.0.1 and 127.0.0.2 has.
        var first = ListeningMapping(out var deliverToFirst);
        var second = ListeningMapping(out var deliverToSecond);
        await using var dispatcher = new SnmpDispatcher([_model.Object], _ => throw new InvalidOperationException("no mapping is created on demand here"), new SnmpStatistics());
        dispatcher.AddTransportMapping(first.Object);
        dispatcher.AddTransportMapping(second.Object);
        Assert.That(dispatcher.TransportMappings, Is.EqualTo(new[] { first.Object, second.Object }), "every mapping, for the metrics of each");
        _model.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>()))
            .Returns((ReadOnlyMemory<byte> _, TransportStateReference tm) => Elements(PduType.GetRequest, PduHandle.None) with { TmStateReference = tm });
        _model.Setup(m => m.PrepareResponseMessage(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>()))
            .Returns((ProcessPduParameters request, SnmpPdu _) => new OutgoingMessage(new byte[] { 2 }, request.TmStateReference.ForResponse()));
        var processor = new Mock<IPduProcessor>();
        processor.Setup(p => p.ProcessPdu(It.IsAny<ProcessPduParameters>()))
            .Callback((ProcessPduParameters request) => dispatcher.ReturnResponsePduAsync(request, new Pdu(PduType.Response, 5, VarBindList.Empty), CancellationToken.None).AsTask().Wait());
        using var registration = dispatcher.RegisterContextEngineId(OctetString.Empty, [PduType.GetRequest], processor.Object);

        deliverToSecond()(V2cMessage, new TransportStateReference(TransportDomain.UdpIpv4, Agent) { TransportMapping = second.Object });

        second.Verify(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.Is<TransportStateReference>(tm => tm.SameSecurity && tm.TransportAddress.Equals(Agent)), It.IsAny<CancellationToken>()), Times.Once);
        first.Verify(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>(), It.IsAny<CancellationToken>()), Times.Never);

        // A request this engine originates leaves through the domain's first mapping.
        await dispatcher.SendPduAsync(Request(), new Mock<IResponsePduProcessor>().Object, CancellationToken.None);
        first.Verify(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(deliverToFirst(), Is.Not.Null);
    }

    private static Mock<ITransportMapping> ListeningMapping(out Func<Action<ReadOnlyMemory<byte>, TransportStateReference>> deliver)
    {
        Action<ReadOnlyMemory<byte>, TransportStateReference>? receiver = null;
        var mapping = new Mock<ITransportMapping>();
        mapping.SetupGet(t => t.TransportDomain).Returns(TransportDomain.UdpIpv4);
        mapping.Setup(t => t.Start(It.IsAny<Action<ReadOnlyMemory<byte>, TransportStateReference>>()))
            .Callback((Action<ReadOnlyMemory<byte>, TransportStateReference> r) => receiver = r);
        mapping.Setup(t => t.SendMessageAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>(), It.IsAny<CancellationToken>())).Returns(ValueTask.CompletedTask);
        deliver = () => receiver ?? throw new InvalidOperationException("the mapping was not started");
        return mapping;
    }
}
