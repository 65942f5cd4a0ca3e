using System.Net.Sockets;
using Snmp.AgentX.Protocol;

namespace Snmp.AgentX.Session;

/// <summary>
/// One AgentX transport connection (RFC 2741 section 8: a stream, PDUs back to back): reads whole
/// PDUs, the header first so an oversize or malformed one is refused before its payload is read,
/// and writes PDUs one at a time.
/// </summary>
internal sealed class AgentXConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly int _maxPayloadLength;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[AgentXHeader.Length];
    private int _disposed;

    public AgentXConnection(Socket socket, int maxPayloadLength)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _maxPayloadLength = maxPayloadLength;
    }

    /// <summary>The peer, for log lines.</summary>
    public string Peer => _socket.RemoteEndPoint?.ToString() is { Length: > 0 } peer ? peer : "(unix socket)";

    /// <summary>Connects to <paramref name="address"/>.</summary>
    public static async Task<AgentXConnection> ConnectAsync(System.Net.EndPoint address, int maxPayloadLength, CancellationToken cancellationToken)
    {
        var socket = AgentXAddress.CreateSocket(address);
        try
        {
            await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
            return new AgentXConnection(socket, maxPayloadLength);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next PDU, or null when the peer closed the connection between PDUs.</summary>
    /// <exception cref="AgentXDecodeException">A malformed PDU, or the connection ended inside one.</exception>
    public async Task<AgentXPdu?> ReadAsync(CancellationToken cancellationToken)
    {
        int read = await ReadFullyAsync(_header, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < AgentXHeader.Length)
        {
            throw new AgentXDecodeException($"the connection ended {read} octets into a header (truncated)", read);
        }

        var header = AgentXHeader.Read(_header, _maxPayloadLength);
        var payload = new byte[header.PayloadLength];
        read = await ReadFullyAsync(payload, cancellationToken).ConfigureAwait(false);
        if (read < payload.Length)
        {
            throw new AgentXDecodeException($"the connection ended {read} octets into a payload of {payload.Length} (truncated)", AgentXHeader.Length + read);
        }

        return AgentXCodec.DecodePayload(header, payload);
    }

    private async Task<int> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await _stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>Sends one PDU (in network byte order).</summary>
    public async Task SendAsync(AgentXPdu pdu, CancellationToken cancellationToken)
    {
        var bytes = AgentXCodec.Encode(pdu);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
