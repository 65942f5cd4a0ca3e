using System.Net;
using System.Net.Sockets;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Simulator.Tests;

/// <summary>
/// SNMPv2c requests sent one datagram at a time from one socket, for what a Manager cannot show:
/// that a request got no answer. The simulator answers in order on its receive thread, so when a
/// later request's answer arrives, an earlier request without one was dropped.
/// </summary>
internal sealed class RawSnmp : IDisposable
{
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    public Task SendGetAsync(IPEndPoint agent, string community, int requestId, string oid) =>
        _client.SendAsync(SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, System.Text.Encoding.UTF8.GetBytes(community),
            new Pdu(PduType.GetRequest, requestId, VarBindList.ForRequest(oid)))), agent).AsTask();

    /// <summary>The next answer (bounded wait: 10 s for a peer on loopback).</summary>
    public async Task<CommunityMessage> ReceiveAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var datagram = await _client.ReceiveAsync(limit.Token);
        return SnmpMessageCodec.DecodeCommunityMessage(datagram.Buffer);
    }

    public void Dispose() => _client.Dispose();
}
