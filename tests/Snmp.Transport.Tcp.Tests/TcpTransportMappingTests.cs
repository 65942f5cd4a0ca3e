using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Testing;

namespace Snmp.Transport.Tcp.Tests;

[TestFixture]
public class TcpTransportMappingTests
{
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    private static async Task<(TcpTransportMapping Mapping, Inbox Inbox)> StartServerAsync(TcpTransportOptions? options = null, TimeProvider? time = null, IPEndPoint? local = null)
    {
        var mapping = new TcpTransportMapping(local?.AddressFamily == AddressFamily.InterNetworkV6 ? TransportDomain.TcpIpv6 : TransportDomain.TcpIpv4, local ?? AnyLoopbackPort, options, time);
        var inbox = new Inbox();
        mapping.Start(inbox.Receiver);
        await Task.CompletedTask;
        return (mapping, inbox);
    }

    private static (TcpTransportMapping Mapping, Inbox Inbox) StartClient(TcpTransportOptions? options = null, TimeProvider? time = null, TransportDomain? domain = null)
    {
        var mapping = new TcpTransportMapping(domain ?? TransportDomain.TcpIpv4, null, options, time);
        var inbox = new Inbox();
        mapping.Start(inbox.Receiver);
        return (mapping, inbox);
    }

    private static TransportStateReference To(TcpTransportMapping server) => new(server.TransportDomain, server.LocalAddress);

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_request_and_its_response_make_a_round_trip_between_a_client_and_a_server(bool ipv6)
    {
        var (server, serverInbox) = await StartServerAsync(local: ipv6 ? new IPEndPoint(IPAddress.IPv6Loopback, 0) : null);
        await using var _ = server;
        var (client, clientInbox) = StartClient(domain: server.TransportDomain);
        await using var __ = client;
        var request = Messages.Sequence(10, 0xA1);
        var response = Messages.Sequence(300, 0xB2); // a two-octet length

        await client.SendMessageAsync(request, To(server), CancellationToken.None);
        var (received, tm) = await serverInbox.NextAsync();
        Assert.That(received, Is.EqualTo(request));
        Assert.That(tm.TransportDomain, Is.EqualTo(server.TransportDomain));
        Assert.That(tm.TransportMapping, Is.SameAs(server));
        Assert.That(tm.SessionId, Is.InstanceOf<TcpConnection>(), "tmSessionID is the connection");
        Assert.That(((IPEndPoint)tm.TransportAddress).Address, Is.EqualTo(ipv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback));

        await server.SendMessageAsync(response, tm.ForResponse(), CancellationToken.None);
        var (answer, clientTm) = await clientInbox.NextAsync();
        Assert.That(answer, Is.EqualTo(response));
        Assert.That(clientTm.TransportAddress, Is.EqualTo(server.LocalAddress), "the answer comes from where the request went");
        Assert.That(clientTm.TransportMapping, Is.SameAs(client));
        Assert.That(clientTm.SessionId, Is.InstanceOf<TcpConnection>());

        Assert.That((client.ConnectionsOpened, server.ConnectionsAccepted, client.MessagesSent, server.MessagesReceived, server.MessagesSent, client.MessagesReceived),
            Is.EqualTo((1L, 1L, 1L, 1L, 1L, 1L)));
    }

    [Test]
    public async Task Messages_to_one_peer_share_one_connection_and_arrive_whole_and_in_order()
    {
        var (server, serverInbox) = await StartServerAsync();
        await using var _ = server;
        var (client, _) = StartClient();
        await using var __ = client;

        // Concurrent sends (the first opens the connection, the others wait for it): one connection, no message torn.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.SendMessageAsync(Messages.Sequence(200 + i, (byte)i), To(server), CancellationToken.None).AsTask()));
        var received = new List<byte[]>();
        for (int i = 0; i < 20; i++)
        {
            received.Add((await serverInbox.NextAsync()).Message);
        }

        Assert.That(received, Is.EquivalentTo(Enumerable.Range(0, 20).Select(i => Messages.Sequence(200 + i, (byte)i))));

        // Sequential sends arrive in order.
        for (int i = 0; i < 5; i++)
        {
            await client.SendMessageAsync(Messages.Sequence(10, (byte)(100 + i)), To(server), CancellationToken.None);
        }

        for (int i = 0; i < 5; i++)
        {
            Assert.That((await serverInbox.NextAsync()).Message, Is.EqualTo(Messages.Sequence(10, (byte)(100 + i))));
        }

        Assert.That((client.ConnectionsOpened, server.ConnectionsAccepted), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public async Task Messages_that_arrive_together_or_in_pieces_are_cut_at_their_BER_lengths()
    {
        var (server, inbox) = await StartServerAsync();
        await using var _ = server;
        using var peer = await RawPeer.ConnectAsync(server.LocalAddress);
        var first = Messages.Sequence(5, 1);
        var second = Messages.Sequence(200, 2);
        var third = Messages.Sequence(40000, 3);

        // Two whole messages and the start of a third in one write, the rest in another.
        byte[] stream = [.. first, .. second, .. third];
        await peer.SendAsync(stream[..(first.Length + second.Length + 3)]);
        await peer.SendAsync(stream[(first.Length + second.Length + 3)..]);

        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(first));
        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(second));
        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(third));
        Assert.That(server.FramingErrors, Is.Zero);
    }

    [Test]
    public async Task A_response_goes_back_on_the_connection_its_request_came_on()
    {
        var (server, inbox) = await StartServerAsync();
        await using var _ = server;
        using var a = await RawPeer.ConnectAsync(server.LocalAddress);
        using var b = await RawPeer.ConnectAsync(server.LocalAddress);

        await a.SendAsync(Messages.Sequence(3, 0xAA));
        var fromA = await inbox.NextAsync();
        await b.SendAsync(Messages.Sequence(3, 0xBB));
        var fromB = await inbox.NextAsync();
        Assert.That(fromA.Tm.SessionId, Is.Not.SameAs(fromB.Tm.SessionId));

        // Answered in the other order, each on its own connection.
        await server.SendMessageAsync(Messages.Sequence(4, 0xBB), fromB.Tm.ForResponse(), CancellationToken.None);
        await server.SendMessageAsync(Messages.Sequence(4, 0xAA), fromA.Tm.ForResponse(), CancellationToken.None);
        Assert.That(await a.ReceiveMessageAsync(), Is.EqualTo(Messages.Sequence(4, 0xAA)));
        Assert.That(await b.ReceiveMessageAsync(), Is.EqualTo(Messages.Sequence(4, 0xBB)));
    }

    [Test]
    public async Task A_response_whose_connection_is_gone_fails_with_SnmpTransportException()
    {
        var (server, inbox) = await StartServerAsync();
        await using var _ = server;
        var peer = await RawPeer.ConnectAsync(server.LocalAddress);
        await peer.SendAsync(Messages.Sequence(3, 1));
        var (_, tm) = await inbox.NextAsync();

        peer.Dispose();
        Assert.That(await Eventually.TrueAsync(() => server.OpenConnections == 0), Is.True, "the server saw the peer close");
        Assert.ThrowsAsync<SnmpTransportException>(async () => await server.SendMessageAsync(Messages.Sequence(3, 2), tm.ForResponse(), CancellationToken.None));
        Assert.That(server.MessagesSent, Is.Zero);
    }

    [Test]
    public async Task After_the_peer_closes_the_connection_the_next_send_opens_another()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(AnyLoopbackPort);
        listener.Listen();
        var (client, _) = StartClient();
        await using var __ = client;
        var to = new TransportStateReference(TransportDomain.TcpIpv4, listener.LocalEndPoint!);

        await client.SendMessageAsync(Messages.Sequence(3, 1), to, CancellationToken.None);
        using (var first = await RawPeer.AcceptAsync(listener))
        {
            Assert.That(await first.ReceiveMessageAsync(), Is.EqualTo(Messages.Sequence(3, 1)));
        }

        Assert.That(await Eventually.TrueAsync(() => client.OpenConnections == 0), Is.True, "the client saw the peer close");
        await client.SendMessageAsync(Messages.Sequence(3, 2), to, CancellationToken.None);
        using var second = await RawPeer.AcceptAsync(listener);
        Assert.That(await second.ReceiveMessageAsync(), Is.EqualTo(Messages.Sequence(3, 2)));
        Assert.That((client.ConnectionsOpened, client.ConnectionsClosed, client.MessagesSent), Is.EqualTo((2L, 1L, 2L)));
    }

    [Test]
    public async Task A_send_to_a_closed_port_fails_with_SnmpTransportException()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(AnyLoopbackPort);
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var (client, _) = StartClient();
        await using var __ = client;
        var error = Assert.ThrowsAsync<SnmpTransportException>(async () =>
            await client.SendMessageAsync(Messages.Sequence(3, 1), new TransportStateReference(TransportDomain.TcpIpv4, new IPEndPoint(IPAddress.Loopback, port)), CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("ConnectionRefused"));
    }

    [Test]
    public async Task What_TCP_cannot_carry_is_refused_before_anything_is_sent()
    {
        var (client, _) = StartClient(new TcpTransportOptions { MaxMessageSize = 1000 });
        await using var __ = client;
        var somewhere = new TransportStateReference(TransportDomain.TcpIpv4, new IPEndPoint(IPAddress.Loopback, 9));

        Assert.ThrowsAsync<SnmpTransportException>(async () => await client.SendMessageAsync(new byte[1001], somewhere, CancellationToken.None));
        Assert.ThrowsAsync<SnmpTransportException>(async () => await client.SendMessageAsync(new byte[10], somewhere with { SecurityName = new OctetString("ops") }, CancellationToken.None));
        Assert.ThrowsAsync<SnmpTransportException>(async () => await client.SendMessageAsync(new byte[10], new TransportStateReference(TransportDomain.TcpIpv4, new IPEndPoint(IPAddress.IPv6Loopback, 9)), CancellationToken.None));
        Assert.That(client.ConnectionsOpened, Is.Zero);
    }

    [Test]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout_on_the_clock_and_the_next_send_reconnects()
    {
        var clock = new SteppedClock();
        var (server, serverInbox) = await StartServerAsync();
        await using var _ = server;
        var (client, clientInbox) = StartClient(new TcpTransportOptions { IdleTimeout = TimeSpan.FromSeconds(30) }, clock);
        await using var __ = client;

        await client.SendMessageAsync(Messages.Sequence(3, 1), To(server), CancellationToken.None);
        var (_, tm) = await serverInbox.NextAsync();
        await server.SendMessageAsync(Messages.Sequence(3, 2), tm.ForResponse(), CancellationToken.None);
        await clientInbox.NextAsync();

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That((client.OpenConnections, client.IdleClosures), Is.EqualTo((1, 0L)), "not idle long enough");

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That((client.OpenConnections, client.IdleClosures), Is.EqualTo((0, 1L)), "closed when the idle timeout passed");
        Assert.That(await Eventually.TrueAsync(() => server.OpenConnections == 0), Is.True, "the server saw the close");

        await client.SendMessageAsync(Messages.Sequence(3, 3), To(server), CancellationToken.None);
        Assert.That((await serverInbox.NextAsync()).Message, Is.EqualTo(Messages.Sequence(3, 3)));
        Assert.That(client.ConnectionsOpened, Is.EqualTo(2));
    }

    [Test]
    public async Task Traffic_keeps_a_connection_from_being_idle()
    {
        var clock = new SteppedClock();
        var (server, serverInbox) = await StartServerAsync();
        await using var _ = server;
        var (client, _) = StartClient(new TcpTransportOptions { IdleTimeout = TimeSpan.FromSeconds(30) }, clock);
        await using var __ = client;

        for (int i = 0; i < 3; i++)
        {
            await client.SendMessageAsync(Messages.Sequence(3, (byte)i), To(server), CancellationToken.None);
            await serverInbox.NextAsync();
            clock.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.That((client.OpenConnections, client.IdleClosures, client.ConnectionsOpened), Is.EqualTo((1, 0L, 1L)));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That((client.OpenConnections, client.IdleClosures), Is.EqualTo((0, 1L)));
    }

    public static IEnumerable<TestCaseData> BrokenStreams()
    {
        yield return new TestCaseData(new byte[] { 0xFF, 0x00, 0x01, 0x02 }, false).SetArgDisplayNames("garbage");
        yield return new TestCaseData(new byte[] { 0x30, 0x80, 0x00, 0x00 }, false).SetArgDisplayNames("indefinite length");
        yield return new TestCaseData(new byte[] { 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01 }, false).SetArgDisplayNames("2 GB length");
        yield return new TestCaseData(new byte[] { 0x30, 0x83, 0x01, 0x00, 0x00 }, false).SetArgDisplayNames("64 KB length over the limit");
        yield return new TestCaseData(new byte[] { 0x30, 0x10, 0x02, 0x01, 0x00 }, true).SetArgDisplayNames("truncated, then closed");
        yield return new TestCaseData(new byte[] { 0x30, 0x82 }, true).SetArgDisplayNames("header truncated, then closed");
    }

    [TestCaseSource(nameof(BrokenStreams))]
    public async Task A_broken_stream_closes_only_its_connection_and_is_counted(byte[] octets, bool thenClose)
    {
        var (server, inbox) = await StartServerAsync(new TcpTransportOptions { MaxMessageSize = 65535 });
        await using var _ = server;
        using var good = await RawPeer.ConnectAsync(server.LocalAddress);
        await good.SendAsync(Messages.Sequence(3, 1));
        var (_, goodTm) = await inbox.NextAsync();

        using var bad = await RawPeer.ConnectAsync(server.LocalAddress);
        await bad.SendAsync(octets);
        if (thenClose)
        {
            bad.ShutdownSend();
        }

        Assert.That(await bad.WaitForCloseAsync(), Is.True, "the server closed the broken connection");
        Assert.That((server.FramingErrors, server.MessageTimeouts, server.MessagesReceived), Is.EqualTo((1L, 0L, 1L)));
        Assert.That(inbox.IsEmpty, Is.True, "nothing of the broken stream was delivered");

        // The other connection is served as before, both ways.
        await good.SendAsync(Messages.Sequence(3, 2));
        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(Messages.Sequence(3, 2)));
        await server.SendMessageAsync(Messages.Sequence(3, 3), goodTm.ForResponse(), CancellationToken.None);
        Assert.That(await good.ReceiveMessageAsync(), Is.EqualTo(Messages.Sequence(3, 3)));
        Assert.That(server.OpenConnections, Is.EqualTo(1));
    }

    [Test]
    public async Task A_peer_that_trickles_a_message_is_closed_when_the_message_timeout_passes_on_the_clock()
    {
        var clock = new SteppedClock();
        var (server, inbox) = await StartServerAsync(new TcpTransportOptions { MessageTimeout = TimeSpan.FromSeconds(10), IdleTimeout = Timeout.InfiniteTimeSpan }, clock);
        await using var _ = server;
        using var good = await RawPeer.ConnectAsync(server.LocalAddress);
        using var trickler = await RawPeer.ConnectAsync(server.LocalAddress);

        // The header and one octet of a 16-octet message, and nothing more.
        await trickler.SendAsync([0x30, 0x10, 0x02]);
        var closed = trickler.WaitForCloseAsync();

        // Meanwhile the other connection is served.
        await good.SendAsync(Messages.Sequence(3, 1));
        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(Messages.Sequence(3, 1)));
        Assert.That(closed.IsCompleted, Is.False, "the clock has not moved");

        // The clock moves to the started message's deadline (the only timer), and no further.
        Assert.That(await clock.RunAsync(closed), Is.True, "the trickling connection was closed");
        Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That((server.MessageTimeouts, server.FramingErrors, server.OpenConnections), Is.EqualTo((1L, 0L, 1)));

        await good.SendAsync(Messages.Sequence(3, 2));
        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(Messages.Sequence(3, 2)));
    }

    // Sends large messages to a peer that reads nothing until one cannot be written at once
    // (the kernel's buffers are full); returns that send, still under way.
    private static async Task<Task> FillUntilAWriteWaitsAsync(TcpTransportMapping server, TransportStateReference tm)
    {
        var big = Messages.Sequence(65000, 0x55);
        for (int i = 0; i < 4000; i++)
        {
            var send = server.SendMessageAsync(big, tm, CancellationToken.None).AsTask();
            if (!send.IsCompleted)
            {
                return send;
            }

            await send;
        }

        Assert.Fail("260 MB went into a connection nobody reads");
        return Task.CompletedTask;
    }

    [Test]
    public async Task A_peer_that_does_not_read_loses_its_connection_when_the_write_timeout_passes_on_the_clock()
    {
        var clock = new SteppedClock();
        var (server, inbox) = await StartServerAsync(new TcpTransportOptions { WriteTimeout = TimeSpan.FromSeconds(10), IdleTimeout = Timeout.InfiniteTimeSpan }, clock);
        await using var _ = server;
        using var deaf = await RawPeer.ConnectAsync(server.LocalAddress);
        await deaf.SendAsync(Messages.Sequence(3, 1));
        var (_, tm) = await inbox.NextAsync();

        var stuck = await FillUntilAWriteWaitsAsync(server, tm.ForResponse());
        Assert.That(stuck.IsCompleted, Is.False);
        Assert.ThrowsAsync<SnmpTransportException>(() => clock.RunAsync(stuck));
        Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(await deaf.WaitForCloseAsync(), Is.True);
        Assert.That(await Eventually.TrueAsync(() => server.OpenConnections == 0), Is.True, "its read loop ended and forgot it");
    }

    [Test]
    public async Task Answers_piling_up_behind_a_write_the_peer_does_not_take_close_its_connection_at_once()
    {
        var clock = new SteppedClock(); // never moved: the write timeout plays no part
        var (server, inbox) = await StartServerAsync(new TcpTransportOptions { IdleTimeout = Timeout.InfiniteTimeSpan }, clock);
        await using var _ = server;
        using var deaf = await RawPeer.ConnectAsync(server.LocalAddress);
        await deaf.SendAsync(Messages.Sequence(3, 1));
        var (_, tm) = await inbox.NextAsync();
        var stuck = await FillUntilAWriteWaitsAsync(server, tm.ForResponse());

        // Sixteen messages of 65,004 octets wait within the 1 MiB bound; the seventeenth does not.
        var queued = Enumerable.Range(0, 17).Select(_ => server.SendMessageAsync(Messages.Sequence(65000, 0x66), tm.ForResponse(), CancellationToken.None).AsTask()).ToList();

        foreach (var send in queued.Append(stuck))
        {
            Assert.ThrowsAsync<SnmpTransportException>(async () => await send.WaitAsync(Inbox.Patience));
        }

        Assert.That(await Eventually.TrueAsync(() => server.OpenConnections == 0), Is.True);
        Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task Connections_over_the_limit_are_refused_and_counted_while_the_others_are_served()
    {
        var (server, inbox) = await StartServerAsync(new TcpTransportOptions { MaxConnections = 2 });
        await using var _ = server;
        using var first = await RawPeer.ConnectAsync(server.LocalAddress);
        using var second = await RawPeer.ConnectAsync(server.LocalAddress);
        Assert.That(await Eventually.TrueAsync(() => server.ConnectionsAccepted == 2), Is.True);

        using var third = await RawPeer.ConnectAsync(server.LocalAddress);
        Assert.That(await third.WaitForCloseAsync(), Is.True, "the third connection was closed at once");
        Assert.That((server.ConnectionsRefused, server.ConnectionsAccepted, server.OpenConnections), Is.EqualTo((1L, 2L, 2)));

        await second.SendAsync(Messages.Sequence(3, 2));
        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(Messages.Sequence(3, 2)));

        // A slot freed is a slot for the next connection.
        first.Dispose();
        Assert.That(await Eventually.TrueAsync(() => server.OpenConnections == 1), Is.True);
        using var fourth = await RawPeer.ConnectAsync(server.LocalAddress);
        await fourth.SendAsync(Messages.Sequence(3, 4));
        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(Messages.Sequence(3, 4)));
        Assert.That(server.ConnectionsRefused, Is.EqualTo(1));
    }

    [Test]
    public async Task A_receiver_that_throws_is_counted_and_the_connection_carries_on()
    {
        await using var server = new TcpTransportMapping(TransportDomain.TcpIpv4, AnyLoopbackPort);
        var inbox = new Inbox();
        int calls = 0;
        server.Start((message, tm) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("boom");
            }

            inbox.Receiver(message, tm);
        });
        using var peer = await RawPeer.ConnectAsync(server.LocalAddress);

        await peer.SendAsync([.. Messages.Sequence(3, 1), .. Messages.Sequence(3, 2)]);
        Assert.That((await inbox.NextAsync()).Message, Is.EqualTo(Messages.Sequence(3, 2)));
        Assert.That((server.ReceiverFailures, server.OpenConnections), Is.EqualTo((1L, 1)));
    }

    [Test]
    public async Task Dispose_closes_the_listener_and_every_connection_and_awaits_the_loops()
    {
        var (server, inbox) = await StartServerAsync();
        var (client, _) = StartClient();
        await client.SendMessageAsync(Messages.Sequence(3, 1), To(server), CancellationToken.None);
        await inbox.NextAsync();
        using var peer = await RawPeer.ConnectAsync(server.LocalAddress);
        Assert.That(await Eventually.TrueAsync(() => server.OpenConnections == 2), Is.True);

        await server.DisposeAsync();
        Assert.That(server.OpenConnections, Is.Zero);
        Assert.That(await peer.WaitForCloseAsync(), Is.True);
        Assert.That(await Eventually.TrueAsync(() => client.OpenConnections == 0), Is.True, "the client saw the server go");
        var refused = Assert.ThrowsAsync<SocketException>(async () => await RawPeer.ConnectAsync(server.LocalAddress));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        Assert.ThrowsAsync<ObjectDisposedException>(async () => await server.SendMessageAsync(new byte[2], To(server), CancellationToken.None));

        await client.DisposeAsync();
        await client.DisposeAsync(); // idempotent
    }

    [Test]
    public async Task Dispose_from_the_mappings_own_receiver_does_not_wait_for_itself()
    {
        var server = new TcpTransportMapping(TransportDomain.TcpIpv4, AnyLoopbackPort);
        var disposed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The receiver blocks until the disposal is over (as a synchronous Dispose would).
        server.Start((_, _) => disposed.TrySetResult(server.DisposeAsync().AsTask().Wait(Inbox.Patience)));
        using var peer = await RawPeer.ConnectAsync(server.LocalAddress);

        await peer.SendAsync(Messages.Sequence(3, 1));

        Assert.That(await disposed.Task.WaitAsync(2 * Inbox.Patience), Is.True, "the disposal finished while its receiver waited for it");
        Assert.That(await peer.WaitForCloseAsync(), Is.True);
        Assert.That(server.OpenConnections, Is.Zero);
    }

    [Test]
    public async Task Start_twice_is_refused()
    {
        var (client, _) = StartClient();
        await using var _ = client;
        Assert.Throws<InvalidOperationException>(() => client.Start((_, _) => { }));
    }
}
