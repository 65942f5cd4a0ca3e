using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Applications.Telemetry;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// What the Command Generator and the Notification Originator share to send confirmed-class
/// PDUs (requests and InformRequests, RFC 3413 sections 3.1 and 3.3): one request-id space,
/// the sendPdu / processResponsePdu exchange through a PendingRequest, and retransmission on a
/// <see cref="RetransmissionSchedule"/> until the first response or the timeout. Thread-safe.
/// </summary>
internal sealed class ConfirmedPduSender
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);
    private readonly IDispatcher _dispatcher;
    private readonly IReadOnlyDictionary<SecurityModel, IOriginatorSecurityModel> _securityModels;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<PendingRequest, byte> _pending = new();
    private readonly AnswerScheduler _answers;
    private int _lastRequestId;
    private long _retransmissions;
    private long _timeouts;
    private volatile bool _shutdown;

    public ConfirmedPduSender(IDispatcher dispatcher, IEnumerable<IOriginatorSecurityModel> securityModels, TimeProvider timeProvider, ILogger logger)
    {
        _dispatcher = dispatcher;
        // The last registered for a number wins, as a plug-in module may take a model over.
        var models = new Dictionary<SecurityModel, IOriginatorSecurityModel>();
        foreach (var model in securityModels)
        {
            models[model.SecurityModel] = model;
        }

        _securityModels = models;
        _timeProvider = timeProvider;
        _logger = logger;
        _answers = new AnswerScheduler(AnswerScheduler.DefaultMaxWorkers, "SNMP answers", logger);
        // A random start makes request-ids of successive engines on one host unlikely to collide.
        _lastRequestId = Random.Shared.Next(1, int.MaxValue / 2);
    }

    /// <summary>
    /// The engine's counters, when the composition root gives them: a timeout then says how many
    /// answers the engine dropped meanwhile because they came from another address than their
    /// request went to (EngineCounter.ResponsesFromUnexpectedAddress), the signature of a
    /// transport whose addresses do not compare by value, or of a multi-homed agent.
    /// </summary>
    internal SnmpStatistics? Statistics { get; set; }

    /// <summary>
    /// The engine's metrics and spans of each request, when the composition root gives them
    /// (see <see cref="RequestTelemetry"/>); they cost nothing while nobody listens.
    /// </summary>
    internal RequestTelemetry? Telemetry { get; set; }

    /// <summary>The number of PDUs waiting for a response.</summary>
    public int PendingRequests => _pending.Count;

    /// <summary>How many times a PDU was sent again because its refresh period passed unanswered.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>How many PDUs got no answer within their timeout.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>
    /// Sends the confirmed-class <paramref name="request"/> with a fresh request-id and returns
    /// the first response to arrive for it, without checking its contents.
    /// </summary>
    /// <remarks>
    /// <c>callerBlocks</c> is true when the caller blocks on the returned task and attaches no
    /// code of its own to it (the facade's blocking forms): the response then runs the rest of
    /// the request on the thread that received it, up to waking the caller, with no thread-pool
    /// hand-off. Otherwise the response's continuations run on the thread that received it when
    /// the transport keeps receiving on another thread meanwhile
    /// (<see cref="TransportStateReference.DeliveringThreadMayBlock"/>, a manager's UDP mapping),
    /// and else on the engine's <see cref="AnswerScheduler"/> (an idle one of a few threads of its
    /// own): either way a caller's continuation that blocks never holds up the receiving or
    /// another answer.
    /// <c>onCallersThread</c> (with <c>callerBlocks</c>) says that this call runs on the blocked
    /// caller's own thread: it then borrows an exchange from the transport if it lends one
    /// (<see cref="IDispatcher.RentExchange"/>), sends through it and reads the answer itself,
    /// so that the answer wakes only this thread, and the whole request runs on it.
    /// </remarks>
    public async Task<ProcessResponsePduParameters> SendAsync(SnmpTarget target, SnmpPdu request, RetransmissionPolicy policy, CancellationToken cancellationToken, bool callerBlocks = false, bool onCallersThread = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        var schedule = new RetransmissionSchedule(policy);
        if (_shutdown)
        {
            throw ShutdownException();
        }

        var pdu = WithRequestId(request, NextRequestId());
        var sendPduRequest = new SendPduParameters(
            target.TransportDomain, target.TransportAddress, target.MessageProcessingModel, target.SecurityModel,
            target.SecurityName, target.SecurityLevel, target.ContextEngineId, target.ContextName, pdu, ExpectResponse: true)
        {
            SecurityEngineId = target.SecurityEngineId,
        };
        _securityModels.TryGetValue(target.SecurityModel, out var securityModel);
        var pending = new PendingRequest(target.SecurityLevel, securityModel, callerBlocks ? null : _answers, policy.EndOnUnauthenticatedReport);
        _pending.TryAdd(pending, 0);
        if (_shutdown)
        {
            // Shutdown ran between the check above and the registration: it may have missed us.
            pending.Fail(ShutdownException());
        }

        long unexpectedBefore = Statistics?[EngineCounter.ResponsesFromUnexpectedAddress] ?? 0;
        long started = _timeProvider.GetTimestamp();
        int transmissions = 0;
        bool resentAfterReport = false;
        bool resendNow = false;
        var handle = PduHandle.None;
        var loan = callerBlocks && onCallersThread ? ExchangeLoan.Rent(_dispatcher, sendPduRequest) : default;
        RequestTelemetry.Observation? observation = null;
        try
        {
            // Inside the try: a listener's callback that throws must not leak the pending request.
            observation = Telemetry?.Start(target, pdu);
            // RFC 3413 3.1: send, and send again on the schedule until the first response or the timeout.
            while (true)
            {
                loan.KeepOnlyWhileUsable();
                var elapsed = _timeProvider.GetElapsedTime(started);
                if (schedule.HasTimedOut(elapsed))
                {
                    throw TimedOut(target, pdu, policy, transmissions, securityModel, pending, unexpectedBefore);
                }

                // The schedule, not the wake-ups, decides, as timers may fire early or late.
                if (resendNow || !pending.Task.IsCompleted && schedule.IsTransmissionDue(elapsed, transmissions))
                {
                    resendNow = false;
                    var previous = handle;
                    handle = await _dispatcher.SendPduAsync(loan.Route(sendPduRequest), pending, cancellationToken).ConfigureAwait(false);
                    transmissions++;
                    if (transmissions == 1)
                    {
                        // The schedule counts from the first transmission (RetransmissionPolicy),
                        // not from the start of a send that first opened a (D)TLS session: a
                        // handshake longer than RefreshPeriod would otherwise retransmit at once
                        // (a Set or an inform delivered twice).
                        started = _timeProvider.GetTimestamp();
                    }
                    ReleaseEarlierTransmission(previous);
                }

                var wait = schedule.NextWakeUp(transmissions) - _timeProvider.GetElapsedTime(started);
                if (wait < MinimumWait)
                {
                    wait = MinimumWait;
                }

                // One timer per wait, no linked token source, no Task.Delay and Task.WhenAny (issue 13).
                var answered = pending.Task;
                var waited = pending.WaitAsync(wait, _timeProvider, cancellationToken, loan.Exchange);
                loan.ReceiveUntil(_dispatcher, waited);
                if (await waited.ConfigureAwait(false))
                {
                    var response = await answered.ConfigureAwait(false);
                    if (!resentAfterReport && response.Pdu.Type == PduType.Report && securityModel?.ResendAfterReport(response) == true)
                    {
                        // The Report re-synchronised the security model (USM: an authenticated
                        // usmStatsNotInTimeWindows, RFC 3414 4): one immediate retry.
                        resentAfterReport = resendNow = true;
                        pending.Reset();
                        if (_shutdown)
                        {
                            pending.Fail(ShutdownException());
                        }

                        continue;
                    }

                    observation?.Answered(response, transmissions, _timeProvider.GetElapsedTime(started));
                    return response;
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (Exception e) when (observation is not null && observation.Failed(e, transmissions, _timeProvider.GetElapsedTime(started)))
        {
            throw; // never reached: Failed records the failure and returns false, so nothing is caught
        }
        finally
        {
            _dispatcher.ReleasePduHandle(handle);
            _pending.TryRemove(pending, out _);
            loan.Return();
        }
    }

    // The message processing model routes the shared request-id to the newest handle, so a late
    // answer to an earlier transmission still reaches the request; the earlier handle can go.
    private void ReleaseEarlierTransmission(PduHandle previous)
    {
        if (!previous.IsNone)
        {
            _dispatcher.ReleasePduHandle(previous);
            Interlocked.Increment(ref _retransmissions);
        }
    }

    private SnmpTimeoutException TimedOut(SnmpTarget target, SnmpPdu pdu, RetransmissionPolicy policy, int transmissions, IOriginatorSecurityModel? securityModel, PendingRequest pending, long unexpectedBefore)
    {
        _logger.LogDebug("Request {RequestId} to {Target} timed out after {Transmissions} transmissions", pdu.RequestId, target.TransportAddress, transmissions);
        long unexpected = (Statistics?[EngineCounter.ResponsesFromUnexpectedAddress] ?? 0) - unexpectedBefore;
        Interlocked.Increment(ref _timeouts);
        return new SnmpTimeoutException(target.TransportAddress, policy.Timeout, transmissions, ExplainTimeout(securityModel, target, pending.LastLowerLevelReport, unexpected));
    }

    /// <summary>
    /// A socket of the blocked caller's own, lent by the transport (<see cref="IDispatcher.RentExchange"/>):
    /// the request leaves through it and the caller's thread reads the answer itself, so that the
    /// answer wakes only that thread. Given back when it closes, when a wait went asynchronous
    /// after all (the request then goes on through the shared mapping), and at the end.
    /// </summary>
    private struct ExchangeLoan
    {
        private readonly int _borrower;
        private readonly SendPduParameters? _throughExchange;

        private ExchangeLoan(ITransportExchange exchange, SendPduParameters request)
        {
            _borrower = Environment.CurrentManagedThreadId;
            Exchange = exchange;
            _throughExchange = request with { TransportMapping = exchange };
        }

        public ITransportExchange? Exchange { get; private set; }

        public static ExchangeLoan Rent(IDispatcher dispatcher, SendPduParameters request) =>
            dispatcher.RentExchange(request.TransportDomain) is { } exchange ? new ExchangeLoan(exchange, request) : default;

        /// <summary>The request as it leaves: through the exchange while it is lent.</summary>
        public readonly SendPduParameters Route(SendPduParameters request) => Exchange is null ? request : _throughExchange!;

        public void KeepOnlyWhileUsable()
        {
            if (Exchange is not null && (!Exchange.IsOpen || Environment.CurrentManagedThreadId != _borrower))
            {
                Return();
            }
        }

        // The borrower reads its exchange until the wait ends: each message goes through the
        // dispatcher as the receive thread's would, and the answer ends the wait on this thread;
        // the timer, a cancellation or a shutdown end it from elsewhere by interrupting the receive.
        public readonly void ReceiveUntil(IDispatcher dispatcher, ValueTask<bool> waited)
        {
            if (Exchange is not { } exchange || Environment.CurrentManagedThreadId != _borrower)
            {
                return;
            }

            while (!waited.IsCompleted && exchange.IsOpen)
            {
                if (exchange.Receive(out var wholeMsg, out var tmStateReference))
                {
                    dispatcher.ProcessIncomingMessage(wholeMsg, tmStateReference!);
                }
            }
        }

        public void Return()
        {
            Exchange?.Return();
            Exchange = null;
        }
    }

    /// <summary>Fails every pending PDU with <see cref="ObjectDisposedException"/> and refuses new ones.</summary>
    public void Shutdown()
    {
        _shutdown = true;
        foreach (var pending in _pending.Keys)
        {
            pending.Fail(ShutdownException());
        }

        _answers.Dispose();
    }

    private static ObjectDisposedException ShutdownException() =>
        new("CommandGenerator", "The SNMP engine was shut down before the request completed.");

    public int NextRequestId()
    {
        // Positive 31-bit ids, never 0: some agents treat 0 specially.
        while (true)
        {
            int id = Interlocked.Increment(ref _lastRequestId) & int.MaxValue;
            if (id != 0)
            {
                return id;
            }
        }
    }

    private static SnmpPdu WithRequestId(SnmpPdu pdu, int requestId) => pdu switch
    {
        Pdu p => p.WithRequestId(requestId),
        BulkPdu b => b.WithRequestId(requestId),
        _ => throw new UnreachableException($"{pdu.Type} has no request-id."),
    };

    /// <summary>
    /// Why nothing answered, as far as is known: what the security model knows of the engine
    /// (USM: a refused clock) and a Report below the request's level, which could not end it
    /// (that would let anyone on the path cancel requests) but says what probably went wrong.
    /// </summary>
    private static string? ExplainTimeout(IOriginatorSecurityModel? securityModel, SnmpTarget target, ProcessResponsePduParameters? lowerLevelReport, long unexpectedAddresses)
    {
        var model = target.ContextEngineId.Length > 0 ? securityModel?.ExplainTimeout(target.ContextEngineId) : null;
        var report = lowerLevelReport is null ? null : $"meanwhile an unauthenticated report claimed {SnmpReportException.Describe(lowerLevelReport.Pdu.VarBinds)}";
        // Counted engine-wide, so it may include other requests' answers; it is still the clue
        // to give when nothing answered this one.
        var addresses = unexpectedAddresses <= 0 ? null
            : $"meanwhile {unexpectedAddresses} answer{(unexpectedAddresses == 1 ? "" : "s")} came from an unexpected address (not {target.TransportAddress}) and {(unexpectedAddresses == 1 ? "was" : "were")} dropped";
        var parts = new[] { model, report, addresses }.Where(p => p is not null).ToArray();
        return parts.Length == 0 ? null : string.Join("; ", parts);
    }

    private sealed class PendingRequest(SecurityLevel requestLevel, IOriginatorSecurityModel? securityModel, AnswerScheduler? scheduler, bool endOnLowerLevelReport = false) : IResponsePduProcessor
    {
        private readonly Lock _lock = new();
        // Nothing awaits it before it completes (the loop awaits the Wake first), so no continuation
        // ever runs inside TrySetResult, under the lock.
        private TaskCompletionSource<ProcessResponsePduParameters> _completion = new();
        private ProcessResponsePduParameters? _lastLowerLevelReport;
        private Wake? _wake;

        public Task<ProcessResponsePduParameters> Task
        {
            get
            {
                lock (_lock)
                {
                    return _completion.Task;
                }
            }
        }

        public ProcessResponsePduParameters? LastLowerLevelReport
        {
            get
            {
                lock (_lock)
                {
                    return _lastLowerLevelReport;
                }
            }
        }

        public void ProcessResponsePdu(ProcessResponsePduParameters response)
        {
            Wake? wake;
            lock (_lock)
            {
                // RFC 3414 and the reference: a Report at a lower security level than the
                // request is remembered but never ends it. The exception is a Report that
                // re-synchronised the security model (USM's authenticated notInTimeWindow Report,
                // which RFC 3414 3.2 step 7 sends at authNoPriv even for an authPriv request).
                if (response.Pdu.Type == PduType.Report && response.SecurityLevel < requestLevel &&
                    securityModel?.ResendAfterReport(response) != true)
                {
                    _lastLowerLevelReport = response;
                    if (!endOnLowerLevelReport)
                    {
                        return;
                    }

                    // RetransmissionPolicy.EndOnUnauthenticatedReport: the caller asked to end
                    // the request with it (the message processing model matched it by msgID).
                }

                // A duplicate or late response finds the task already complete and is ignored.
                if (!_completion.TrySetResult(response))
                {
                    return;
                }

                wake = _wake;
            }

            // Outside the lock: with inline completion the rest of the request, up to the
            // caller's own code, runs in this call: for a blocked caller, or when the transport
            // keeps receiving on another thread meanwhile, so that code may block.
            wake?.Signal(true, response.TmStateReference.DeliveringThreadMayBlock);
        }

        /// <summary>
        /// Waits until the request is answered or failed (true), until <paramref name="wait"/> has
        /// passed on <paramref name="timeProvider"/>'s clock, or until <paramref name="cancellationToken"/>
        /// is cancelled (false in both cases): one timer, and a registration only for a token that
        /// can be cancelled.
        /// </summary>
        public ValueTask<bool> WaitAsync(TimeSpan wait, TimeProvider timeProvider, CancellationToken cancellationToken, ITransportExchange? exchange = null)
        {
            var wake = new Wake(scheduler, exchange);
            lock (_lock)
            {
                if (_completion.Task.IsCompleted)
                {
                    return new ValueTask<bool>(true);
                }

                _wake = wake;
            }

            wake.Start(timeProvider, wait, cancellationToken);
            return wake.Task;
        }

        public void Reset()
        {
            lock (_lock)
            {
                _completion = new TaskCompletionSource<ProcessResponsePduParameters>();
            }
        }

        public void Fail(Exception exception)
        {
            Wake? wake;
            lock (_lock)
            {
                if (!_completion.TrySetException(exception))
                {
                    return;
                }

                wake = _wake;
            }

            wake?.Signal(true);
        }

        /// <summary>
        /// One wait of the retransmission loop: set by the answer, the timer or the cancellation,
        /// whichever comes first. The loop's continuation runs inline on the signalling
        /// thread for a blocked caller (no scheduler) or for an answer whose transport keeps
        /// receiving on another thread meanwhile, and otherwise on the engine's
        /// <see cref="AnswerScheduler"/> (the timer's and the cancellation's threads never run it).
        /// When the waiting thread reads an exchange itself, a signal from any other thread
        /// interrupts its receive.
        /// </summary>
        private sealed class Wake(AnswerScheduler? scheduler, ITransportExchange? exchange) : IValueTaskSource<bool>
        {
            private static readonly Action<object?> Completed = static _ => { };
            private readonly int _borrower = Environment.CurrentManagedThreadId;
            private const int Starting = 0, Started = 1, SignalledWhileStarting = 2;
            private ITimer? _timer;
            private CancellationTokenRegistration _cancellation;
            private int _state;
            private int _signalled;
            private bool _answered;
            private Action<object?>? _continuation;
            private object? _continuationState;

            public ValueTask<bool> Task => new(this, 0);

            public void Start(TimeProvider timeProvider, TimeSpan wait, CancellationToken cancellationToken)
            {
                _timer = timeProvider.CreateTimer(static state => ((Wake)state!).Signal(false), this, wait, Timeout.InfiniteTimeSpan);
                if (cancellationToken.CanBeCanceled)
                {
                    _cancellation = cancellationToken.UnsafeRegister(static state => ((Wake)state!).Signal(false), this);
                }

                if (Interlocked.CompareExchange(ref _state, Started, Starting) == SignalledWhileStarting)
                {
                    Release(); // answered (or cancelled) while the timer was being set up
                }
            }

            public void Signal(bool answered, bool mayContinueHere = false)
            {
                // The first signal decides; whichever of Start and Signal finishes second
                // releases the timer and the registration, so they are never read half set up.
                if (Interlocked.Exchange(ref _signalled, 1) != 0)
                {
                    return;
                }

                _answered = answered;
                if (Interlocked.CompareExchange(ref _state, SignalledWhileStarting, Starting) == Started)
                {
                    Release();
                }

                var continuation = Interlocked.Exchange(ref _continuation, Completed);
                // Only once the wait shows completed: a borrower woken by the interrupt before
                // that would find the wait still pending and go back to its receive, where no
                // second interrupt would ever come.
                if (exchange is not null && Environment.CurrentManagedThreadId != _borrower)
                {
                    exchange.Interrupt();
                }

                if (continuation is not null)
                {
                    if (scheduler is null || mayContinueHere)
                    {
                        continuation(_continuationState);
                    }
                    else
                    {
                        scheduler.Schedule(continuation, _continuationState);
                    }
                }
            }

            public ValueTaskSourceStatus GetStatus(short token) =>
                Volatile.Read(ref _continuation) == Completed ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;

            public bool GetResult(short token) => _answered;

            public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            {
                // Awaited with ConfigureAwait(false) only: no context to capture.
                _continuationState = state;
                if (Interlocked.CompareExchange(ref _continuation, continuation, null) == Completed)
                {
                    // Signalled between the await's IsCompleted and here: never inline (no stack dive).
                    if (scheduler is null)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(continuation, state, preferLocal: true);
                    }
                    else
                    {
                        scheduler.Schedule(continuation, state);
                    }
                }
            }

            private void Release()
            {
                _timer?.Dispose();
                _cancellation.Dispose();
            }
        }
    }
}
