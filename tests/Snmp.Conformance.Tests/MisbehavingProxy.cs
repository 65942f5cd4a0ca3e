using System.Net;
using System.Net.Sockets;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Conformance.Tests;

/// <summary>
/// A deliberately misbehaving agent: a raw UDP relay on 127.0.0.1 in front of our own Agent
/// that changes what goes through it in one way (the handler, which a test may swap between
/// runs), so each way an agent gets the RFCs wrong can be staged on top of an agent that gets
/// them right. The datagrams of one client socket are handled one after another, in order, as
/// an agent answers them, and no step waits on a clock: whether the agent dropped a forwarded
/// datagram is known from the answer to a probe sent after it on the same socket (the agent
/// answers in order), so the checker's own order-based silence checks see an ordered agent.
/// </summary>
internal sealed class MisbehavingProxy : IAsyncDisposable
{
    /// <summary>Sends octets to the real agent and returns its answer (null when it dropped them).</summary>
    public delegate Task<byte[]?> Upstream(byte[] request);

    private readonly Socket _socket;
    private readonly Socket _otherPort;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<EndPoint, Task> _lastPerClient = [];
    private int _probeId = 0x70000000;

    public MisbehavingProxy(IPEndPoint upstream, Func<byte[], Upstream, Task<byte[]?>> handler, bool replyFromOtherPort = false)
    {
        _upstream = upstream;
        Handler = handler;
        ReplyFromOtherPort = replyFromOtherPort;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _otherPort = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _otherPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>What the relay does to each datagram (set between runs, never during one).</summary>
    public Func<byte[], Upstream, Task<byte[]?>> Handler { get; set; }

    /// <summary>Replies leave from a second socket (another port) instead of the one the request came to.</summary>
    public bool ReplyFromOtherPort { get; set; }

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
            lock (_lastPerClient)
            {
                var previous = _lastPerClient.GetValueOrDefault(client, Task.CompletedTask);
                _lastPerClient[client] = previous.ContinueWith(_ => HandleAsync(request, client), TaskScheduler.Default).Unwrap();
            }
        }
    }

    private async Task HandleAsync(byte[] request, EndPoint client)
    {
        try
        {
            var reply = await Handler(request, ForwardAsync);
            if (reply is not null)
            {
                await (ReplyFromOtherPort ? _otherPort : _socket).SendToAsync(reply, SocketFlags.None, client, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Forwards <paramref name="request"/>, then a GetRequest with community public: a datagram before the probe's answer is the answer.</summary>
    private async Task<byte[]?> ForwardAsync(byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int probeId = Interlocked.Increment(ref _probeId);
        var probe = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new Pdu(PduType.GetRequest, probeId, VarBindList.ForRequest(ObjectIdentifier.Parse("1.3.6.1.2.1.1.3.0")))));
        await socket.SendToAsync(request, SocketFlags.None, _upstream, _stop.Token);
        await socket.SendToAsync(probe, SocketFlags.None, _upstream, _stop.Token);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(TimeSpan.FromSeconds(5)); // only for an agent that died
        var buffer = new byte[65536];
        try
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            var answer = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            return IsProbeAnswer(answer, probeId) ? null : answer;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static bool IsProbeAnswer(byte[] octets, int probeId)
    {
        try
        {
            return SnmpMessageCodec.PeekVersion(octets) == 1 && SnmpMessageCodec.DecodeCommunityMessage(octets).Pdu.RequestId == probeId;
        }
        catch (SnmpDecodeException)
        {
            return false;
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
