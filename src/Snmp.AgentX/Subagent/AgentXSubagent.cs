using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AgentX.Protocol;
using Snmp.AgentX.Session;
using Snmp.AgentX.Subagent;

namespace Snmp.AgentX;

/// <summary>
/// An AgentX subagent (RFC 2741): serves the <see cref="MibTree"/>s an <c>Agent</c> would serve
/// (<see cref="MibScalar"/>, <see cref="MibTable"/>, any <see cref="ManagedObject"/>) through a
/// master agent such as Net-SNMP's snmpd (<c>master agentx</c>), so an application moves between
/// a standalone agent and a subagent without changing its instrumentation. It connects, opens a
/// session (6.2.1), registers its regions (6.2.3, 7.1.5), answers Get, GetNext, GetBulk and the
/// Set phases (7.2.3, 7.2.4), and sends notifications (6.2.10), index allocations (6.2.12, 6.2.13)
/// and pings (6.2.11). When the master goes away it connects again every
/// <see cref="AgentXSubagentOptions.ReconnectInterval"/>, opens a new session and registers again
/// (with the index values it held).
/// </summary>
/// <example>
/// <code>
/// await using var subagent = new AgentXSubagent(new AgentXSubagentOptions { MasterAddress = "/var/agentx/master" });
/// subagent.Mib.AddScalar("1.3.6.1.4.1.99999.1", new Integer32(42));
/// await subagent.StartAsync(cancellationToken);   // returns once the session is open and registered
/// </code>
/// </example>
public sealed class AgentXSubagent : IAsyncDisposable
{
    /// <summary>snmpTrapOID.0 (RFC 3418), the varbind a Notify-PDU names its notification with (RFC 2741 6.2.10).</summary>
    private static readonly ObjectIdentifier SnmpTrapOid = new(1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0);

    private readonly AgentXSubagentOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, MibTree> _contexts = new(StringComparer.Ordinal);
    private readonly List<AgentXRegistration> _registrations = [];
    private readonly List<(string Context, VarBind[] Index)> _allocations = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Net.EndPoint _master;
    private TaskCompletionSource<SubagentSession> _opened = NewOpened();
    private Task? _run;
    private int _packetId;
    private long _sessionsOpened;
    private long _parseErrors;

    /// <summary>Creates a subagent; nothing is sent until <see cref="StartAsync"/>.</summary>
    /// <exception cref="FormatException">The master address is not in <c>agentXSocket</c> syntax.</exception>
    public AgentXSubagent(AgentXSubagentOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, timeProvider: null)
    {
    }

    /// <summary>A subagent whose reconnection and response timeouts run on <paramref name="timeProvider"/> (tests).</summary>
    internal AgentXSubagent(AgentXSubagentOptions? options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        _options = options ?? new AgentXSubagentOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AgentXSubagent>();
        _master = AgentXAddress.Parse(_options.MasterAddress);
        Mib = AddContext("");
    }

    /// <summary>The MIB of the default context.</summary>
    public MibTree Mib { get; }

    /// <summary>True while a session with the master is open and registered.</summary>
    public bool IsOpen => _opened.Task.IsCompletedSuccessfully;

    /// <summary>h.sessionID of the open session (the master's choice), or null.</summary>
    public uint? SessionId => _opened.Task.IsCompletedSuccessfully ? _opened.Task.Result.SessionId : null;

    /// <summary>How many sessions have been opened (1 after the first start; each reconnection adds one).</summary>
    public long SessionsOpened => Interlocked.Read(ref _sessionsOpened);

    /// <summary>Malformed PDUs received from the master; each ended its session (RFC 2741 7.1: closed with parseError).</summary>
    public long ParseErrors => Interlocked.Read(ref _parseErrors);

    /// <summary>The MIB of the context <paramref name="contextName"/> (created empty the first time); its objects are registered in that context.</summary>
    public MibTree AddContext(string contextName)
    {
        ArgumentNullException.ThrowIfNull(contextName);
        return _contexts.GetOrAdd(contextName, _ => new MibTree());
    }

    /// <summary>
    /// Starts the subagent and returns once a session is open and its regions registered; until
    /// the master answers it keeps trying every <see cref="AgentXSubagentOptions.ReconnectInterval"/>
    /// (cancel <paramref name="cancellationToken"/> to stop waiting; the subagent keeps trying).
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _run ??= Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }

        return WaitForSessionAsync(cancellationToken);
    }

    /// <summary>Waits until a session is open and registered (at once when one is).</summary>
    public async Task WaitForSessionAsync(CancellationToken cancellationToken = default)
    {
        Task<SubagentSession> opened;
        lock (_lock)
        {
            opened = _opened.Task;
        }

        await opened.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers <paramref name="registration"/> now (if a session is open) and after every reconnection.</summary>
    /// <exception cref="AgentXResponseException">The master refused it (duplicateRegistration, unsupportedContext, ...) or did not answer.</exception>
    public async Task RegisterAsync(AgentXRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (_lock)
        {
            _registrations.Add(registration);
        }

        if (Current is { } session)
        {
            await RegisterAsync(session, registration, AgentXPduType.Register, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Unregisters <paramref name="registration"/> (agentx-Unregister-PDU, 6.2.4) and forgets it.</summary>
    public async Task UnregisterAsync(AgentXRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (_lock)
        {
            _registrations.Remove(registration);
        }

        await RegisterAsync(RequireSession(), registration, AgentXPduType.Unregister, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the notification <paramref name="trapOid"/> through the master (agentx-Notify-PDU,
    /// 6.2.10: snmpTrapOID.0 first, then <paramref name="varBinds"/>); the master adds sysUpTime.0
    /// and sends it to its notification targets.
    /// </summary>
    /// <exception cref="AgentXResponseException">No session is open, the master refused it or did not answer.</exception>
    public async Task NotifyAsync(ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds = null, string context = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trapOid);
        var list = new VarBindList([new VarBind(SnmpTrapOid, trapOid), .. varBinds ?? []]);
        var session = RequireSession();
        await RequestAsync(session, new AgentXVarBindPdu(AgentXPduType.Notify, list) { Context = ContextOf(context) }, $"Notify {trapOid}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Allocates index values (agentx-IndexAllocate-PDU, RFC 2741 6.2.12, 7.1.4): each varbind
    /// names an index object and the value wanted (or, for <see cref="AgentXIndexAllocation.NewIndex"/>
    /// and <see cref="AgentXIndexAllocation.AnyIndex"/>, a value of its type). Returns what the
    /// master allocated; they are allocated again after a reconnection.
    /// </summary>
    /// <exception cref="AgentXResponseException">indexAlreadyAllocated, indexNoneAvailable, indexWrongType, ... or no answer.</exception>
    public async Task<VarBindList> AllocateIndexAsync(IEnumerable<VarBind> index, AgentXIndexAllocation allocation = AgentXIndexAllocation.Specific, string context = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var flags = allocation switch
        {
            AgentXIndexAllocation.NewIndex => AgentXFlags.NewIndex,
            AgentXIndexAllocation.AnyIndex => AgentXFlags.AnyIndex,
            _ => AgentXFlags.None,
        };
        var response = await RequestAsync(RequireSession(), new AgentXVarBindPdu(AgentXPduType.IndexAllocate, new VarBindList(index)) { Flags = flags, Context = ContextOf(context) },
            "IndexAllocate", cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _allocations.Add((context, [.. response.VarBinds]));
        }

        return response.VarBinds;
    }

    /// <summary>Releases index values allocated before (agentx-IndexDeallocate-PDU, 6.2.13).</summary>
    /// <exception cref="AgentXResponseException">indexNotAllocated, ... or no answer.</exception>
    public async Task DeallocateIndexAsync(IEnumerable<VarBind> index, string context = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var list = new VarBindList(index);
        await RequestAsync(RequireSession(), new AgentXVarBindPdu(AgentXPduType.IndexDeallocate, list) { Context = ContextOf(context) }, "IndexDeallocate", cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _allocations.RemoveAll(a => a.Context == context && a.Index.Any(v => list.Any(r => r.Oid.Equals(v.Oid) && Equals(r.Value, v.Value))));
        }
    }

    /// <summary>Asks the master whether the session is alive (agentx-Ping-PDU, 6.2.11).</summary>
    /// <exception cref="AgentXResponseException">No session, or no answer.</exception>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        RequestAsync(RequireSession(), new AgentXHeaderOnlyPdu(AgentXPduType.Ping), "Ping", cancellationToken);

    private SubagentSession? Current
    {
        get
        {
            lock (_lock)
            {
                return _opened.Task.IsCompletedSuccessfully ? _opened.Task.Result : null;
            }
        }
    }

    private SubagentSession RequireSession() =>
        Current ?? throw new AgentXResponseException("the request", null, detail: "no AgentX session is open");

    private static OctetString? ContextOf(string context) => string.IsNullOrEmpty(context) ? null : new OctetString(context);

    private MibTree? MibOf(OctetString? context) =>
        _contexts.TryGetValue(context is null ? "" : context.ToText(), out var mib) ? mib : null;

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogWarning("AgentX master at {Master}: {Reason}; trying again in {Interval}", _options.MasterAddress, e.Message, _options.ReconnectInterval);
            }

            try
            {
                await Task.Delay(_options.ReconnectInterval, _timeProvider, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunSessionAsync(CancellationToken stop)
    {
        await using var connection = await AgentXConnection.ConnectAsync(_master, _options.MaxPayloadLength, stop).ConfigureAwait(false);
        var session = new SubagentSession(connection, new MibRequestProcessor(MibOf, _logger));
        var reading = ReadAsync(session, stop);
        try
        {
            // RFC 2741 7.1.1: Open; the Response's h.sessionID is the session's.
            var open = new AgentXOpenPdu(_options.Timeout, _options.Id, new OctetString(_options.Description));
            var opened = await RequestAsync(session, open, "Open", stop).ConfigureAwait(false);
            session.SessionId = opened.SessionId;
            await RegisterAllAsync(session, stop).ConfigureAwait(false);
            Interlocked.Increment(ref _sessionsOpened);
            _logger.LogInformation("AgentX session {SessionId} open with {Master}", session.SessionId, _options.MasterAddress);
            lock (_lock)
            {
                _opened.TrySetResult(session);
            }

            await reading.ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                if (_opened.Task.IsCompleted)
                {
                    _opened = NewOpened();
                }
            }

            session.FailPending("the session ended");
            session.Processor.Abandon();
            await connection.DisposeAsync().ConfigureAwait(false);
            await reading.ConfigureAwait(false);
        }
    }

    private async Task RegisterAllAsync(SubagentSession session, CancellationToken cancellationToken)
    {
        List<AgentXRegistration> registrations;
        List<(string Context, VarBind[] Index)> allocations;
        lock (_lock)
        {
            registrations = [.. _options.Registrations, .. _registrations];
            allocations = [.. _allocations];
        }

        if (_options.Registrations.Count == 0)
        {
            foreach (var (context, mib) in _contexts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                registrations.InsertRange(0, mib.Objects.Select(o => new AgentXRegistration(o.Oid) { Context = context, Priority = _options.Priority }));
            }
        }

        foreach (var registration in registrations)
        {
            try
            {
                await RegisterAsync(session, registration, AgentXPduType.Register, cancellationToken).ConfigureAwait(false);
            }
            catch (AgentXResponseException e) when (e.Error is not null)
            {
                // One refused region (duplicateRegistration, say) leaves the others served.
                _logger.LogWarning("{Message}", e.Message);
            }
        }

        foreach (var (context, index) in allocations)
        {
            try
            {
                await RequestAsync(session, new AgentXVarBindPdu(AgentXPduType.IndexAllocate, new VarBindList(index)) { Context = ContextOf(context) }, "IndexAllocate", cancellationToken).ConfigureAwait(false);
            }
            catch (AgentXResponseException e) when (e.Error is not null)
            {
                _logger.LogWarning("{Message}", e.Message);
            }
        }
    }

    private Task<AgentXResponsePdu> RegisterAsync(SubagentSession session, AgentXRegistration registration, AgentXPduType type, CancellationToken cancellationToken)
    {
        var pdu = new AgentXRegisterPdu(type, registration.Timeout, registration.Priority, registration.RangeSubId, registration.Subtree, registration.UpperBound)
        {
            Flags = registration.Instance ? AgentXFlags.InstanceRegistration : AgentXFlags.None,
            Context = ContextOf(registration.Context),
        };
        return RequestAsync(session, pdu, $"{type} {registration.Subtree}{(registration.Context.Length > 0 ? $" in context '{registration.Context}'" : "")}", cancellationToken);
    }

    private async Task<AgentXResponsePdu> RequestAsync(SubagentSession session, AgentXPdu request, string what, CancellationToken cancellationToken)
    {
        uint packetId = unchecked((uint)Interlocked.Increment(ref _packetId));
        var pending = new TaskCompletionSource<AgentXResponsePdu>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Pending[packetId] = pending;
        try
        {
            await session.Connection.SendAsync(request with { SessionId = session.SessionId, PacketId = packetId }, cancellationToken).ConfigureAwait(false);
            AgentXResponsePdu response;
            try
            {
                response = await pending.Task.WaitAsync(_options.ResponseTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new AgentXResponseException(what, null, detail: $"no Response within {_options.ResponseTimeout.TotalSeconds:0.###} s");
            }

            return response.Error == AgentXError.NoAgentXError ? response : throw new AgentXResponseException(what, response.Error, response.Index);
        }
        finally
        {
            session.Pending.TryRemove(packetId, out _);
        }
    }

    private async Task ReadAsync(SubagentSession session, CancellationToken stop)
    {
        await Task.Yield();
        try
        {
            while (await session.Connection.ReadAsync(stop).ConfigureAwait(false) is { } pdu)
            {
                switch (pdu)
                {
                    case AgentXResponsePdu response:
                        if (session.Pending.TryGetValue(response.PacketId, out var pending))
                        {
                            pending.TrySetResult(response);
                        }

                        break;
                    case AgentXClosePdu close:
                        _logger.LogInformation("The AgentX master closed session {SessionId} ({Reason})", session.SessionId, close.Reason);
                        return;
                    default:
                        if (await session.Processor.ProcessAsync(pdu, stop).ConfigureAwait(false) is { } answer)
                        {
                            await session.Connection.SendAsync(answer, stop).ConfigureAwait(false);
                        }

                        break;
                }
            }
        }
        catch (AgentXDecodeException e)
        {
            // RFC 2741 7.1: a PDU that cannot be parsed ends this session only (Close, parseError).
            Interlocked.Increment(ref _parseErrors);
            _logger.LogWarning("A malformed AgentX PDU from the master ended session {SessionId}: {Problem}", session.SessionId, e.Message);
            await TrySendAsync(session, new AgentXClosePdu(AgentXCloseReason.ParseError) { SessionId = session.SessionId }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is gone (or the subagent is stopping): the session ends.
        }
        finally
        {
            session.FailPending("the connection to the master ended");
        }
    }

    private static async Task TrySendAsync(SubagentSession session, AgentXPdu pdu)
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await session.Connection.SendAsync(pdu, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>Closes the session (agentx-Close-PDU, reasonShutdown) and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? run;
        SubagentSession? session;
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            session = _opened.Task.IsCompletedSuccessfully ? _opened.Task.Result : null;
            run = _run;
        }

        if (session is not null)
        {
            await TrySendAsync(session, new AgentXClosePdu(AgentXCloseReason.Shutdown) { SessionId = session.SessionId }).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (run is not null)
        {
            await run.ConfigureAwait(false);
        }

        _opened.TrySetException(new ObjectDisposedException(nameof(AgentXSubagent)));
        _stop.Dispose();
    }

    private static TaskCompletionSource<SubagentSession> NewOpened() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One open session: its connection, id, the master's requests in progress and ours awaiting a Response.</summary>
    private sealed class SubagentSession(AgentXConnection connection, MibRequestProcessor processor)
    {
        public AgentXConnection Connection { get; } = connection;

        public MibRequestProcessor Processor { get; } = processor;

        public uint SessionId { get; set; }

        public ConcurrentDictionary<uint, TaskCompletionSource<AgentXResponsePdu>> Pending { get; } = new();

        public void FailPending(string reason)
        {
            foreach (var pending in Pending.Values)
            {
                pending.TrySetException(new AgentXResponseException("the request", null, detail: reason));
            }
        }
    }
}
