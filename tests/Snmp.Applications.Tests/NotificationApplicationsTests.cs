using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;
using T = Snmp.Applications.Rfc3584NotificationTranslation;

namespace Snmp.Applications.Tests;

[TestFixture]
public class NotificationOriginatorTests
{
    private static readonly IPEndPoint Receiver = new(IPAddress.Loopback, 16200);
    private static readonly ObjectIdentifier LinkDown = "1.3.6.1.6.3.1.1.5.3";
    private static readonly VarBind IfIndex = new("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<(SendPduParameters Request, IResponsePduProcessor? Receiver)> _sent = new();
    private Mock<IDispatcher> _dispatcher = null!;

    [SetUp]
    public void SetUp()
    {
        _sent.Clear();
        _dispatcher = new Mock<IDispatcher>(MockBehavior.Strict);
        long handles = 0;
        _dispatcher.Setup(d => d.SendPduAsync(It.IsAny<SendPduParameters>(), It.IsAny<IResponsePduProcessor?>(), It.IsAny<CancellationToken>()))
            .Returns((SendPduParameters request, IResponsePduProcessor? receiver, CancellationToken _) =>
            {
                _sent.Enqueue((request, receiver));
                // Answer an inform as a notification receiver would: same request-id and varbinds.
                if (request.Pdu.Type == PduType.InformRequest)
                {
                    receiver!.ProcessResponsePdu(new ProcessResponsePduParameters(request.MessageProcessingModel, request.SecurityModel, request.SecurityName,
                        SecurityLevel.NoAuthNoPriv, OctetString.Empty, OctetString.Empty,
                        new Pdu(PduType.Response, request.Pdu.RequestId, request.Pdu.VarBinds), PduHandle.None,
                        new TransportStateReference(TransportDomain.UdpIpv4, Receiver)));
                }

                return ValueTask.FromResult(new PduHandle(Interlocked.Increment(ref handles)));
            });
        _dispatcher.Setup(d => d.ReleasePduHandle(It.IsAny<PduHandle>()));
    }

    private NotificationOriginator Originator() => new(_dispatcher.Object, new CommandGenerator(_dispatcher.Object));

    private static SnmpTarget Target(SnmpVersion version) => SnmpTarget.Community(TransportDomain.UdpIpv4, Receiver, version, "public");

    [Test]
    public async Task SnmpV2TrapIsSentUnconfirmedWithSysUpTimeAndTrapOidFirst()
    {
        await Originator().SendTrapAsync(Target(SnmpVersion.SNMPv2c), NotificationOriginator.Notification(new TimeTicks(42), LinkDown, [IfIndex]));
        Assert.That(_sent, Has.Count.EqualTo(1));
        var (request, receiver) = _sent.Single();
        Assert.That(request.ExpectResponse, Is.False);
        Assert.That(receiver, Is.Null);
        Assert.That(request.Pdu.Type, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(request.Pdu.VarBinds.Select(v => v.Oid), Is.EqualTo(new[] { T.SysUpTime0, T.SnmpTrapOid0, IfIndex.Oid }));
        Assert.That(request.Pdu.VarBinds[1].Value, Is.EqualTo(LinkDown));
        Assert.That(request.SecurityName, Is.EqualTo(new OctetString("public")));
    }

    [Test]
    public async Task V1TrapPduIsSentAsItIs()
    {
        var trap = new TrapV1Pdu("1.3.6.1.4.1.99999", new IpAddress(IPAddress.Loopback), GenericTrap.EnterpriseSpecific, 5, new TimeTicks(7), new VarBindList(IfIndex));
        await Originator().SendV1TrapAsync(Target(SnmpVersion.SNMPv1), trap);
        var (request, _) = _sent.Single();
        Assert.That(request.Pdu, Is.EqualTo(trap));
        Assert.That(request.MessageProcessingModel, Is.EqualTo(SnmpVersion.SNMPv1));
        Assert.That(request.ExpectResponse, Is.False);
    }

    [Test]
    public async Task SnmpV2NotificationToAnSnmpV1TargetIsMappedToATrapPdu()
    {
        await Originator().SendTrapAsync(Target(SnmpVersion.SNMPv1), NotificationOriginator.Notification(new TimeTicks(42), "1.3.6.1.4.1.99999.0.8"));
        var trap = (TrapV1Pdu)_sent.Single().Request.Pdu;
        Assert.That(trap.Enterprise, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999")));
        Assert.That(trap.SpecificTrap, Is.EqualTo(8));
    }

    [Test]
    public void NotificationWithoutTrapOidIsRefusedBeforeSending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await Originator().SendTrapAsync(Target(SnmpVersion.SNMPv2c), new VarBindList(IfIndex)));
        Assert.That(_sent, Is.Empty);
    }

    [Test]
    public async Task InformReturnsTheReceiversResponse()
    {
        var response = await Originator().InformAsync(Target(SnmpVersion.SNMPv2c), NotificationOriginator.Notification(new TimeTicks(1), LinkDown, [IfIndex]), RetransmissionPolicy.Default)
            .WaitAsync(Patience);
        var (request, receiver) = _sent.Single();
        Assert.That(request.Pdu.Type, Is.EqualTo(PduType.InformRequest));
        Assert.That(request.ExpectResponse, Is.True);
        Assert.That(receiver, Is.Not.Null);
        Assert.That(response.VarBinds, Is.EqualTo(request.Pdu.VarBinds));
    }

    [Test]
    public void InformAnsweredWithOtherVarBindsIsAnImproperResponse()
    {
        var odd = new Mock<IDispatcher>(MockBehavior.Strict);
        odd.Setup(d => d.SendPduAsync(It.IsAny<SendPduParameters>(), It.IsAny<IResponsePduProcessor?>(), It.IsAny<CancellationToken>()))
            .Returns((SendPduParameters request, IResponsePduProcessor? receiver, CancellationToken _) =>
            {
                receiver!.ProcessResponsePdu(new ProcessResponsePduParameters(request.MessageProcessingModel, request.SecurityModel, request.SecurityName,
                    SecurityLevel.NoAuthNoPriv, OctetString.Empty, OctetString.Empty,
                    new Pdu(PduType.Response, request.Pdu.RequestId, new VarBindList(IfIndex)), PduHandle.None,
                    new TransportStateReference(TransportDomain.UdpIpv4, Receiver)));
                return ValueTask.FromResult(new PduHandle(1));
            });
        odd.Setup(d => d.ReleasePduHandle(It.IsAny<PduHandle>()));
        var originator = new NotificationOriginator(odd.Object, new CommandGenerator(odd.Object));
        Assert.ThrowsAsync<SnmpImproperResponseException>(() => originator.InformAsync(Target(SnmpVersion.SNMPv2c),
            NotificationOriginator.Notification(new TimeTicks(1), LinkDown), RetransmissionPolicy.Default));
    }

    [Test]
    public void InformTimesOutLikeARequest()
    {
        var silent = new Mock<IDispatcher>(MockBehavior.Strict);
        silent.Setup(d => d.SendPduAsync(It.IsAny<SendPduParameters>(), It.IsAny<IResponsePduProcessor?>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromResult(new PduHandle(1)));
        silent.Setup(d => d.ReleasePduHandle(It.IsAny<PduHandle>()));
        var originator = new NotificationOriginator(silent.Object, new CommandGenerator(silent.Object));
        Assert.ThrowsAsync<SnmpTimeoutException>(() => originator.InformAsync(Target(SnmpVersion.SNMPv2c),
            NotificationOriginator.Notification(new TimeTicks(1), LinkDown), new RetransmissionPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10))));
    }

    [Test]
    public void SnmpV1HasNoInform() =>
        Assert.ThrowsAsync<NotSupportedException>(() => Originator().InformAsync(Target(SnmpVersion.SNMPv1), NotificationOriginator.Notification(new TimeTicks(1), LinkDown), RetransmissionPolicy.Default));
}

[TestFixture]
public class NotificationReceiverTests
{
    private static readonly IPEndPoint Sender = new(IPAddress.Loopback, 16300);
    private static readonly ObjectIdentifier LinkUp = "1.3.6.1.6.3.1.1.5.4";
    private static readonly VarBind IfIndex = new("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static ProcessPduParameters Incoming(SnmpVersion version, SnmpPdu pdu) =>
        new(version, version == SnmpVersion.SNMPv1 ? SecurityModel.SNMPv1 : SecurityModel.SNMPv2c, new OctetString("public"), SecurityLevel.NoAuthNoPriv,
            OctetString.Empty, OctetString.Empty, pdu, 65507, new object(), new TransportStateReference(TransportDomain.UdpIpv4, Sender));

    private static VarBindList Notification() => NotificationOriginator.Notification(new TimeTicks(300), LinkUp, [IfIndex]);

    private static async Task<ReceivedNotification> First(NotificationReceiver receiver)
    {
        using var cancel = new CancellationTokenSource(Patience);
        await foreach (var n in receiver.ReadAllAsync(cancel.Token))
        {
            return n;
        }

        throw new AssertionException("no notification");
    }

    [Test]
    public async Task SnmpV2TrapIsDeliveredAndNotAnswered()
    {
        var dispatcher = new Mock<IDispatcher>(MockBehavior.Strict);
        var receiver = new NotificationReceiver(dispatcher.Object, 4);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 9, Notification())));
        var n = await First(receiver);
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv2c));
        Assert.That(n.Source, Is.EqualTo(Sender));
        Assert.That(n.Community, Is.EqualTo(new OctetString("public")));
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(300)));
        Assert.That(n.TrapOid, Is.EqualTo(LinkUp));
        Assert.That(n.Payload, Is.EqualTo(new[] { IfIndex }));
        Assert.That(n.IsInform, Is.False);
        Assert.That(n.V1Trap, Is.Null);
    }

    [Test]
    public async Task AnInformsResponseLeavesBeforeAReaderWaitingForItSeesTheNotification()
    {
        // A reader that stops (and disposes the engine) on the notification it waited for must
        // not stop that inform's Response: the reader is already waiting when the inform comes.
        var dispatcher = new Mock<IDispatcher>(MockBehavior.Strict);
        var receiver = new NotificationReceiver(dispatcher.Object, 4);
        var reader = receiver.ReadAllAsync().GetAsyncEnumerator();
        var next = reader.MoveNextAsync();
        bool seenWhenResponding = true;
        dispatcher.Setup(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()))
            .Callback(() => seenWhenResponding = next.IsCompleted)
            .Returns(ValueTask.CompletedTask);

        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 78, Notification())));

        Assert.That(await next.AsTask().WaitAsync(Patience), Is.True);
        Assert.That(reader.Current.IsInform, Is.True);
        Assert.That(seenWhenResponding, Is.False, "the reader had not got the notification when its Response left");
        await reader.DisposeAsync();
    }

    [Test]
    public void AFullQueueDropsTrapsAndInformsAndAReadFreesAPlace()
    {
        var dispatcher = new Mock<IDispatcher>(MockBehavior.Strict);
        dispatcher.Setup(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.CompletedTask);
        var receiver = new NotificationReceiver(dispatcher.Object, 2);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 1, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 2, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 3, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 4, Notification())));
        Assert.That(receiver.DroppedNotifications, Is.EqualTo(2));
        dispatcher.Verify(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()), Times.Once, "only the queued inform is answered");

        var reader = receiver.ReadAllAsync().GetAsyncEnumerator();
        Assert.That(reader.MoveNextAsync().AsTask().Result, Is.True);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 5, Notification())));
        Assert.That(receiver.DroppedNotifications, Is.EqualTo(2), "the read freed a place");
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 6, Notification())));
        Assert.That(receiver.DroppedNotifications, Is.EqualTo(3));
    }

    [Test]
    public async Task InformIsAnsweredWithItsRequestIdAndVarBindsOnceQueued()
    {
        var dispatcher = new Mock<IDispatcher>(MockBehavior.Strict);
        var answered = new TaskCompletionSource<SnmpPdu>();
        dispatcher.Setup(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()))
            .Callback((ProcessPduParameters _, SnmpPdu response, CancellationToken _) => answered.TrySetResult(response))
            .Returns(ValueTask.CompletedTask);
        var receiver = new NotificationReceiver(dispatcher.Object, 4);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 77, Notification())));
        var response = (Pdu)await answered.Task.WaitAsync(Patience);
        Assert.That(response.Type, Is.EqualTo(PduType.Response));
        Assert.That(response.RequestId, Is.EqualTo(77));
        Assert.That(response.ErrorStatus, Is.EqualTo(ErrorStatus.NoError));
        Assert.That(response.VarBinds, Is.EqualTo(Notification()));
        Assert.That((await First(receiver)).IsInform, Is.True);
    }

    [Test]
    public async Task V1TrapIsDeliveredWithItsFieldsAndTheRfc3584Translation()
    {
        var receiver = new NotificationReceiver(new Mock<IDispatcher>(MockBehavior.Strict).Object, 4);
        var trap = new TrapV1Pdu("1.3.6.1.4.1.99999", new IpAddress(IPAddress.Loopback), GenericTrap.EnterpriseSpecific, 5, new TimeTicks(7), new VarBindList(IfIndex));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv1, trap));
        var n = await First(receiver);
        Assert.That(n.V1Trap, Is.EqualTo(trap));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.5")));
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(7)));
        Assert.That(n.VarBinds.Find(T.SnmpTrapCommunity0), Is.EqualTo(new OctetString("public")));
    }

    [Test]
    public async Task SnmpV3NotificationCarriesItsSecurityEngineLevelAndContext()
    {
        var receiver = new NotificationReceiver(new Mock<IDispatcher>(MockBehavior.Strict).Object, 4);
        var sender = OctetString.FromHex("8000C0DE0501020304");
        receiver.ProcessPdu(new ProcessPduParameters(SnmpVersion.SNMPv3, SecurityModel.Usm, new OctetString("alice"), SecurityLevel.AuthPriv,
            sender, new OctetString("ctx"), new Pdu(PduType.SNMPv2Trap, 9, Notification()), 65507, new object(),
            new TransportStateReference(TransportDomain.UdpIpv4, Sender)) { SecurityEngineId = sender });
        var n = await First(receiver);
        Assert.That(n.Community, Is.EqualTo(new OctetString("alice")));
        Assert.That(n.SecurityEngineId, Is.EqualTo(sender));
        Assert.That(n.SecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
        Assert.That(n.ContextEngineId, Is.EqualTo(sender));
        Assert.That(n.ContextName, Is.EqualTo(new OctetString("ctx")));
    }

    [Test]
    public async Task FullQueueDropsAndCountsAndLeavesTheInformUnanswered()
    {
        var dispatcher = new Mock<IDispatcher>(MockBehavior.Strict); // strict: no Response may be sent
        var receiver = new NotificationReceiver(dispatcher.Object, 1);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 1, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 2, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 3, Notification())));
        Assert.That(receiver.DroppedNotifications, Is.EqualTo(2));
        Assert.That((await First(receiver)).PduType, Is.EqualTo(PduType.SNMPv2Trap));
    }

    private static Mock<IDispatcher> Answering(ConcurrentQueue<SnmpPdu> responses)
    {
        var dispatcher = new Mock<IDispatcher>(MockBehavior.Strict);
        dispatcher.Setup(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()))
            .Callback((ProcessPduParameters _, SnmpPdu response, CancellationToken _) => responses.Enqueue(response))
            .Returns(ValueTask.CompletedTask);
        return dispatcher;
    }

    private static List<ReceivedNotification> Drain(NotificationReceiver receiver)
    {
        receiver.Complete();
        return [.. receiver.ReadAllAsync().ToBlockingEnumerable()];
    }

    private static ProcessPduParameters From(ProcessPduParameters incoming, IPEndPoint source, string securityName) =>
        incoming with { SecurityName = new OctetString(securityName), TmStateReference = new TransportStateReference(TransportDomain.UdpIpv4, source) };

    [Test]
    public void RetransmittedInformIsAnsweredAgainButDeliveredOnce()
    {
        var responses = new ConcurrentQueue<SnmpPdu>();
        var receiver = new NotificationReceiver(Answering(responses).Object, 8);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 77, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 77, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 77, Notification())));
        Assert.That(Drain(receiver), Has.Count.EqualTo(1));
        Assert.That(receiver.DuplicateInforms, Is.EqualTo(2));
        Assert.That(responses.Select(r => (r.Type, r.RequestId)), Is.EqualTo(Enumerable.Repeat((PduType.Response, 77), 3)), "the originator may have lost the first Response");
    }

    [Test]
    public void InformsDifferingInSourceSecurityNameOrRequestIdAreNotDuplicates()
    {
        var responses = new ConcurrentQueue<SnmpPdu>();
        var receiver = new NotificationReceiver(Answering(responses).Object, 8);
        var inform = Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 5, Notification()));
        receiver.ProcessPdu(inform);
        receiver.ProcessPdu(From(inform, new IPEndPoint(IPAddress.Loopback, 16301), "public"));
        receiver.ProcessPdu(From(inform, Sender, "private"));
        receiver.ProcessPdu(inform with { Pdu = new Pdu(PduType.InformRequest, 6, Notification()) });
        Assert.That(Drain(receiver), Has.Count.EqualTo(4));
        Assert.That(receiver.DuplicateInforms, Is.Zero);
    }

    [Test]
    public void RepeatedTrapsAreAllDelivered()
    {
        var receiver = new NotificationReceiver(new Mock<IDispatcher>(MockBehavior.Strict).Object, 8);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 9, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 9, Notification())));
        Assert.That(Drain(receiver), Has.Count.EqualTo(2));
        Assert.That(receiver.DuplicateInforms, Is.Zero);
    }

    [Test]
    public void AnInformIsForgottenAfterMaxAge()
    {
        var clock = new FakeTimeProvider();
        var receiver = new NotificationReceiver(Answering(new ConcurrentQueue<SnmpPdu>()).Object, 8, timeProvider: clock);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 77, Notification())));
        clock.Advance(AnsweredInforms.MaxAge);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 77, Notification())));
        Assert.That(receiver.DuplicateInforms, Is.EqualTo(1), "still remembered at MaxAge");
        clock.Advance(TimeSpan.FromSeconds(1));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 77, Notification())));
        Assert.That(receiver.DuplicateInforms, Is.EqualTo(1));
        Assert.That(Drain(receiver), Has.Count.EqualTo(2), "a request-id reused after MaxAge is a new inform");
    }

    [Test]
    public void AnsweredInformsHoldAtMostCapacity()
    {
        var answered = new AnsweredInforms(new FakeTimeProvider());
        var response = new Pdu(PduType.Response, 0, ErrorStatus.NoError, 0, Notification());
        for (var id = 0; id <= AnsweredInforms.Capacity; id++)
        {
            answered.Add(Sender, new OctetString("public"), id, response);
        }

        Assert.That(answered.TryGetResponse(Sender, new OctetString("public"), 0, out _), Is.False, "the oldest is forgotten first");
        Assert.That(answered.TryGetResponse(Sender, new OctetString("public"), 1, out _), Is.True);
        Assert.That(answered.TryGetResponse(Sender, new OctetString("public"), AnsweredInforms.Capacity, out _), Is.True);
    }

    [Test]
    public void AnInformDroppedForAFullQueueIsNotRememberedAsAnswered()
    {
        var responses = new ConcurrentQueue<SnmpPdu>();
        var receiver = new NotificationReceiver(Answering(responses).Object, 1);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.SNMPv2Trap, 1, Notification())));
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 2, Notification())));
        Assert.That(receiver.DroppedNotifications, Is.EqualTo(1));
        Assert.That(responses, Is.Empty);
        Assert.That(Drain(receiver), Has.Count.EqualTo(1));
        Assert.That(receiver.DuplicateInforms, Is.Zero);
    }

    [Test]
    public void NotificationWithoutSysUpTimeAndTrapOidIsCountedNotQueued()
    {
        var receiver = new NotificationReceiver(new Mock<IDispatcher>(MockBehavior.Strict).Object, 4);
        receiver.ProcessPdu(Incoming(SnmpVersion.SNMPv2c, new Pdu(PduType.InformRequest, 2, new VarBindList(IfIndex))));
        Assert.That(receiver.MalformedNotifications, Is.EqualTo(1));
        receiver.Complete();
        Assert.That(receiver.ReadAllAsync().ToBlockingEnumerable().ToList(), Is.Empty);
    }
}
