using System.Net;
using System.Net.Sockets;

namespace Snmp.Transport.Tcp;

/// <summary>
/// One TCP connection of a <see cref="TcpTransportMapping"/>, accepted or opened: the
/// tmSessionID (RFC 5590 5.2) of every message read from it, so that a response leaves on the
/// connection its request came on (RFC 3430 section 2.3). Writes are serialised; reads belong to
/// the mapping's read loop for the connection.
/// </summary>
internal sealed class TcpConnection
{
    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private readonly TimeSpan _writeTimeout;
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly long _maxQueuedOctets;
    private long _queuedOctets;
    private long _lastActivity;
    private int _closed;

    /// <param name="socket">The connected socket.</param>
    /// <param name="remoteAddress">The peer's address.</param>
    /// <param name="outgoing">True for a connection this end opened.</param>
    /// <param name="time">The clock of the write timeout and idleness.</param>
    /// <param name="writeTimeout">How long one write may wait for the peer to read.</param>
    /// <param name="readBufferSize">The read buffer's size.</param>
    /// <param name="maxQueuedOctets">How many octets of messages may wait behind a write the peer does not take.</param>
    public TcpConnection(Socket socket, IPEndPoint remoteAddress, bool outgoing, TimeProvider time, TimeSpan writeTimeout, int readBufferSize, long maxQueuedOctets)
    {
        _maxQueuedOctets = maxQueuedOctets;
        _socket = socket;
        _time = time;
        _writeTimeout = writeTimeout;
        RemoteAddress = remoteAddress;
        LocalAddress = socket.LocalEndPoint as IPEndPoint;
        Outgoing = outgoing;
        Stream = new ConnectionReadStream(socket, readBufferSize);
        _lastActivity = time.GetTimestamp();
    }

    /// <summary>The peer's address (tmTransportAddress).</summary>
    public IPEndPoint RemoteAddress { get; }

    /// <summary>This end's address.</summary>
    public IPEndPoint? LocalAddress { get; }

    /// <summary>True for a connection this mapping opened (to send requests or notifications), false for one it accepted.</summary>
    public bool Outgoing { get; }

    /// <summary>What the read loop reads from.</summary>
    public ConnectionReadStream Stream { get; }

    /// <summary>Cancelled when the connection closes.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>True once the connection is closed.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Why the connection was closed (for logs), once it is.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Its idle timer, if it has one.</summary>
    public ITimer? IdleTimer { get; set; }

    /// <summary>The time since a message was last read or written.</summary>
    public TimeSpan Idle => _time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    /// <summary>Notes that a message was read or written.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());

    /// <summary>Closes the socket (ending the read loop and any write); true for the call that closed it.</summary>
    public bool Close(string reason)
    {
        if (!BeginClose(reason))
        {
            return false;
        }

        EndClose();
        return true;
    }

    /// <summary>Marks the connection closed (no write starts after it); true for the call that marked it, which must then call <see cref="EndClose"/>.</summary>
    public bool BeginClose(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        CloseReason = reason;
        return true;
    }

    /// <summary>Stops the timers and closes the socket: the peer sees the connection end.</summary>
    public void EndClose()
    {
        IdleTimer?.Dispose();
        try
        {
            _closing.Cancel();
        }
        catch (AggregateException)
        {
            // A registration threw; the socket is closed below regardless.
        }

        _socket.Dispose();
    }

    /// <summary>
    /// Writes one whole message. A write that cannot finish within the write timeout (the peer
    /// stopped reading) or is cancelled half-way closes the connection: a partial message would
    /// break the framing of everything after it.
    /// </summary>
    /// <exception cref="SnmpTransportException">The connection is closed, or closes while writing.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (!_writeLock.Wait(0))
        {
            // Another write is under way. A peer that sends requests but does not read the
            // answers would make them pile up here until the write timeout: the pile is bounded.
            long queued = Interlocked.Add(ref _queuedOctets, message.Length);
            try
            {
                if (queued > _maxQueuedOctets)
                {
                    Close($"more than {_maxQueuedOctets} octets waited for the peer to read");
                    throw new SnmpTransportException($"Sending on the TCP connection to {RemoteAddress} failed: {CloseReason}.");
                }

                await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Add(ref _queuedOctets, -message.Length);
            }
        }

        try
        {
            ThrowIfClosed();
            int sent = 0;
            while (sent < message.Length)
            {
                var pending = _socket.SendAsync(message[sent..], SocketFlags.None, Closing);
                sent += pending.IsCompletedSuccessfully ? pending.Result : await WaitForSlowWriteAsync(pending, cancellationToken).ConfigureAwait(false);
            }

            Touch();
        }
        catch (Exception e) when ((e is SocketException or ObjectDisposedException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            Close($"a write failed ({(e as SocketException)?.SocketErrorCode.ToString() ?? CloseReason ?? e.GetType().Name})");
            throw new SnmpTransportException($"Sending on the TCP connection to {RemoteAddress} failed: {CloseReason}.", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask<int> WaitForSlowWriteAsync(ValueTask<int> pending, CancellationToken cancellationToken)
    {
        // Only a write the kernel could not take at once pays for a timer.
        using var timer = _writeTimeout == Timeout.InfiniteTimeSpan ? null
            : _time.CreateTimer(static state => ((TcpConnection)state!).Close("the peer did not read a message within the write timeout"), this, _writeTimeout, Timeout.InfiniteTimeSpan);
        await using var registration = cancellationToken.UnsafeRegister(static state => ((TcpConnection)state!).Close("a write was cancelled half-way"), this).ConfigureAwait(false);
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The write was cancelled; the connection was closed, as the message was only partly written.", cancellationToken);
        }
    }

    private void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw new SnmpTransportException($"The TCP connection to {RemoteAddress} is closed ({CloseReason}).");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"tcp {LocalAddress} <-> {RemoteAddress}";
}
