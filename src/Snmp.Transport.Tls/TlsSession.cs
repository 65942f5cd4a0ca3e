using System.Net;
using System.Net.Sockets;

namespace Snmp.Transport.Tls;

/// <summary>
/// One TLS connection of a <see cref="TlsTransportMapping"/>: the tmSessionID RFC 6353 speaks of
/// (the object itself is the id carried in <c>TransportStateReference.SessionId</c>). It knows its
/// peer, its tmSecurityName, whether this side opened it, and when it was last used; writes are
/// serialized so each message leaves whole.
/// </summary>
internal sealed class TlsSession
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _clock;
    private long _lastActivity;
    private int _closed;
    private int _ended;

    public TlsSession(TlsTransportMapping owner, Socket socket, Stream stream, IPEndPoint remoteAddress, OctetString? securityName, bool isClient, string protocol, TimeProvider clock)
    {
        Owner = owner;
        _socket = socket;
        Stream = stream;
        RemoteAddress = remoteAddress;
        SecurityName = securityName;
        IsClient = isClient;
        Protocol = protocol;
        _clock = clock;
        Touch();
    }

    public TlsTransportMapping Owner { get; }

    public Stream Stream { get; }

    /// <summary>tmTransportAddress of every message of the session.</summary>
    public IPEndPoint RemoteAddress { get; }

    /// <summary>tmSecurityName: from the client's certificate (server side), or the one the session was opened for (client side).</summary>
    public OctetString? SecurityName { get; }

    /// <summary>True when this side opened the session (snmpTlstmSessionClientCloses counts its end).</summary>
    public bool IsClient { get; }

    /// <summary>The negotiated TLS version, for logs.</summary>
    public string Protocol { get; }

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>How long since a message was last sent or received.</summary>
    public TimeSpan Idle => _clock.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public void Touch() => Interlocked.Exchange(ref _lastActivity, _clock.GetTimestamp());

    /// <summary>Writes one whole message; a failure closes the session.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(!IsOpen, this);
            await Stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            Touch();
        }
        catch
        {
            Close();
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>True once: for counting and logging the session's end exactly once.</summary>
    public bool TryMarkEnded() => Interlocked.Exchange(ref _ended, 1) == 0;

    /// <summary>Closes the connection (once); a read or write under way fails.</summary>
    /// <returns>True the first time.</returns>
    public bool Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
        try
        {
            Stream.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
            // A TLS stream may try to send close_notify over the closed socket.
        }
        catch (Org.BouncyCastle.Tls.TlsFatalAlert)
        {
        }

        return true;
    }

    public override string ToString() => $"TLS session {(IsClient ? "to" : "from")} {RemoteAddress} ({SecurityName?.ToString() ?? "-"}, {Protocol})";
}

/// <summary>
/// The receiving side of a TLS session as a read-only stream with a buffer the read loop can look
/// into, as the TCP mapping reads its connections: one read of the TLS stream takes all it has
/// decrypted (a whole record's plaintext, 2^14 octets at most, fits), so a message usually costs
/// one read, and the BER header's octets, which the message reader takes one at a time so as never
/// to read past a message, come from memory. The read loop waits for the next octet without a
/// deadline (an idle session is the idle sweep's business), then sees whether a whole message is
/// already buffered (read without a timer) or must be waited for under MessageReadTimeout.
/// </summary>
internal sealed class SessionReadStream(Stream inner, int bufferSize) : Stream
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;

    /// <summary>The octets received and not yet read.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Waits until at least one octet is buffered; false when the peer ended the session first.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_end > _start)
        {
            return true;
        }

        _start = _end = 0;
        _end = await inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_end == _start)
        {
            if (buffer.Length >= _buffer.Length)
            {
                // A large read (the rest of a large message) goes straight into the caller's array.
                return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(buffer.Span);
        _start += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_end == _start)
        {
            _start = 0;
            _end = inner.Read(_buffer);
            if (_end == 0)
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(buffer);
        _start += count;
        return count;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
