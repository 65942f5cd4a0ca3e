using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;

namespace Snmp.Transport.Udp;

/// <summary>
/// The SNMP over UDP transport mapping of RFC 3417 section 2 (snmpUDPDomain) and its IPv6
/// counterpart of RFC 3419 (transportDomainUdpIpv6): one datagram socket shared by every message
/// of its domain, receive threads of its own, and sends from any thread.
/// </summary>
/// <remarks>
/// The socket is used only with blocking calls: a dedicated thread sleeps in the receive call and
/// the kernel wakes it when a datagram arrives, and a send is one system call on the sender's
/// thread (a UDP send does not wait for the peer). The asynchronous socket calls this replaced
/// cost a thread hand-off per datagram (the runtime's socket event thread queued every
/// completion to the thread pool) and with it a thread-pool wake-up per request; a sequential
/// request stream paid for that in CPU time and latency (benchmarks/README.md, issue 13).
/// <para>
/// When its port was chosen by the system (port 0 asked for, as a manager's engine does), the
/// mapping also lends threads that block on their requests a socket of their own
/// (<see cref="RentExchange"/>, at most <see cref="MaxExchanges"/> at once): such a request leaves
/// from that socket's port and its answer wakes only the waiting thread, which reads it itself,
/// instead of waking the receive thread, which then wakes the caller. A mapping bound to a port
/// someone chose (an agent's, a notification receiver's) sends everything from that port.
/// </para>
/// <para>
/// A mapping made without a local address (a manager's) keeps another thread receiving while one
/// processes a datagram, up to <see cref="MaxReceiveThreads"/>: several threads wait in the
/// receive call, the kernel wakes one per datagram, and the one that takes the last waiting
/// place starts another first. Its messages say so (<see cref="TransportStateReference.DeliveringThreadMayBlock"/>),
/// so an answer's continuation can run on the thread that received it, with no hand-off to
/// another thread, and still block without stopping the receiving (issue 26). A mapping given a
/// local address (an agent's) keeps one receive thread: its requests are processed in order.
/// </para>
/// </remarks>
public sealed class UdpTransportMapping : ITransportMapping, ITransportExchangeLender
{
    /// <summary>The most sockets the mapping lends at once (<see cref="RentExchange"/>); further blocking callers share the mapping's own socket.</summary>
    public const int MaxExchanges = 64;

    /// <summary>The largest UDP payload over IPv4: 65535 minus the 20-octet IPv4 header and the 8-octet UDP header.</summary>
    public const int MaxIpv4Payload = 65507;

    /// <summary>The largest UDP payload over IPv6 without jumbograms: 65535 (the payload length field excludes the fixed 40-octet header) minus the 8-octet UDP header.</summary>
    public const int MaxIpv6Payload = 65527;

    /// <summary>The most threads a mapping made without a local address (an engine's that only originates requests) receives on.</summary>
    public const int DefaultMaxReceiveThreads = 8;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<ReceiveThread> _receiveThreads = [];
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;
    // Threads in (or about to enter) the receive call: one that leaves it with a datagram and
    // sees none left starts another before it processes the datagram.
    private int _waiting;
    private int _disposed;
    private long _datagramsReceived;
    private long _datagramsSent;
    private long _receiveErrors;
    private long _receiverFailures;
    private readonly bool _lendsExchanges;
    private readonly ConcurrentStack<UdpTransportExchange> _idleExchanges = new();
    private readonly List<UdpTransportExchange> _exchanges = [];

    /// <summary>
    /// Creates the mapping and binds its socket to <paramref name="localEndPoint"/> (by default
    /// every local address of the domain's family and a port the system chooses, as a manager
    /// needs; an agent passes its listening address).
    /// </summary>
    /// <exception cref="ArgumentException">The local address is not of the domain's address family.</exception>
    /// <exception cref="SnmpTransportException">The socket cannot be bound (for example the port is in use).</exception>
    public UdpTransportMapping(TransportDomain domain, IPEndPoint? localEndPoint = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var family = domain == TransportDomain.UdpIpv4 ? AddressFamily.InterNetwork
            : domain == TransportDomain.UdpIpv6 ? AddressFamily.InterNetworkV6
            : throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a UDP transport domain.");
        bool originatesOnly = localEndPoint is null;
        localEndPoint ??= new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        if (localEndPoint.AddressFamily != family)
        {
            throw new ArgumentException($"The local address {localEndPoint} is not in the {domain} domain.", nameof(localEndPoint));
        }

        TransportDomain = domain;
        _logger = logger ?? NullLogger.Instance;
        _socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            // Many requests in flight answer in bursts; a larger buffer keeps the kernel from
            // dropping them before the receive loop gets to them (the OS may cap the size).
            _socket.ReceiveBufferSize = 4 * 1024 * 1024;
            _socket.SendBufferSize = 1024 * 1024;
            _socket.Bind(localEndPoint);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new SnmpTransportException($"Cannot bind a UDP socket to {localEndPoint}: {e.SocketErrorCode}.", e);
        }

        LocalAddress = _socket.LocalEndPoint!;
        _lendsExchanges = localEndPoint.Port == 0;
        MaxReceiveThreads = originatesOnly ? DefaultMaxReceiveThreads : 1;
    }

    /// <inheritdoc />
    public TransportDomain TransportDomain { get; }

    /// <inheritdoc />
    public EndPoint LocalAddress { get; }

    /// <inheritdoc />
    public int MaxMessageSize => TransportDomain == TransportDomain.UdpIpv4 ? MaxIpv4Payload : MaxIpv6Payload;

    /// <summary>Datagrams received since the mapping started.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Datagrams sent.</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Socket errors the receive loop survived (for example ICMP port-unreachable reports).</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Datagrams whose receiver threw; the loop carried on.</summary>
    public long ReceiverFailures => Interlocked.Read(ref _receiverFailures);

    /// <summary>
    /// Starts receiving, on a thread of its own. <paramref name="receiver"/> is called on a receive
    /// thread for each datagram, with a buffer it owns. Unless the message's
    /// <see cref="TransportStateReference.DeliveringThreadMayBlock"/> is set, it should be quick, as
    /// the next datagram waits for it, and must not block waiting for another datagram.
    /// </summary>
    /// <exception cref="InvalidOperationException">The mapping was already started.</exception>
    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_receiver is not null)
            {
                throw new InvalidOperationException("The transport mapping is already started.");
            }

            _receiver = receiver;
        }

        TryStartReceiveThread();
    }

    /// <summary>
    /// The most threads that receive on the mapping's socket: with more than one, another thread
    /// goes on receiving while one hands a message over, and the message says so
    /// (<see cref="TransportStateReference.DeliveringThreadMayBlock"/>). By default
    /// <see cref="DefaultMaxReceiveThreads"/> for a mapping made without a local address (an
    /// engine's that only originates requests, whose answers' continuations may then run on the
    /// thread that received them), and 1 for one given a local address (an agent's, whose
    /// requests are then processed one at a time, in order).
    /// </summary>
    /// <remarks>
    /// An agent's mapping given more than one (a simulator, an agent that answers many managers)
    /// processes requests of one listening address on that many cores at once; answers to one
    /// source may then leave in another order than their requests came.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1 or more than 256.</exception>
    public int MaxReceiveThreads
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            field = value;
        }
    }

    /// <summary>How many threads receive on the mapping's socket (started so far).</summary>
    public int ReceiveThreads
    {
        get
        {
            lock (_lock)
            {
                return _receiveThreads.Count;
            }
        }
    }

    // Counts the new thread as waiting at once, so that threads leaving the receive call
    // meanwhile do not start more.
    private bool TryStartReceiveThread()
    {
        lock (_lock)
        {
            if (_disposed != 0 || _receiver is null || _receiveThreads.Count >= MaxReceiveThreads)
            {
                return false;
            }

            var receiveThread = new ReceiveThread(this, _receiveThreads.Count + 1);
            _receiveThreads.Add(receiveThread);
            Interlocked.Increment(ref _waiting);
            receiveThread.Thread.UnsafeStart(receiveThread);
            return true;
        }
    }

    /// <summary>
    /// sendMessage (RFC 5590 5.2): sends one message as one datagram to the tmStateReference's
    /// transport address. UDP offers no security of its own, so a tmStateReference asking for
    /// more than noAuthNoPriv from the transport is refused.
    /// </summary>
    /// <exception cref="SnmpTransportException">The message is larger than a datagram can carry, the destination is of another address family, transport security was asked for, or the socket failed.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        SendThrough(_socket, outgoingMessage.Span, tmStateReference, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Lends the calling thread a socket of its own for requests it blocks on (see
    /// <see cref="ITransportExchange"/>), bound to the mapping's local address and a port the
    /// system chooses; null when the mapping's own port was chosen by someone, when
    /// <see cref="MaxExchanges"/> are lent already, or when no socket can be opened.
    /// </summary>
    public ITransportExchange? RentExchange()
    {
        if (!_lendsExchanges || _disposed != 0)
        {
            return null;
        }

        while (_idleExchanges.TryPop(out var idle))
        {
            if (idle.Lend())
            {
                return idle;
            }
        }

        lock (_lock)
        {
            if (_disposed != 0 || _exchanges.Count >= MaxExchanges)
            {
                return null;
            }

            try
            {
                var exchange = new UdpTransportExchange(this, new IPEndPoint(((IPEndPoint)LocalAddress).Address, 0));
                _exchanges.Add(exchange);
                exchange.Lend();
                return exchange;
            }
            catch (SocketException e)
            {
                _logger.LogDebug("Could not open a socket to lend beside {LocalAddress}: {Error}", LocalAddress, e.SocketErrorCode);
                return null;
            }
        }
    }

    internal void ReturnExchange(UdpTransportExchange exchange)
    {
        if (_disposed != 0)
        {
            exchange.Close();
            return;
        }

        if (!exchange.IsOpen)
        {
            // Given up after errors: make room for a new one.
            lock (_lock)
            {
                _exchanges.Remove(exchange);
            }

            return;
        }

        _idleExchanges.Push(exchange);
        if (_disposed != 0)
        {
            exchange.Close(); // disposal ran between the check and the push
        }
    }

    internal void CountReceived() => Interlocked.Increment(ref _datagramsReceived);

    internal void CountReceiveError(SocketError error)
    {
        Interlocked.Increment(ref _receiveErrors);
        _logger.LogDebug("UDP receive beside {LocalAddress} reported {Error}", LocalAddress, error);
    }

    // sendMessage for the mapping's socket and the sockets it lends: one blocking sendto.
    internal void SendThrough(Socket socket, ReadOnlySpan<byte> message, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        var destination = tmStateReference.TransportAddress;
        if (tmStateReference.SecurityName is not null)
        {
            // Only a transport that authenticates (TLS, DTLS, SSH) can send as a principal.
            throw new SnmpTransportException($"The {TransportDomain} transport has no security of its own; it cannot send as tmSecurityName \"{tmStateReference.SecurityName}\".");
        }

        if (message.Length > MaxMessageSize)
        {
            throw new SnmpTransportException($"A {message.Length}-octet message does not fit in one {TransportDomain} datagram (at most {MaxMessageSize} octets).");
        }

        if (destination.AddressFamily != socket.AddressFamily)
        {
            throw new SnmpTransportException($"The destination {destination} is not in the {TransportDomain} domain.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // A blocking send: the datagram is handed to the kernel at once (see the remarks).
            socket.SendTo(message, SocketFlags.None, destination);
            Interlocked.Increment(ref _datagramsSent);
        }
        catch (SocketException e)
        {
            throw new SnmpTransportException($"Sending to {destination} failed: {e.SocketErrorCode}.", e);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(UdpTransportMapping), "The transport mapping was closed while sending.");
        }
    }

    /// <summary>Closes the socket and waits for the receive loop to end. Idempotent.</summary>
    /// <remarks>
    /// Waits for every receive thread except the calling one (an answer's continuation may dispose
    /// the engine) and those handing a message over with
    /// <see cref="TransportStateReference.DeliveringThreadMayBlock"/>: they may run a caller's code,
    /// which may wait for this disposal; they receive nothing more.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        ReceiveThread[] receiveThreads;
        lock (_lock)
        {
            if (_disposed != 0)
            {
                return;
            }

            Interlocked.Exchange(ref _disposed, 1); // a full fence before the marks are read (ReceiveThread.Deliver)
            receiveThreads = [.. _receiveThreads.Where(r => !r.MayBeBlocked)];
        }

        // Closing the socket ends the receive call the loop is blocked in (.NET shuts a blocking
        // socket down on close so that such a call returns); the same for the lent sockets.
        _socket.Dispose();
        UdpTransportExchange[] exchanges;
        lock (_lock)
        {
            exchanges = [.. _exchanges];
        }

        foreach (var exchange in exchanges)
        {
            exchange.Close();
        }

        foreach (var receiveThread in receiveThreads)
        {
            if (receiveThread.Thread != Thread.CurrentThread)
            {
                await receiveThread.Ended.Task.ConfigureAwait(false);
            }
        }

        _logger.LogDebug("UDP transport mapping on {LocalAddress} closed", LocalAddress);
    }

    private void ReceiveLoop(ReceiveThread self)
    {
        var receiver = _receiver!;
        try
        {
            var buffer = GC.AllocateUninitializedArray<byte>(65536);
            var any = _socket.AddressFamily == AddressFamily.InterNetwork
                ? new IPEndPoint(IPAddress.Any, 0)
                : new IPEndPoint(IPAddress.IPv6Any, 0);
            var source = new SocketAddress(_socket.AddressFamily);
            // The last source's address and endpoint: a manager's answers come from few agents,
            // so most datagrams reuse the endpoint of the one before instead of two new objects.
            var lastSource = new SocketAddress(_socket.AddressFamily);
            EndPoint? lastRemote = null;
            while (_disposed == 0)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
                }
                catch (Exception e) when (_disposed != 0 && e is ObjectDisposedException or SocketException)
                {
                    break;
                }
                catch (SocketException e)
                {
                    // ICMP errors (port unreachable), truncated datagrams and the like: the next
                    // datagram may be fine, so carry on.
                    Interlocked.Increment(ref _receiveErrors);
                    _logger.LogDebug("UDP receive on {LocalAddress} reported {Error}", LocalAddress, e.SocketErrorCode);
                    continue;
                }

                int othersWaiting = Interlocked.Decrement(ref _waiting);
                bool mayBlock = othersWaiting > 0 || TryStartReceiveThread();
                if (!self.Deliver(mayBlock))
                {
                    break; // the socket was shut down under the call
                }

                Interlocked.Increment(ref _datagramsReceived);
                // The receiver may keep slices of the message, so each datagram gets its own array.
                var datagram = buffer.AsSpan(0, received).ToArray();
                var remote = RemoteEndPoint(any, source, lastSource, ref lastRemote);
                try
                {
                    // RFC 5590 5.2: UDP authenticates nothing, so only the domain and address are known.
                    receiver(datagram, new TransportStateReference(TransportDomain, remote) { TransportMapping = this, DeliveringThreadMayBlock = mayBlock });
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref _receiverFailures);
                    _logger.LogWarning(e, "Processing a datagram from {Source} failed", remote);
                }

                self.MayBeBlocked = false;
                Interlocked.Increment(ref _waiting);
            }
        }
        catch (Exception e)
        {
            // Never let the thread take the process down; the mapping stops receiving.
            _logger.LogError(e, "The UDP receive loop on {LocalAddress} failed", LocalAddress);
        }
        finally
        {
            self.Ended.TrySetResult();
        }
    }

    // The endpoint a datagram came from: the previous one's when the address is the same
    // (endpoints are immutable, so sharing one between messages is safe).
    internal static EndPoint RemoteEndPoint(IPEndPoint any, SocketAddress source, SocketAddress lastSource, ref EndPoint? lastRemote)
    {
        if (lastRemote is not null && source.Size == lastSource.Size && source.Buffer.Span[..source.Size].SequenceEqual(lastSource.Buffer.Span[..lastSource.Size]))
        {
            return lastRemote;
        }

        var remote = any.Create(source);
        source.Buffer.Span[..source.Size].CopyTo(lastSource.Buffer.Span);
        lastSource.Size = source.Size;
        lastRemote = remote;
        return remote;
    }

    private sealed class ReceiveThread
    {
        private readonly UdpTransportMapping _owner;

        public ReceiveThread(UdpTransportMapping owner, int number)
        {
            _owner = owner;
            Thread = new Thread(static state => { var self = (ReceiveThread)state!; self._owner.ReceiveLoop(self); })
            {
                IsBackground = true,
                Name = number == 1 ? $"SNMP UDP receive {owner.LocalAddress}" : $"SNMP UDP receive {owner.LocalAddress} #{number}",
            };
        }

        public Thread Thread { get; }

        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Handing over a message whose recipient may block: disposal does not wait for this thread.
        public volatile bool MayBeBlocked;

        // False once the mapping is disposed. When the recipient may block, the mark is written
        // before the disposal is read, and disposal writes _disposed (under its lock, a full
        // fence) before it reads the marks: so either disposal sees the mark (and does not wait
        // for this thread) or this thread sees the disposal, with no lock per datagram.
        public bool Deliver(bool mayBlock)
        {
            if (mayBlock)
            {
                MayBeBlocked = true;
                Interlocked.MemoryBarrier();
            }

            return Volatile.Read(ref _owner._disposed) == 0;
        }
    }
}
