using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Transport.Udp;

namespace Snmp.Simulator;

/// <summary>
/// snmpUDPDomain (RFC 3417 section 2) and its IPv6 counterpart for thousands of listening
/// addresses (one device per port): no thread and no receive buffer per socket while it waits.
/// Each socket has one asynchronous zero-length peek outstanding (the runtime's socket event loop
/// watches every socket of the process); when a datagram is there, the thread-pool thread that
/// completed the peek reads it into a buffer of its own thread and hands it to the receiver. The
/// library's <see cref="UdpTransportMapping"/> keeps a thread per socket, the right trade for a few
/// addresses, and 10,000 threads (about 30 KiB of memory each) for 10,000.
/// </summary>
internal sealed class WaitingUdpTransportMapping : ITransportMapping
{
    [ThreadStatic]
    private static byte[]? t_buffer;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _receiveErrors;

    public WaitingUdpTransportMapping(TransportDomain domain, IPEndPoint localAddress, ILogger logger)
    {
        TransportDomain = domain;
        _logger = logger;
        _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (localAddress.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.Bind(localAddress);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new SnmpTransportException($"Cannot bind a UDP socket to {localAddress}: {e.SocketErrorCode}.", e);
        }

        LocalAddress = _socket.LocalEndPoint!;
    }

    public TransportDomain TransportDomain { get; }

    public EndPoint LocalAddress { get; }

    public int MaxMessageSize => TransportDomain == TransportDomain.UdpIpv4 ? UdpTransportMapping.MaxIpv4Payload : UdpTransportMapping.MaxIpv6Payload;

    /// <summary>Socket errors the receive loop survived.</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (_loop is not null)
        {
            throw new InvalidOperationException("The transport mapping is already started.");
        }

        _loop = ReceiveLoopAsync(receiver);
    }

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        if (outgoingMessage.Length > MaxMessageSize)
        {
            throw new SnmpTransportException($"A {outgoingMessage.Length}-octet message does not fit in one {TransportDomain} datagram (at most {MaxMessageSize} octets).");
        }

        try
        {
            // A UDP send hands the datagram to the kernel at once.
            _socket.SendTo(outgoingMessage.Span, SocketFlags.None, tmStateReference.TransportAddress);
        }
        catch (SocketException e)
        {
            throw new SnmpTransportException($"Sending to {tmStateReference.TransportAddress} failed: {e.SocketErrorCode}.", e);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(WaitingUdpTransportMapping), "The transport mapping was closed while sending.");
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    [SuppressMessage("Design", "CA1031", Justification = "The loop must survive a failing receiver, as the library's does.")]
    private async Task ReceiveLoopAsync(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver)
    {
        await Task.Yield();
        var template = _socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        var source = new SocketAddress(_socket.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                // Wait until a datagram is there without taking it (no buffer while waiting) ...
                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, _stop.Token).ConfigureAwait(false);
                // ... then take it whole into this thread's buffer (never blocks: one is queued).
                var buffer = t_buffer ??= GC.AllocateUninitializedArray<byte>(65536);
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
                var datagram = buffer.AsSpan(0, received).ToArray();
                var remote = (IPEndPoint)template.Create(source);
                try
                {
                    receiver(datagram, new TransportStateReference(TransportDomain, remote) { TransportMapping = this });
                }
                catch (Exception e)
                {
                    _logger.LogWarning(e, "Processing a datagram from {Source} failed", remote);
                }
            }
            catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP port unreachable and the like: the next datagram may be fine.
                Interlocked.Increment(ref _receiveErrors);
                _logger.LogDebug("UDP receive on {LocalAddress} reported {Error}", LocalAddress, e.SocketErrorCode);
            }
        }
    }
}

/// <summary>
/// The simulator's UDP transport: addresses read as the library reads them; each listening address
/// a <see cref="UdpTransportMapping"/> with <paramref name="receiveThreads"/> threads, or, with
/// <paramref name="waiting"/> (thousands of addresses), a <see cref="WaitingUdpTransportMapping"/>.
/// </summary>
internal sealed class SimulatorUdpTransportFactory(ILoggerFactory loggerFactory, int receiveThreads, bool waiting) : ITransportMappingFactory
{
    private readonly UdpTransportMappingFactory _library = new(loggerFactory) { MaxReceiveThreads = receiveThreads };

    public IReadOnlyCollection<TransportDomain> TransportDomains => _library.TransportDomains;

    public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint) =>
        _library.TryParseAddress(address, preferredDomain, role, forListening, out domain, out endPoint);

    public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress) =>
        waiting && localAddress is IPEndPoint local
            ? new WaitingUdpTransportMapping(domain, local, loggerFactory.CreateLogger<WaitingUdpTransportMapping>())
            : _library.CreateTransportMapping(domain, localAddress);
}
