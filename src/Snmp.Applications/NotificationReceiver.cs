using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// The Notification Receiver application of RFC 3413 section 3.4 for SNMPv1 and SNMPv2c:
/// registered with the dispatcher for Trap, SNMPv2-Trap and InformRequest PDUs, it queues each
/// notification as a <see cref="ReceivedNotification"/> in a bounded queue and answers an
/// InformRequest with a Response (returnResponsePdu) only once its place in the queue is taken,
/// and before the reader can see it (so a reader that stops, and disposes the engine, on the
/// notification it waited for does not stop its Response). When
/// the queue is full, a notification is dropped and counted in <see cref="DroppedNotifications"/>
/// (an unanswered inform is sent again by its originator); memory stays bounded. An inform is
/// delivered once: a retransmission of one already answered (same transport address,
/// securityName and request-id, remembered for a bounded time) gets the same Response again
/// but is not queued, and is counted in <see cref="DuplicateInforms"/>. Traps are unconfirmed and
/// may legitimately repeat, so they are never suppressed.
/// </summary>
public sealed class NotificationReceiver : IPduProcessor
{
    /// <summary>The PDU types a notification receiver registers for (RFC 3413 section 3.4).</summary>
    public static IReadOnlyCollection<PduType> PduTypes { get; } = [PduType.TrapV1, PduType.SNMPv2Trap, PduType.InformRequest];

    private readonly IDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly Channel<ReceivedNotification> _queue;
    private long _dropped;
    private long _malformed;
    private long _duplicates;
    private readonly AnsweredInforms _answered;
    private readonly Lock _admission = new();
    private readonly int _capacity;
    // Places taken in the queue: by notifications written or about to be, until the reader takes them.
    private int _queued;

    /// <summary>Creates a receiver whose queue holds at most <paramref name="capacity"/> notifications.</summary>
    /// <param name="dispatcher">Where inform Responses go (returnResponsePdu).</param>
    /// <param name="capacity">How many notifications may wait for the reader.</param>
    /// <param name="logger">Where to log; nothing per notification above Debug.</param>
    /// <param name="timeProvider">The clock that ages remembered informs; the system clock when null.</param>
    public NotificationReceiver(IDispatcher dispatcher, int capacity, ILogger<NotificationReceiver>? logger = null, TimeProvider? timeProvider = null)
    {
        _answered = new AnsweredInforms(timeProvider ?? TimeProvider.System);
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _capacity = capacity;
        // Bounded by _queued, so that an inform's place is taken before its Response leaves and
        // the notification is written only after it.
        _queue = Channel.CreateUnbounded<ReceivedNotification>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    }

    /// <summary>Notifications dropped because the queue was full.</summary>
    public long DroppedNotifications => Interlocked.Read(ref _dropped);

    /// <summary>SNMPv2 notifications dropped because they did not start with sysUpTime.0 and snmpTrapOID.0 (RFC 3416 section 4.2.6), or SNMPv1 traps with an undefined generic-trap.</summary>
    public long MalformedNotifications => Interlocked.Read(ref _malformed);

    /// <summary>Retransmitted informs recognised as already answered: answered again, not queued again.</summary>
    public long DuplicateInforms => Interlocked.Read(ref _duplicates);

    /// <summary>Every notification received, in arrival order, until <see cref="Complete"/> or cancellation.</summary>
    public async IAsyncEnumerable<ReceivedNotification> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var notification in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Decrement(ref _queued);
            yield return notification;
        }
    }

    /// <summary>Ends <see cref="ReadAllAsync"/> once the queued notifications are read; later ones are dropped.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <inheritdoc />
    public void ProcessPdu(ProcessPduParameters pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var notification = ToNotification(pdu);
        if (notification is null)
        {
            Interlocked.Increment(ref _malformed);
            _logger.LogDebug("Malformed {PduType} from {Source} dropped", pdu.Pdu.Type, pdu.TransportAddress);
            return;
        }

        if (!notification.IsInform)
        {
            if (!TakePlace())
            {
                CountDropped(pdu);
            }
            else if (!_queue.Writer.TryWrite(notification))
            {
                Interlocked.Decrement(ref _queued);
                CountDropped(pdu);
            }

            return;
        }

        // RFC 3416 4.2.7: the Response carries the inform's request-id and variable-bindings.
        Pdu response;
        bool deliver = false;
        lock (_admission) // a retransmission racing its original is still seen as one
        {
            if (_answered.TryGetResponse(pdu.TransportAddress, pdu.SecurityName, pdu.Pdu.RequestId, out response))
            {
                Interlocked.Increment(ref _duplicates);
                _logger.LogDebug("Retransmitted inform {RequestId} from {Source} answered again, not delivered again", pdu.Pdu.RequestId, pdu.TransportAddress);
            }
            else if (TakePlace())
            {
                response = new Pdu(PduType.Response, pdu.Pdu.RequestId, ErrorStatus.NoError, 0, pdu.Pdu.VarBinds);
                _answered.Add(pdu.TransportAddress, pdu.SecurityName, pdu.Pdu.RequestId, response);
                deliver = true;
            }
            else
            {
                CountDropped(pdu);
                return;
            }
        }

        _ = deliver ? RespondThenQueueAsync(pdu, response, notification) : RespondAsync(pdu, response);
    }

    // After the Response has left (UDP sends at once, so this completes in the call; a slower
    // transport finishes on its own), so that a reader that ends everything on this notification
    // cannot stop it.
    private async Task RespondThenQueueAsync(ProcessPduParameters request, Pdu response, ReceivedNotification notification)
    {
        await RespondAsync(request, response).ConfigureAwait(false);
        if (!_queue.Writer.TryWrite(notification))
        {
            Interlocked.Decrement(ref _queued);
            CountDropped(request); // completed meanwhile
        }
    }

    // A place in the queue, or false when it is full.
    private bool TakePlace()
    {
        if (Interlocked.Increment(ref _queued) <= _capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _queued);
        return false;
    }

    private void CountDropped(ProcessPduParameters pdu)
    {
        Interlocked.Increment(ref _dropped);
        _logger.LogDebug("{PduType} from {Source} dropped: the notification queue is full", pdu.Pdu.Type, pdu.TransportAddress);
    }

    private async Task RespondAsync(ProcessPduParameters request, Pdu response)
    {
        try
        {
            await _dispatcher.ReturnResponsePduAsync(request, response, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The engine is shutting down; the originator will time out or retransmit elsewhere.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "The Response to an inform from {Source} could not be sent", request.TransportAddress);
        }
    }

    private static ReceivedNotification? ToNotification(ProcessPduParameters parameters)
    {
        var pdu = parameters.Pdu;
        if (pdu is TrapV1Pdu trap)
        {
            if (trap.GenericTrap is < GenericTrap.ColdStart or > GenericTrap.EnterpriseSpecific)
            {
                return null;
            }

            var varBinds = Rfc3584NotificationTranslation.ToSnmpV2(trap, parameters.SecurityName);
            return new ReceivedNotification(parameters.MessageProcessingModel, pdu.Type, parameters.TransportAddress, parameters.SecurityName,
                trap.TimeStamp, (ObjectIdentifier)varBinds[1].Value, varBinds, trap) { SecurityModel = parameters.SecurityModel, SecurityLevel = parameters.SecurityLevel, SecurityEngineId = parameters.SecurityEngineId, ContextEngineId = parameters.ContextEngineId, ContextName = parameters.ContextName };
        }

        var list = pdu.VarBinds;
        if (list.Count < 2 || !list[0].Oid.Equals(Rfc3584NotificationTranslation.SysUpTime0) || list[0].Value is not TimeTicks sysUpTime ||
            !list[1].Oid.Equals(Rfc3584NotificationTranslation.SnmpTrapOid0) || list[1].Value is not ObjectIdentifier trapOid)
        {
            return null;
        }

        return new ReceivedNotification(parameters.MessageProcessingModel, pdu.Type, parameters.TransportAddress, parameters.SecurityName,
            sysUpTime, trapOid, list, null) { SecurityModel = parameters.SecurityModel, SecurityLevel = parameters.SecurityLevel, SecurityEngineId = parameters.SecurityEngineId, ContextEngineId = parameters.ContextEngineId, ContextName = parameters.ContextName };
    }
}
