using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;

namespace Snmp.Simulator.Tests.Serving;

public class WaitingUdpTransportMappingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task DatagramsOfAnyLengthArriveWholeInOrderAndAreAnswered()
    {
        await using var mapping = new WaitingUdpTransportMapping(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        var inbox = new BlockingCollection<(byte[] Data, EndPoint Source)>();
        mapping.Start((data, tm) => inbox.Add((data.ToArray(), tm.TransportAddress)));
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var large = Enumerable.Range(0, 60000).Select(i => (byte)(i * 7)).ToArray();
        foreach (var datagram in new[] { [], new byte[] { 1, 2, 3 }, large })
        {
            await peer.SendToAsync(datagram, mapping.LocalAddress);
        }

        var received = new List<(byte[] Data, EndPoint Source)>();
        for (int i = 0; i < 3; i++)
        {
            Assert.That(inbox.TryTake(out var item, Patience), Is.True, $"datagram {i} arrived");
            received.Add(item);
        }

        await mapping.SendMessageAsync(new byte[] { 9, 9 }, new TransportStateReference(TransportDomain.UdpIpv4, peer.LocalEndPoint!), CancellationToken.None);
        var answer = new byte[16];
        using var timeout = new CancellationTokenSource(Patience);
        var result = await peer.ReceiveFromAsync(answer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(r => r.Data.Length), Is.EqualTo(new[] { 0, 3, 60000 }));
            Assert.That(received[2].Data, Is.EqualTo(large));
            Assert.That(received[1].Source, Is.EqualTo(peer.LocalEndPoint));
            Assert.That(answer[..result.ReceivedBytes], Is.EqualTo(new byte[] { 9, 9 }));
        });
    }

    [Test]
    public async Task AFailingReceiverDoesNotStopTheLoopAndDisposeEndsIt()
    {
        var mapping = new WaitingUdpTransportMapping(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        var inbox = new BlockingCollection<byte>();
        mapping.Start((data, _) =>
        {
            inbox.Add(data.Span[0]);
            if (data.Span[0] == 1)
            {
                throw new InvalidOperationException("receiver failed");
            }
        });
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await peer.SendToAsync(new byte[] { 1 }, mapping.LocalAddress);
        await peer.SendToAsync(new byte[] { 2 }, mapping.LocalAddress);
        Assert.That(inbox.TryTake(out var first, Patience) && inbox.TryTake(out var second, Patience), Is.True);
        var disposing = mapping.DisposeAsync().AsTask();
        Assert.That(await Task.WhenAny(disposing, Task.Delay(Patience)), Is.SameAs(disposing), "the receive loop ended");
    }
}
