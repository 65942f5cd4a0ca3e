using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp.Transport.Tls.Dtls;

/// <summary>
/// snmpDTLSUDPDomain (RFC 6353): SNMP messages in DTLS 1.2 records over UDP, on BouncyCastle's
/// DTLS (.NET has none), in both roles at once.
/// </summary>
/// <remarks>
/// <para>
/// Server role: one UDP socket, bound to the listening address, read by one thread that
/// demultiplexes datagrams by remote address. A datagram from an address without a session goes
/// through BouncyCastle's <see cref="DtlsVerifier"/>: a ClientHello without a valid cookie is
/// answered with a HelloVerifyRequest and forgotten (RFC 6347 4.2.1), so unverified ClientHellos
/// cost no state, and anything else is counted in <see cref="GarbageDatagrams"/> and dropped. A
/// verified ClientHello opens a session (at most <see cref="MaxSessions"/> at once), which runs its
/// handshake on a thread of its own, requires a client certificate and takes tmSecurityName from
/// the policy's client check (RFC 6353 5.3.2). A session that fails, stalls (HandshakeTimeout) or
/// goes quiet (IdleTimeout) is closed on its own: other clients never wait for it.
/// </para>
/// <para>
/// Client role: a message for an address and tmSecurityName without a session opens one (RFC 6353
/// 5.2), on a UDP socket of its own connected to the server, so every session has its own source
/// port; the server's certificate is checked by the policy's server check (RFC 6353 5.3.1).
/// </para>
/// <para>
/// One SNMP message travels in one DTLS record (RFC 6353 5.1.1), so <see cref="MaxMessageSize"/> is
/// at most a record's largest plaintext, 2^14 octets (RFC 6347 4.1). A record of that size fits a loopback
/// datagram (MTU 65536) whole; over links with a smaller path MTU the IP layer fragments it, and
/// an SNMP engine keeps its messages smaller there (snmpEngineMaxMessageSize).
/// </para>
/// </remarks>
internal sealed class DtlsTransportMapping : ITransportMapping
{
    /// <summary>The largest plaintext of a DTLS record (RFC 6347 4.1, 2^14), and so of an SNMP message.</summary>
    public const int MaxRecordPlaintext = 1 << 14;

    /// <summary>The default cap on server sessions open or in handshake at once.</summary>
    public const int DefaultMaxSessions = 1024;

    // Octets of datagrams queued for a server session before its thread takes them; more are dropped.
    private const int SessionQueueOctets = 1024 * 1024;

    private readonly DtlsPeerPolicy _policy;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly BcTlsCrypto _crypto;
    private readonly DtlsLocalIdentity? _identity;
    private readonly DtlsVerifier _cookies;
    private readonly Socket _socket;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<EndPoint, DtlsSession> _serverSessions = new();
    private readonly ConcurrentDictionary<(EndPoint Remote, OctetString? SecurityName), DtlsSession> _clientSessions = new();
    private readonly ConcurrentDictionary<DtlsSession, byte> _allSessions = new();
    private readonly TaskCompletionSource _receiveLoopEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;
    private Thread? _receiveLoop;
    private int _disposed;
    private int _serverSessionCount;
    private long _datagramsReceived;
    private long _garbageDatagrams;
    private long _helloVerifyRequestsSent;
    private long _sessionsOpened;
    private long _handshakesFailed;
    private long _sessionsRefused;
    private long _sessionsIdleClosed;
    private long _messagesReceived;
    private long _messagesSent;
    private long _messagesDropped;
    private long _recordsDiscarded;
    private long _sessionOpens;
    private long _sessionOpenErrors;
    private long _sessionAccepts;
    private long _sessionClientCloses;
    private long _sessionServerCloses;
    private long _sessionNoSessions;
    private long _sessionInvalidClientCertificates;
    private long _sessionInvalidServerCertificates;

    /// <summary>
    /// Creates the mapping and binds its socket to <paramref name="localAddress"/> (a listening
    /// address for an agent or notification receiver; null: every IPv4 address and a port the
    /// system chooses), with the policy of <paramref name="verifier"/>.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">The options are not usable (<see cref="TlsTransportOptions.Validate"/>).</exception>
    /// <exception cref="ArgumentException">The address is not an IP endpoint, or the local certificate's key cannot be used.</exception>
    /// <exception cref="SnmpTransportException">The socket cannot be bound.</exception>
    public DtlsTransportMapping(EndPoint? localAddress, TlsPeerVerifier verifier, ILogger logger)
        : this(localAddress, ValidatedPolicy(verifier), logger, verifier.Options.TimeProvider, DefaultMaxSessions)
    {
    }

    /// <summary>The mapping with an explicit policy, clock and session cap (tests and hosts with their own checks).</summary>
    public DtlsTransportMapping(EndPoint? localAddress, DtlsPeerPolicy policy, ILogger logger, TimeProvider time, int maxSessions)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSessions);
        var local = localAddress switch
        {
            null => new IPEndPoint(IPAddress.Any, 0),
            IPEndPoint ip => ip,
            _ => throw new ArgumentException($"The DTLS transport listens on IP addresses, not {localAddress}.", nameof(localAddress)),
        };

        _policy = policy;
        _logger = logger;
        _time = time;
        MaxSessions = maxSessions;
        MaxMessageSize = Math.Clamp(policy.Options.MaxMessageSize, 484, MaxRecordPlaintext);
        _crypto = new BcTlsCrypto(new SecureRandom());
        _identity = policy.Options.LocalCertificate is { } certificate ? DtlsLocalIdentity.Create(certificate, _crypto, policy.Options.SentChain()) : null;
        _cookies = new DtlsVerifier(_crypto);
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.ReceiveBufferSize = 1024 * 1024;
            _socket.Bind(local);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new SnmpTransportException($"Cannot bind a UDP socket for DTLS to {local}: {e.SocketErrorCode}.", e);
        }

        LocalAddress = _socket.LocalEndPoint!;
    }

    /// <inheritdoc />
    public TransportDomain TransportDomain => TransportDomain.DtlsUdp;

    /// <inheritdoc />
    public EndPoint LocalAddress { get; }

    /// <summary>One SNMP message per DTLS record: TlsTransportOptions.MaxMessageSize, at most a record's largest plaintext, 2^14 octets (see the remarks).</summary>
    public int MaxMessageSize { get; }

    /// <summary>The most server sessions open or in handshake at once; a verified ClientHello beyond it is dropped (<see cref="SessionsRefused"/>).</summary>
    public int MaxSessions { get; }

    /// <summary>Datagrams received on the listening socket.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Datagrams from an address without a session that were not a ClientHello (or were too large), dropped.</summary>
    public long GarbageDatagrams => Interlocked.Read(ref _garbageDatagrams);

    /// <summary>ClientHellos without a valid cookie, answered with a HelloVerifyRequest and no state kept.</summary>
    public long HelloVerifyRequestsSent => Interlocked.Read(ref _helloVerifyRequestsSent);

    /// <summary>Sessions whose handshake succeeded, in either role.</summary>
    public long SessionsOpened => Interlocked.Read(ref _sessionsOpened);

    /// <summary>Handshakes that failed, were refused by the policy, or took longer than HandshakeTimeout, in either role.</summary>
    public long HandshakesFailed => Interlocked.Read(ref _handshakesFailed);

    /// <summary>Verified ClientHellos dropped because <see cref="MaxSessions"/> sessions were open.</summary>
    public long SessionsRefused => Interlocked.Read(ref _sessionsRefused);

    /// <summary>Sessions closed after IdleTimeout without a message.</summary>
    public long SessionsIdleClosed => Interlocked.Read(ref _sessionsIdleClosed);

    /// <summary>SNMP messages received (one per DTLS application-data record) and delivered.</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>SNMP messages sent.</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Messages or datagrams dropped: a session's queue full, an empty record, no receiver yet, or a receiver that threw.</summary>
    public long MessagesDropped => Interlocked.Read(ref _messagesDropped);

    /// <summary>
    /// Application-data records of open sessions that gave no message: they failed to decrypt or
    /// authenticate, or were replays (RFC 6347 4.1.2.7 discards them silently; this counts them).
    /// </summary>
    public long RecordsDiscarded => Interlocked.Read(ref _recordsDiscarded) + _allSessions.Keys.Sum(s => s.Transport.ApplicationDataDiscarded);

    /// <summary>snmpTlstmSessionOpens (RFC 6353 7): openSession() executed as a DTLS client, whether it succeeded or not.</summary>
    public long SessionOpens => Interlocked.Read(ref _sessionOpens);

    /// <summary>snmpTlstmSessionOpenErrors: openSession() as a DTLS client that failed, for any reason.</summary>
    public long SessionOpenErrors => Interlocked.Read(ref _sessionOpenErrors);

    /// <summary>snmpTlstmSessionAccepts: sessions accepted as a DTLS server.</summary>
    public long SessionAccepts => Interlocked.Read(ref _sessionAccepts);

    /// <summary>snmpTlstmSessionClientCloses: closeSession() of sessions this engine opened as a client.</summary>
    public long SessionClientCloses => Interlocked.Read(ref _sessionClientCloses);

    /// <summary>snmpTlstmSessionServerCloses: closeSession() of sessions this engine accepted as a server.</summary>
    public long SessionServerCloses => Interlocked.Read(ref _sessionServerCloses);

    /// <summary>snmpTlstmSessionNoSessions: outgoing messages dropped because their session was no longer (or never) open (RFC 6353 5.2 step 3).</summary>
    public long SessionNoSessions => Interlocked.Read(ref _sessionNoSessions);

    /// <summary>snmpTlstmSessionInvalidClientCertificates: sessions not accepted because the client's certificate was missing, untrusted, or mapped to no tmSecurityName.</summary>
    public long SessionInvalidClientCertificates => Interlocked.Read(ref _sessionInvalidClientCertificates);

    /// <summary>snmpTlstmSessionInvalidServerCertificates (and snmpTlstmSessionUnknownServerCertificate): sessions not opened because the server's certificate was refused.</summary>
    public long SessionInvalidServerCertificates => Interlocked.Read(ref _sessionInvalidServerCertificates);

    /// <summary>Sessions open or in handshake now, in either role.</summary>
    public int SessionCount => _allSessions.Count;

    /// <summary>
    /// Starts the listening socket's receive loop (server role) and delivers every session's
    /// messages to <paramref name="receiver"/>, on the session's thread.
    /// </summary>
    /// <exception cref="InvalidOperationException">The mapping was already started.</exception>
    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_receiveLoop is not null)
            {
                throw new InvalidOperationException("The transport mapping is already started.");
            }

            _receiver = receiver;
            _receiveLoop = new Thread(ReceiveLoop)
            {
                IsBackground = true,
                Name = $"SNMP DTLS receive {LocalAddress}",
            };
            _receiveLoop.Start();
        }
    }

    /// <summary>
    /// sendMessage (RFC 6353 5.2): with tmSameSecurity and a tmSessionID, over that session only;
    /// otherwise over the session for the tmTransportAddress and tmSecurityName, opened (client
    /// role) when there is none.
    /// </summary>
    /// <exception cref="SnmpTransportException">The session is gone, the handshake failed, the message is too large, or the send failed.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public async ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (outgoingMessage.Length > MaxMessageSize)
        {
            throw new SnmpTransportException($"A {outgoingMessage.Length}-octet message does not fit a DTLS record ({MaxMessageSize} octets at most).");
        }

        // RFC 6353 5.2: the session tmSessionID names while it is open; with tmSameSecurity that
        // session or nothing (step 3); otherwise the session for the address and tmSecurityName,
        // opened when there is none (steps 4 and 5).
        var named = tmStateReference.SessionId as DtlsSession;
        var session = named is not null && named.IsOpen && _allSessions.ContainsKey(named) ? named : null;
        if (session is null && tmStateReference.SameSecurity)
        {
            Interlocked.Increment(ref _sessionNoSessions);
            throw new SnmpTransportException(tmStateReference.SessionId is null
                ? $"tmSameSecurity asks for the session of the incoming message, and the tmStateReference names none; the message to {tmStateReference.TransportAddress} is not sent."
                : $"The DTLS session with {tmStateReference.TransportAddress} that tmSessionID names is closed; the message is not sent over another (tmSameSecurity).");
        }

        session ??= await GetOrOpenClientSessionAsync(tmStateReference, cancellationToken).ConfigureAwait(false);
        session.Send(outgoingMessage.Span);
        Interlocked.Increment(ref _messagesSent);
    }

    /// <summary>Stops the receive loop, closes every session (close_notify) and waits for their threads.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Thread? loop;
        lock (_lock)
        {
            loop = _receiveLoop;
        }

        // close_notify to every peer while the listening socket can still carry them.
        foreach (var session in _allSessions.Keys)
        {
            session.Close();
        }

        _socket.Dispose(); // wakes the receive loop
        if (loop is null)
        {
            _receiveLoopEnded.TrySetResult();
        }

        await _receiveLoopEnded.Task.ConfigureAwait(false);
        var sessions = _allSessions.Keys.ToArray(); // with any the loop opened meanwhile
        foreach (var session in sessions)
        {
            session.Close();
        }

        await Task.WhenAll(sessions.Select(s => s.Ended)).ConfigureAwait(false);
    }

    internal void Deliver(DtlsSession session, ReadOnlySpan<byte> message)
    {
        var receiver = Volatile.Read(ref _receiver);
        if (message.IsEmpty || receiver is null)
        {
            Interlocked.Increment(ref _messagesDropped);
            return;
        }

        Interlocked.Increment(ref _messagesReceived);
        var tmStateReference = new TransportStateReference(TransportDomain.DtlsUdp, session.Remote)
        {
            SecurityName = session.SecurityName,
            TransportSecurityLevel = SecurityLevel.AuthPriv,
            SessionId = session,
            TransportMapping = this,
        };
        try
        {
            receiver(message.ToArray(), tmStateReference);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _messagesDropped);
            _logger.LogError(e, "The receiver of the DTLS mapping {LocalAddress} failed on a message from {Remote}", LocalAddress, session.Remote);
        }
    }

    internal void OnSessionOpened(DtlsSession session)
    {
        Interlocked.Increment(ref _sessionsOpened);
        Interlocked.Increment(ref session.Role == DtlsRole.Server ? ref _sessionAccepts : ref _sessionOpens);
        _logger.LogDebug("DTLS {Role} session with {Remote} open, tmSecurityName {SecurityName}", session.Role, session.Remote, session.SecurityName);
    }

    internal void OnHandshakeFailed(DtlsSession session, string reason, bool certificateRefused, Exception exception)
    {
        if (session.Role == DtlsRole.Client)
        {
            Interlocked.Increment(ref _sessionOpens);
            Interlocked.Increment(ref _sessionOpenErrors);
        }

        if (_disposed != 0)
        {
            return; // shut down mid-handshake: not the peer's failure
        }

        Interlocked.Increment(ref _handshakesFailed);
        if (certificateRefused)
        {
            Interlocked.Increment(ref session.Role == DtlsRole.Server ? ref _sessionInvalidClientCertificates : ref _sessionInvalidServerCertificates);
        }

        _logger.LogInformation("DTLS {Role} handshake with {Remote} failed: {Reason}", session.Role, session.Remote, reason);
        _logger.LogDebug(exception, "DTLS handshake failure detail");
    }

    internal void OnSessionIdle() => Interlocked.Increment(ref _sessionsIdleClosed);

    internal void OnSessionEnded(DtlsSession session, bool wasOpen)
    {
        Interlocked.Add(ref _recordsDiscarded, session.Transport.ApplicationDataDiscarded);
        _allSessions.TryRemove(session, out _);
        if (session.Role == DtlsRole.Server)
        {
            _serverSessions.TryRemove(new KeyValuePair<EndPoint, DtlsSession>(session.Remote, session));
            Interlocked.Decrement(ref _serverSessionCount);
        }
        else
        {
            _clientSessions.TryRemove(new KeyValuePair<(EndPoint, OctetString?), DtlsSession>((session.Remote, session.SecurityName), session));
        }

        if (wasOpen)
        {
            Interlocked.Increment(ref session.Role == DtlsRole.Server ? ref _sessionServerCloses : ref _sessionClientCloses);
            _logger.LogDebug("DTLS {Role} session with {Remote} closed", session.Role, session.Remote);
        }
    }

    private async ValueTask<DtlsSession> GetOrOpenClientSessionAsync(TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        if (tmStateReference.TransportAddress is not IPEndPoint remote)
        {
            throw new SnmpTransportException($"The DTLS transport sends to IP addresses, not {tmStateReference.TransportAddress}.");
        }

        var key = ((EndPoint)remote, tmStateReference.SecurityName);
        DtlsSession session;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (!_clientSessions.TryGetValue(key, out session!) || session.IsClosed)
            {
                session = OpenClientSession(remote, tmStateReference.SecurityName);
                _clientSessions[key] = session;
            }
        }

        await session.Established.WaitAsync(cancellationToken).ConfigureAwait(false);
        return session;
    }

    private DtlsSession OpenClientSession(IPEndPoint remote, OctetString? securityName)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            var local = (IPEndPoint)LocalAddress;
            var bindTo = local.AddressFamily == remote.AddressFamily && !local.Address.Equals(IPAddress.Any) && !local.Address.Equals(IPAddress.IPv6Any)
                ? new IPEndPoint(local.Address, 0)
                : new IPEndPoint(remote.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
            socket.ReceiveBufferSize = 1024 * 1024; // answers to many requests in flight come in bursts
            socket.Bind(bindTo);
            socket.Connect(remote);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SnmpTransportException($"Cannot open a UDP socket to {remote} for DTLS: {e.SocketErrorCode}.", e);
        }

        var options = _policy.Options;
        var session = new DtlsSession(this, DtlsRole.Client, remote, securityName, new ConnectedDatagramTransport(socket), socket, _time, options.HandshakeTimeout, options.IdleTimeout, _logger);
        _allSessions[session] = 0;
        var client = new SnmpDtlsClient(_crypto, _policy, _identity, _logger, HandshakeMillis(options.HandshakeTimeout));
        session.Start(new ClientHandshake(client));
        return session;
    }

    private static DtlsPeerPolicy ValidatedPolicy(TlsPeerVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        verifier.Options.Validate();
        return DtlsPeerPolicy.From(verifier);
    }

    private static int HandshakeMillis(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero || timeout.TotalMilliseconds >= int.MaxValue ? 0 : Math.Max(1, (int)timeout.TotalMilliseconds);

    private void ReceiveLoop()
    {
        var buffer = new byte[65536];
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        try
        {
            while (_disposed == 0)
            {
                int received;
                var from = any;
                try
                {
                    received = _socket.ReceiveFrom(buffer, SocketFlags.None, ref from);
                }
                catch (SocketException e) when (_disposed == 0 && e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
                {
                    continue; // an ICMP report of an earlier send, or a datagram larger than any record
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException && _disposed != 0)
                {
                    return;
                }

                Interlocked.Increment(ref _datagramsReceived);
                try
                {
                    OnDatagram(buffer, received, from);
                }
                catch (Exception e)
                {
                    // Never let one datagram end the listener.
                    Interlocked.Increment(ref _garbageDatagrams);
                    _logger.LogError(e, "A DTLS datagram from {Remote} could not be handled", from);
                }
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The DTLS receive loop on {LocalAddress} failed", LocalAddress);
        }
        finally
        {
            _receiveLoopEnded.TrySetResult();
        }
    }

    private void OnDatagram(byte[] buffer, int length, EndPoint from)
    {
        if (length > SessionDatagramTransport.ReceiveLimit)
        {
            Interlocked.Increment(ref _garbageDatagrams);
            return;
        }

        if (_serverSessions.TryGetValue(from, out var existing))
        {
            // A ClientHello of epoch 0 on an open session: the client restarted with the same
            // address and port (RFC 6347 4.2.8). A verified one replaces the session.
            if (!(existing.IsOpen && IsInitialClientHello(buffer, length)))
            {
                if (!((QueuedDatagramTransport)existing.Transport).Enqueue(buffer.AsSpan(0, length).ToArray()))
                {
                    Interlocked.Increment(ref _messagesDropped);
                }

                return;
            }
        }

        var sender = new HelloVerifySender(_socket, from);
        var request = _cookies.VerifyRequest(ClientId(from), buffer, 0, length, sender);
        if (request is null)
        {
            Interlocked.Increment(ref sender.Sent ? ref _helloVerifyRequestsSent : ref _garbageDatagrams);
            return;
        }

        existing?.Close();
        if (_disposed != 0)
        {
            return;
        }

        if (_identity is null)
        {
            Interlocked.Increment(ref _handshakesFailed);
            _logger.LogWarning("A DTLS client at {Remote} was refused: the mapping on {LocalAddress} has no local certificate to serve with", from, LocalAddress);
            return;
        }

        if (Interlocked.Increment(ref _serverSessionCount) > MaxSessions)
        {
            Interlocked.Decrement(ref _serverSessionCount);
            Interlocked.Increment(ref _sessionsRefused);
            return;
        }

        var options = _policy.Options;
        var session = new DtlsSession(this, DtlsRole.Server, from, null, new QueuedDatagramTransport(_socket, from, SessionQueueOctets), null, _time, options.HandshakeTimeout, options.IdleTimeout, _logger);
        _allSessions[session] = 0;
        _serverSessions[from] = session;
        _logger.LogDebug("DTLS ClientHello from {Remote} verified; handshake starts", from);
        var server = new SnmpDtlsServer(_crypto, _policy, _identity, _logger, HandshakeMillis(options.HandshakeTimeout));
        session.Start(new ServerHandshake(server, request));
    }

    // Content type handshake, epoch 0, and a client_hello message (RFC 6347 4.1, 4.2.2).
    private static bool IsInitialClientHello(byte[] datagram, int length) =>
        length > 25 && datagram[0] == ContentType.handshake && datagram[3] == 0 && datagram[4] == 0 && datagram[13] == HandshakeType.client_hello;

    private static byte[] ClientId(EndPoint remote)
    {
        var address = remote.Serialize();
        var id = new byte[address.Size];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = address[i];
        }

        return id;
    }

    /// <summary>Sends the HelloVerifyRequest of the cookie exchange to the client, and notes that it did.</summary>
    private sealed class HelloVerifySender(Socket socket, EndPoint remote) : DatagramSender
    {
        public bool Sent;

        public int GetSendLimit() => SessionDatagramTransport.SendLimit;

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer)
        {
            Sent = true;
            try
            {
                socket.SendTo(buffer, SocketFlags.None, remote);
            }
            catch (SocketException)
            {
                // The client retransmits its ClientHello; nothing to keep.
            }
        }
    }
}
