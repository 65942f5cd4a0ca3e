using System.Net;
using System.Net.Sockets;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Tests.Fakes;

/// <summary>
/// Relays SNMPv1/v2c datagrams between one client and an agent on loopback and removes the last
/// <see cref="Drop"/> varbinds of every Response with more than that many, as an agent does whose
/// answer to a GetBulk would be too big (RFC 3416 4.2.3: varbinds removed from the end, with no
/// regard to repetitions).
/// </summary>
internal sealed class TruncatingUdpRelay : IAsyncDisposable
{
    private readonly UdpClient _front = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _back = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private IPEndPoint? _client;

    public TruncatingUdpRelay(IPEndPoint agent, int drop)
    {
        Drop = drop;
        _loops = [ForwardRequests(agent), ForwardResponses()];
    }

    /// <summary>Where the client sends.</summary>
    public IPEndPoint Address => (IPEndPoint)_front.Client.LocalEndPoint!;

    public int Drop { get; }

    /// <summary>Responses that were cut.</summary>
    public int Truncated { get; private set; }

    private async Task ForwardRequests(IPEndPoint agent)
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _front.ReceiveAsync(_stop.Token);
            _client = received.RemoteEndPoint;
            await _back.SendAsync(received.Buffer, agent, _stop.Token);
        }
    }

    private async Task ForwardResponses()
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _back.ReceiveAsync(_stop.Token);
            var message = SnmpMessageCodec.DecodeCommunityMessage(received.Buffer);
            var datagram = received.Buffer;
            if (message.Pdu is Pdu { Type: PduType.Response } pdu && pdu.VarBinds.Count > Drop)
            {
                var kept = new VarBindList(pdu.VarBinds.Take(pdu.VarBinds.Count - Drop));
                datagram = SnmpMessageCodec.Encode(new CommunityMessage(message.Version, message.Community,
                    new Pdu(PduType.Response, pdu.RequestId, pdu.ErrorStatus, pdu.ErrorIndex, kept)));
                Truncated++;
            }

            await _front.SendAsync(datagram, _client!, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        _front.Dispose();
        _back.Dispose();
        _stop.Dispose();
    }
}
