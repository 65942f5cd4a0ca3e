using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Snmp.AgentX.Protocol;
using Snmp.AgentX.Session;

namespace Snmp.AgentX.Master;

/// <summary>
/// The master's side of one subagent connection (RFC 2741 7.1): the Open that makes it a session,
/// the subagent's administrative requests (Register, Unregister, Notify, Ping, index allocation,
/// agent capabilities, Close), and the master's requests to it (Get, GetNext, the Set phases),
/// each awaiting its Response for the region's, session's or default timeout.
/// </summary>
internal sealed class MasterSession
{
    private static readonly ObjectIdentifier SysUpTimeInstance = new(1, 3, 6, 1, 2, 1, 1, 3, 0);
    private static readonly ObjectIdentifier SnmpTrapOidInstance = new(1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0);

    private readonly AgentXConnection _connection;
    private readonly AgentXMaster _master;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<AgentXResponsePdu>> _pending = new();
    private readonly HashSet<(string Context, ObjectIdentifier Id)> _agentCaps = [];
    private int _packetId;
    private int _transactionId;
    private volatile bool _closed;

    public MasterSession(AgentXConnection connection, AgentXMaster master, ILogger logger)
    {
        _connection = connection;
        _master = master;
        _logger = logger;
    }

    /// <summary>h.sessionID, given at Open (0 until then).</summary>
    public uint SessionId { get; private set; }

    /// <summary>o.timeout of the Open, or null for the master's default.</summary>
    public TimeSpan? Timeout { get; private set; }

    public bool IsClosed => _closed;

    public uint NextTransactionId() => unchecked((uint)Interlocked.Increment(ref _transactionId));

    /// <summary>Serves the connection until it ends; then the session's registrations go.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (await _connection.ReadAsync(stop).ConfigureAwait(false) is { } pdu)
            {
                if (pdu is AgentXResponsePdu response)
                {
                    if (_pending.TryRemove(response.PacketId, out var pending))
                    {
                        pending.TrySetResult(response);
                    }

                    continue;
                }

                if (!await HandleAsync(pdu, stop).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (AgentXDecodeException e)
        {
            // RFC 2741 7.1: an unparsable PDU ends this session (Close, parseError), no other.
            _master.CountParseError();
            _logger.LogWarning("A malformed AgentX PDU ended session {SessionId}: {Problem}", SessionId, e.Message);
            await TrySendAsync(new AgentXClosePdu(AgentXCloseReason.ParseError) { SessionId = SessionId }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> HandleAsync(AgentXPdu pdu, CancellationToken stop)
    {
        if (pdu.Type == AgentXPduType.Open)
        {
            var open = (AgentXOpenPdu)pdu;
            if (SessionId != 0)
            {
                await RespondAsync(pdu, AgentXError.OpenFailed, stop).ConfigureAwait(false);
                return true;
            }

            // RFC 2741 7.1.1: the master picks the session id and answers with it.
            SessionId = _master.NextSessionId();
            Timeout = open.Timeout == 0 ? null : TimeSpan.FromSeconds(open.Timeout);
            _logger.LogInformation("AgentX session {SessionId} opened by '{Description}'", SessionId, open.Description);
            await RespondAsync(pdu, AgentXError.NoAgentXError, stop).ConfigureAwait(false);
            return true;
        }

        if (SessionId == 0 || pdu.SessionId != SessionId)
        {
            await RespondAsync(pdu, AgentXError.NotOpen, stop).ConfigureAwait(false);
            return true;
        }

        string context = pdu.Context?.ToText() ?? "";
        switch (pdu)
        {
            case AgentXClosePdu:
                return false;
            case AgentXRegisterPdu { Type: AgentXPduType.Register } register:
                var timeout = register.Timeout == 0 ? (TimeSpan?)null : TimeSpan.FromSeconds(register.Timeout);
                await RespondAsync(pdu, _master.Registry.Register(this, context, register.Subtree, register.Priority == 0 ? (byte)127 : register.Priority, register.RangeSubId, register.UpperBound, timeout), stop).ConfigureAwait(false);
                return true;
            case AgentXRegisterPdu unregister:
                await RespondAsync(pdu, _master.Registry.Unregister(this, context, unregister.Subtree, unregister.Priority == 0 ? (byte)127 : unregister.Priority, unregister.RangeSubId, unregister.UpperBound), stop).ConfigureAwait(false);
                return true;
            case AgentXVarBindPdu { Type: AgentXPduType.Notify } notify:
                await RespondAsync(pdu, await NotifyAsync(notify.VarBinds, stop).ConfigureAwait(false), stop).ConfigureAwait(false);
                return true;
            case AgentXVarBindPdu { Type: AgentXPduType.IndexAllocate } allocate:
                var (allocated, allocationError, allocationIndex) = _master.Indexes.Allocate(this, context, allocate.VarBinds, allocate.Flags);
                await SendAsync(Response(pdu, allocationError, allocationIndex, allocated), stop).ConfigureAwait(false);
                return true;
            case AgentXVarBindPdu { Type: AgentXPduType.IndexDeallocate } deallocate:
                var (released, releaseError, releaseIndex) = _master.Indexes.Release(this, context, deallocate.VarBinds);
                await SendAsync(Response(pdu, releaseError, releaseIndex, released), stop).ConfigureAwait(false);
                return true;
            case AgentXHeaderOnlyPdu { Type: AgentXPduType.Ping }:
                await RespondAsync(pdu, AgentXError.NoAgentXError, stop).ConfigureAwait(false);
                return true;
            case AgentXAgentCapsPdu { Type: AgentXPduType.AddAgentCaps } add:
                lock (_agentCaps)
                {
                    _agentCaps.Add((context, add.Id));
                }

                await RespondAsync(pdu, AgentXError.NoAgentXError, stop).ConfigureAwait(false);
                return true;
            case AgentXAgentCapsPdu remove:
                bool known;
                lock (_agentCaps)
                {
                    known = _agentCaps.Remove((context, remove.Id));
                }

                await RespondAsync(pdu, known ? AgentXError.NoAgentXError : AgentXError.UnknownAgentCaps, stop).ConfigureAwait(false);
                return true;
            default:
                // A master's PDU type (Get, TestSet, ...) sent to the master: a protocol error (RFC 2741 7.1).
                _logger.LogWarning("Session {SessionId} sent a {Type}, which only a master sends; closing it", SessionId, pdu.Type);
                await TrySendAsync(new AgentXClosePdu(AgentXCloseReason.ProtocolError) { SessionId = SessionId }).ConfigureAwait(false);
                return false;
        }
    }

    private async Task<AgentXError> NotifyAsync(VarBindList varBinds, CancellationToken cancellationToken)
    {
        // RFC 2741 6.2.10: an optional sysUpTime.0, then snmpTrapOID.0, then the notification's objects.
        int first = varBinds.Count > 0 && varBinds[0].Oid.Equals(SysUpTimeInstance) ? 1 : 0;
        if (varBinds.Count <= first || !varBinds[first].Oid.Equals(SnmpTrapOidInstance) || varBinds[first].Value is not ObjectIdentifier trapOid)
        {
            return AgentXError.ProcessingError;
        }

        await _master.NotifyAsync(trapOid, new VarBindList(varBinds.Skip(first + 1)), cancellationToken).ConfigureAwait(false);
        return AgentXError.NoAgentXError;
    }

    /// <summary>Sends a Get or GetNext for one SearchRange and returns the varbind answered.</summary>
    /// <exception cref="AgentXResponseException">No answer in time, the session ended, or an error answer.</exception>
    public async Task<VarBind> RequestAsync(Registration region, AgentXSearchRangeRequest range, CancellationToken cancellationToken)
    {
        var pdu = new AgentXGetPdu(range.Next ? AgentXPduType.GetNext : AgentXPduType.Get, [new AgentXSearchRange(range.Start, range.Include, range.End)])
        {
            Context = region.Context.Length == 0 ? null : new OctetString(region.Context),
            TransactionId = NextTransactionId(),
        };
        var response = await ExchangeAsync(region, pdu, cancellationToken).ConfigureAwait(false);
        if (response.Error != AgentXError.NoAgentXError || response.VarBinds.Count != 1)
        {
            throw new AgentXResponseException(pdu.Type.ToString(), response.Error == AgentXError.NoAgentXError ? AgentXError.ProcessingError : response.Error, response.Index);
        }

        return response.VarBinds[0];
    }

    /// <summary>Sends a TestSet, CommitSet or UndoSet and returns the Response.</summary>
    public Task<AgentXResponsePdu> SendSetPhaseAsync(Registration region, AgentXPdu pdu, CancellationToken cancellationToken) =>
        ExchangeAsync(region, pdu, cancellationToken);

    private async Task<AgentXResponsePdu> ExchangeAsync(Registration region, AgentXPdu pdu, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw new AgentXResponseException(pdu.Type.ToString(), null, detail: $"session {SessionId} has ended");
        }

        uint packetId = unchecked((uint)Interlocked.Increment(ref _packetId));
        var pending = new TaskCompletionSource<AgentXResponsePdu>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[packetId] = pending;
        // RFC 2741 7.2.2: the region's timeout, else the session's, else the master's default.
        var timeout = region.Timeout ?? Timeout ?? _master.Options.DefaultTimeout;
        try
        {
            await SendAsync(pdu with { SessionId = SessionId, PacketId = packetId }, cancellationToken).ConfigureAwait(false);
            return await pending.Task.WaitAsync(timeout, _master.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _master.CountTimeout();
            _logger.LogDebug("Session {SessionId} did not answer a {Type} within {Timeout}", SessionId, pdu.Type, timeout);
            throw new AgentXResponseException(pdu.Type.ToString(), null, detail: $"session {SessionId} did not answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            throw new AgentXResponseException(pdu.Type.ToString(), null, detail: $"session {SessionId} has ended");
        }
        finally
        {
            _pending.TryRemove(packetId, out _);
        }
    }

    public Task SendAsync(AgentXPdu pdu, CancellationToken cancellationToken) =>
        _connection.SendAsync(pdu.SessionId == 0 && pdu.Type != AgentXPduType.Response ? pdu with { SessionId = SessionId } : pdu, cancellationToken);

    private Task RespondAsync(AgentXPdu request, AgentXError error, CancellationToken cancellationToken) =>
        SendAsync(Response(request, error, 0, VarBindList.Empty), cancellationToken);

    private AgentXResponsePdu Response(AgentXPdu request, AgentXError error, int index, VarBindList varBinds) =>
        new(_master.SysUpTime(), error, (ushort)index, varBinds) { SessionId = SessionId, TransactionId = request.TransactionId, PacketId = request.PacketId };

    private async Task TrySendAsync(AgentXPdu pdu)
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _connection.SendAsync(pdu, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>Ends the session: its registrations and index allocations go, requests waiting on it fail.</summary>
    public async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _master.Registry.RemoveSession(this);
        _master.Indexes.RemoveSession(this);
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new AgentXResponseException("the request", null, detail: $"session {SessionId} has ended"));
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _master.Ended(this);
    }

    /// <summary>Tells the subagent the master is going (Close, reasonShutdown) and ends the session.</summary>
    public async Task ShutdownAsync()
    {
        if (!_closed && SessionId != 0)
        {
            await TrySendAsync(new AgentXClosePdu(AgentXCloseReason.Shutdown) { SessionId = SessionId }).ConfigureAwait(false);
        }

        await CloseAsync().ConfigureAwait(false);
    }
}
