using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Snmp.AbstractServices;

namespace Snmp.Transport.Tcp.Tests;

/// <summary>What a mapping delivered: its messages with their tmStateReferences, in order.</summary>
internal sealed class Inbox
{
    // Real time allowed for a message on loopback; only a broken mapping exceeds it.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Channel<(byte[] Message, TransportStateReference Tm)> _messages = Channel.CreateUnbounded<(byte[], TransportStateReference)>();

    public Action<ReadOnlyMemory<byte>, TransportStateReference> Receiver => (message, tm) => _messages.Writer.TryWrite((message.ToArray(), tm));

    public async Task<(byte[] Message, TransportStateReference Tm)> NextAsync()
    {
        using var limit = new CancellationTokenSource(Patience);
        return await _messages.Reader.ReadAsync(limit.Token);
    }

    public bool IsEmpty => !_messages.Reader.TryPeek(out _);
}

/// <summary>Messages the framing accepts: a SEQUENCE with some contents (the mapping does not decode further).</summary>
internal static class Messages
{
    public static byte[] Sequence(int contentLength, byte fill)
    {
        byte[] header = contentLength switch
        {
            < 0x80 => [0x30, (byte)contentLength],
            < 0x100 => [0x30, 0x81, (byte)contentLength],
            _ => [0x30, 0x82, (byte)(contentLength >> 8), (byte)contentLength],
        };
        return [.. header, .. Enumerable.Repeat(fill, contentLength)];
    }
}

/// <summary>A peer on a plain socket, for what a mapping must not do to its own peers (garbage, trickles).</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket _socket;

    private RawPeer(Socket socket) => _socket = socket;

    public static async Task<RawPeer> ConnectAsync(EndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        return new RawPeer(socket);
    }

    public static async Task<RawPeer> AcceptAsync(Socket listener)
    {
        using var limit = new CancellationTokenSource(Inbox.Patience);
        return new RawPeer(await listener.AcceptAsync(limit.Token));
    }

    public IPEndPoint LocalAddress => (IPEndPoint)_socket.LocalEndPoint!;

    public async Task SendAsync(byte[] octets) => await _socket.SendAsync(octets.AsMemory(), SocketFlags.None);

    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads exactly one message (tag, one- or two-octet length, contents).</summary>
    public async Task<byte[]> ReceiveMessageAsync()
    {
        var header = await ReceiveExactlyAsync(2);
        int extra = header[1] < 0x80 ? 0 : header[1] & 0x7F;
        var lengthOctets = await ReceiveExactlyAsync(extra);
        int length = extra == 0 ? header[1] : lengthOctets.Aggregate(0, (acc, b) => (acc << 8) | b);
        var contents = await ReceiveExactlyAsync(length);
        return [.. header, .. lengthOctets, .. contents];
    }

    /// <summary>True when the peer closes the connection (end of stream or reset) within the patience; octets read before are ignored.</summary>
    public async Task<bool> WaitForCloseAsync()
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(Inbox.Patience);
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true; // reset: closed with our octets unread
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<byte[]> ReceiveExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var limit = new CancellationTokenSource(Inbox.Patience);
        int have = 0;
        while (have < count)
        {
            int read = await _socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None, limit.Token);
            if (read == 0)
            {
                throw new EndOfStreamException($"The connection closed after {have} of {count} octets.");
            }

            have += read;
        }

        return buffer;
    }

    public void Dispose() => _socket.Dispose();
}

internal static class Eventually
{
    /// <summary>Waits (in real time, bounded) for a condition another thread makes true; only a broken mapping times out.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Inbox.Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
