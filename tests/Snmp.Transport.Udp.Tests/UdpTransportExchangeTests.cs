using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;

namespace Snmp.Transport.Udp.Tests;

/// <summary>The sockets a mapping lends to threads that block on their requests (issue 13).</summary>
[TestFixture]
public class UdpTransportExchangeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static UdpTransportMapping Bind(TransportDomain domain, int port = 0) =>
        new(domain, new IPEndPoint(domain == TransportDomain.UdpIpv4 ? IPAddress.Loopback : IPAddress.IPv6Loopback, port));

    private static Socket Peer(AddressFamily family = AddressFamily.InterNetwork)
    {
        var peer = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        return peer;
    }

    private static async Task<(byte[] Data, EndPoint Source)> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[100];
        using var timeout = new CancellationTokenSource(Patience);
        var result = await socket.ReceiveFromAsync(buffer, new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), timeout.Token);
        return (buffer[..result.ReceivedBytes], result.RemoteEndPoint);
    }

    // Receive blocks; run it on a thread of its own and give up (failing) only if it never returns.
    private static (bool Received, ReadOnlyMemory<byte> Message, TransportStateReference? Tm) ReceiveOnAThread(ITransportExchange exchange)
    {
        (bool, ReadOnlyMemory<byte>, TransportStateReference?) result = default;
        var thread = new Thread(() =>
        {
            bool received = exchange.Receive(out var message, out var tm);
            result = (received, message, tm);
        });
        thread.Start();
        Assert.That(thread.Join(Patience), Is.True, "Receive never returned");
        return result;
    }

    // A thread that has (or is about to have) entered Receive; Received() is its result once joined.
    private static (Thread Thread, Func<bool> Received) StartReceiving(ITransportExchange exchange)
    {
        var started = new ManualResetEventSlim();
        bool received = true;
        var thread = new Thread(() =>
        {
            started.Set();
            received = exchange.Receive(out _, out _);
        });
        thread.Start();
        Assert.That(started.Wait(Patience), Is.True);
        return (thread, () => received);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_lent_exchange_sends_from_its_own_port_and_receives_what_comes_back_to_it(bool ipv6)
    {
        var domain = ipv6 ? TransportDomain.UdpIpv6 : TransportDomain.UdpIpv4;
        await using var mapping = Bind(domain);
        int seenByTheMapping = 0;
        mapping.Start((_, _) => Interlocked.Increment(ref seenByTheMapping));
        using var peer = Peer(ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        var exchange = mapping.RentExchange();
        Assert.That(exchange, Is.Not.Null);
        Assert.That(exchange!.LocalAddress, Is.Not.EqualTo(mapping.LocalAddress));
        Assert.That(((IPEndPoint)exchange.LocalAddress).Address, Is.EqualTo(((IPEndPoint)mapping.LocalAddress).Address), "bound to the mapping's address");
        Assert.That(exchange.TransportDomain, Is.EqualTo(domain));

        await exchange.SendMessageAsync(new byte[] { 1, 2 }, new TransportStateReference(domain, peer.LocalEndPoint!), CancellationToken.None);
        var (data, source) = await ReceiveAsync(peer);
        Assert.That(data, Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(source, Is.EqualTo(exchange.LocalAddress));

        await peer.SendToAsync(new byte[] { 3, 4, 5 }, source);
        var (received, message, tm) = ReceiveOnAThread(exchange);
        Assert.That(received, Is.True);
        Assert.That(message.ToArray(), Is.EqualTo(new byte[] { 3, 4, 5 }));
        Assert.That(tm!.TransportAddress, Is.EqualTo(peer.LocalEndPoint));
        Assert.That(tm.TransportDomain, Is.EqualTo(domain));
        Assert.That(tm.TransportMapping, Is.SameAs(exchange), "a Report the dispatcher answers with leaves through the exchange too");
        Assert.That(mapping.DatagramsSent, Is.EqualTo(1));
        Assert.That(mapping.DatagramsReceived, Is.EqualTo(1));
        Assert.That(Volatile.Read(ref seenByTheMapping), Is.Zero, "the mapping's own receive thread never sees the exchange's datagrams");
        exchange.Return();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task An_empty_datagram_from_a_peer_is_a_message_and_only_the_exchanges_own_is_an_interrupt(bool ipv6)
    {
        var domain = ipv6 ? TransportDomain.UdpIpv6 : TransportDomain.UdpIpv4;
        await using var mapping = Bind(domain);
        using var peer = Peer(ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        var exchange = mapping.RentExchange()!;

        // From a peer: handed on (the dispatcher counts it as a parse error), not taken for an interrupt.
        await peer.SendToAsync(Array.Empty<byte>(), exchange.LocalAddress);
        var (received, message, tm) = ReceiveOnAThread(exchange);
        Assert.That(received, Is.True);
        Assert.That(message.Length, Is.Zero);
        Assert.That(tm!.TransportAddress, Is.EqualTo(peer.LocalEndPoint));
        Assert.That(mapping.DatagramsReceived, Is.EqualTo(1));

        exchange.Interrupt();
        Assert.That(ReceiveOnAThread(exchange).Received, Is.False, "its own empty datagram is the interrupt");
        Assert.That(mapping.DatagramsReceived, Is.EqualTo(1));
    }

    [Test]
    public async Task A_mapping_on_a_port_someone_chose_lends_nothing()
    {
        int port;
        using (var probe = Peer())
        {
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        await using var mapping = Bind(TransportDomain.UdpIpv4, port);
        Assert.That(mapping.RentExchange(), Is.Null, "requests from an agent's or a receiver's engine keep coming from its port");
    }

    [Test]
    public async Task An_interrupt_ends_a_receive_in_progress_or_the_next_one()
    {
        await using var mapping = Bind(TransportDomain.UdpIpv4);
        var exchange = mapping.RentExchange()!;

        // The next one: interrupted before anyone receives.
        exchange.Interrupt();
        Assert.That(ReceiveOnAThread(exchange).Received, Is.False);

        // One in progress.
        var receiving = StartReceiving(exchange);
        exchange.Interrupt();
        Assert.That(receiving.Thread.Join(Patience), Is.True, "the interrupt did not wake the receive");
        Assert.That(receiving.Received(), Is.False);
        Assert.That(exchange.IsOpen, Is.True);
        Assert.That(mapping.DatagramsReceived, Is.Zero, "an interrupt is no datagram");
    }

    [Test]
    public async Task Closing_the_mapping_ends_a_receive_in_progress_and_closes_its_exchanges()
    {
        var mapping = Bind(TransportDomain.UdpIpv4);
        var exchange = mapping.RentExchange()!;
        var receiving = StartReceiving(exchange);

        await mapping.DisposeAsync();

        Assert.That(receiving.Thread.Join(Patience), Is.True, "closing did not wake the receive");
        Assert.That(receiving.Received(), Is.False);
        Assert.That(exchange.IsOpen, Is.False);
        Assert.That(exchange.Receive(out _, out _), Is.False, "returns at once once closed");
        Assert.ThrowsAsync<ObjectDisposedException>(async () => await exchange.SendMessageAsync(new byte[] { 1 }, new TransportStateReference(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 9)), CancellationToken.None));
        Assert.That(mapping.RentExchange(), Is.Null);
        exchange.Return(); // harmless after the close
    }

    [Test]
    public async Task A_returned_exchange_is_lent_again_and_no_more_than_the_maximum_are_lent_at_once()
    {
        await using var mapping = Bind(TransportDomain.UdpIpv4);
        var first = mapping.RentExchange()!;
        first.Return();
        first.Return(); // idempotent: lent once more, not twice
        var again = mapping.RentExchange();
        Assert.That(again, Is.SameAs(first));
        var other = mapping.RentExchange();
        Assert.That(other, Is.Not.SameAs(first), "a returned exchange is lent once");

        var lent = new List<ITransportExchange> { again!, other! };
        while (mapping.RentExchange() is { } exchange)
        {
            lent.Add(exchange);
            Assert.That(lent, Has.Count.LessThanOrEqualTo(UdpTransportMapping.MaxExchanges));
        }

        Assert.That(lent, Has.Count.EqualTo(UdpTransportMapping.MaxExchanges));
        Assert.That(lent.Select(e => e.LocalAddress).Distinct().Count(), Is.EqualTo(UdpTransportMapping.MaxExchanges), "each on a port of its own");
        lent[5].Return();
        Assert.That(mapping.RentExchange(), Is.SameAs(lent[5]));
    }

    [Test]
    public async Task An_exchange_is_never_started()
    {
        await using var mapping = Bind(TransportDomain.UdpIpv4);
        var exchange = mapping.RentExchange()!;
        Assert.Throws<NotSupportedException>(() => exchange.Start((_, _) => { }));
    }
}
