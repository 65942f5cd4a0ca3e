using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Ber;

namespace Snmp.Transport.Tcp;

/// <summary>
/// The SNMP over TCP transport mapping of RFC 3430 (transportDomainTcpIpv4 and
/// transportDomainTcpIpv6 of RFC 3419): SNMP messages back to back on TCP connections, each
/// delimited by its own BER length (RFC 3430 2.1, read with <see cref="BerStreamMessageReader"/>).
/// </summary>
/// <remarks>
/// <para>
/// Given a local address, the mapping listens there and accepts connections (an agent, a
/// notification receiver), at most <see cref="TcpTransportOptions.MaxConnections"/> at once; a
/// response or Report leaves on the connection its request came on (its tmStateReference's
/// tmSessionID, RFC 3430 2.3), and fails with <see cref="SnmpTransportException"/> when that
/// connection is gone. Every mapping, listening or not, also opens connections to send messages
/// that answer nothing (requests, notifications): one connection per remote address, opened on
/// the first send and reused, opened again when the peer has closed it, and closed after
/// <see cref="TcpTransportOptions.IdleTimeout"/> without traffic.
/// </para>
/// <para>
/// Each connection has a read loop that delivers each whole message with a tmStateReference of
/// the domain, the peer's address, this mapping and the connection as tmSessionID. A peer that
/// breaks the framing (octets that cannot start a message, a length over
/// <see cref="TcpTransportOptions.MaxMessageSize"/>, an end of stream inside a message) or takes
/// longer than <see cref="TcpTransportOptions.MessageTimeout"/> to finish a message it started
/// loses that connection only, and is counted (<see cref="FramingErrors"/>,
/// <see cref="MessageTimeouts"/>); the other connections are served throughout. A peer that ends
/// its stream between messages gets the answers produced while its messages were read, then the
/// connection is closed (as Net-SNMP's snmpd does); RFC 3430 leaves closing to the initiator, which
/// waits for its answers first. A peer that does not read what is sent to it loses its
/// connection when a write has waited <see cref="TcpTransportOptions.WriteTimeout"/>, or at once
/// when more than sixteen messages of the largest size (at least 1 MiB) wait behind that write.
/// </para>
/// </remarks>
public sealed class TcpTransportMapping : ITransportMapping
{
    private const int ReadBufferSize = 16 * 1024;

    // What may wait behind a write the peer does not take: sixteen messages of the largest size,
    // and at least 1 MiB. More closes the connection (see TcpConnection.SendAsync).
    private long MaxQueuedOctets => Math.Max(1 << 20, 16L * _options.MaxMessageSize);

    private readonly TcpTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Socket? _listener;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<TcpConnection> _connections = [];
    private readonly Dictionary<IPEndPoint, Task<TcpConnection>> _outgoing = [];
    private readonly ConcurrentDictionary<TcpConnection, Task> _readLoops = new();
    private readonly AddressFamily _family;

    // The mapping whose receiver runs on this thread (a read loop delivering): a disposal from
    // inside the receiver must not wait for the loop that is running it.
    [ThreadStatic]
    private static TcpTransportMapping? t_delivering;
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;
    private Task? _acceptLoop;
    private bool _disposed;
    private int _acceptedOpen;
    private long _connectionsAccepted;
    private long _connectionsOpened;
    private long _connectionsRefused;
    private long _connectionsClosed;
    private long _idleClosures;
    private long _framingErrors;
    private long _messageTimeouts;
    private long _messagesReceived;
    private long _messagesSent;
    private long _receiverFailures;

    /// <summary>
    /// Creates the mapping: listening on <paramref name="localEndPoint"/> (port 0: one the system
    /// chooses) for an agent or a notification receiver, or, when it is null, only opening
    /// connections to the peers it sends to.
    /// </summary>
    /// <param name="domain">transportDomainTcpIpv4 or transportDomainTcpIpv6.</param>
    /// <param name="localEndPoint">The address to listen on, of the domain's family; null for a mapping that only connects.</param>
    /// <param name="options">The limits; the defaults of <see cref="TcpTransportOptions"/> when null.</param>
    /// <param name="timeProvider">The clock of the timeouts.</param>
    /// <param name="logger">Where to log (connections at Debug, faults at Warning; never message contents).</param>
    /// <exception cref="ArgumentException">The local address is not of the domain's family, or an option is out of range.</exception>
    /// <exception cref="SnmpTransportException">The listening socket cannot be bound (for example the port is in use).</exception>
    public TcpTransportMapping(TransportDomain domain, IPEndPoint? localEndPoint = null, TcpTransportOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _family = domain == TransportDomain.TcpIpv4 ? AddressFamily.InterNetwork
            : domain == TransportDomain.TcpIpv6 ? AddressFamily.InterNetworkV6
            : throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a TCP transport domain.");
        _options = options ?? new TcpTransportOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        TransportDomain = domain;
        if (localEndPoint is null)
        {
            LocalAddress = new IPEndPoint(_family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
            return;
        }

        if (localEndPoint.AddressFamily != _family)
        {
            throw new ArgumentException($"The local address {localEndPoint} is not in the {domain} domain.", nameof(localEndPoint));
        }

        _listener = new Socket(_family, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_family == AddressFamily.InterNetworkV6)
            {
                _listener.DualMode = false;
            }

            AllowTimeWaitReuse(_listener);
            _listener.Bind(localEndPoint);
            _listener.Listen(128);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw new SnmpTransportException($"Cannot listen for TCP connections on {localEndPoint}: {e.SocketErrorCode}.", e);
        }

        LocalAddress = _listener.LocalEndPoint!;
    }

    /// <inheritdoc />
    public TransportDomain TransportDomain { get; }

    // A restarted agent can listen again at once, whatever connections of its previous life
    // are still in TIME-WAIT: SO_REUSEADDR, set directly, as .NET's ReuseAddress also sets
    // SO_REUSEPORT on Linux, which would let a second listener share the port. (Windows needs
    // nothing: TIME-WAIT does not block a listener's bind there.)
    private static void AllowTimeWaitReuse(Socket listener)
    {
        if (OperatingSystem.IsLinux())
        {
            listener.SetRawSocketOption(1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            listener.SetRawSocketOption(0xFFFF /* SOL_SOCKET */, 4 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
        }
    }

    /// <summary>The address the mapping listens on (with the actual port when 0 was asked for); the unspecified address and port 0 for a mapping that only connects.</summary>
    public EndPoint LocalAddress { get; }

    /// <inheritdoc />
    public int MaxMessageSize => _options.MaxMessageSize;

    /// <summary>True when the mapping accepts connections.</summary>
    public bool IsListening => _listener is not null;

    /// <summary>Connections accepted (not counting those refused over the limit).</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Connections this mapping opened to send.</summary>
    public long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);

    /// <summary>Connections closed as soon as they were accepted, because <see cref="TcpTransportOptions.MaxConnections"/> were open.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>Connections closed, for any reason (the peer's, a fault's, idleness, disposal).</summary>
    public long ConnectionsClosed => Interlocked.Read(ref _connectionsClosed);

    /// <summary>Connections closed after <see cref="TcpTransportOptions.IdleTimeout"/> without traffic.</summary>
    public long IdleClosures => Interlocked.Read(ref _idleClosures);

    /// <summary>Connections closed because their octets could not be cut into messages: not a message's start, a length over the limit, or an end of stream inside a message.</summary>
    public long FramingErrors => Interlocked.Read(ref _framingErrors);

    /// <summary>Connections closed because a message they started did not arrive whole within <see cref="TcpTransportOptions.MessageTimeout"/>.</summary>
    public long MessageTimeouts => Interlocked.Read(ref _messageTimeouts);

    /// <summary>Whole messages read and delivered.</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>Messages written.</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Messages whose receiver threw; their connection carried on.</summary>
    public long ReceiverFailures => Interlocked.Read(ref _receiverFailures);

    /// <summary>The connections open now, accepted and opened.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>
    /// Starts delivering messages to <paramref name="receiver"/> and, for a listening mapping,
    /// accepting connections. The receiver is called on the connection's read loop, one message
    /// of a connection at a time, with a buffer it owns.
    /// </summary>
    /// <exception cref="InvalidOperationException">The mapping was already started.</exception>
    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_receiver is not null)
            {
                throw new InvalidOperationException("The transport mapping is already started.");
            }

            _receiver = receiver;
            if (_listener is not null)
            {
                _acceptLoop = AcceptLoopAsync(_listener);
            }
        }
    }

    /// <summary>
    /// sendMessage (RFC 5590 5.2): a message with a tmSessionID of this mapping (a response, a
    /// Report) goes on that connection (RFC 3430 2.3); any other on the connection to the
    /// tmStateReference's address, opened if there is none. TCP authenticates nobody, so a
    /// tmStateReference naming a tmSecurityName is refused.
    /// </summary>
    /// <exception cref="SnmpTransportException">The message is over <see cref="MaxMessageSize"/>, the address is of another family, transport security was asked for, the session's connection is gone, or the connection could not be opened or written.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public async ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tmStateReference.SecurityName is not null)
        {
            throw new SnmpTransportException($"The {TransportDomain} transport has no security of its own; it cannot send as tmSecurityName \"{tmStateReference.SecurityName}\".");
        }

        if (outgoingMessage.Length > MaxMessageSize)
        {
            throw new SnmpTransportException($"A {outgoingMessage.Length}-octet message is larger than this {TransportDomain} mapping sends (at most {MaxMessageSize} octets).");
        }

        if (tmStateReference.SessionId is TcpConnection session)
        {
            if (!IsMine(session))
            {
                throw new SnmpTransportException($"The tmSessionID {session} is not a connection of this {TransportDomain} mapping.");
            }

            await session.SendAsync(outgoingMessage, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _messagesSent);
            return;
        }

        if (tmStateReference.TransportAddress is not IPEndPoint remote || remote.AddressFamily != _family)
        {
            throw new SnmpTransportException($"The destination {tmStateReference.TransportAddress} is not in the {TransportDomain} domain.");
        }

        var (connection, reused) = await ConnectionToAsync(remote, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.SendAsync(outgoingMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (SnmpTransportException) when (reused)
        {
            // The peer closed a connection we had not yet seen close: one fresh connection.
            (connection, _) = await ConnectionToAsync(remote, cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(outgoingMessage, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _messagesSent);
    }

    /// <summary>
    /// Closes the listener and every connection, and waits for every loop to end (except, when
    /// called from the mapping's own receiver, for the read loops, which end as soon as their
    /// receivers return). Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        bool fromOwnReceiver = t_delivering == this;
        TcpConnection[] connections;
        Task<TcpConnection>[] connecting;
        Task? acceptLoop;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connections = [.. _connections];
            connecting = [.. _outgoing.Values];
            acceptLoop = _acceptLoop;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        foreach (var connection in connections)
        {
            CloseConnection(connection, "the mapping was disposed");
        }

        if (acceptLoop is not null)
        {
            await acceptLoop.ConfigureAwait(false);
        }

        foreach (var connect in connecting)
        {
            // A connect under way ends with the mapping's cancellation; its connection, if any,
            // was refused registration and closed.
            try
            {
                await connect.ConfigureAwait(false);
            }
            catch (Exception e) when (e is SnmpTransportException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }

        if (!fromOwnReceiver)
        {
            await Task.WhenAll(_readLoops.Values).ConfigureAwait(false);
        }

        _logger.LogDebug("TCP transport mapping on {LocalAddress} closed", LocalAddress);
    }

    private bool IsMine(TcpConnection connection)
    {
        lock (_lock)
        {
            return _connections.Contains(connection) || connection.IsClosed;
        }
    }

    private async ValueTask<(TcpConnection Connection, bool Reused)> ConnectionToAsync(IPEndPoint remote, CancellationToken cancellationToken)
    {
        Task<TcpConnection> connect;
        bool reused;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_outgoing.TryGetValue(remote, out var existing) && !existing.IsFaulted && !existing.IsCanceled && !(existing.IsCompletedSuccessfully && existing.Result.IsClosed))
            {
                connect = existing;
                reused = existing.IsCompletedSuccessfully;
            }
            else
            {
                connect = OpenAsync(remote);
                _outgoing[remote] = connect;
                reused = false;
            }
        }

        return (await connect.WaitAsync(cancellationToken).ConfigureAwait(false), reused);
    }

    private async Task<TcpConnection> OpenAsync(IPEndPoint remote)
    {
        await Task.Yield(); // never connect while holding the caller's lock
        var socket = new Socket(_family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            using var timer = _options.ConnectTimeout == Timeout.InfiniteTimeSpan ? null
                : _time.CreateTimer(static state => Cancel((CancellationTokenSource)state!), timeout, _options.ConnectTimeout, Timeout.InfiniteTimeSpan);
            try
            {
                await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                throw new SnmpTransportException($"Connecting to {remote} over TCP did not succeed within {_options.ConnectTimeout.TotalSeconds} s.");
            }
            catch (OperationCanceledException)
            {
                throw new ObjectDisposedException(nameof(TcpTransportMapping), "The transport mapping was closed while connecting.");
            }
            catch (SocketException e)
            {
                throw new SnmpTransportException($"Cannot connect to {remote} over TCP: {e.SocketErrorCode}.", e);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new TcpConnection(socket, remote, outgoing: true, _time, _options.WriteTimeout, ReadBufferSize, MaxQueuedOctets);
        Interlocked.Increment(ref _connectionsOpened);
        Register(connection);
        _logger.LogDebug("Opened {Connection}", connection);
        return connection;
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation ended just before its timer fired.
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        await Task.Yield();
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (_stopping.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            catch (SocketException e)
            {
                // Out of descriptors and the like: wait a moment rather than spin.
                _logger.LogWarning("Accepting a TCP connection on {LocalAddress} failed: {Error}", LocalAddress, e.SocketErrorCode);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            Accept(socket);
        }
    }

    private void Accept(Socket socket)
    {
        var remote = socket.RemoteEndPoint as IPEndPoint;
        if (remote is null)
        {
            socket.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _acceptedOpen) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _acceptedOpen);
            Interlocked.Increment(ref _connectionsRefused);
            _logger.LogWarning("Refused a TCP connection from {Remote} on {LocalAddress}: {Max} connections are open", remote, LocalAddress, _options.MaxConnections);
            socket.Dispose();
            return;
        }

        socket.NoDelay = true;
        var connection = new TcpConnection(socket, remote, outgoing: false, _time, _options.WriteTimeout, ReadBufferSize, MaxQueuedOctets);
        Interlocked.Increment(ref _connectionsAccepted);
        try
        {
            Register(connection);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _logger.LogDebug("Accepted {Connection}", connection);
    }

    // Adds the connection to the open ones, arms its idle timer and starts its read loop (under
    // the lock, so that a disposal either sees all three or refuses the connection).
    private void Register(TcpConnection connection)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                connection.Close("the mapping was disposed");
                if (!connection.Outgoing)
                {
                    Interlocked.Decrement(ref _acceptedOpen);
                }

                throw new ObjectDisposedException(nameof(TcpTransportMapping), "The transport mapping was closed while connecting.");
            }

            _connections.Add(connection);
            if (_options.IdleTimeout != Timeout.InfiniteTimeSpan)
            {
                connection.IdleTimer = _time.CreateTimer(static state => ((IdleWatch)state!).Fire(), new IdleWatch(this, connection), _options.IdleTimeout, Timeout.InfiniteTimeSpan);
            }

            // The loop starts with a yield, so it is pending here and its entry is removed by its own end.
            _readLoops[connection] = ReadLoopAsync(connection);
        }
    }

    private sealed record IdleWatch(TcpTransportMapping Mapping, TcpConnection Connection)
    {
        public void Fire() => Mapping.OnIdleTimer(Connection);
    }

    private void OnIdleTimer(TcpConnection connection)
    {
        var idle = connection.Idle;
        if (idle < _options.IdleTimeout)
        {
            try
            {
                connection.IdleTimer?.Change(_options.IdleTimeout - idle, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile.
            }

            return;
        }

        if (CloseConnection(connection, $"idle for {_options.IdleTimeout.TotalSeconds} s"))
        {
            Interlocked.Increment(ref _idleClosures);
        }
    }

    private async Task ReadLoopAsync(TcpConnection connection)
    {
        await Task.Yield(); // the accept loop (or the sender) goes on at once
        string reason = "the peer closed it";
        var reader = new BerStreamMessageReader(connection.Stream, _options.MaxMessageSize);
        try
        {
            while (await connection.Stream.FillAsync(connection.Closing).ConfigureAwait(false))
            {
                byte[]? message;
                if (IsWholeMessageOrFault(connection.Stream.Buffered))
                {
                    // Everything needed is buffered: the reader finishes (or fails) without waiting.
                    message = await reader.ReadMessageAsync(connection.Closing).ConfigureAwait(false);
                }
                else
                {
                    message = await ReadStartedMessageAsync(connection, reader).ConfigureAwait(false);
                    if (message is null)
                    {
                        reason = $"a started message did not arrive whole within {_options.MessageTimeout.TotalSeconds} s";
                        Interlocked.Increment(ref _messageTimeouts);
                        _logger.LogWarning("Closing {Connection}: {Reason}", connection, reason);
                        break;
                    }
                }

                if (message is null)
                {
                    break; // cannot happen with octets buffered; kept for the reader's contract
                }

                connection.Touch();
                Interlocked.Increment(ref _messagesReceived);
                Deliver(message, connection);
            }
        }
        catch (SnmpFramingException e)
        {
            reason = $"framing error: {e.Error}";
            Interlocked.Increment(ref _framingErrors);
            _logger.LogWarning("Closing {Connection} after a framing error ({Error}): {Detail}", connection, e.Error, e.Message);
        }
        catch (Exception e) when (connection.IsClosed && e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            reason = connection.CloseReason ?? "closed";
        }
        catch (SocketException e)
        {
            reason = $"receive failed: {e.SocketErrorCode}";
            _logger.LogDebug("Receiving on {Connection} failed: {Error}", connection, e.SocketErrorCode);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never let a connection's loop take the process down; only this connection ends.
            reason = "its read loop failed";
            _logger.LogError(e, "The read loop of {Connection} failed", connection);
        }
        finally
        {
            CloseConnection(connection, reason);
            _readLoops.TryRemove(connection, out _);
        }
    }

    // True when the buffered octets hold a whole message, or show at once that none can follow
    // (the reader then throws without waiting): no deadline is needed.
    private bool IsWholeMessageOrFault(ReadOnlySpan<byte> buffered) =>
        BerFraming.TryGetMessageLength(buffered, out long length) switch
        {
            BerFrameStatus.Complete => length <= buffered.Length || length > _options.MaxMessageSize,
            BerFrameStatus.Malformed => true,
            _ => false,
        };

    // Reads a message whose first octets have arrived under the started-message deadline; null
    // when the deadline passed first.
    private async ValueTask<byte[]?> ReadStartedMessageAsync(TcpConnection connection, BerStreamMessageReader reader)
    {
        if (_options.MessageTimeout == Timeout.InfiniteTimeSpan)
        {
            return await reader.ReadMessageAsync(connection.Closing).ConfigureAwait(false);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection.Closing);
        using var timer = _time.CreateTimer(static state => Cancel((CancellationTokenSource)state!), deadline, _options.MessageTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            return await reader.ReadMessageAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!connection.IsClosed)
        {
            return null;
        }
    }

    private void Deliver(byte[] message, TcpConnection connection)
    {
        var receiver = _receiver;
        if (receiver is null)
        {
            Interlocked.Increment(ref _receiverFailures);
            _logger.LogDebug("Dropped a message from {Remote}: the mapping is not started", connection.RemoteAddress);
            return;
        }

        var outer = t_delivering;
        t_delivering = this;
        try
        {
            // RFC 5590 5.2: TCP authenticates nothing; the connection is the session a response must use.
            receiver(message, new TransportStateReference(TransportDomain, connection.RemoteAddress) { TransportMapping = this, SessionId = connection });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _receiverFailures);
            _logger.LogWarning(e, "Processing a message from {Remote} failed", connection.RemoteAddress);
        }
        finally
        {
            t_delivering = outer;
        }
    }

    // Closes the connection and forgets it; true when this call closed it. It is forgotten (and
    // counted) before its socket closes, so a peer that sees the close sees the counters too.
    // Writes and timers of the connection may close it themselves; its read loop then ends and
    // forgets it here.
    private bool CloseConnection(TcpConnection connection, string reason)
    {
        bool closedHere = connection.BeginClose(reason);
        Forget(connection);
        if (closedHere)
        {
            connection.EndClose();
        }

        return closedHere;
    }

    private void Forget(TcpConnection connection)
    {
        lock (_lock)
        {
            if (!_connections.Remove(connection))
            {
                return;
            }

            if (connection.Outgoing && _outgoing.TryGetValue(connection.RemoteAddress, out var current) && current.IsCompletedSuccessfully && current.Result == connection)
            {
                _outgoing.Remove(connection.RemoteAddress);
            }
        }

        if (!connection.Outgoing)
        {
            Interlocked.Decrement(ref _acceptedOpen);
        }

        Interlocked.Increment(ref _connectionsClosed);
        _logger.LogDebug("Closed {Connection}: {Reason}", connection, connection.CloseReason);
    }
}
