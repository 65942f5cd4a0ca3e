using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AgentX.Master;
using Snmp.AgentX.Session;

namespace Snmp.AgentX;

/// <summary>
/// The master agent side of AgentX (RFC 2741): listens for subagents (Net-SNMP's
/// <c>snmpd -X</c>, an <see cref="AgentXSubagent"/>, any RFC 2741 subagent), keeps their sessions
/// and registrations, and puts what they register into the agent's <see cref="MibTree"/>s as
/// objects whose requests go to them, so the Command Responder serves subagents' objects beside
/// its own. An <c>Agent</c> creates one when its options name an AgentX address.
/// </summary>
public sealed class AgentXMaster : IAsyncDisposable
{
    private readonly Func<ObjectIdentifier, VarBindList, CancellationToken, Task> _notify;
    private readonly Func<uint> _sysUpTime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<MasterSession, Task> _sessions = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Socket _listener;
    private readonly Task _accepting;
    private readonly string? _socketPath;
    private int _sessionId;
    private long _parseErrors;
    private long _timeouts;

    /// <summary>Starts listening on <see cref="AgentXMasterOptions.Address"/>.</summary>
    /// <param name="options">Where to listen and the timeouts.</param>
    /// <param name="contexts">The agent's MIB of a context name ("" the default), or null for a context it does not serve (unsupportedContext).</param>
    /// <param name="notify">Sends a subagent's notification (snmpTrapOID and its varbinds) to the agent's notification targets.</param>
    /// <param name="sysUpTime">The agent's sysUpTime, for res.sysUpTime of every Response.</param>
    /// <param name="loggerFactory">Where to log.</param>
    /// <param name="timeProvider">The clock of the subagent timeouts (the system clock unless given).</param>
    /// <exception cref="FormatException">The address is not in <c>agentXSocket</c> syntax.</exception>
    /// <exception cref="SocketException">It cannot be bound.</exception>
    public AgentXMaster(AgentXMasterOptions options, Func<string, MibTree?> contexts, Func<ObjectIdentifier, VarBindList, CancellationToken, Task> notify,
        Func<uint> sysUpTime, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(contexts);
        _notify = notify ?? throw new ArgumentNullException(nameof(notify));
        _sysUpTime = sysUpTime ?? throw new ArgumentNullException(nameof(sysUpTime));
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<AgentXMaster>();
        TimeProvider = timeProvider ?? TimeProvider.System;
        Registry = new AgentXRegistry(contexts, options.MaxRangeRegistrations);
        var address = AgentXAddress.Parse(options.Address);
        if (address is UnixDomainSocketEndPoint)
        {
            _socketPath = address.ToString();
            if (File.Exists(_socketPath))
            {
                File.Delete(_socketPath); // a socket file left by an earlier run
            }
        }

        _listener = AgentXAddress.CreateSocket(address);
        try
        {
            _listener.Bind(address);
            _listener.Listen();
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        LocalAddress = _listener.LocalEndPoint?.ToString() ?? options.Address;
        _logger.LogInformation("AgentX master listening on {Address}", LocalAddress);
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>What it was started with.</summary>
    public AgentXMasterOptions Options { get; }

    /// <summary>The address bound (the TCP port chosen for port 0).</summary>
    public string LocalAddress { get; }

    /// <summary>Open sessions.</summary>
    public int SessionCount => _sessions.Keys.Count(s => s.SessionId != 0 && !s.IsClosed);

    /// <summary>Malformed PDUs received; each closed its session (parseError) and no other.</summary>
    public long ParseErrors => Interlocked.Read(ref _parseErrors);

    /// <summary>Requests a subagent did not answer in time (each a genErr in the SNMP answer).</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    internal AgentXRegistry Registry { get; }

    internal IndexAllocations Indexes { get; } = new();

    internal TimeProvider TimeProvider { get; }

    internal uint SysUpTime() => _sysUpTime();

    internal uint NextSessionId() => unchecked((uint)Interlocked.Increment(ref _sessionId));

    internal void CountParseError() => Interlocked.Increment(ref _parseErrors);

    internal void CountTimeout() => Interlocked.Increment(ref _timeouts);

    internal Task NotifyAsync(ObjectIdentifier trapOid, VarBindList varBinds, CancellationToken cancellationToken) => _notify(trapOid, varBinds, cancellationToken);

    internal void Ended(MasterSession session) => _sessions.TryRemove(session, out _);

    private async Task AcceptAsync()
    {
        var logger = _loggerFactory.CreateLogger<MasterSession>();
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            if (_sessions.Count >= Options.MaxSessions)
            {
                _logger.LogWarning("AgentX connection refused: {Max} sessions are open", Options.MaxSessions);
                socket.Dispose();
                continue;
            }

            if (socket.AddressFamily != AddressFamily.Unix)
            {
                socket.NoDelay = true;
            }

            var session = new MasterSession(new AgentXConnection(socket, Options.MaxPayloadLength), this, logger);
            _sessions[session] = Task.Run(() => session.RunAsync(_stop.Token));
        }
    }

    /// <summary>Closes every session (reasonShutdown) and stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        foreach (var session in _sessions.Keys.ToArray())
        {
            await session.ShutdownAsync().ConfigureAwait(false);
        }

        await _accepting.ConfigureAwait(false);
        foreach (var running in _sessions.Values.ToArray())
        {
            await running.ConfigureAwait(false);
        }

        if (_socketPath is not null)
        {
            try
            {
                File.Delete(_socketPath);
            }
            catch (IOException)
            {
            }
        }

        _stop.Dispose();
    }
}
