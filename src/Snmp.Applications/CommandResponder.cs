using Snmp.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Applications.Telemetry;
using Snmp.Ber;
using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// The Command Responder application of RFC 3413 section 3.2: receives Get, GetNext, GetBulk and
/// Set PDUs through processPdu, checks every variable with the access control model
/// (isAccessAllowed), serves it from the <see cref="MibTree"/> of the request's context, and
/// answers through returnResponsePdu. SNMPv1 requests are answered as RFC 3584 section 4.2.2
/// says (<see cref="Rfc3584Translation"/>).
/// </summary>
public sealed class CommandResponder : IPduProcessor
{
    /// <summary>The PDU types a Command Responder registers for (RFC 3413 section 3.2).</summary>
    public static IReadOnlyCollection<PduType> PduTypes { get; } =
        [PduType.GetRequest, PduType.GetNextRequest, PduType.GetBulkRequest, PduType.SetRequest];

    private readonly IDispatcher _dispatcher;
    private readonly Func<OctetString, MibTree?> _contexts;
    private readonly IAccessControlModel _accessControl;
    private readonly SnmpStatistics _statistics;
    private readonly ILogger _logger;
    // One Set at a time: RFC 3416 4.2.5 makes each Set "as if simultaneous"; serialising them
    // keeps one Set's test phase from seeing another's half-committed changes.
    private readonly SemaphoreSlim _setLock = new(1, 1);

    /// <summary>Creates the responder.</summary>
    /// <param name="dispatcher">Where responses go (returnResponsePdu).</param>
    /// <param name="contexts">The MIB of a context name, or null for a context this agent does not serve.</param>
    /// <param name="accessControl">isAccessAllowed (VACM).</param>
    /// <param name="statistics">Where snmpUnknownContexts, snmpSilentDrops, snmpInBadCommunityUses and the variable counters are kept.</param>
    /// <param name="logger">Where to log.</param>
    public CommandResponder(IDispatcher dispatcher, Func<OctetString, MibTree?> contexts, IAccessControlModel accessControl, SnmpStatistics statistics, ILogger<CommandResponder>? logger = null)
    {
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        _accessControl = accessControl ?? throw new ArgumentNullException(nameof(accessControl));
        _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// The engine's metrics and spans of each served request, when the composition root gives
    /// them (see <see cref="ResponderTelemetry"/>); they cost nothing while nobody listens.
    /// </summary>
    internal ResponderTelemetry? Telemetry { get; set; }

    /// <summary>
    /// Records the requests this responder serves on <paramref name="meter"/> (a duration
    /// histogram by PDU type and outcome) and as server spans on <paramref name="source"/>.
    /// Nothing is measured and nothing allocated per request while nobody listens. Call once,
    /// before the first request.
    /// </summary>
    /// <param name="meter">The engine's Meter.</param>
    /// <param name="source">The engine's ActivitySource.</param>
    /// <param name="timeProvider">The clock the durations are read from (default: the system clock).</param>
    public void EnableTelemetry(System.Diagnostics.Metrics.Meter meter, System.Diagnostics.ActivitySource source, TimeProvider? timeProvider = null) =>
        Telemetry = new ResponderTelemetry(meter, source, this, timeProvider ?? TimeProvider.System);

    /// <summary>Requests being processed (for a clean shutdown).</summary>
    internal int InProgress => Volatile.Read(ref _inProgress);

    private int _inProgress;

    /// <inheritdoc />
    public void ProcessPdu(ProcessPduParameters pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        // Runs inline until the instrumentation first awaits, so fast MIBs answer on the receive
        // path without a thread hop and slow ones do not hold it.
        _ = ProcessAndRespondAsync(pdu);
    }

    /// <summary>processPdu as a task: computes the response (or Report) and returns it through the dispatcher.</summary>
    internal async Task ProcessAndRespondAsync(ProcessPduParameters request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _inProgress);
        ResponderTelemetry.Observation? observation = null;
        try
        {
            observation = Telemetry?.Start(request);
            var response = await ProcessAsync(request, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                await _dispatcher.ReturnResponsePduAsync(request, response, cancellationToken).ConfigureAwait(false);
            }

            observation?.Answered(response);
        }
        catch (ObjectDisposedException e)
        {
            // The engine is shutting down; nobody is left to answer.
            observation?.Failed(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            observation?.Failed(e);
            _statistics.CountDrop(EngineCounter.InternalErrors);
            _logger.LogWarning(e, "A {PduType} from {Source} could not be answered", request.Pdu.Type, request.TransportAddress);
        }
        finally
        {
            Interlocked.Decrement(ref _inProgress);
        }
    }

    /// <summary>The PDU to return for <paramref name="request"/> (a Response, or a Report for SNMPv3), or null when it is dropped.</summary>
    internal async Task<SnmpPdu?> ProcessAsync(ProcessPduParameters request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool v1 = request.MessageProcessingModel == SnmpVersion.SNMPv1;
        bool community = request.MessageProcessingModel != SnmpVersion.SNMPv3;
        var pdu = request.Pdu;

        // RFC 3413 3.2 step 2: the context must be one this engine serves.
        var mib = _contexts(request.ContextName);
        if (mib is null)
        {
            long value = _statistics.CountDrop(SnmpCounter.SnmpUnknownContexts);
            _logger.LogDebug("Request from {Source} for unknown context {Context}", request.TransportAddress, request.ContextName);
            return community ? null : SnmpCounterObjects.ReportPdu(pdu.RequestId, SnmpCounter.SnmpUnknownContexts, value);
        }

        // An unknown community never gets here: the community message processing model drops and
        // counts it (RFC 3584 5.2.1, snmpInBadCommunityNames). A known community whose
        // securityName VACM has no group for (noGroupName) is refused like any other
        // isAccessAllowed failure (RFC 3413 3.2 step 5): authorizationError, below.
        var result = pdu.Type switch
        {
            PduType.GetRequest => await GetAsync(request, mib, v1, cancellationToken).ConfigureAwait(false),
            PduType.GetNextRequest => await GetNextAsync(request, mib, v1, cancellationToken).ConfigureAwait(false),
            PduType.GetBulkRequest => await GetBulkAsync(request, mib, (BulkPdu)pdu, cancellationToken).ConfigureAwait(false),
            PduType.SetRequest => await SerialisedSetAsync(request, mib, cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        if (result is null)
        {
            return null;
        }

        if (community && result.ErrorStatus is ErrorStatus.AuthorizationError or ErrorStatus.NoAccess)
        {
            // An operation the community may not do (SNMPv2-MIB snmpInBadCommunityUses); for
            // SNMPv1, RFC 3584 4.4 requires it whenever authorizationError becomes noSuchName.
            _statistics.Increment(SnmpCounter.SnmpInBadCommunityUses);
        }

        if (v1)
        {
            result = Rfc3584Translation.ToSnmpV1Response(result, pdu);
        }

        return FitToSize(request, result);
    }

    private async Task<Pdu> GetAsync(ProcessPduParameters request, MibTree mib, bool v1, CancellationToken cancellationToken)
    {
        var varBinds = request.Pdu.VarBinds;
        var results = new VarBind[varBinds.Count];
        for (int i = 0; i < results.Length; i++)
        {
            var oid = varBinds[i].Oid;
            var decision = Check(request, ViewType.Read, oid);
            if (decision == AccessDecision.NotInView)
            {
                // RFC 3413 3.2 step 4: outside the view is as if it did not exist.
                results[i] = new VarBind(oid, NoSuchObject.Instance);
                continue;
            }

            if (decision != AccessDecision.AccessAllowed)
            {
                return Refused(request.Pdu, decision);
            }

            SnmpValue value;
            try
            {
                value = await mib.GetAsync(oid, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsInstrumentationFailure(e, cancellationToken))
            {
                return InstrumentationFailed(request.Pdu, i, e);
            }

            if (v1 && Rfc3584Translation.IsOutOfViewForSnmpV1(value))
            {
                value = NoSuchObject.Instance;
            }

            results[i] = new VarBind(oid, value);
        }

        _statistics.Add(SnmpCounter.SnmpInTotalReqVars, results.Length);
        return Response(request.Pdu, new VarBindList(results));
    }

    private async Task<Pdu> GetNextAsync(ProcessPduParameters request, MibTree mib, bool v1, CancellationToken cancellationToken)
    {
        var varBinds = request.Pdu.VarBinds;
        var results = new VarBind[varBinds.Count];
        for (int i = 0; i < results.Length; i++)
        {
            VarBind next;
            AccessDecision? refusal;
            try
            {
                (next, refusal) = await NextInViewAsync(request, mib, varBinds[i].Oid, v1, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsInstrumentationFailure(e, cancellationToken))
            {
                return InstrumentationFailed(request.Pdu, i, e);
            }

            if (refusal is { } decision)
            {
                return Refused(request.Pdu, decision);
            }

            results[i] = next;
        }

        _statistics.Add(SnmpCounter.SnmpInTotalReqVars, results.Length);
        return Response(request.Pdu, new VarBindList(results));
    }

    private async Task<Pdu> GetBulkAsync(ProcessPduParameters request, MibTree mib, BulkPdu bulk, CancellationToken cancellationToken)
    {
        // RFC 3416 4.2.3: N non-repeaters once, then up to M repetitions of the R others, as many
        // as fit in the response.
        var varBinds = bulk.VarBinds;
        int n = Math.Clamp(bulk.NonRepeaters, 0, varBinds.Count);
        int r = varBinds.Count - n;
        int m = r == 0 ? 0 : Math.Max(bulk.MaxRepetitions, 0);
        int limit = PduSizeLimit(request);
        // The contents of the response's variable-bindings so far: with BerSize exact, whether one
        // more VarBind fits is known before it is added, without encoding anything.
        int varBindsLength = 0;
        var results = new List<VarBind>(Math.Min(n + r * Math.Min(m, 64), 4096));
        for (int i = 0; i < n; i++)
        {
            VarBind next;
            AccessDecision? refusal;
            try
            {
                (next, refusal) = await NextInViewAsync(request, mib, varBinds[i].Oid, v1: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsInstrumentationFailure(e, cancellationToken))
            {
                return InstrumentationFailed(bulk, i, e);
            }

            if (refusal is { } decision)
            {
                return Refused(bulk, decision);
            }

            results.Add(next);
            varBindsLength += BerSize.Of(next);
        }

        var cursors = new ObjectIdentifier[r];
        for (int j = 0; j < r; j++)
        {
            cursors[j] = varBinds[n + j].Oid;
        }

        bool full = BerSize.OfPdu(bulk.RequestId, 0, 0, varBindsLength) >= limit;
        for (int repetition = 0; repetition < m && !full; repetition++)
        {
            bool allEnded = true;
            for (int j = 0; j < r; j++)
            {
                VarBind next;
                AccessDecision? refusal;
                try
                {
                    (next, refusal) = await NextInViewAsync(request, mib, cursors[j], v1: false, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (IsInstrumentationFailure(e, cancellationToken))
                {
                    return InstrumentationFailed(bulk, n + j, e);
                }

                if (refusal is { } decision)
                {
                    return Refused(bulk, decision);
                }

                int size = BerSize.Of(next);
                if (BerSize.OfPdu(bulk.RequestId, 0, 0, varBindsLength + size) > limit && results.Count > 0)
                {
                    // RFC 3416 4.2.3: stop at the last variable binding that fits.
                    full = true;
                    break;
                }

                varBindsLength += size;
                results.Add(next);
                allEnded &= next.Value is EndOfMibView;
                cursors[j] = next.Oid;
            }

            if (allEnded)
            {
                break;
            }
        }

        // Cut at a whole repetition (keeping at least one), as managers that check the shape of
        // the answer (ours among them) expect N + k*R varbinds.
        int keep = WholeRepetitions(results.Count, n, r);
        if (keep < results.Count)
        {
            results.RemoveRange(keep, results.Count - keep);
        }

        _statistics.Add(SnmpCounter.SnmpInTotalReqVars, results.Count);
        return new Pdu(PduType.Response, bulk.RequestId, ErrorStatus.NoError, 0, new VarBindList(results));
    }

    private static int WholeRepetitions(int count, int nonRepeaters, int repeaters)
    {
        if (repeaters == 0 || count <= nonRepeaters + repeaters)
        {
            return count;
        }

        return nonRepeaters + (count - nonRepeaters) / repeaters * repeaters;
    }

    private async Task<Pdu> SerialisedSetAsync(ProcessPduParameters request, MibTree mib, CancellationToken cancellationToken)
    {
        await _setLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SetAsync(request, mib, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _setLock.Release();
        }
    }

    private async Task<Pdu> SetAsync(ProcessPduParameters request, MibTree mib, CancellationToken cancellationToken)
    {
        // RFC 3416 4.2.5: every varbind is tested before any is changed; then all are committed,
        // and a failed commit undoes the ones before it.
        var pdu = request.Pdu;
        var varBinds = pdu.VarBinds;
        for (int i = 0; i < varBinds.Count; i++)
        {
            var decision = Check(request, ViewType.Write, varBinds[i].Oid);
            if (decision != AccessDecision.AccessAllowed)
            {
                return decision == AccessDecision.NotInView ? Error(pdu, ErrorStatus.NoAccess, i) : Refused(pdu, decision);
            }
        }

        var transaction = new SetTransaction(varBinds) { SecurityModel = request.SecurityModel, SecurityName = request.SecurityName };
        bool succeeded = false;
        try
        {
            var answer = await TestAndCommitAsync(pdu, mib, transaction, cancellationToken).ConfigureAwait(false);
            succeeded = answer.ErrorStatus == ErrorStatus.NoError;
            return answer;
        }
        finally
        {
            // The instrumentation's end-of-Set work (an AgentX master's CleanupSet, say), whatever the outcome.
            await transaction.CompleteAsync(succeeded, e => _logger.LogWarning(e, "The end of a Set failed"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Pdu> TestAndCommitAsync(SnmpPdu pdu, MibTree mib, SetTransaction transaction, CancellationToken cancellationToken)
    {
        var varBinds = pdu.VarBinds;
        var prepared = new SetPreparation[varBinds.Count];
        for (int i = 0; i < varBinds.Count; i++)
        {
            var (oid, value) = varBinds[i];
            var target = mib.Find(oid);
            try
            {
                prepared[i] = target is null
                    ? SetPreparation.Fail(ErrorStatus.NoCreation)
                    : await target.PrepareSetAsync(oid, value, transaction, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsInstrumentationFailure(e, cancellationToken))
            {
                return InstrumentationFailed(pdu, i, e);
            }

            if (prepared[i].Error != ErrorStatus.NoError)
            {
                return Error(pdu, prepared[i].Error, i);
            }
        }

        for (int i = 0; i < prepared.Length; i++)
        {
            try
            {
                await prepared[i].Commit!(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception commitError) when (commitError is not OutOfMemoryException)
            {
                _logger.LogDebug(commitError, "Commit of {Oid} failed; undoing {Count} earlier varbinds", varBinds[i].Oid, i);
                for (int k = i - 1; k >= 0; k--)
                {
                    try
                    {
                        await prepared[k].Undo!(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception undoError) when (undoError is not OutOfMemoryException)
                    {
                        _logger.LogWarning(undoError, "Undo of {Oid} failed", varBinds[k].Oid);
                        return Error(pdu, ErrorStatus.UndoFailed, i);
                    }
                }

                return Error(pdu, ErrorStatus.CommitFailed, i);
            }
        }

        _statistics.Add(SnmpCounter.SnmpInTotalSetVars, varBinds.Count);
        return Response(pdu, varBinds);
    }

    private async ValueTask<(VarBind Next, AccessDecision? Refusal)> NextInViewAsync(ProcessPduParameters request, MibTree mib, ObjectIdentifier start, bool v1, CancellationToken cancellationToken)
    {
        var candidate = await mib.GetNextAsync(start, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (candidate is not { } next)
            {
                return (new VarBind(start, EndOfMibView.Instance), null);
            }

            var decision = Check(request, ViewType.Read, next.Oid);
            if (decision == AccessDecision.NotInView || v1 && Rfc3584Translation.IsOutOfViewForSnmpV1(next.Value))
            {
                // RFC 3413 3.2 step 4 and RFC 3584 4.2.2.1: skip what the requester may not see;
                // a whole registration outside the view in one jump when the access control model
                // can tell, rather than instance by instance.
                if (decision == AccessDecision.NotInView && _accessControl is IViewSubtreeAccess subtrees && mib.Find(next.Oid) is { } registration &&
                    subtrees.IsSubtreeExcluded(request.SecurityModel, request.SecurityName, request.SecurityLevel, ViewType.Read, request.ContextName, registration.Oid))
                {
                    candidate = await mib.GetFirstAfterAsync(registration, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    candidate = await mib.GetNextAsync(next.Oid, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            return decision == AccessDecision.AccessAllowed ? (next, null) : (default, decision);
        }
    }

    private AccessDecision Check(ProcessPduParameters request, ViewType viewType, ObjectIdentifier oid) =>
        IsContextEngineIdDiscovery(request, viewType, oid)
            ? AccessDecision.AccessAllowed
            : _accessControl.IsAccessAllowed(request.SecurityModel, request.SecurityName, request.SecurityLevel, viewType, request.ContextName, oid);

    // RFC 5343 discovery reads snmpEngineID.0 in the default context before the manager knows
    // anything else, at noAuthNoPriv (Net-SNMP's probe always is), and accepts only an answer
    // carrying the value. So an SNMPv3 principal may read that one object whatever its views:
    // the engine's id is no secret (USM discovery, RFC 3414 section 4, gives it to anyone).
    private static bool IsContextEngineIdDiscovery(ProcessPduParameters request, ViewType viewType, ObjectIdentifier oid) =>
        viewType == ViewType.Read && request.ContextName.Length == 0 && request.SecurityModel != SecurityModel.SNMPv1 &&
        request.SecurityModel != SecurityModel.SNMPv2c && oid.Equals(ContextEngineIdDiscovery.SnmpEngineIdInstance);

    private SnmpPdu? FitToSize(ProcessPduParameters request, Pdu response) => FitToSize(request, response, _statistics);

    /// <summary>
    /// The response as it may leave for <paramref name="request"/>'s sender (RFC 3416 4.2.1-4.2.5):
    /// as it is when it fits maxSizeResponseScopedPDU, a GetBulk's cut to whole repetitions,
    /// else tooBig; null (snmpSilentDrops) when not even that fits. The Proxy Forwarder's answers too.
    /// </summary>
    internal static SnmpPdu? FitToSize(ProcessPduParameters request, Pdu response, SnmpStatistics statistics)
    {
        int limit = PduSizeLimit(request);
        if (BerSize.Of(response) <= limit)
        {
            return response;
        }

        if (response.ErrorStatus == ErrorStatus.NoError && request.Pdu is BulkPdu bulk && response.VarBinds.Count > 1)
        {
            // GetBulk stops adding repetitions when the next would not fit, but always keeps its
            // non-repeaters and a first VarBind: cut from the end to the longest prefix that fits,
            // whole repetitions while more than one is left (RFC 3416 4.2.3).
            var varBinds = response.VarBinds.AsSpan();
            int fitting = 0, length = 0;
            foreach (var varBind in varBinds)
            {
                int size = BerSize.Of(varBind);
                if (BerSize.OfPdu(response.RequestId, 0, 0, length + size) > limit)
                {
                    break;
                }

                length += size;
                fitting++;
            }

            int n = Math.Clamp(bulk.NonRepeaters, 0, bulk.VarBinds.Count), r = bulk.VarBinds.Count - n;
            int keep = WholeRepetitions(fitting, n, r);
            if (keep > 0)
            {
                return new Pdu(PduType.Response, response.RequestId, ErrorStatus.NoError, 0, new VarBindList(varBinds[..keep]));
            }
        }

        // RFC 3416 4.2.1 (and 4.2.2, 4.2.5): tooBig with no varbinds (SNMPv1: RFC 1157 4.1.2 keeps the request's).
        bool v1 = request.MessageProcessingModel == SnmpVersion.SNMPv1;
        var tooBig = new Pdu(PduType.Response, response.RequestId, ErrorStatus.TooBig, 0, v1 ? request.Pdu.VarBinds : VarBindList.Empty);
        if (BerSize.Of(tooBig) <= limit)
        {
            return tooBig;
        }

        statistics.CountDrop(SnmpCounter.SnmpSilentDrops);
        return null;
    }

    // The most a response PDU may take: what the message processing model leaves for the
    // scopedPDU, less the scopedPDU's own header and context fields (RFC 3412 section 6; for SNMPv1 and
    // SNMPv2c, which carry no scopedPDU, a little to spare).
    private static int PduSizeLimit(ProcessPduParameters request) =>
        BerSize.MaxContentLength(request.MaxSizeResponseScopedPdu) - BerSize.OfOctetString(request.ContextEngineId.Length) - BerSize.OfOctetString(request.ContextName.Length);

    // RFC 3416 4.2.1, 4.2.2, 4.2.3, 4.2.5: a variable whose processing fails for any other reason
    // is genErr at its index (an instrumentation that threw, an AgentX subagent that did not answer).
    private static bool IsInstrumentationFailure(Exception e, CancellationToken cancellationToken) =>
        e is not (OutOfMemoryException or ObjectDisposedException) && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private Pdu InstrumentationFailed(SnmpPdu request, int index, Exception e)
    {
        _logger.LogDebug(e, "The instrumentation of {Oid} failed: genErr", request.VarBinds[index].Oid);
        return Error(request, ErrorStatus.GenErr, index);
    }

    private static Pdu Response(SnmpPdu request, VarBindList varBinds) => new(PduType.Response, request.RequestId, ErrorStatus.NoError, 0, varBinds);

    private static Pdu Error(SnmpPdu request, ErrorStatus status, int index) =>
        new(PduType.Response, request.RequestId, status, index + 1, request.VarBinds);

    // RFC 3413 3.2 step 5: noSuchView, noAccessEntry or noGroupName halt the operation with the
    // request's values, authorizationError and error-index 0 (the refusal is of the principal,
    // not of one variable); otherError halts it with genError instead.
    private static Pdu Refused(SnmpPdu request, AccessDecision decision) =>
        new(PduType.Response, request.RequestId, decision == AccessDecision.OtherError ? ErrorStatus.GenErr : ErrorStatus.AuthorizationError, 0, request.VarBinds);
}
