using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;

namespace Snmp.Transport.Tls.Dtls;

/// <summary>Which end of the handshake this engine is in a session.</summary>
internal enum DtlsRole
{
    /// <summary>This engine opened the session (RFC 6353 5.3.1).</summary>
    Client,

    /// <summary>A client opened the session to this engine's listening address (RFC 6353 5.3.2).</summary>
    Server,
}

/// <summary>The handshake of one session: BouncyCastle's client or server protocol, and what it learnt.</summary>
internal abstract class DtlsHandshake
{
    /// <summary>Runs the handshake over <paramref name="transport"/> (blocking) and returns the established transport.</summary>
    public abstract DtlsTransport Run(DatagramTransport transport);

    /// <summary>tmSecurityName the handshake authenticated (a server's client), null when it authenticates none.</summary>
    public abstract OctetString? SecurityName { get; }

    /// <summary>Why the peer was refused, when the policy refused it.</summary>
    public abstract string? Failure { get; }

    /// <summary>Whether the handshake failed on the peer's certificate (missing, untrusted, or mapping to no tmSecurityName).</summary>
    public abstract bool CertificateRefused { get; }
}

internal sealed class ClientHandshake(SnmpDtlsClient client) : DtlsHandshake
{
    public override DtlsTransport Run(DatagramTransport transport) => new DtlsClientProtocol().Connect(client, transport);

    public override OctetString? SecurityName => null;

    public override string? Failure => client.Failure;

    public override bool CertificateRefused => client.CertificateRefused;
}

internal sealed class ServerHandshake(SnmpDtlsServer server, DtlsRequest request) : DtlsHandshake
{
    public override DtlsTransport Run(DatagramTransport transport) => new DtlsServerProtocol().Accept(server, transport, request);

    public override OctetString? SecurityName => server.SecurityName;

    public override string? Failure => server.Failure;

    public override bool CertificateRefused => server.CertificateRefused;
}

/// <summary>
/// One DTLS session (RFC 6353 5.3): the handshake, then one SNMP message per record both ways,
/// run by a thread of its own (BouncyCastle's DTLS is blocking), bounded in its handshake
/// (HandshakeTimeout) and closed when idle (IdleTimeout), both timed by the mapping's TimeProvider.
/// The object itself is tmSessionID.
/// </summary>
/// <remarks>
/// Idle means nothing received for IdleTimeout (sends do not count): a client whose server
/// dropped the session without the close_notify arriving would otherwise keep sending into a
/// session nobody holds; this way it opens a new one after IdleTimeout without an answer.
/// </remarks>
internal sealed class DtlsSession
{
    private const int Handshaking = 0;
    private const int Open = 1;
    private const int Closed = 2;

    // A session thread runs BouncyCastle's handshake and record layer, which do not recurse deeply.
    private const int SessionThreadStackSize = 256 * 1024;

    private readonly DtlsTransportMapping _mapping;
    private readonly SessionDatagramTransport _transport;
    private readonly Socket? _ownSocket;
    private readonly TimeProvider _time;
    private readonly TimeSpan _handshakeTimeout;
    private readonly TimeSpan _idleTimeout;
    private readonly ILogger _logger;
    private readonly Lock _stateLock = new();
    private readonly Lock _sendLock = new();
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;
    private bool _timedOut;
    private DtlsTransport? _dtls;
    private ITimer? _timer;
    private long _lastActivity;

    public DtlsSession(DtlsTransportMapping mapping, DtlsRole role, EndPoint remote, OctetString? securityName, SessionDatagramTransport transport, Socket? ownSocket, TimeProvider time, TimeSpan handshakeTimeout, TimeSpan idleTimeout, ILogger logger)
    {
        _mapping = mapping;
        Role = role;
        Remote = remote;
        SecurityName = securityName;
        _transport = transport;
        _ownSocket = ownSocket;
        _time = time;
        _handshakeTimeout = handshakeTimeout;
        _idleTimeout = idleTimeout;
        _logger = logger;
    }

    public DtlsRole Role { get; }

    /// <summary>The peer's transport address.</summary>
    public EndPoint Remote { get; }

    /// <summary>tmSecurityName: the client's, from its certificate (server role), or the one this session was opened for (client role).</summary>
    public OctetString? SecurityName { get; private set; }

    /// <summary>Completes when the handshake succeeded; faults with <see cref="SnmpTransportException"/> when it failed.</summary>
    public Task Established => _established.Task;

    /// <summary>Completes when the session's thread has finished.</summary>
    public Task Ended => _ended.Task;

    public bool IsOpen => Volatile.Read(ref _state) == Open;

    public bool IsClosed => Volatile.Read(ref _state) == Closed;

    internal SessionDatagramTransport Transport => _transport;

    /// <summary>Starts the handshake on the session's thread, bounded by HandshakeTimeout.</summary>
    public void Start(DtlsHandshake handshake)
    {
        _timer = _time.CreateTimer(_ => OnTimer(), null, _handshakeTimeout, Timeout.InfiniteTimeSpan);
        var thread = new Thread(() => Run(handshake), SessionThreadStackSize)
        {
            IsBackground = true,
            Name = $"SNMP DTLS {Role.ToString().ToLowerInvariant()} {Remote}",
        };
        thread.Start();
    }

    /// <summary>Sends one SNMP message as one DTLS record.</summary>
    /// <exception cref="SnmpTransportException">The session is not open, or the send failed (the session is then closed).</exception>
    public void Send(ReadOnlySpan<byte> message)
    {
        var dtls = Volatile.Read(ref _dtls);
        if (dtls is null || !IsOpen)
        {
            throw new SnmpTransportException($"The DTLS session with {Remote} is closed.");
        }

        try
        {
            lock (_sendLock)
            {
                dtls.Send(message);
            }
        }
        catch (Exception e) when (e is IOException or TlsException or ObjectDisposedException)
        {
            Close();
            throw new SnmpTransportException($"Sending over the DTLS session with {Remote} failed: {e.Message}", e);
        }
    }

    /// <summary>Closes the session: a close_notify when it is open, the handshake abandoned when it is not. Idempotent.</summary>
    public void Close()
    {
        DtlsTransport? dtls;
        lock (_stateLock)
        {
            if (_state == Closed)
            {
                return;
            }

            _state = Closed;
            dtls = _dtls;
        }

        if (dtls is not null)
        {
            try
            {
                lock (_sendLock)
                {
                    dtls.Close(); // close_notify, then closes our transport
                }
            }
            catch (Exception e) when (e is IOException or TlsException)
            {
                _logger.LogDebug("Closing the DTLS session with {Remote}: {Error}", Remote, e.Message);
            }
        }

        _transport.Close();
    }

    private void Run(DtlsHandshake handshake)
    {
        var opened = false;
        try
        {
            var dtls = handshake.Run(_transport);

            // A server's last flight (ChangeCipherSpec, Finished) is still packed: no receive followed it.
            _transport.HandshakeEnded();
            lock (_stateLock)
            {
                if (_state == Closed)
                {
                    throw new IOException("The session was closed during its handshake.");
                }

                SecurityName ??= handshake.SecurityName;
                _dtls = dtls;
                _state = Open;
                Touch();
            }

            opened = true;
            _timer?.Change(_idleTimeout, Timeout.InfiniteTimeSpan);
            _mapping.OnSessionOpened(this);
            _established.TrySetResult();
            ReceiveLoop(dtls);
        }
        catch (Exception e) when (!opened)
        {
            var reason = Volatile.Read(ref _timedOut) ? $"the handshake took longer than {_handshakeTimeout}"
                : handshake.Failure ?? e.Message;
            _mapping.OnHandshakeFailed(this, reason, handshake.CertificateRefused, e);
            _established.TrySetException(new SnmpTransportException($"The DTLS handshake with {Remote} failed: {reason}.", e));
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The DTLS session with {Remote} ended unexpectedly", Remote);
        }
        finally
        {
            Close();
            _timer?.Dispose();
            _ownSocket?.Dispose();
            _mapping.OnSessionEnded(this, opened);
            _ended.TrySetResult();
        }
    }

    private void ReceiveLoop(DtlsTransport dtls)
    {
        var buffer = new byte[DtlsTransportMapping.MaxRecordPlaintext];
        while (!IsClosed)
        {
            int received;
            try
            {
                // No wait limit: the transport blocks until a datagram comes or the session closes.
                received = dtls.Receive(buffer, 0, buffer.Length, 0);
            }
            catch (Exception e) when (e is IOException or TlsException)
            {
                if (!IsClosed)
                {
                    _logger.LogDebug("The DTLS session with {Remote} ended: {Reason}", Remote, e.Message);
                }

                return;
            }

            if (received < 0)
            {
                continue;
            }

            _transport.MessageDelivered();
            Touch();
            _mapping.Deliver(this, buffer.AsSpan(0, received));
        }
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    private void OnTimer()
    {
        switch (Volatile.Read(ref _state))
        {
            case Handshaking:
                Volatile.Write(ref _timedOut, true);
                _transport.Close(); // the handshake's next receive fails
                break;
            case Open:
                var idle = _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
                if (idle >= _idleTimeout)
                {
                    _logger.LogDebug("Closing the DTLS session with {Remote}: idle for {Idle}", Remote, idle);
                    _mapping.OnSessionIdle();
                    Close();
                }
                else
                {
                    _timer?.Change(_idleTimeout - idle, Timeout.InfiniteTimeSpan);
                }

                break;
        }
    }
}
