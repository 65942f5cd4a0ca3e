using System.Net;
using System.Net.Sockets;

namespace Snmp.Conformance.Tests;

/// <summary>
/// A deliberately misbehaving agent: a raw UDP relay on 127.0.0.1 in front of our own Agent
/// that changes what goes through it in one way (the handler), so each way an agent gets the
/// RFCs wrong can be staged on top of an agent that gets them right. Each datagram is handled on
/// its own task, so a request the agent never answers holds up nothing.
/// </summary>
internal sealed class MisbehavingProxy : IAsyncDisposable
{
    /// <summary>Sends octets to the real agent and returns its answer (null when none within a second).</summary>
    public delegate Task<byte[]?> Upstream(byte[] request);

    private readonly Socket _socket;
    private readonly Socket _otherPort;
    private readonly IPEndPoint _upstream;
    private readonly Func<byte[], Upstream, Task<byte[]?>> _handler;
    private readonly bool _replyFromOtherPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MisbehavingProxy(IPEndPoint upstream, Func<byte[], Upstream, Task<byte[]?>> handler, bool replyFromOtherPort = false)
    {
        _upstream = upstream;
        _handler = handler;
        _replyFromOtherPort = replyFromOtherPort;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _otherPort = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _otherPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var request = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            var client = received.RemoteEndPoint;
            _ = Task.Run(async () =>
            {
                try
                {
                    var reply = await _handler(request, ForwardAsync);
                    if (reply is not null)
                    {
                        await (_replyFromOtherPort ? _otherPort : _socket).SendToAsync(reply, SocketFlags.None, client, _stop.Token);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                }
            });
        }
    }

    private async Task<byte[]?> ForwardAsync(byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(request, SocketFlags.None, _upstream, _stop.Token);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(TimeSpan.FromSeconds(1));
        var buffer = new byte[65536];
        try
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            return buffer.AsSpan(0, received.ReceivedBytes).ToArray();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        _otherPort.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
