using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;

namespace Snmp.Transport.Udp;

/// <summary>
/// A socket a <see cref="UdpTransportMapping"/> lends one thread at a time (see
/// <see cref="ITransportExchange"/>): the borrower sends through it and sleeps in its receive
/// call until the answer arrives, so the answer costs one wake-up, the borrower's. Another
/// thread interrupts the receive (a timer for a retransmission or a timeout, a cancellation, a
/// shutdown) with an empty datagram the socket sends to itself; anything else that arrives, an
/// empty datagram from a peer included, goes to the dispatcher, which counts what it drops.
/// </summary>
internal sealed class UdpTransportExchange : ITransportExchange
{
    // Errors in a row after which the socket is given up (ICMP reports come one per datagram
    // sent; an endless run means the socket is broken and would make the borrower spin).
    private const int MaxErrorsInARow = 16;
    private readonly UdpTransportMapping _owner;
    private readonly Socket _socket;
    private readonly IPEndPoint _self;
    private readonly SocketAddress _selfAddress;
    private readonly IPEndPoint _any;
    private readonly SocketAddress _source;
    private readonly SocketAddress _lastSource;
    private EndPoint? _lastRemote;
    private byte[]? _buffer;
    private int _lent;
    private int _errorsInARow;
    private volatile bool _closed;

    public UdpTransportExchange(UdpTransportMapping owner, IPEndPoint localEndPoint)
    {
        _owner = owner;
        _socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (localEndPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.Bind(localEndPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalAddress = _socket.LocalEndPoint!;
        var bound = (IPEndPoint)LocalAddress;
        // The interrupt is sent to this socket itself: over loopback when it listens on every address.
        var address = bound.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : bound.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : bound.Address;
        _self = new IPEndPoint(address, bound.Port);
        _selfAddress = _self.Serialize();
        _any = new IPEndPoint(localEndPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        _source = new SocketAddress(localEndPoint.AddressFamily);
        _lastSource = new SocketAddress(localEndPoint.AddressFamily);
    }

    public TransportDomain TransportDomain => _owner.TransportDomain;

    public EndPoint LocalAddress { get; }

    public int MaxMessageSize => _owner.MaxMessageSize;

    public bool IsOpen => !_closed;

    /// <summary>Marks the exchange lent; false if it was closed meanwhile.</summary>
    internal bool Lend()
    {
        Volatile.Write(ref _lent, 1);
        return !_closed;
    }

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) =>
        throw new NotSupportedException("A lent exchange is read by its borrower (Receive), not started.");

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _owner.SendThrough(_socket, outgoingMessage.Span, tmStateReference, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public bool Receive(out ReadOnlyMemory<byte> wholeMsg, out TransportStateReference? tmStateReference)
    {
        wholeMsg = default;
        tmStateReference = null;
        if (_closed)
        {
            return false;
        }

        var buffer = _buffer ??= GC.AllocateUninitializedArray<byte>(65536);
        int received;
        try
        {
            received = _socket.ReceiveFrom(buffer, SocketFlags.None, _source);
        }
        catch (Exception e) when (_closed && e is ObjectDisposedException or SocketException)
        {
            return false;
        }
        catch (SocketException e)
        {
            // ICMP errors (port unreachable) and the like: the next datagram may be fine.
            _owner.CountReceiveError(e.SocketErrorCode);
            if (++_errorsInARow >= MaxErrorsInARow)
            {
                Close();
            }

            return false;
        }

        _errorsInARow = 0;
        if (_closed || received == 0 && _source.Equals(_selfAddress))
        {
            return false; // an interrupt
        }

        _owner.CountReceived();
        // The receiver may keep slices of the message, so each datagram gets its own array.
        wholeMsg = buffer.AsSpan(0, received).ToArray();
        tmStateReference = new TransportStateReference(TransportDomain, UdpTransportMapping.RemoteEndPoint(_any, _source, _lastSource, ref _lastRemote)) { TransportMapping = this };
        return true;
    }

    public void Interrupt()
    {
        try
        {
            _socket.SendTo(ReadOnlySpan<byte>.Empty, SocketFlags.None, _self);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Closed: a receive in progress has returned already, and the next one returns at once.
        }
    }

    public void Return()
    {
        if (Interlocked.Exchange(ref _lent, 0) == 1)
        {
            _owner.ReturnExchange(this);
        }
    }

    /// <summary>The borrower disposing the exchange gives it back.</summary>
    public ValueTask DisposeAsync()
    {
        Return();
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the socket (the mapping is closing, or the socket broke); a receive in progress returns false.</summary>
    internal void Close()
    {
        _closed = true;
        _socket.Dispose();
    }
}
