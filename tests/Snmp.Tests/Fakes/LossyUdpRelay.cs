using System.Net;
using System.Net.Sockets;

namespace Snmp.Tests.Fakes;

/// <summary>
/// A lossy path between one UDP client and one UDP server on loopback: datagrams to
/// <see cref="Address"/> go to the server and the server's answers go back to the client, each
/// one independently lost, duplicated or delayed (which reorders it) at the given rates. The
/// faults come from a seeded <see cref="Random"/>; socket timing is the real scheduler's.
/// </summary>
internal sealed class LossyUdpRelay : IAsyncDisposable
{
    private const int MaxDelayMilliseconds = 20;

    private readonly UdpClient _front = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _back = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IPEndPoint _server;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private IPEndPoint? _client;

    public LossyUdpRelay(IPEndPoint server, int seed, double loss, double duplication, double reordering)
    {
        _server = server;
        _random = new Random(seed);
        Loss = loss;
        Duplication = duplication;
        Reordering = reordering;
        _loops = [Relay(_front, toServer: true), Relay(_back, toServer: false)];
    }

    /// <summary>Where the client sends: the relay's front socket.</summary>
    public IPEndPoint Address => (IPEndPoint)_front.Client.LocalEndPoint!;

    /// <summary>Where the newest datagram to the server came from (the client's address as the server sees it).</summary>
    public IPEndPoint? Client
    {
        get
        {
            lock (_lock)
            {
                return _client;
            }
        }
    }

    public double Loss { get; }

    public double Duplication { get; }

    public double Reordering { get; }

    public int Forwarded { get; private set; }

    public int Lost { get; private set; }

    public int Duplicated { get; private set; }

    public int Delayed { get; private set; }

    private async Task Relay(UdpClient from, bool toServer)
    {
        var to = toServer ? _back : _front;
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await from.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP port-unreachable from an earlier send
            }

            IPEndPoint destination;
            int copies;
            int delay;
            lock (_lock)
            {
                if (toServer)
                {
                    _client = received.RemoteEndPoint;
                }

                if (!toServer && _client is null)
                {
                    continue;
                }

                destination = toServer ? _server : _client!;
                if (_random.NextDouble() < Loss)
                {
                    Lost++;
                    continue;
                }

                copies = _random.NextDouble() < Duplication ? 2 : 1;
                Duplicated += copies - 1;
                delay = _random.NextDouble() < Reordering ? _random.Next(1, MaxDelayMilliseconds) : 0;
                Delayed += delay > 0 ? 1 : 0;
                Forwarded++;
            }

            _ = Send(to, received.Buffer, destination, copies, delay);
        }
    }

    private async Task Send(UdpClient socket, byte[] datagram, IPEndPoint destination, int copies, int delayMilliseconds)
    {
        try
        {
            if (delayMilliseconds > 0)
            {
                await Task.Delay(delayMilliseconds, _stop.Token);
            }

            for (int i = 0; i < copies; i++)
            {
                await socket.SendAsync(datagram, destination, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The relay is stopping, or the datagram is lost like any other.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _front.Dispose();
        _back.Dispose();
        _stop.Dispose();
    }
}
