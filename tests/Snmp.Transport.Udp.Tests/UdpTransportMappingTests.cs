using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Transport.Udp;

namespace Snmp.Transport.Udp.Tests;

[TestFixture]
public class UdpTransportMappingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private sealed class Inbox
    {
        public BlockingCollection<(TransportDomain Domain, EndPoint Source, byte[] Data)> Items { get; } = new();

        public void Receive(ReadOnlyMemory<byte> data, TransportStateReference tm) => Items.Add((tm.TransportDomain, tm.TransportAddress, data.ToArray()));

        public (TransportDomain Domain, EndPoint Source, byte[] Data) Take()
        {
            Assert.That(Items.TryTake(out var item, Patience), Is.True, "no datagram arrived");
            return item;
        }
    }

    private static UdpTransportMapping Bind(TransportDomain domain) =>
        new(domain, new IPEndPoint(domain == TransportDomain.UdpIpv4 ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));

    [TestCase(false)]
    [TestCase(true)]
    public async Task Two_mappings_exchange_datagrams_on_loopback(bool ipv6)
    {
        var domain = ipv6 ? TransportDomain.UdpIpv6 : TransportDomain.UdpIpv4;
        await using var a = Bind(domain);
        await using var b = Bind(domain);
        var inbox = new Inbox();
        b.Start(inbox.Receive);
        a.Start((_, _) => { });

        await a.SendAsync(new byte[] { 1, 2, 3 }, b.LocalAddress, CancellationToken.None);

        var (receivedDomain, source, data) = inbox.Take();
        Assert.That(receivedDomain, Is.EqualTo(domain));
        Assert.That(source, Is.EqualTo(a.LocalAddress));
        Assert.That(data, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(b.DatagramsReceived, Is.EqualTo(1));
        Assert.That(a.DatagramsSent, Is.EqualTo(1));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Each_datagram_carries_its_own_senders_address_when_senders_alternate(bool ipv6)
    {
        // The receive loop reuses the previous datagram's endpoint while the source stays the
        // same: a datagram from another sender, and one from the first sender again, must not.
        var domain = ipv6 ? TransportDomain.UdpIpv6 : TransportDomain.UdpIpv4;
        await using var receiver = Bind(domain);
        await using var first = Bind(domain);
        await using var second = Bind(domain);
        var inbox = new Inbox();
        receiver.Start(inbox.Receive);
        var senders = new[] { first, first, second, first, second, second };

        foreach (var sender in senders)
        {
            await sender.SendAsync(new byte[] { 7 }, receiver.LocalAddress, CancellationToken.None);
            Assert.That(inbox.Take().Source, Is.EqualTo(sender.LocalAddress));
        }
    }

    [Test]
    public async Task Several_receive_threads_take_datagrams_while_another_is_still_being_processed()
    {
        // Each receiver call waits until the other threads have a datagram too: with one receive
        // thread the second datagram would wait behind the first and the barrier would never fill.
        await using var mapping = new UdpTransportMapping(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 0)) { MaxReceiveThreads = 3 };
        using var together = new Barrier(3);
        var met = new BlockingCollection<(bool Met, string? Thread)>();
        mapping.Start((_, _) => met.Add((together.SignalAndWait(Patience), Thread.CurrentThread.Name)));
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        for (int i = 0; i < 3; i++)
        {
            await peer.SendToAsync(new byte[] { (byte)i }, mapping.LocalAddress);
        }

        var results = new List<(bool Met, string? Thread)>();
        for (int i = 0; i < 3; i++)
        {
            Assert.That(met.TryTake(out var result, Patience + Patience), Is.True, "every datagram was processed");
            results.Add(result);
        }

        Assert.That(results.Select(m => m.Met), Is.EqualTo(new[] { true, true, true }), "three datagrams in processing at once");
        Assert.That(results.Select(m => m.Thread).Distinct().Count(), Is.EqualTo(3));
        Assert.That(mapping.DatagramsReceived, Is.EqualTo(3));
    }

    [Test]
    public async Task Several_receive_threads_all_end_on_dispose()
    {
        var mapping = new UdpTransportMapping(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 0)) { MaxReceiveThreads = 4 };
        mapping.Start((_, _) => { });
        var disposing = mapping.DisposeAsync().AsTask();
        Assert.That(await Task.WhenAny(disposing, Task.Delay(Patience)), Is.SameAs(disposing), "every receive thread ended");
    }

    [TestCase(0)]
    [TestCase(257)]
    public void Receive_threads_out_of_range_are_refused(int threads) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new UdpTransportMapping(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 0)) { MaxReceiveThreads = threads });

    [Test]
    public async Task A_raw_socket_peer_is_answered_and_heard()
    {
        await using var mapping = Bind(TransportDomain.UdpIpv4);
        var inbox = new Inbox();
        mapping.Start(inbox.Receive);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await peer.SendToAsync(new byte[] { 9 }, mapping.LocalAddress);
        Assert.That(inbox.Take().Data, Is.EqualTo(new byte[] { 9 }));

        await mapping.SendAsync(new byte[] { 7, 7 }, peer.LocalEndPoint!, CancellationToken.None);
        var buffer = new byte[10];
        using var timeout = new CancellationTokenSource(Patience);
        var result = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.That(buffer[..result.ReceivedBytes], Is.EqualTo(new byte[] { 7, 7 }));
    }

    [Test]
    public async Task A_60000_octet_datagram_arrives_whole()
    {
        await using var a = Bind(TransportDomain.UdpIpv4);
        await using var b = Bind(TransportDomain.UdpIpv4);
        var inbox = new Inbox();
        b.Start(inbox.Receive);
        var payload = Enumerable.Range(0, 60000).Select(i => (byte)(i * 7)).ToArray();

        await a.SendAsync(payload, b.LocalAddress, CancellationToken.None);

        Assert.That(inbox.Take().Data, Is.EqualTo(payload));
    }

    [Test]
    public async Task An_oversize_message_or_wrong_family_is_a_typed_error()
    {
        await using var a = Bind(TransportDomain.UdpIpv4);
        var tooBig = new byte[UdpTransportMapping.MaxIpv4Payload + 1];

        var error = Assert.ThrowsAsync<SnmpTransportException>(async () => await a.SendAsync(tooBig, new IPEndPoint(IPAddress.Loopback, 9), CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("65508"));
        Assert.ThrowsAsync<SnmpTransportException>(async () => await a.SendAsync(new byte[1], new IPEndPoint(IPAddress.IPv6Loopback, 9), CancellationToken.None));
        Assert.Throws<ArgumentException>(() => new UdpTransportMapping(TransportDomain.UdpIpv6, new IPEndPoint(IPAddress.Loopback, 0)));
    }

    [Test]
    public async Task Sending_to_a_closed_port_does_not_stop_the_receive_loop()
    {
        await using var mapping = Bind(TransportDomain.UdpIpv4);
        var inbox = new Inbox();
        mapping.Start(inbox.Receive);
        int closedPort;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closedPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        for (int i = 0; i < 5; i++)
        {
            await mapping.SendAsync(new byte[] { 1 }, new IPEndPoint(IPAddress.Loopback, closedPort), CancellationToken.None);
        }

        await using var live = Bind(TransportDomain.UdpIpv4);
        await live.SendAsync(new byte[] { 42 }, mapping.LocalAddress, CancellationToken.None);
        Assert.That(inbox.Take().Data, Is.EqualTo(new byte[] { 42 }));
    }

    [Test]
    public async Task A_throwing_receiver_does_not_stop_the_loop()
    {
        await using var mapping = Bind(TransportDomain.UdpIpv4);
        var inbox = new Inbox();
        mapping.Start((data, tm) =>
        {
            if (data.Span[0] == 0)
            {
                throw new InvalidOperationException("boom");
            }

            inbox.Receive(data, tm);
        });
        await using var peer = Bind(TransportDomain.UdpIpv4);

        await peer.SendAsync(new byte[] { 0 }, mapping.LocalAddress, CancellationToken.None);
        await peer.SendAsync(new byte[] { 1 }, mapping.LocalAddress, CancellationToken.None);

        Assert.That(inbox.Take().Data, Is.EqualTo(new byte[] { 1 }));
        Assert.That(mapping.ReceiverFailures, Is.EqualTo(1));
    }

    [Test]
    public async Task Disposing_ends_the_receive_loop_blocked_in_its_receive_call()
    {
        var mapping = Bind(TransportDomain.UdpIpv4);
        var inbox = new Inbox();
        mapping.Start(inbox.Receive);
        await using var peer = Bind(TransportDomain.UdpIpv4);
        await peer.SendAsync(new byte[] { 1 }, mapping.LocalAddress, CancellationToken.None);
        inbox.Take(); // the loop is running; it is now blocked waiting for the next datagram

        // DisposeAsync waits for the loop to end; it only returns if closing the socket woke it.
        await mapping.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.ThrowsAsync<ObjectDisposedException>(async () => await mapping.SendAsync(new byte[] { 2 }, peer.LocalAddress, CancellationToken.None));
        Assert.That(inbox.Items, Is.Empty);
    }

    [Test]
    public async Task Concurrent_sends_all_arrive()
    {
        await using var receiver = Bind(TransportDomain.UdpIpv4);
        var inbox = new Inbox();
        receiver.Start(inbox.Receive);
        await using var sender = Bind(TransportDomain.UdpIpv4);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(async () => await sender.SendAsync(BitConverter.GetBytes(i), receiver.LocalAddress, CancellationToken.None))));

        var seen = Enumerable.Range(0, 100).Select(_ => BitConverter.ToInt32(inbox.Take().Data)).ToHashSet();
        Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 100)));
    }

    [Test]
    public async Task Dispose_ends_the_loop_promptly_is_idempotent_and_refuses_later_sends()
    {
        var mapping = Bind(TransportDomain.UdpIpv4);
        mapping.Start((_, _) => { });

        var dispose = mapping.DisposeAsync().AsTask();
        Assert.That(await Task.WhenAny(dispose, Task.Delay(Patience)), Is.SameAs(dispose), "DisposeAsync hung");
        await mapping.DisposeAsync();

        Assert.ThrowsAsync<ObjectDisposedException>(async () => await mapping.SendAsync(new byte[1], new IPEndPoint(IPAddress.Loopback, 9), CancellationToken.None));
        Assert.Throws<ObjectDisposedException>(() => mapping.Start((_, _) => { }));
    }

    // Receives on 127.0.0.1:port of a mapping bound to every address (as an engine's that only
    // originates requests is): the traffic stays on loopback.
    private static EndPoint LoopbackOf(UdpTransportMapping mapping) => new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)mapping.LocalAddress).Port);

    [Test]
    public async Task A_mapping_given_a_local_address_receives_on_one_thread_and_says_its_thread_may_not_block()
    {
        await using var mapping = Bind(TransportDomain.UdpIpv4);
        var flags = new BlockingCollection<bool>();
        mapping.Start((_, tm) => flags.Add(tm.DeliveringThreadMayBlock));
        await using var peer = Bind(TransportDomain.UdpIpv4);

        for (int i = 0; i < 3; i++)
        {
            await peer.SendAsync(new byte[] { 1 }, mapping.LocalAddress, CancellationToken.None);
            Assert.That(flags.TryTake(out var mayBlock, Patience), Is.True);
            Assert.That(mayBlock, Is.False);
        }

        Assert.That(mapping.MaxReceiveThreads, Is.EqualTo(1));
        Assert.That(mapping.ReceiveThreads, Is.EqualTo(1));
    }

    [Test]
    public async Task A_receiver_blocked_in_a_delivery_it_may_block_holds_up_no_later_datagram()
    {
        await using var mapping = new UdpTransportMapping(TransportDomain.UdpIpv4);
        Assert.That(mapping.MaxReceiveThreads, Is.EqualTo(UdpTransportMapping.DefaultMaxReceiveThreads));
        using var second = new ManualResetEventSlim();
        var threads = new ConcurrentDictionary<int, bool>();
        var flags = new ConcurrentQueue<bool>();
        mapping.Start((data, tm) =>
        {
            flags.Enqueue(tm.DeliveringThreadMayBlock);
            threads[Environment.CurrentManagedThreadId] = true;
            if (data.Span[0] == 1)
            {
                second.Wait(Patience); // blocks until the next datagram is delivered
            }
            else
            {
                second.Set();
            }
        });
        await using var peer = Bind(TransportDomain.UdpIpv4);

        await peer.SendAsync(new byte[] { 1 }, LoopbackOf(mapping), CancellationToken.None);
        await peer.SendAsync(new byte[] { 2 }, LoopbackOf(mapping), CancellationToken.None);

        Assert.That(second.Wait(Patience), Is.True, "the second datagram was delivered while the first's receiver blocked");
        Assert.That(flags, Is.EqualTo(new[] { true, true }));
        Assert.That(threads, Has.Count.EqualTo(2));
        Assert.That(mapping.ReceiveThreads, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task With_every_receive_thread_blocked_the_last_one_delivers_saying_it_may_not_block()
    {
        await using var mapping = new UdpTransportMapping(TransportDomain.UdpIpv4) { MaxReceiveThreads = 3 };
        using var release = new ManualResetEventSlim();
        var flags = new BlockingCollection<bool>();
        mapping.Start((_, tm) =>
        {
            flags.Add(tm.DeliveringThreadMayBlock);
            if (tm.DeliveringThreadMayBlock)
            {
                release.Wait(Patience); // a caller's code that blocks
            }
        });
        await using var peer = Bind(TransportDomain.UdpIpv4);

        var seen = new List<bool>();
        for (int i = 0; i < 5; i++)
        {
            await peer.SendAsync(new byte[] { (byte)i }, LoopbackOf(mapping), CancellationToken.None);
            Assert.That(flags.TryTake(out var mayBlock, Patience), Is.True, $"datagram {i} was delivered");
            seen.Add(mayBlock);
        }

        // Two threads block in their deliveries; the third, the last there may be, then delivers
        // every later datagram itself, and says that it must not block.
        Assert.That(seen, Is.EqualTo(new[] { true, true, false, false, false }));
        Assert.That(mapping.ReceiveThreads, Is.EqualTo(3));
        release.Set();
    }

    [Test]
    public async Task Disposing_does_not_wait_for_a_thread_blocked_in_a_delivery_it_may_block()
    {
        var mapping = new UdpTransportMapping(TransportDomain.UdpIpv4);
        using var delivered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        mapping.Start((_, _) =>
        {
            delivered.Set();
            release.Wait(Patience * 3); // a continuation that waits for the disposal to finish
        });
        await using var peer = Bind(TransportDomain.UdpIpv4);
        await peer.SendAsync(new byte[] { 1 }, LoopbackOf(mapping), CancellationToken.None);
        Assert.That(delivered.Wait(Patience), Is.True);

        var dispose = mapping.DisposeAsync().AsTask();
        Assert.That(await Task.WhenAny(dispose, Task.Delay(Patience)), Is.SameAs(dispose), "DisposeAsync waited for the blocked delivery");
        release.Set();
    }

    [Test]
    public async Task Starting_twice_is_refused()
    {
        await using var mapping = Bind(TransportDomain.UdpIpv4);
        mapping.Start((_, _) => { });
        Assert.Throws<InvalidOperationException>(() => mapping.Start((_, _) => { }));
    }
}

/// <summary>The tests' shorthand for sendMessage with a tmStateReference naming only the destination.</summary>
internal static class UdpTransportMappingTestExtensions
{
    public static ValueTask SendAsync(this UdpTransportMapping mapping, ReadOnlyMemory<byte> message, EndPoint destination, CancellationToken cancellationToken) =>
        mapping.SendMessageAsync(message, new TransportStateReference(mapping.TransportDomain, destination), cancellationToken);
}
