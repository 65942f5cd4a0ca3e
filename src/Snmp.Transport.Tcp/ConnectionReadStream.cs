using System.Net.Sockets;

namespace Snmp.Transport.Tcp;

/// <summary>
/// The receiving side of a connection's socket as a read-only stream with a buffer the mapping
/// can look into: the read loop waits for the next octet without a deadline (an idle connection
/// is the idle timer's business), then sees whether a whole message is already buffered (the
/// usual case, read without a timer) or must be waited for under the started-message deadline.
/// </summary>
internal sealed class ConnectionReadStream(Socket socket, int bufferSize) : Stream
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;

    /// <summary>The octets received and not yet read.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Waits until at least one octet is buffered; false when the peer ended the stream first.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_end > _start)
        {
            return true;
        }

        _start = _end = 0;
        int received = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _end = received;
        return received > 0;
    }

    /// <inheritdoc />
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
                // A large read (a message's contents) goes straight into the caller's array.
                return await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        int count = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(buffer.Span);
        _start += count;
        return count;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_end == _start)
        {
            _start = 0;
            _end = socket.Receive(_buffer, SocketFlags.None);
            if (_end == 0)
            {
                return 0;
            }
        }

        int count = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(buffer);
        _start += count;
        return count;
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
