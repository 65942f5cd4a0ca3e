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

/// <summary>A stream that gives back one octet already read from it before reading on (the first octet of a message, read while waiting for it).</summary>
internal sealed class PushbackStream(Stream inner) : Stream
{
    private int _pushed = -1;

    public void PushBack(byte value) => _pushed = value;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_pushed >= 0 && buffer.Length > 0)
        {
            buffer[0] = (byte)_pushed;
            _pushed = -1;
            return 1;
        }

        return inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pushed >= 0 && buffer.Length > 0)
        {
            buffer.Span[0] = (byte)_pushed;
            _pushed = -1;
            return ValueTask.FromResult(1);
        }

        return inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
