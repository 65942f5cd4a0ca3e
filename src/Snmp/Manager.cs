using System.Net;
using System.Runtime.CompilerServices;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp;

/// <summary>
/// Sends requests to one remote SNMP engine (agent) on behalf of the Command Generator of RFC
/// 3413 section 3.1. Create it with <c>Engine.Manager(...)</c>;
/// create exactly one per agent. Any number of requests may be in flight at once, from any
/// thread.
/// </summary>
/// <remarks>
/// Each request comes in three forms: <c>GetAsync</c> returns a task; <c>Get</c> blocks and
/// returns the values; <c>BeginGet</c> returns a <see cref="RequestHandle"/> for
/// <see cref="RequestPoller"/> or a later <see cref="RequestHandle.Wait"/> (the reference's
/// <c>wait=False</c>): at once when <see cref="Autowait"/> is off or
/// <see cref="RequestOptions.Wait"/> is false, already completed otherwise, as the reference's
/// handles are. Errors are typed: <see cref="SnmpTimeoutException"/>,
/// <see cref="SnmpErrorResponseException"/> (with <see cref="SnmpNoSuchNameException"/> for
/// SNMPv1), <see cref="SnmpImproperResponseException"/>.
/// </remarks>
public sealed partial class Manager
{
    private readonly CommandGenerator _commandGenerator;
    private readonly SnmpTarget _target;
    private readonly V3Session? _v3;

    internal Manager(CommandGenerator commandGenerator, SnmpTarget target, SnmpVersion version, bool autowait, V3Session? v3 = null)
    {
        _commandGenerator = commandGenerator;
        _target = target;
        Version = version;
        Autowait = autowait;
        _v3 = v3;
    }

    /// <summary>
    /// The agent's snmpEngineID (SNMPv3): as given when the Manager was created, or as
    /// discovered by the first request; null until then.
    /// </summary>
    public OctetString? EngineId => _v3?.EngineId;

    /// <summary>
    /// The agent's snmpEngineID (SNMPv3), discovered now if not yet known (USM: RFC 3414 section
    /// 4; other models: RFC 5343), as a request would discover it; null for SNMPv1 and SNMPv2c.
    /// Tools that name the engine in what they send (snmpusm's usmUserTable index) ask first.
    /// </summary>
    /// <exception cref="SnmpTimeoutException">The agent did not answer the discovery.</exception>
    public async Task<OctetString?> DiscoverEngineIdAsync(CancellationToken cancellationToken = default)
    {
        if (_v3 is null)
        {
            return null;
        }

        var policy = new RetransmissionPolicy(Timeout, RefreshPeriod);
        await _v3.PrepareTargetAsync(_commandGenerator, _target, null, policy, cancellationToken).ConfigureAwait(false);
        return _v3.EngineId;
    }

    /// <summary>The agent's transport address.</summary>
    public EndPoint Address => _target.TransportAddress;

    /// <summary>The transport domain requests travel in.</summary>
    public TransportDomain Domain => _target.TransportDomain;

    /// <summary>The SNMP version this Manager speaks.</summary>
    public SnmpVersion Version { get; }

    /// <summary>The default community (SNMPv1/v2c); for SNMPv3 see <see cref="DefaultUserName"/>.</summary>
    public OctetString Community => Version == SnmpVersion.SNMPv3 ? OctetString.Empty : _target.SecurityName;

    /// <summary>The user (securityName) of requests that name none (SNMPv3: a USM user, or a TSM or plug-in model's principal), else null.</summary>
    public string? DefaultUserName => _v3?.DefaultPrincipal.SecurityName.ToText();

    /// <summary>The security model of this Manager's requests (SNMPv1 or SNMPv2c for the community versions).</summary>
    public SecurityModel SecurityModel => _v3?.SecurityModel ?? _target.SecurityModel;

    /// <summary>The security level of requests that name none (SNMPv3; noAuthNoPriv for community versions).</summary>
    public SecurityLevel DefaultSecurityLevel => _v3?.DefaultLevel ?? _target.SecurityLevel;

    /// <summary>
    /// The reference's autowait: whether the handle forms (<c>BeginGet</c>, ...) wait for the
    /// response before returning the handle when the request's options do not say.
    /// </summary>
    public bool Autowait { get; }

    /// <summary>The default total time allowed per request (10 s unless changed).</summary>
    public TimeSpan Timeout { get; set; } = RetransmissionPolicy.Default.Timeout;

    /// <summary>The default interval between retransmissions of a request (1 s unless changed).</summary>
    public TimeSpan RefreshPeriod { get; set; } = RetransmissionPolicy.Default.RefreshPeriod;

    /// <summary>
    /// The max-repetitions of the first GetBulk request a walk sends (SNMPv2c and later; later
    /// ones may ask for more, up to <see cref="WalkMaxRepetitionsLimit"/>); 0 makes walks send
    /// GetNextRequests instead, one object per request, as Net-SNMP's snmpwalk does
    /// (RFC 3416 4.2.2), for agents whose GetBulk is broken or to compare with such a walk.
    /// </summary>
    public int WalkMaxRepetitions { get; set; } = 25;

    /// <summary>
    /// How far a walk's pages may grow (50 unless changed): while the agent answers each GetBulk
    /// with every varbind asked for, the next one asks for twice as many, up to this. A page the
    /// agent cut short (its message size, RFC 3416 4.2.3) or a tooBig stops the growth. At or below
    /// <see cref="WalkMaxRepetitions"/>, every page asks for <see cref="WalkMaxRepetitions"/>, as
    /// Net-SNMP's <c>-Cr</c> does. Fewer, larger requests cost an agent less per object: a
    /// whole-tree walk of snmpd took 0.7 of the time with pages of 50 as with 25 (benchmarks/README.md).
    /// </summary>
    public int WalkMaxRepetitionsLimit { get; set; } = 50;

    /// <summary>Gets the values of <paramref name="oids"/> (GetRequest, RFC 3416 section 4.2.1), blocking until the answer.</summary>
    public VarBindList Get(params ObjectIdentifier[] oids) => Get(oids, null);

    /// <summary>Gets the values of <paramref name="oids"/> with per-request <paramref name="options"/>, blocking until the answer.</summary>
    public VarBindList Get(IEnumerable<ObjectIdentifier> oids, RequestOptions? options) => Block(new Pdu(PduType.GetRequest, 0, ForRequest(oids)), options);

    /// <summary>Sends a GetRequest and returns its handle (see <see cref="Autowait"/>).</summary>
    public RequestHandle BeginGet(params ObjectIdentifier[] oids) => BeginGet(oids, null);

    /// <summary>Sends a GetRequest with per-request <paramref name="options"/> and returns its handle (see <see cref="Autowait"/>).</summary>
    public RequestHandle BeginGet(IEnumerable<ObjectIdentifier> oids, RequestOptions? options) =>
        Handle(GetAsync(oids, options), "Get", options);

    /// <summary>Gets the values of <paramref name="oids"/>.</summary>
    public Task<VarBindList> GetAsync(params ObjectIdentifier[] oids) => GetAsync(oids, null);

    /// <summary>Gets the values of <paramref name="oids"/>.</summary>
    public Task<VarBindList> GetAsync(IEnumerable<ObjectIdentifier> oids, RequestOptions? options, CancellationToken cancellationToken = default) =>
        SendAsync(new Pdu(PduType.GetRequest, 0, ForRequest(oids)), options, cancellationToken);

    /// <summary>Gets the lexicographic successors of <paramref name="oids"/> (GetNextRequest, RFC 3416 section 4.2.2), blocking until the answer.</summary>
    public VarBindList GetNext(params ObjectIdentifier[] oids) => GetNext(oids, null);

    /// <summary>Gets the successors of <paramref name="oids"/> with per-request <paramref name="options"/>, blocking until the answer.</summary>
    public VarBindList GetNext(IEnumerable<ObjectIdentifier> oids, RequestOptions? options) => Block(new Pdu(PduType.GetNextRequest, 0, ForRequest(oids)), options);

    /// <summary>Sends a GetNextRequest and returns its handle (see <see cref="Autowait"/>).</summary>
    public RequestHandle BeginGetNext(params ObjectIdentifier[] oids) => BeginGetNext(oids, null);

    /// <summary>Sends a GetNextRequest with per-request <paramref name="options"/> and returns its handle.</summary>
    public RequestHandle BeginGetNext(IEnumerable<ObjectIdentifier> oids, RequestOptions? options) =>
        Handle(GetNextAsync(oids, options), "GetNext", options);

    /// <summary>Gets the lexicographic successors of <paramref name="oids"/>.</summary>
    public Task<VarBindList> GetNextAsync(params ObjectIdentifier[] oids) => GetNextAsync(oids, null);

    /// <summary>Gets the lexicographic successors of <paramref name="oids"/>.</summary>
    public Task<VarBindList> GetNextAsync(IEnumerable<ObjectIdentifier> oids, RequestOptions? options, CancellationToken cancellationToken = default) =>
        SendAsync(new Pdu(PduType.GetNextRequest, 0, ForRequest(oids)), options, cancellationToken);

    /// <summary>
    /// GetBulkRequest (RFC 3416 section 4.2.3; SNMPv2c and later): the successors of the first
    /// <paramref name="nonRepeaters"/> OIDs, then up to <paramref name="maxRepetitions"/>
    /// successive successors of the others. An agent whose answer would be too big removes
    /// varbinds from the end (RFC 3416 4.2.3), so the answer may end inside a repetition; it is
    /// returned as it came. An empty answer, or more than asked for, raises
    /// <see cref="SnmpImproperResponseException"/>.
    /// </summary>
    public VarBindList GetBulk(int nonRepeaters, int maxRepetitions, params ObjectIdentifier[] oids) =>
        GetBulk(nonRepeaters, maxRepetitions, oids, null);

    /// <summary>GetBulkRequest with per-request <paramref name="options"/>, blocking until the answer.</summary>
    public VarBindList GetBulk(int nonRepeaters, int maxRepetitions, IEnumerable<ObjectIdentifier> oids, RequestOptions? options) =>
        Block(BulkRequest(nonRepeaters, maxRepetitions, oids), options);

    /// <summary>Sends a GetBulkRequest and returns its handle (see <see cref="Autowait"/>).</summary>
    public RequestHandle BeginGetBulk(int nonRepeaters, int maxRepetitions, params ObjectIdentifier[] oids) =>
        BeginGetBulk(nonRepeaters, maxRepetitions, oids, null);

    /// <summary>Sends a GetBulkRequest with per-request <paramref name="options"/> and returns its handle.</summary>
    public RequestHandle BeginGetBulk(int nonRepeaters, int maxRepetitions, IEnumerable<ObjectIdentifier> oids, RequestOptions? options) =>
        Handle(GetBulkAsync(nonRepeaters, maxRepetitions, oids, options), "GetBulk", options);

    /// <summary>GetBulkRequest; see <see cref="GetBulk(int, int, ObjectIdentifier[])"/>.</summary>
    public Task<VarBindList> GetBulkAsync(int nonRepeaters, int maxRepetitions, params ObjectIdentifier[] oids) =>
        GetBulkAsync(nonRepeaters, maxRepetitions, oids, null);

    /// <summary>GetBulkRequest; see <see cref="GetBulk(int, int, ObjectIdentifier[])"/>.</summary>
    /// <exception cref="NotSupportedException">The Manager speaks SNMPv1, which has no GetBulk.</exception>
    public Task<VarBindList> GetBulkAsync(int nonRepeaters, int maxRepetitions, IEnumerable<ObjectIdentifier> oids, RequestOptions? options, CancellationToken cancellationToken = default) =>
        SendAsync(BulkRequest(nonRepeaters, maxRepetitions, oids), options, cancellationToken);

    private BulkPdu BulkRequest(int nonRepeaters, int maxRepetitions, IEnumerable<ObjectIdentifier> oids)
    {
        if (Version == SnmpVersion.SNMPv1)
        {
            throw new NotSupportedException("SNMPv1 has no GetBulkRequest (RFC 3584 section 4.3); use GetNext or a v2c Manager.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(nonRepeaters);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRepetitions);
        return new BulkPdu(0, nonRepeaters, maxRepetitions, ForRequest(oids));
    }

    /// <summary>Sets the values of <paramref name="varBinds"/> (SetRequest, RFC 3416 section 4.2.5: all or none), blocking until the answer.</summary>
    public VarBindList Set(params VarBind[] varBinds) => Set(varBinds, null);

    /// <summary>Sets the values of <paramref name="varBinds"/> with per-request <paramref name="options"/>, blocking until the answer.</summary>
    public VarBindList Set(IEnumerable<VarBind> varBinds, RequestOptions? options) => Block(SetRequest(varBinds), options);

    /// <summary>Sends a SetRequest and returns its handle (see <see cref="Autowait"/>).</summary>
    public RequestHandle BeginSet(params VarBind[] varBinds) => BeginSet(varBinds, null);

    /// <summary>Sends a SetRequest with per-request <paramref name="options"/> and returns its handle.</summary>
    public RequestHandle BeginSet(IEnumerable<VarBind> varBinds, RequestOptions? options) =>
        Handle(SetAsync(varBinds, options), "Set", options);

    /// <summary>Sets the values of <paramref name="varBinds"/>.</summary>
    public Task<VarBindList> SetAsync(params VarBind[] varBinds) => SetAsync(varBinds, null);

    /// <summary>Sets the values of <paramref name="varBinds"/>.</summary>
    public Task<VarBindList> SetAsync(IEnumerable<VarBind> varBinds, RequestOptions? options, CancellationToken cancellationToken = default) =>
        SendAsync(SetRequest(varBinds), options, cancellationToken);

    private static Pdu SetRequest(IEnumerable<VarBind> varBinds)
    {
        ArgumentNullException.ThrowIfNull(varBinds);
        var list = new VarBindList(varBinds);
        foreach (var varBind in list)
        {
            if (varBind.Value is null || varBind.Value.Type is SnmpType.Null or SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView)
            {
                throw new ArgumentException($"Set needs a value for {varBind.Oid}.", nameof(varBinds));
            }
        }

        return new Pdu(PduType.SetRequest, 0, list);
    }

    /// <summary>
    /// Walks the subtree under <paramref name="subtree"/> in lexicographic order, with GetNext
    /// (SNMPv1, or <see cref="WalkMaxRepetitions"/> 0) or GetBulk (SNMPv2c and later, <see cref="WalkMaxRepetitions"/> per request). The
    /// walk stops at the first OID outside the subtree, on endOfMibView and, for SNMPv1, on
    /// noSuchName; an agent that returns a non-increasing OID ends it with
    /// <see cref="SnmpImproperResponseException"/> instead of looping forever. Like Net-SNMP's
    /// snmpwalk, a walk that finds nothing under <paramref name="subtree"/> returns the object
    /// <paramref name="subtree"/> itself when it is an instance that exists.
    /// </summary>
    public IAsyncEnumerable<VarBind> WalkAsync(ObjectIdentifier subtree, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        WalkCoreAsync(subtree, options, cancellationToken);

    private async IAsyncEnumerable<VarBind> WalkCoreAsync(ObjectIdentifier subtree, RequestOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subtree);
        var walk = new WalkCursor(subtree, Version == SnmpVersion.SNMPv1 ? 0 : WalkMaxRepetitions, WalkMaxRepetitionsLimit);
        // The next page is asked for as soon as this one has arrived, before its varbinds go to
        // the caller: the round trip overlaps with the caller's work on the page (issue 26). A
        // caller that stops early cancels the page it will never read.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<VarBindList?>? next = WalkPageAsync(walk, options, stop.Token);
        try
        {
            while (next is not null)
            {
                var page = await next.ConfigureAwait(false);
                next = null;
                if (page is null)
                {
                    break; // RFC 1157 4.1.3: noSuchName on GetNext means the end of the MIB view.
                }

                int taken = walk.Take(page, out bool more);
                if (more)
                {
                    next = WalkPageAsync(walk, options, stop.Token);
                }

                for (int i = 0; i < taken; i++)
                {
                    yield return page[i];
                }
            }
        }
        finally
        {
            if (next is not null)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await next.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or SnmpException)
                {
                    // The page nobody will read: how it ended does not matter.
                }
            }
        }

        if (!walk.Found && await GetInstanceAsync(subtree, options, cancellationToken).ConfigureAwait(false) is { } instance)
        {
            yield return instance;
        }
    }

    // One page of WalkAsync; null when an SNMPv1 agent answers noSuchName (the end of its view).
    // An agent that answers a GetBulk with tooBig (RFC 3416 4.2.3 says it should send fewer
    // varbinds instead) is asked again for half as many.
    private async Task<VarBindList?> WalkPageAsync(WalkCursor walk, RequestOptions? options, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await SendAsync(walk.NextRequest(), options, cancellationToken).ConfigureAwait(false);
            }
            catch (SnmpNoSuchNameException) when (Version == SnmpVersion.SNMPv1)
            {
                return null;
            }
            catch (SnmpErrorResponseException e) when (e.ErrorStatus == ErrorStatus.TooBig && walk.Shrink())
            {
            }
        }
    }

    /// <summary>Where a walk (blocking or asynchronous) stands: the next request and whether it found anything.</summary>
    private sealed class WalkCursor(ObjectIdentifier subtree, int maxRepetitions, int limit)
    {
        private readonly ObjectIdentifier _subtree = subtree;

        // 0: GetNext (SNMPv1, or WalkMaxRepetitions 0). Otherwise what the next GetBulk asks
        // for: WalkMaxRepetitions, doubled after each whole page up to the limit, halved by tooBig.
        private int _repetitions = Math.Max(0, maxRepetitions);

        // Grows only until the agent first shows a limit: a page cut short or a tooBig.
        private bool _growing = maxRepetitions > 0 && limit > maxRepetitions;

        public ObjectIdentifier Current { get; private set; } = subtree;

        public bool Found { get; private set; }

        public bool IsGetNext => _repetitions == 0;

        /// <summary>The walk's next request: GetNext, or GetBulk of the repetitions the agent's answers allow, after <see cref="Current"/>.</summary>
        public SnmpPdu NextRequest() => _repetitions == 0
            ? new Pdu(PduType.GetNextRequest, 0, VarBindList.ForRequest([Current]))
            : new BulkPdu(0, 0, _repetitions, VarBindList.ForRequest([Current]));

        /// <summary>Halves the repetitions after a tooBig; false when a GetBulk of one was already too big (or this is GetNext).</summary>
        public bool Shrink()
        {
            if (_repetitions <= 1)
            {
                return false;
            }

            _repetitions /= 2;
            _growing = false;
            return true;
        }

        /// <summary>
        /// How many of a page's varbinds, from the first, belong to the walk, moving past them;
        /// <paramref name="more"/> is false once the walk is over: at the first endOfMibView or
        /// OID outside the subtree (ResponseValidation has already rejected non-increasing OIDs
        /// within the page), or on an empty page.
        /// </summary>
        public int Take(VarBindList page, out bool more)
        {
            int taken = page.Count;
            for (int i = 0; i < page.Count; i++)
            {
                if (page[i].Value is EndOfMibView || !_subtree.IsAncestorOf(page[i].Oid))
                {
                    taken = i;
                    break;
                }
            }

            if (taken > 0)
            {
                Found = true;
                Current = page[taken - 1].Oid;
            }

            // A page shorter than asked (the agent's message size, RFC 3416 4.2.3) does not
            // shrink the next request: measured, following it down made a whole-tree walk of
            // snmpd 1.26x slower, as one page of long values set every later page's size.
            more = taken == page.Count && page.Count > 0;
            if (_growing)
            {
                if (page.Count < _repetitions)
                {
                    _growing = false;
                }
                else if (more)
                {
                    _repetitions = (int)Math.Min((long)_repetitions * 2, limit);
                }
            }

            return taken;
        }
    }

    private async Task<VarBind?> GetInstanceAsync(ObjectIdentifier oid, RequestOptions? options, CancellationToken cancellationToken)
    {
        try
        {
            var result = await SendAsync(new Pdu(PduType.GetRequest, 0, ForRequest([oid])), options, cancellationToken).ConfigureAwait(false);
            return result[0].Value is NoSuchObject or NoSuchInstance or EndOfMibView ? null : result[0];
        }
        catch (SnmpNoSuchNameException)
        {
            return null;
        }
    }

    /// <summary>The blocking form of <see cref="WalkAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>: enumerating it sends the requests.</summary>
    /// <remarks>
    /// The same walk as <see cref="WalkAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>,
    /// written as a plain iterator over the blocking requests: no asynchronous enumerator, task
    /// or event per object (issue 13). As in WalkAsync, the next GetBulk page is asked for as soon
    /// as a page has arrived, before its varbinds go to the caller, so the agent works on it while
    /// the caller reads this one; the caller's thread then sleeps until it has arrived (the receive
    /// thread wakes it). A caller that stops early cancels the page it will never read. A GetNext
    /// walk (SNMPv1) sends each request when the caller asks for the next object and reads its own
    /// answer: one object per page is not worth a hand-off between threads.
    /// </remarks>
    public IEnumerable<VarBind> Walk(ObjectIdentifier subtree, RequestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(subtree);
        var walk = new WalkCursor(subtree, Version == SnmpVersion.SNMPv1 ? 0 : WalkMaxRepetitions, WalkMaxRepetitionsLimit);
        using var stop = new CancellationTokenSource();
        Task<VarBindList>? next = null;
        try
        {
            // The first page reads its own answer on this thread (Block); the later ones were
            // sent while the caller read the page before.
            var page = WalkPage(walk, options, sent: null);
            while (page is not null)
            {
                int taken = walk.Take(page, out bool more);
                // A GetBulk page is worth overlapping with the caller's reading. A GetNext page is
                // one object: there the receive thread's hand-off to this one cost more than the
                // overlap gained (SNMPv1 walk of snmpd: 12 -> 31 us of CPU per GetNext), so each
                // GetNext reads its own answer, as a blocking Get does.
                if (more && !walk.IsGetNext)
                {
                    next = SendAsync(walk.NextRequest(), options, stop.Token, callerBlocks: true, readsOwnAnswer: false);
                }

                for (int i = 0; i < taken; i++)
                {
                    yield return page[i];
                }

                if (!more)
                {
                    break;
                }

                var sent = next;
                next = null;
                page = WalkPage(walk, options, sent);
            }
        }
        finally
        {
            if (next is not null)
            {
                stop.Cancel();
                try
                {
                    Wait(next);
                }
                catch (Exception e) when (e is OperationCanceledException or SnmpException)
                {
                    // The page nobody will read: how it ended does not matter.
                }
            }
        }

        if (!walk.Found && GetInstance(subtree, options) is { } instance)
        {
            yield return instance;
        }
    }

    // One page of Walk: the answer to the request already sent, or to a blocking one; null when
    // an SNMPv1 agent answers noSuchName (the end of its view). A tooBig asks again for half as many.
    private VarBindList? WalkPage(WalkCursor walk, RequestOptions? options, Task<VarBindList>? sent)
    {
        while (true)
        {
            try
            {
                return sent is null ? Block(walk.NextRequest(), options) : Wait(sent);
            }
            catch (SnmpNoSuchNameException) when (Version == SnmpVersion.SNMPv1)
            {
                return null;
            }
            catch (SnmpErrorResponseException e) when (e.ErrorStatus == ErrorStatus.TooBig && walk.Shrink())
            {
                sent = null;
            }
        }
    }

    private VarBind? GetInstance(ObjectIdentifier oid, RequestOptions? options)
    {
        try
        {
            var result = Block(new Pdu(PduType.GetRequest, 0, ForRequest([oid])), options);
            return result[0].Value is NoSuchObject or NoSuchInstance or EndOfMibView ? null : result[0];
        }
        catch (SnmpNoSuchNameException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Version} Manager for {Address}";

    // readsOwnAnswer false: a blocked caller's request sent before the caller blocks (the walk's
    // next page), whose answer the receive thread reads and hands over.
    private async Task<VarBindList> SendAsync(SnmpPdu pdu, RequestOptions? options, CancellationToken cancellationToken, bool callerBlocks = false, bool readsOwnAnswer = true)
    {
        int caller = readsOwnAnswer ? Environment.CurrentManagedThreadId : -1;
        var policy = new RetransmissionPolicy(options?.Timeout ?? Timeout, options?.RefreshPeriod ?? RefreshPeriod)
        {
            EndOnUnauthenticatedReport = options?.EndOnUnauthenticatedReport == true,
        };
        SnmpTarget target;
        if (_v3 is null)
        {
            if (options?.UserName is not null || options?.SecurityLevel is not null || options?.Context is not null || options?.ContextEngineId is not null)
            {
                throw new ArgumentException($"UserName, SecurityLevel, Context and ContextEngineId are SNMPv3 options; this Manager speaks {Version}.", nameof(options));
            }

            target = options?.Community is { } community ? _target with { SecurityName = community } : _target;
        }
        else
        {
            if (options?.Community is not null)
            {
                throw new ArgumentException("Community is an SNMPv1/v2c option; this Manager speaks SNMPv3.", nameof(options));
            }

            // Whatever the security model: its discovery, its principals (IOriginatorSecurityModel).
            target = await _v3.PrepareTargetAsync(_commandGenerator, _target, options, policy, cancellationToken).ConfigureAwait(false);
        }

        // Still on the blocked caller's thread (SNMPv3 discovery may have moved us): the
        // request can read its own answer there (ConfirmedPduSender.SendAsync, onCallersThread).
        // A timeout says what the security model knows of why (ConfirmedPduSender).
        var response = await (callerBlocks
            ? _commandGenerator.SendRequestForBlockedCallerAsync(target, pdu, policy, caller, cancellationToken)
            : _commandGenerator.SendRequestAsync(target, pdu, policy, cancellationToken)).ConfigureAwait(false);
        return response.VarBinds;
    }

    // The blocking forms wait on the task's awaiter: no thread is held beyond the caller's own,
    // and exceptions surface unwrapped (SnmpTimeoutException, not AggregateException). As only
    // the caller waits on the task, the response completes it on the receive thread, which wakes
    // the caller directly (callerBlocks; issue 13).
    private VarBindList Block(SnmpPdu request, RequestOptions? options) =>
        Wait(SendAsync(request, options, CancellationToken.None, callerBlocks: true));

    private RequestHandle Handle(Task<VarBindList> task, string operation, RequestOptions? options)
    {
        var handle = new RequestHandle(task, $"{operation} to {Address}");
        if (options?.Wait ?? Autowait)
        {
            handle.Wait();
        }

        return handle;
    }

    private static VarBindList ForRequest(IEnumerable<ObjectIdentifier> oids)
    {
        ArgumentNullException.ThrowIfNull(oids);
        var list = new VarBindList(oids.Select(oid => new VarBind(oid ?? throw new ArgumentException("An OID is null.", nameof(oids)))));
        if (list.Count == 0)
        {
            throw new ArgumentException("A request needs at least one OID.", nameof(oids));
        }

        return list;
    }
}
