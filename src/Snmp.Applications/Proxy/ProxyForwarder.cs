using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Applications.Proxy;

/// <summary>
/// The Proxy Forwarder application of RFC 3413 section 3.5. Registered with the dispatcher for
/// the contextEngineIDs it forwards (registerContextEngineID), it receives requests and
/// notifications through processPdu, asks <see cref="IProxyTargetTranslation"/> for the outgoing
/// management target(s) (section 7), sends the (possibly translated, RFC 3584 4.2) PDU with a new
/// request-id through the Command Generator's sendPdu exchange, and returns the answer through
/// returnResponsePdu with the original request-id.
/// <list type="bullet">
/// <item>No target, or one that cannot be sent to (3.5.1.1 steps 2 and 5): snmpProxyDrops, and an
/// SNMPv3 requester gets a Report of it (SNMPv1 and SNMPv2c have no Reports).</item>
/// <item>A Report from downstream (3.5.1.3): the same, as the requester cannot use the downstream
/// engine's Report.</item>
/// <item>No answer within the target's timeout and retries (3.5.1.1 step 7): the cached request is
/// forgotten and nothing is returned; the requester's own timeout tells it.</item>
/// <item>Notifications (3.5.2): a trap goes to every target; an inform is sent as an inform to each
/// (a trap to SNMPv1 targets) and acknowledged upstream when the first target acknowledges it.</item>
/// </list>
/// Thread-safe; each message is handled on its own task.
/// </summary>
public sealed class ProxyForwarder : IPduProcessor
{
    /// <summary>The PDU types a proxy forwarder registers for: requests and notifications.</summary>
    public static IReadOnlyCollection<PduType> PduTypes { get; } =
    [
        PduType.GetRequest, PduType.GetNextRequest, PduType.GetBulkRequest, PduType.SetRequest,
        PduType.TrapV1, PduType.SNMPv2Trap, PduType.InformRequest,
    ];

    /// <summary>How many times a GetNext for an SNMPv1 requester skips Counter64 instances before giving up with genErr (RFC 3584 4.2.2.1).</summary>
    internal const int MaxCounter64Skips = 64;

    private readonly IDispatcher _dispatcher;
    private readonly CommandGenerator _commandGenerator;
    private readonly NotificationOriginator _originator;
    private readonly IProxyTargetTranslation _translation;
    private readonly SnmpStatistics _statistics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private long _forwarded;
    private long _timeouts;
    private long _notifications;
    private int _inProgress;

    /// <summary>Creates the forwarder.</summary>
    /// <param name="dispatcher">Where answers go (returnResponsePdu).</param>
    /// <param name="commandGenerator">Whose sendPdu exchange forwards requests and informs (request-ids, retransmission, the cache of 3.5.1.1 step 6).</param>
    /// <param name="originator">Sends forwarded traps.</param>
    /// <param name="translation">Management target translation (section 7).</param>
    /// <param name="statistics">Where snmpProxyDrops is counted.</param>
    /// <param name="logger">Where to log (per message only at Debug).</param>
    public ProxyForwarder(IDispatcher dispatcher, CommandGenerator commandGenerator, NotificationOriginator originator, IProxyTargetTranslation translation,
        SnmpStatistics statistics, ILogger? logger = null)
    {
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _commandGenerator = commandGenerator ?? throw new ArgumentNullException(nameof(commandGenerator));
        _originator = originator ?? throw new ArgumentNullException(nameof(originator));
        _translation = translation ?? throw new ArgumentNullException(nameof(translation));
        _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Requests answered with the downstream agent's Response.</summary>
    public long RequestsForwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Forwarded requests (and informs) nobody answered in time: forgotten, nothing returned.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Notifications sent on to a target (each target counts once).</summary>
    public long NotificationsForwarded => Interlocked.Read(ref _notifications);

    /// <summary>Messages being forwarded.</summary>
    internal int InProgress => Volatile.Read(ref _inProgress);

    /// <inheritdoc />
    public void ProcessPdu(ProcessPduParameters pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        _ = ProcessAsync(pdu, _stopping.Token);
    }

    /// <summary>Stops forwarding: what is waiting for a downstream answer is abandoned.</summary>
    public void Stop() => _stopping.Cancel();

    /// <summary>processPdu as a task: forwards the message and returns whatever answer is due.</summary>
    internal async Task ProcessAsync(ProcessPduParameters incoming, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _inProgress);
        try
        {
            switch (incoming.Pdu.Type)
            {
                case PduType.TrapV1 or PduType.SNMPv2Trap:
                    await ForwardTrapAsync(incoming, cancellationToken).ConfigureAwait(false);
                    break;
                case PduType.InformRequest:
                    await ForwardInformAsync(incoming, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await ForwardRequestAsync(incoming, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The agent is stopping; nobody is left to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _statistics.CountDrop(EngineCounter.InternalErrors);
            _logger.LogWarning(e, "A {PduType} from {Source} could not be forwarded", incoming.Pdu.Type, incoming.TransportAddress);
        }
        finally
        {
            Interlocked.Decrement(ref _inProgress);
        }
    }

    /// <summary>RFC 3413 3.5.1.1 (and 3.5.1.2, 3.5.1.3 for what comes back).</summary>
    private async Task ForwardRequestAsync(ProcessPduParameters incoming, CancellationToken cancellationToken)
    {
        var type = incoming.Pdu.Type == PduType.SetRequest ? ProxyType.Write : ProxyType.Read;
        // Step 1: translate the incoming management target information (section 7.1).
        var translation = await TranslateRequestAsync(type, incoming, cancellationToken).ConfigureAwait(false);
        if (translation.Target is not { } target)
        {
            // Step 2.
            await DropAsync(incoming, translation.Reason ?? "no outgoing management target", cancellationToken).ConfigureAwait(false);
            return;
        }

        // Step 3: a new PDU, translated for the target's version (the request-id is made by the sender).
        var request = ProxyPduTranslation.ForDownstream(incoming.Pdu, target.Target.MessageProcessingModel);
        if (request is null)
        {
            await DropAsync(incoming, $"target {target.Name} speaks SNMPv1, which cannot carry a Counter64 value", cancellationToken).ConfigureAwait(false);
            return;
        }

        // Steps 4 to 7: sendPdu, the cache of what answers it, the wait.
        var answer = await ExchangeAsync(incoming, target, request, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return;
        }

        if (incoming.MessageProcessingModel == SnmpVersion.SNMPv1 && target.Target.MessageProcessingModel != SnmpVersion.SNMPv1 &&
            incoming.Pdu.Type == PduType.GetNextRequest)
        {
            answer = await SkipCounter64Async(incoming, target, answer, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                return;
            }
        }

        // 3.5.1.2 steps 3 and 4: translated, with the original request-id, through returnResponsePdu.
        // The requester's maxSizeResponseScopedPDU holds as for the Command Responder (RFC 3416 4.2: a GetBulk cut, else tooBig).
        var response = CommandResponder.FitToSize(incoming,
            ProxyPduTranslation.ForUpstream(answer, incoming.Pdu, incoming.MessageProcessingModel, target.Target.MessageProcessingModel), _statistics);
        if (response is null)
        {
            return;
        }

        // Counted before it leaves: whoever gets the response must find it counted.
        Interlocked.Increment(ref _forwarded);
        await _dispatcher.ReturnResponsePduAsync(incoming, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one forwarded request and returns the Response, or null when the request ended
    /// otherwise (a Report or a failed send: dropped and counted; a timeout: forgotten).
    /// </summary>
    private async Task<Pdu?> ExchangeAsync(ProcessPduParameters incoming, ProxyTarget target, SnmpPdu request, CancellationToken cancellationToken)
    {
        ProcessResponsePduParameters answered;
        try
        {
            answered = await _commandGenerator.SendAsync(target.Target, request, target.Policy, cancellationToken).ConfigureAwait(false);
        }
        catch (SnmpTimeoutException)
        {
            // Step 7: the time interval expired; the cached information is removed, nothing returned.
            Interlocked.Increment(ref _timeouts);
            _logger.LogDebug("A {PduType} forwarded to {Target} was not answered in time", request.Type, target.Name);
            return null;
        }
        catch (Exception e) when (e is SnmpException or System.Net.Sockets.SocketException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // Step 5: sendPdu failed.
            await DropAsync(incoming, $"sending to target {target.Name} failed: {e.Message}", cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (answered.Pdu is not Pdu { Type: PduType.Response } response)
        {
            // 3.5.1.3: an Internal-Class PDU (a Report) answers the forwarded request.
            await DropAsync(incoming, $"target {target.Name} answered with a Report ({SnmpReportException.Describe(answered.Pdu.VarBinds)})", cancellationToken).ConfigureAwait(false);
            return null;
        }

        return response;
    }

    /// <summary>
    /// RFC 3584 4.2.2.1: an SNMPv1 requester's GetNext that found Counter64 instances asks again
    /// from each of them until it finds something SNMPv1 can carry (at most <see cref="MaxCounter64Skips"/> times).
    /// </summary>
    private async Task<Pdu?> SkipCounter64Async(ProcessPduParameters incoming, ProxyTarget target, Pdu answer, CancellationToken cancellationToken)
    {
        var results = answer.VarBinds.ToArray();
        for (int round = 0; round < MaxCounter64Skips; round++)
        {
            var positions = ProxyPduTranslation.Counter64Positions(new Pdu(PduType.Response, answer.RequestId, new VarBindList(results)));
            if (positions.Length == 0)
            {
                return new Pdu(PduType.Response, answer.RequestId, new VarBindList(results));
            }

            var again = new Pdu(PduType.GetNextRequest, 0, new VarBindList(positions.Select(i => new VarBind(results[i].Oid, Null.Instance))));
            var next = await ExchangeAsync(incoming, target, again, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return null;
            }

            if (next.ErrorStatus != ErrorStatus.NoError || next.VarBinds.Count != positions.Length)
            {
                int index = next.ErrorIndex >= 1 && next.ErrorIndex <= positions.Length ? positions[next.ErrorIndex - 1] + 1 : 0;
                return new Pdu(PduType.Response, answer.RequestId, next.ErrorStatus == ErrorStatus.NoError ? ErrorStatus.GenErr : next.ErrorStatus, index, answer.VarBinds);
            }

            for (int j = 0; j < positions.Length; j++)
            {
                results[positions[j]] = next.VarBinds[j];
            }
        }

        return new Pdu(PduType.Response, answer.RequestId, ErrorStatus.GenErr, 0, answer.VarBinds);
    }

    /// <summary>RFC 3413 3.5.2 for an unconfirmed notification: sent to every target the translation gives.</summary>
    private async Task ForwardTrapAsync(ProcessPduParameters incoming, CancellationToken cancellationToken)
    {
        var targets = await TranslateNotificationAsync(ProxyType.Trap, incoming, cancellationToken).ConfigureAwait(false);
        if (targets.Count == 0)
        {
            // Not a Confirmed Class PDU: snmpProxyDrops does not count it, and there is no one to tell.
            _logger.LogDebug("A {PduType} from {Source} matched no proxy entry of type trap", incoming.Pdu.Type, incoming.TransportAddress);
            return;
        }

        await Task.WhenAll(targets.Select(t => SendTrapAsync(incoming, t, cancellationToken))).ConfigureAwait(false);
    }

    private async Task SendTrapAsync(ProcessPduParameters incoming, ProxyTarget target, CancellationToken cancellationToken)
    {
        try
        {
            if (incoming.Pdu is TrapV1Pdu trap)
            {
                if (target.Target.MessageProcessingModel == SnmpVersion.SNMPv1)
                {
                    await _originator.SendV1TrapAsync(target.Target, trap, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _originator.SendTrapAsync(target.Target, ProxyPduTranslation.NotificationOf(trap, incoming.SecurityName), cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await _originator.SendTrapAsync(target.Target, incoming.Pdu.VarBinds, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _notifications);
        }
        catch (Exception e) when (e is SnmpException or System.Net.Sockets.SocketException or ArgumentException or InvalidOperationException)
        {
            _logger.LogDebug("A {PduType} could not be forwarded to {Target}: {Reason}", incoming.Pdu.Type, target.Name, e.Message);
        }
    }

    /// <summary>
    /// RFC 3413 3.5.2 for an InformRequest: an inform to each target (SNMPv1 targets, which have
    /// none, get the trap RFC 3584 3.2 maps it to); the first acknowledgement is returned upstream
    /// (a Response with the inform's variable-bindings, RFC 3416 4.2.7), none when nobody acknowledges.
    /// </summary>
    private async Task ForwardInformAsync(ProcessPduParameters incoming, CancellationToken cancellationToken)
    {
        var targets = await TranslateNotificationAsync(ProxyType.Inform, incoming, cancellationToken).ConfigureAwait(false);
        if (targets.Count == 0)
        {
            await DropAsync(incoming, "no outgoing management target for the inform", cancellationToken).ConfigureAwait(false);
            return;
        }

        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = targets.Select(async target =>
        {
            try
            {
                if (target.Target.MessageProcessingModel == SnmpVersion.SNMPv1)
                {
                    await _originator.SendTrapAsync(target.Target, incoming.Pdu.VarBinds, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _originator.InformAsync(target.Target, incoming.Pdu.VarBinds, target.Policy, cancellationToken).ConfigureAwait(false);
                    acknowledged.TrySetResult();
                }

                Interlocked.Increment(ref _notifications);
            }
            catch (SnmpTimeoutException)
            {
                Interlocked.Increment(ref _timeouts);
            }
            catch (Exception e) when (e is SnmpException or System.Net.Sockets.SocketException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                _logger.LogDebug("An inform could not be forwarded to {Target}: {Reason}", target.Name, e.Message);
            }
        }).ToList();
        var all = Task.WhenAll(sends);
        if (await Task.WhenAny(acknowledged.Task, all).ConfigureAwait(false) == acknowledged.Task)
        {
            var response = new Pdu(PduType.Response, incoming.Pdu.RequestId, ErrorStatus.NoError, 0, incoming.Pdu.VarBinds);
            await _dispatcher.ReturnResponsePduAsync(incoming, response, cancellationToken).ConfigureAwait(false);
        }

        await all.ConfigureAwait(false);
    }

    private async ValueTask<ProxyTranslation> TranslateRequestAsync(ProxyType type, ProcessPduParameters incoming, CancellationToken cancellationToken)
    {
        try
        {
            return await _translation.TranslateRequestAsync(type, incoming, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SnmpException or System.Net.Sockets.SocketException or ArgumentException or InvalidOperationException)
        {
            // Preparing the target (an SNMPv3 target's discovery, a user it cannot send as) failed.
            return ProxyTranslation.None(e.Message);
        }
    }

    private async ValueTask<IReadOnlyList<ProxyTarget>> TranslateNotificationAsync(ProxyType type, ProcessPduParameters incoming, CancellationToken cancellationToken)
    {
        try
        {
            return await _translation.TranslateNotificationAsync(type, incoming, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SnmpException or System.Net.Sockets.SocketException or ArgumentException or InvalidOperationException)
        {
            _logger.LogDebug("The targets of a {PduType} from {Source} could not be prepared: {Reason}", incoming.Pdu.Type, incoming.TransportAddress, e.Message);
            return [];
        }
    }

    /// <summary>
    /// RFC 3413 3.5.1.1 step 2: snmpProxyDrops is incremented and returnResponsePdu called with an
    /// error statusInformation naming it: a Report for an SNMPv3 requester; SNMPv1 and SNMPv2c
    /// have no Report, so theirs is dropped silently.
    /// </summary>
    private async Task DropAsync(ProcessPduParameters incoming, string reason, CancellationToken cancellationToken)
    {
        long value = _statistics.CountDrop(SnmpCounter.SnmpProxyDrops);
        _logger.LogDebug("A {PduType} from {Source} for context engine {ContextEngineId} was not forwarded (snmpProxyDrops): {Reason}",
            incoming.Pdu.Type, incoming.TransportAddress, incoming.ContextEngineId.ToHex(), reason);
        if (incoming.MessageProcessingModel == SnmpVersion.SNMPv3 && incoming.Pdu.Type.IsConfirmed())
        {
            var report = SnmpCounterObjects.ReportPdu(incoming.Pdu.RequestId, SnmpCounter.SnmpProxyDrops, value);
            await _dispatcher.ReturnResponsePduAsync(incoming, report, cancellationToken).ConfigureAwait(false);
        }
    }
}
