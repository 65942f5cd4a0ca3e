using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// The Command Generator application of RFC 3413 section 3.1: sends Get, GetNext, GetBulk and
/// Set requests through the dispatcher's sendPdu, receives their responses through
/// processResponsePdu, retransmits them (with the same request-id) until they are answered or
/// time out, and checks each response against its request (<see cref="ResponseValidation"/>).
/// Thread-safe: any number of requests may be in flight at once.
/// </summary>
public sealed class CommandGenerator : IDisposable
{
    /// <summary>Creates a command generator that sends through <paramref name="dispatcher"/>.</summary>
    /// <param name="dispatcher">The engine's dispatcher.</param>
    /// <param name="timeProvider">The clock for timeouts and retransmissions (default: the system clock).</param>
    /// <param name="logger">Where to log; nothing per request above Debug.</param>
    public CommandGenerator(IDispatcher dispatcher, TimeProvider? timeProvider = null, ILogger<CommandGenerator>? logger = null)
        : this(dispatcher, [], timeProvider, logger)
    {
    }

    /// <summary>
    /// Creates a command generator that sends through <paramref name="dispatcher"/> and asks the
    /// security models of its requests whether a Report deserves a resend and why a request timed
    /// out (<see cref="IOriginatorSecurityModel"/>).
    /// </summary>
    /// <param name="dispatcher">The engine's dispatcher.</param>
    /// <param name="securityModels">The originator side of the engine's security models (the last of a number wins).</param>
    /// <param name="timeProvider">The clock for timeouts and retransmissions (default: the system clock).</param>
    /// <param name="logger">Where to log; nothing per request above Debug.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The shipped constructor keeps its optional parameters; this one adds the security models before them.")]
    public CommandGenerator(IDispatcher dispatcher, IEnumerable<IOriginatorSecurityModel> securityModels, TimeProvider? timeProvider = null, ILogger<CommandGenerator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(securityModels);
        Sender = new ConfirmedPduSender(dispatcher, securityModels, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>The request-ids, pending requests and retransmission loop, shared with the engine's Notification Originator.</summary>
    internal ConfirmedPduSender Sender { get; }

    /// <summary>
    /// The engine's counters (the dispatcher's statistics): with them a timeout says how
    /// many answers the engine dropped meanwhile because they came from another address than the
    /// request went to (<see cref="EngineCounter.ResponsesFromUnexpectedAddress"/>).
    /// </summary>
    public SnmpStatistics? Statistics
    {
        get => Sender.Statistics;
        init => Sender.Statistics = value;
    }

    /// <summary>
    /// Records this generator's requests on <paramref name="meter"/> (duration and retransmission
    /// histograms, timeouts, retransmissions and active requests) and as spans on
    /// <paramref name="source"/>. Nothing is measured and nothing allocated per request while
    /// nobody listens. Call once, before the first request.
    /// </summary>
    /// <param name="meter">The engine's Meter.</param>
    /// <param name="source">The engine's ActivitySource.</param>
    /// <param name="registry">Names the counter a Report carries (default: the standard counters).</param>
    public void EnableTelemetry(System.Diagnostics.Metrics.Meter meter, ActivitySource source, SnmpCounterRegistry? registry = null) =>
        Sender.Telemetry = new Telemetry.RequestTelemetry(meter, source, Sender, registry);

    /// <summary>The number of requests waiting for a response.</summary>
    internal int PendingRequests => Sender.PendingRequests;

    /// <summary>How many times a request was sent again because its refresh period passed unanswered.</summary>
    public long Retransmissions => Sender.Retransmissions;

    /// <summary>
    /// Sends <paramref name="request"/> (its request-id is replaced by a fresh one) to
    /// <paramref name="target"/> and returns the agent's response once it passes
    /// <see cref="ResponseValidation.Validate"/>.
    /// </summary>
    /// <exception cref="SnmpTimeoutException">No response within <see cref="RetransmissionPolicy.Timeout"/>.</exception>
    /// <exception cref="SnmpErrorResponseException">The agent answered with a non-zero error-status (<see cref="SnmpNoSuchNameException"/> for SNMPv1 noSuchName).</exception>
    /// <exception cref="SnmpImproperResponseException">The response does not answer the request (RFC 3416 section 4.2).</exception>
    /// <exception cref="ObjectDisposedException">The engine was shut down before the request completed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<Pdu> SendRequestAsync(SnmpTarget target, SnmpPdu request, RetransmissionPolicy policy, CancellationToken cancellationToken = default) =>
        SendRequestAsync(target, request, policy, callerBlocks: false, cancellationToken);

    /// <summary>
    /// <see cref="SendRequestAsync(SnmpTarget, SnmpPdu, RetransmissionPolicy, CancellationToken)"/>
    /// for a caller that blocks on the returned task and attaches nothing to it: the response
    /// then completes the request on the thread that received it, which wakes the caller
    /// directly instead of through the engine's answer threads (see ConfirmedPduSender.SendAsync).
    /// </summary>
    /// <summary>
    /// <see cref="SendRequestAsync(SnmpTarget, SnmpPdu, RetransmissionPolicy, CancellationToken)"/>
    /// for a caller that blocks on the returned task (<c>GetAwaiter().GetResult()</c>) and attaches
    /// nothing to it, as the facade's blocking forms do: the answer completes the request on the
    /// thread that received it, waking the caller directly; and while this call runs on the
    /// blocked thread itself, the request reads its own answer there from a socket the transport
    /// lends (<see cref="IDispatcher.RentExchange"/>), one wake-up per request as Net-SNMP's tools.
    /// </summary>
    /// <param name="target">Where and as whom to send.</param>
    /// <param name="request">The request; its request-id is replaced.</param>
    /// <param name="policy">Timeout and retransmissions.</param>
    /// <param name="blockedThreadId">The managed thread id (<see cref="Environment.CurrentManagedThreadId"/>) of the thread that blocks on the task.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    public Task<Pdu> SendRequestForBlockedCallerAsync(SnmpTarget target, SnmpPdu request, RetransmissionPolicy policy, int blockedThreadId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(target, request, policy, callerBlocks: true, cancellationToken, onCallersThread: blockedThreadId == Environment.CurrentManagedThreadId);

    internal async Task<Pdu> SendRequestAsync(SnmpTarget target, SnmpPdu request, RetransmissionPolicy policy, bool callerBlocks, CancellationToken cancellationToken, bool onCallersThread = false)
    {
        CheckRequest(target, request);
        var response = await Sender.SendAsync(target, request, policy, cancellationToken, callerBlocks, onCallersThread).ConfigureAwait(false);
        return ResponseValidation.Validate(request, response.Pdu, target.MessageProcessingModel);
    }

    /// <summary>
    /// Sends <paramref name="request"/> with a fresh request-id and returns the first response to
    /// arrive for it, without checking its contents.
    /// </summary>
    /// <exception cref="SnmpTimeoutException">No response within <see cref="RetransmissionPolicy.Timeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">The engine was shut down before the request completed.</exception>
    public async Task<ProcessResponsePduParameters> SendAsync(SnmpTarget target, SnmpPdu request, RetransmissionPolicy policy, CancellationToken cancellationToken = default)
    {
        CheckRequest(target, request);
        return await Sender.SendAsync(target, request, policy, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckRequest(SnmpTarget target, SnmpPdu request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Type.IsConfirmed() || request.Type.IsResponse())
        {
            throw new ArgumentException($"{request.Type} is not a request the Command Generator sends.", nameof(request));
        }
    }

    /// <summary>
    /// Fails every pending request with <see cref="ObjectDisposedException"/> and refuses new
    /// ones. Called when the engine shuts down.
    /// </summary>
    public void Dispose() => Sender.Shutdown();
}
