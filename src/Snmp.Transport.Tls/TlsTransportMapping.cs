using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Transport.Tls.Legacy;

namespace Snmp.Transport.Tls;

/// <summary>
/// The TLS Transport Model of RFC 6353 over TCP (snmpTLSTCPDomain): SNMP messages back to back
/// in TLS sessions, delimited by their BER length (RFC 6353 5.1.1, <see cref="BerStreamMessageReader"/>).
/// <list type="bullet">
/// <item>As a client (every mapping, when it sends to an address it has no session with): one
/// session per (remote address, tmSecurityName), opened with <see cref="TlsTransportOptions.LocalCertificate"/>
/// on the first message, reused, reopened when it has closed, closed after
/// <see cref="TlsTransportOptions.IdleTimeout"/> unused. The server's certificate must satisfy
/// <see cref="TlsTransportOptions.PeerFingerprints"/> or <see cref="TlsTransportOptions.TrustAnchors"/>.</item>
/// <item>As a server (with a local address): it listens, requires a client certificate, and
/// gives each session the tmSecurityName of the client's certificate (snmpTlstmCertToTSNTable,
/// <see cref="TlsTransportOptions.CertificateToSecurityName"/>); a client with none is refused.</item>
/// </list>
/// Every message received carries a tmStateReference with the session's tmSecurityName,
/// tmTransportSecurityLevel authPriv, the session as tmSessionID and this mapping. Sending follows
/// RFC 6353 5.2: tmSameSecurity with a session uses that session or fails (snmpTlstmSessionNoSessions);
/// otherwise the session for (address, tmSecurityName) is found or opened.
/// TLS 1.2 and 1.3 through <see cref="System.Net.Security.SslStream"/>; renegotiation is refused.
/// With the legacy opt-in (TLS 1.0/1.1 in <see cref="TlsTransportOptions.EnabledProtocols"/>) the
/// handshakes run on BouncyCastle's TLS (1.0 to 1.2) instead, and a warning is logged.
/// A peer that sends what is not SNMP messages back to back (a bad frame, a length over
/// <see cref="TlsTransportOptions.MaxMessageSize"/>, a message cut off, or one trickled slower than
/// <see cref="TlsTransportOptions.MessageReadTimeout"/>) loses its session, and only that session;
/// it is counted in <see cref="Statistics"/>.
/// </summary>
public sealed class TlsTransportMapping : ITransportMapping
{
    /// <summary>The most sessions a listening mapping accepts at once; further connections are closed at once.</summary>
    public const int MaxServerSessions = 1024;

    // A session's read buffer: a TLS record's largest plaintext (2^14), so one read takes a whole record.
    private const int ReadBufferSize = 16 * 1024;

    private readonly TlsPeerVerifier _verifier;
    private readonly ITlsHandshake _handshake;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Socket? _listener;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<SessionKey, Lazy<Task<TlsSession>>> _clientSessions = new();
    private readonly ConcurrentDictionary<TlsSession, Task> _sessions = new();
    private readonly ITimer _idleSweep;
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;
    private Task _acceptLoop = Task.CompletedTask;
    private int _pendingServerSessions;
    private int _disposed;

    /// <summary>
    /// Creates a mapping: a client only (<paramref name="localAddress"/> null), or one that also
    /// listens at <paramref name="localAddress"/> (port 0 for any free port).
    /// </summary>
    /// <exception cref="SnmpConfigurationException">The options cannot work (<see cref="TlsTransportOptions.Validate"/>).</exception>
    /// <exception cref="SnmpTransportException">The listening address cannot be bound.</exception>
    public TlsTransportMapping(TlsTransportOptions options, IPEndPoint? localAddress = null, ILogger? logger = null)
        : this(Validated(options), localAddress, logger)
    {
    }

    internal TlsTransportMapping(TlsPeerVerifier verifier, IPEndPoint? localAddress, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
        _logger = logger ?? NullLogger.Instance;
        _clock = verifier.Options.TimeProvider;
        if (verifier.Options.UsesLegacyProtocols)
        {
            _logger.LogWarning(
                "snmpTLSTCPDomain: the legacy opt-in enables {Protocols}; TLS 1.0 and 1.1 sign the handshake with MD5/SHA-1 and are deprecated (RFC 8996). Handshakes use BouncyCastle's TLS (1.0 to 1.2) instead of SslStream",
                verifier.Options.EnabledProtocols);
            _handshake = new BouncyCastleHandshake(verifier);
        }
        else
        {
            _handshake = new SslStreamHandshake(verifier);
        }

        if (localAddress is not null)
        {
            localAddress = TlsAddress.Normalize(localAddress);
            _listener = new Socket(localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (localAddress.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    _listener.DualMode = false;
                }

                _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                _listener.Bind(localAddress);
                _listener.Listen(128);
            }
            catch (SocketException e)
            {
                _listener.Dispose();
                throw new SnmpTransportException($"cannot listen for TLS on {localAddress}: {e.SocketErrorCode}", e);
            }

            LocalAddress = (IPEndPoint)_listener.LocalEndPoint!;
        }
        else
        {
            LocalAddress = new IPEndPoint(IPAddress.Any, 0);
        }

        var period = TimeSpan.FromTicks(Math.Max(verifier.Options.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks));
        _idleSweep = _clock.CreateTimer(_ => CloseIdleSessions(), null, period, period);
    }

    /// <inheritdoc />
    public TransportDomain TransportDomain => TransportDomain.TlsTcp;

    /// <summary>The listening address (with the port chosen when 0 was asked for); 0.0.0.0:0 for a client-only mapping.</summary>
    public EndPoint LocalAddress { get; }

    /// <inheritdoc />
    public int MaxMessageSize => _verifier.Options.MaxMessageSize;

    /// <summary>The snmpTlstmSessionStats counters and the framing errors of this mapping.</summary>
    public TlsTransportStatistics Statistics { get; } = new();

    /// <summary>The sessions open now (client and server).</summary>
    public int OpenSessions => _sessions.Count;

    /// <summary>The sessions open now, for tests and diagnostics.</summary>
    internal IReadOnlyCollection<TlsSession> Sessions => [.. _sessions.Keys];

    private TlsTransportOptions Options => _verifier.Options;

    /// <inheritdoc />
    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _receiver, receiver, null) is not null)
        {
            throw new InvalidOperationException("the TLS mapping has already been started");
        }

        if (_listener is not null)
        {
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }
    }

    /// <summary>
    /// sendMessage (RFC 6353 5.2): tmSameSecurity with a tmSessionID sends on that session or
    /// fails; otherwise the message goes on the session for (tmTransportAddress, tmSecurityName),
    /// opened now if there is none. A session gives authPriv, so any tmRequestedSecurityLevel is met.
    /// </summary>
    /// <exception cref="SnmpTransportException">No session (closed, or it could not be opened: refused, handshake failure, certificate refused), or the write failed.</exception>
    public async ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (outgoingMessage.Length > MaxMessageSize)
        {
            throw new SnmpTransportException($"a message of {outgoingMessage.Length} octets is larger than the TLS mapping's MaxMessageSize {MaxMessageSize}");
        }

        TlsSession session;
        if (tmStateReference.SessionId is TlsSession given && given.Owner == this && given.IsOpen)
        {
            session = given;
        }
        else if (tmStateReference.SameSecurity)
        {
            // RFC 6353 5.2 step 1: the session the request came in on is gone; the response may not leave on another.
            Statistics.NoSession();
            throw new SnmpTransportException($"the TLS session to {tmStateReference.TransportAddress} that tmSameSecurity names is closed (snmpTlstmSessionNoSessions)");
        }
        else
        {
            if (tmStateReference.TransportAddress is not IPEndPoint remote)
            {
                throw new SnmpTransportException($"a TLS mapping sends to IP addresses, not {tmStateReference.TransportAddress}");
            }

            session = await GetOrOpenSessionAsync(TlsAddress.Normalize(remote), tmStateReference.SecurityName, cancellationToken).ConfigureAwait(false);
        }

        if (tmStateReference.RequestedSecurityLevel > SecurityLevel.AuthPriv)
        {
            throw new SnmpTransportException($"a TLS session gives authPriv, not {tmStateReference.RequestedSecurityLevel}");
        }

        try
        {
            await session.WriteAsync(outgoingMessage, cancellationToken).ConfigureAwait(false);
            Statistics.MessageSent();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or NotSupportedException or Org.BouncyCastle.Tls.TlsException)
        {
            Closed(session, "a write failed");
            throw new SnmpTransportException($"sending on the {session} failed: {e.Message}", e);
        }
    }

    /// <summary>Closes the listener and every session, and waits for their loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _idleSweep.DisposeAsync().ConfigureAwait(false);
        await _shutdown.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        foreach (var session in _sessions.Keys)
        {
            session.Close();
        }

        foreach (var opening in _clientSessions.Values)
        {
            if (opening.IsValueCreated && opening.Value.IsCompletedSuccessfully)
            {
                opening.Value.Result.Close();
            }
        }

        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(_sessions.Values).ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private static TlsPeerVerifier Validated(TlsTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new TlsPeerVerifier(options);
    }

    private async Task<TlsSession> GetOrOpenSessionAsync(IPEndPoint remote, OctetString? securityName, CancellationToken cancellationToken)
    {
        var key = new SessionKey(remote, securityName is null ? "" : Convert.ToHexString(securityName.Span));
        while (true)
        {
            var opening = _clientSessions.GetOrAdd(key, k => new Lazy<Task<TlsSession>>(() => OpenSessionAsync(k.Remote, securityName)));
            TlsSession session;
            try
            {
                session = await opening.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch
            {
                _clientSessions.TryRemove(new KeyValuePair<SessionKey, Lazy<Task<TlsSession>>>(key, opening));
                throw;
            }

            if (session.IsOpen)
            {
                return session;
            }

            // Closed since (idle, or by the peer): open a new one (RFC 6353 5.2 step 2).
            _clientSessions.TryRemove(new KeyValuePair<SessionKey, Lazy<Task<TlsSession>>>(key, opening));
        }
    }

    // Shared by every sender waiting for the session, so bound by the handshake timeout and the
    // mapping's life, not by one caller's token.
    private async Task<TlsSession> OpenSessionAsync(IPEndPoint remote, OctetString? securityName)
    {
        using var timeout = new CancellationTokenSource(Options.HandshakeTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _shutdown.Token);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remote, linked.Token).ConfigureAwait(false);
            var result = await _handshake.AuthenticateAsClientAsync(new NetworkStream(socket, ownsSocket: true), Options.ServerIdentity ?? remote.Address.ToString(), linked.Token)
                .ConfigureAwait(false);
            var session = new TlsSession(this, socket, result.Stream, remote, securityName, isClient: true, result.Protocol, _clock);
            Statistics.SessionOpened();
            _logger.LogDebug("Opened {Session}", session);
            Begin(session);
            return session;
        }
        catch (Exception e)
        {
            socket.Dispose();
            Statistics.SessionOpenFailed();
            var reason = e switch
            {
                TlsPeerRejectedException rejected => Rejected(rejected),
                OperationCanceledException when _shutdown.IsCancellationRequested => "the mapping is closed",
                OperationCanceledException => $"no TLS session within the handshake timeout of {Options.HandshakeTimeout.TotalSeconds} s",
                SocketException socketError => $"cannot connect ({socketError.SocketErrorCode})",
                _ => $"the TLS handshake failed ({e.GetType().Name}: {e.Message})",
            };
            _logger.LogWarning("Cannot open a TLS session to {Remote}: {Reason}", remote, reason);
            throw new SnmpTransportException($"cannot open a TLS session to {remote}: {reason}", e);
        }
    }

    private string Rejected(TlsPeerRejectedException rejected)
    {
        if (rejected.UnknownFingerprint)
        {
            Statistics.UnknownServerCertificate();
        }
        else
        {
            Statistics.InvalidServerCertificate();
        }

        return rejected.Message;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_shutdown.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _listener!.AcceptAsync(_shutdown.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.LogDebug("TLS accept on {Local} failed: {Error}", LocalAddress, e.SocketErrorCode);
                continue;
            }

            if (_sessions.Count + Volatile.Read(ref _pendingServerSessions) >= MaxServerSessions)
            {
                _logger.LogWarning("TLS on {Local}: {Max} sessions are open; a connection from {Remote} is closed unanswered", LocalAddress, MaxServerSessions, accepted.RemoteEndPoint);
                accepted.Dispose();
                continue;
            }

            Interlocked.Increment(ref _pendingServerSessions);
            _ = Task.Run(() => AcceptSessionAsync(accepted));
        }
    }

    private async Task AcceptSessionAsync(Socket socket)
    {
        var remote = TlsAddress.Normalize((IPEndPoint)socket.RemoteEndPoint!);
        using var timeout = new CancellationTokenSource(Options.HandshakeTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _shutdown.Token);
        try
        {
            socket.NoDelay = true;
            var result = await _handshake.AuthenticateAsServerAsync(new NetworkStream(socket, ownsSocket: true), linked.Token).ConfigureAwait(false);
            var session = new TlsSession(this, socket, result.Stream, remote, result.SecurityName, isClient: false, result.Protocol, _clock);
            Statistics.SessionAccepted();
            _logger.LogDebug("Accepted {Session}", session);
            Begin(session);
        }
        catch (Exception e)
        {
            socket.Dispose();
            if (e is TlsPeerRejectedException rejected)
            {
                Statistics.InvalidClientCertificate();
                _logger.LogWarning("Refused a TLS client at {Remote}: {Reason}", remote, rejected.Message);
            }
            else
            {
                _logger.LogInformation("A TLS handshake with {Remote} failed: {Reason}", remote,
                    e is OperationCanceledException ? $"not done within {Options.HandshakeTimeout.TotalSeconds} s" : e.Message);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pendingServerSessions);
        }
    }

    private void Begin(TlsSession session)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = Task.Run(async () =>
        {
            await started.Task.ConfigureAwait(false);
            await ReadLoopAsync(session).ConfigureAwait(false);
        });
        _sessions[session] = loop;
        started.SetResult();
        if (Volatile.Read(ref _disposed) != 0)
        {
            session.Close();
        }
    }

    private async Task ReadLoopAsync(TlsSession session)
    {
        var input = new SessionReadStream(session.Stream, ReadBufferSize);
        var reader = new BerStreamMessageReader(input, MaxMessageSize);
        var reason = "the peer closed it";
        try
        {
            while (session.IsOpen)
            {
                // Between messages a session may wait as long as the idle sweep lets it.
                if (!await input.FillAsync(_shutdown.Token).ConfigureAwait(false))
                {
                    break;
                }

                session.Touch();
                var (message, fault) = await ReadMessageAsync(session, input, reader).ConfigureAwait(false);
                if (fault is not null)
                {
                    Statistics.FramingError();
                    reason = fault;
                    break;
                }

                if (message is null)
                {
                    break;
                }

                session.Touch();
                Statistics.MessageReceived();
                Deliver(session, message);
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            reason = "the mapping is closed";
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException or Org.BouncyCastle.Tls.TlsException)
        {
            reason = session.IsOpen ? $"the connection failed ({e.Message})" : "it was closed";
        }
        finally
        {
            Closed(session, reason);
        }
    }

    // The message whose first octet is buffered, or why the session must end (a framing fault).
    private async ValueTask<(byte[]? Message, string? Fault)> ReadMessageAsync(TlsSession session, SessionReadStream input, BerStreamMessageReader reader)
    {
        try
        {
            if (IsWholeMessageOrFault(input.Buffered))
            {
                // Everything needed is buffered: the reader finishes (or fails) without waiting, so no timer.
                return (await reader.ReadMessageAsync(_shutdown.Token).ConfigureAwait(false), null);
            }

            using var limit = new CancellationTokenSource(Options.MessageReadTimeout, _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, _shutdown.Token);
            await using (limit.Token.Register(() => session.Close()).ConfigureAwait(false))
            {
                try
                {
                    return (await reader.ReadMessageAsync(linked.Token).ConfigureAwait(false), null);
                }
                catch (Exception e) when (limit.IsCancellationRequested && e is OperationCanceledException or IOException or ObjectDisposedException or Org.BouncyCastle.Tls.TlsException)
                {
                    return (null, $"a message took longer than {Options.MessageReadTimeout.TotalSeconds} s to arrive");
                }
            }
        }
        catch (SnmpFramingException e)
        {
            return (null, $"it broke SNMP's framing ({e.Error}: {e.Message})");
        }
    }

    // True when the buffered octets hold a whole message, or show at once that none can follow
    // (the reader then throws without waiting).
    private bool IsWholeMessageOrFault(ReadOnlySpan<byte> buffered) =>
        BerFraming.TryGetMessageLength(buffered, out var length) switch
        {
            BerFrameStatus.Complete => length <= buffered.Length || length > MaxMessageSize,
            BerFrameStatus.Malformed => true,
            _ => false,
        };

    private void Deliver(TlsSession session, byte[] message)
    {
        var receiver = Volatile.Read(ref _receiver);
        if (receiver is null)
        {
            _logger.LogDebug("A message on the {Session} arrived before Start; dropped", session);
            return;
        }

        var tmStateReference = new TransportStateReference(TransportDomain.TlsTcp, session.RemoteAddress)
        {
            SecurityName = session.SecurityName,
            TransportSecurityLevel = SecurityLevel.AuthPriv,
            SessionId = session,
            TransportMapping = this,
        };
        try
        {
            receiver(message, tmStateReference);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The receiver failed on a message from the {Session}", session);
        }
    }

    private void Closed(TlsSession session, string reason)
    {
        session.Close();
        _sessions.TryRemove(session, out _);
        if (session.IsClient)
        {
            foreach (var entry in _clientSessions)
            {
                if (entry.Value.IsValueCreated && entry.Value.Value.IsCompletedSuccessfully && entry.Value.Value.Result == session)
                {
                    _clientSessions.TryRemove(entry);
                }
            }
        }

        if (session.TryMarkEnded())
        {
            if (session.IsClient)
            {
                Statistics.ClientSessionClosed();
            }
            else
            {
                Statistics.ServerSessionClosed();
            }

            _logger.LogDebug("Closed the {Session}: {Reason}", session, reason);
        }
    }

    private void CloseIdleSessions()
    {
        foreach (var session in _sessions.Keys)
        {
            if (session.Idle >= Options.IdleTimeout)
            {
                _logger.LogDebug("Closing the {Session}: idle for {Idle}", session, session.Idle);
                session.Close();
            }
        }
    }

    private readonly record struct SessionKey(IPEndPoint Remote, string SecurityName);
}
