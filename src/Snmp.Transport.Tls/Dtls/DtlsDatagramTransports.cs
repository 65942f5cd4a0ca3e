using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Snmp.Transport.Tls.Dtls;

/// <summary>
/// The datagram service under one DTLS session, as BouncyCastle's record layer pulls from it:
/// receive with a wait, send, close. Closing makes a waiting receive fail at once, which ends
/// the record layer's receive (and a handshake in progress): BouncyCastle has no other way to stop
/// a waiting receive.
/// </summary>
/// <remarks>
/// Until <see cref="HandshakeEnded"/>, the records BouncyCastle sends (one per call) are packed
/// into one datagram per flight (RFC 6347 4.1.1: several records may share a datagram), sent when
/// the handshake next waits to receive, ends or is closed, as OpenSSL sends its flights. A peer
/// may give the handshake a fixed number of datagrams: Net-SNMP's snmptrap, closing its session
/// right after queueing its trap, reads at most six datagrams (50 ms each) to finish the handshake
/// and send the trap, and one datagram per record (eight from a server) would lose the trap.
/// After the handshake (or from the first application-data record on, whoever drives the
/// transport) every record, one SNMP message each, is a datagram of its own.
/// </remarks>
internal abstract class SessionDatagramTransport : DatagramTransport
{
    /// <summary>The largest record BouncyCastle is asked to take: 2^14 of plaintext plus 2048 of expansion plus the 13-octet DTLS header (RFC 6347 4.1), and room for a connection ID.</summary>
    public const int ReceiveLimit = (1 << 14) + 2048 + 13 + 256;

    /// <summary>The largest UDP payload over IPv4; BouncyCastle keeps records to 2^14 octets of plaintext within it.</summary>
    public const int SendLimit = 65507;

    private readonly Lock _flightLock = new();
    private volatile int _closed;
    private int _applicationDataPending;
    private long _applicationDataDiscarded;
    private ArrayBufferWriter<byte>? _flight = new(2048);
    private long _datagramsSent;

    /// <summary>Application-data records handed to the record layer that gave no message (bad MAC, replayed, wrong epoch: RFC 6347 4.1.2.7 silent discards).</summary>
    public long ApplicationDataDiscarded => Interlocked.Read(ref _applicationDataDiscarded);

    protected bool IsClosed => _closed != 0;

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Datagrams sent (a packed flight counts once).</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        // The handshake waits for the peer's answer: its flight is complete.
        SendFlight();

        // A previous application-data datagram that produced no message was discarded by the record layer.
        if (Interlocked.Exchange(ref _applicationDataPending, 0) != 0)
        {
            Interlocked.Increment(ref _applicationDataDiscarded);
        }

        var received = ReceiveDatagram(buffer, waitMillis);
        if (received > 0 && buffer[0] == ContentType.application_data)
        {
            Volatile.Write(ref _applicationDataPending, 1);
        }

        return received;
    }

    /// <summary>The record layer returned a message: the application-data datagram it came in was good.</summary>
    public void MessageDelivered() => Volatile.Write(ref _applicationDataPending, 0);

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>Sends one record: into the flight being packed while the handshake runs, in a datagram of its own after it.</summary>
    /// <exception cref="IOException">The send failed.</exception>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (Volatile.Read(ref _flight) is not null)
        {
            if (!buffer.IsEmpty && buffer[0] == ContentType.application_data)
            {
                // Application data comes after the handshake only: whatever is packed goes first.
                HandshakeEnded();
            }
            else if (TryPack(buffer))
            {
                return;
            }
        }

        SendCounted(buffer);
    }

    /// <summary>The handshake is over (established or failed): sends what is packed, and every later record alone.</summary>
    /// <exception cref="IOException">The send failed.</exception>
    public void HandshakeEnded()
    {
        lock (_flightLock)
        {
            if (_flight is { } flight)
            {
                _flight = null;
                SendFlightLocked(flight);
            }
        }
    }

    /// <summary>Called by the record layer when the session ends, and by the owner to stop a waiting receive (a handshake that took too long, a session closing).</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                // A fatal alert the record layer raised before closing is still packed.
                HandshakeEnded();
            }
            catch (IOException)
            {
                // The peer does not get the alert; the session ends all the same.
            }

            OnClosed();
        }
    }

    /// <summary>Sends one datagram to the peer.</summary>
    /// <exception cref="IOException">The send failed.</exception>
    protected abstract void SendDatagram(ReadOnlySpan<byte> datagram);

    /// <summary>Waits up to <paramref name="waitMillis"/> (0: no limit) for one datagram; -1 when none came.</summary>
    /// <exception cref="IOException">The transport is closed, or the socket failed.</exception>
    protected abstract int ReceiveDatagram(Span<byte> buffer, int waitMillis);

    protected abstract void OnClosed();

    protected void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw new IOException("The DTLS session is closed.");
        }
    }

    private bool TryPack(ReadOnlySpan<byte> record)
    {
        lock (_flightLock)
        {
            if (_flight is not { } flight)
            {
                return false;
            }

            if (flight.WrittenCount > 0 && flight.WrittenCount + record.Length > SendLimit)
            {
                SendFlightLocked(flight);
            }

            flight.Write(record);
            return true;
        }
    }

    private void SendFlight()
    {
        if (Volatile.Read(ref _flight) is null)
        {
            return;
        }

        lock (_flightLock)
        {
            if (_flight is { } flight)
            {
                SendFlightLocked(flight);
            }
        }
    }

    private void SendFlightLocked(ArrayBufferWriter<byte> flight)
    {
        if (flight.WrittenCount == 0)
        {
            return;
        }

        try
        {
            SendCounted(flight.WrittenSpan);
        }
        finally
        {
            flight.ResetWrittenCount();
        }
    }

    private void SendCounted(ReadOnlySpan<byte> datagram)
    {
        SendDatagram(datagram);
        Interlocked.Increment(ref _datagramsSent);
    }
}

/// <summary>
/// A server session's datagrams: the mapping's receive loop demultiplexes its one socket by remote
/// address and queues each datagram here; sends go out through that socket to the client.
/// </summary>
/// <remarks>
/// The queue is bounded by octets, not datagrams: a burst of small requests (many in flight on one
/// session) fits, while a peer flooding large datagrams faster than the session decrypts them
/// cannot take more than <paramref name="maxQueuedOctets"/> of memory.
/// </remarks>
internal sealed class QueuedDatagramTransport(Socket socket, EndPoint remote, int maxQueuedOctets) : SessionDatagramTransport
{
    private readonly BlockingCollection<byte[]> _queue = new(new ConcurrentQueue<byte[]>());
    private long _queuedOctets;

    /// <summary>Queues a datagram from the client; false when the queue is full or closed (the caller counts the drop).</summary>
    public bool Enqueue(byte[] datagram)
    {
        if (IsClosed || Interlocked.Add(ref _queuedOctets, datagram.Length) > maxQueuedOctets)
        {
            Interlocked.Add(ref _queuedOctets, -datagram.Length);
            return false;
        }

        try
        {
            if (_queue.TryAdd(datagram))
            {
                return true;
            }
        }
        catch (InvalidOperationException)
        {
            // completed meanwhile
        }

        Interlocked.Add(ref _queuedOctets, -datagram.Length);
        return false;
    }

    protected override int ReceiveDatagram(Span<byte> buffer, int waitMillis)
    {
        ThrowIfClosed();
        byte[]? datagram;
        try
        {
            if (!_queue.TryTake(out datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis))
            {
                ThrowIfClosed();
                return -1;
            }
        }
        catch (ObjectDisposedException)
        {
            ThrowIfClosed();
            return -1;
        }

        Interlocked.Add(ref _queuedOctets, -datagram.Length);
        if (datagram.Length > buffer.Length)
        {
            return -1; // larger than any record: not for the record layer
        }

        datagram.CopyTo(buffer);
        return datagram.Length;
    }

    protected override void SendDatagram(ReadOnlySpan<byte> datagram)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, remote);
        }
        catch (ObjectDisposedException e)
        {
            throw new IOException("The DTLS transport mapping is closed.", e);
        }
        catch (SocketException e)
        {
            throw new IOException($"Sending to {remote} failed: {e.SocketErrorCode}.", e);
        }
    }

    protected override void OnClosed() => _queue.CompleteAdding();
}

/// <summary>
/// A client session's datagrams: a UDP socket of its own, connected to the server, so each session
/// has its own source port (the server tells sessions apart by address and port).
/// </summary>
internal sealed class ConnectedDatagramTransport(Socket socket) : SessionDatagramTransport
{
    // How often a waiting receive looks whether the session was closed.
    private const int PollSliceMillis = 200;

    private long _receiveErrors;

    /// <summary>ICMP errors (port unreachable) reported on the socket.</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    protected override int ReceiveDatagram(Span<byte> buffer, int waitMillis)
    {
        var deadline = waitMillis == 0 ? long.MaxValue : Environment.TickCount64 + waitMillis;
        while (true)
        {
            ThrowIfClosed();

            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                return -1;
            }

            try
            {
                if (!socket.Poll((int)Math.Min(remaining, PollSliceMillis) * 1000, SelectMode.SelectRead))
                {
                    continue;
                }

                return socket.Receive(buffer, SocketFlags.None);
            }
            catch (ObjectDisposedException)
            {
                ThrowIfClosed();
                return -1;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                // An ICMP port unreachable: nobody listens (yet). The handshake's own retransmissions and timeout decide.
                Interlocked.Increment(ref _receiveErrors);
                return -1;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
            {
                return -1; // larger than any record
            }
            catch (SocketException e)
            {
                throw new IOException($"Receiving from {socket.RemoteEndPoint} failed: {e.SocketErrorCode}.", e);
            }
        }
    }

    protected override void SendDatagram(ReadOnlySpan<byte> datagram)
    {
        try
        {
            socket.Send(datagram, SocketFlags.None);
        }
        catch (ObjectDisposedException e)
        {
            throw new IOException("The DTLS session is closed.", e);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            // A late ICMP report of an earlier datagram; this one may still arrive.
            Interlocked.Increment(ref _receiveErrors);
        }
        catch (SocketException e)
        {
            throw new IOException($"Sending to {socket.RemoteEndPoint} failed: {e.SocketErrorCode}.", e);
        }
    }

    protected override void OnClosed()
    {
        // The socket is disposed by the session once its thread is done with it.
    }
}
