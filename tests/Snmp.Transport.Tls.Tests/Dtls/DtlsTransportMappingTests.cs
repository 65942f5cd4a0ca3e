using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Transport.Tls.Dtls;
using static Snmp.Transport.Tls.Tests.Dtls.DtlsTestKit;

namespace Snmp.Transport.Tls.Tests.Dtls;

/// <summary>Our DTLS client mapping against our DTLS server mapping, on loopback, with certificates made in the test.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class DtlsTransportMappingTests
{
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _agent = null!;
    private X509Certificate2 _manager = null!;

    [OneTimeSetUp]
    public void CreatePki()
    {
        _ca = TestPki.CreateCa("dtls-test-ca");
        _agent = TestPki.Server(_ca, "agent");
        _manager = TestPki.Client(_ca, "manager");
    }

    [OneTimeTearDown]
    public void DisposePki()
    {
        _ca.Dispose();
        _agent.Dispose();
        _manager.Dispose();
    }

    [Test]
    public async Task A_request_and_its_response_travel_over_one_session_with_the_client_certificates_name()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        await using var client = Mapping(ClientOptions(_ca, _manager));
        var atServer = Inbox.StartOn(server);
        var atClient = Inbox.StartOn(client);

        await client.SendMessageAsync(Bytes("request 1"), To(server.LocalAddress, "manager"), CancellationToken.None);
        var (request, incoming) = await atServer.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Text(request), Is.EqualTo("request 1"));
            Assert.That(incoming.TransportDomain, Is.EqualTo(TransportDomain.DtlsUdp));
            Assert.That(incoming.SecurityName, Is.EqualTo(new OctetString("manager")), "tmSecurityName from the client certificate's CN");
            Assert.That(incoming.TransportSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
            Assert.That(incoming.SessionId, Is.InstanceOf<DtlsSession>());
            Assert.That(incoming.TransportMapping, Is.SameAs(server));
            Assert.That(((IPEndPoint)incoming.TransportAddress).Address, Is.EqualTo(IPAddress.Loopback));
        });

        await server.SendMessageAsync(Bytes("response 1"), incoming.ForResponse(), CancellationToken.None);
        var (response, back) = await atClient.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Text(response), Is.EqualTo("response 1"));
            Assert.That(back.SecurityName, Is.EqualTo(new OctetString("manager")), "the client's session keeps the name it was opened for");
            Assert.That(back.TransportSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
            Assert.That(back.SessionId, Is.InstanceOf<DtlsSession>());
            Assert.That(back.TransportMapping, Is.SameAs(client));
            Assert.That(back.TransportAddress, Is.EqualTo(server.LocalAddress));
        });

        await client.SendMessageAsync(Bytes("request 2"), To(server.LocalAddress, "manager"), CancellationToken.None);
        var (_, second) = await atServer.NextAsync();
        Assert.That(second.SessionId, Is.SameAs(incoming.SessionId), "the second request reuses the session");
        Assert.Multiple(() =>
        {
            Assert.That(client.SessionsOpened, Is.EqualTo(1));
            Assert.That(server.SessionsOpened, Is.EqualTo(1));
            Assert.That(client.SessionOpens, Is.EqualTo(1), "snmpTlstmSessionOpens");
            Assert.That(server.SessionAccepts, Is.EqualTo(1), "snmpTlstmSessionAccepts");
            Assert.That(client.SessionAccepts, Is.Zero);
            Assert.That(server.SessionOpens, Is.Zero);
            Assert.That(server.MessagesReceived, Is.EqualTo(2));
            Assert.That(client.MessagesReceived, Is.EqualTo(1));
            Assert.That(server.HelloVerifyRequestsSent, Is.GreaterThanOrEqualTo(1), "the first ClientHello got a cookie, not a session");
        });
    }

    [Test]
    public async Task Many_messages_sent_at_once_over_one_session_all_arrive_both_ways()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        await using var client = Mapping(ClientOptions(_ca, _manager));
        var atClient = Inbox.StartOn(client);
        const int count = 200;

        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
            await client.SendMessageAsync(Bytes($"request {i}"), To(server.LocalAddress, "manager"), CancellationToken.None))));
        var requests = new List<TransportStateReference>();
        var texts = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var (message, reference) = await atServer.NextAsync();
            texts.Add(Text(message));
            requests.Add(reference);
        }

        await Task.WhenAll(requests.Select((r, i) => Task.Run(async () =>
            await server.SendMessageAsync(Bytes($"response {i}"), r.ForResponse(), CancellationToken.None))));
        var responses = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            responses.Add(Text((await atClient.NextAsync()).Message));
        }

        Assert.Multiple(() =>
        {
            Assert.That(texts, Is.EquivalentTo(Enumerable.Range(0, count).Select(i => $"request {i}")));
            Assert.That(responses, Is.EquivalentTo(Enumerable.Range(0, count).Select(i => $"response {i}")));
            Assert.That(client.SessionsOpened, Is.EqualTo(1), "concurrent first sends share one handshake");
            Assert.That(server.MessagesDropped + server.RecordsDiscarded + client.MessagesDropped + client.RecordsDiscarded, Is.Zero);
        });
    }

    [Test]
    public async Task Several_clients_at_once_each_get_their_own_session_and_name()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        const int count = 6;
        // ECDSA clients (quick to make) against the RSA server: each side signs with its own key type.
        var certificates = Enumerable.Range(1, count).Select(i => TestPki.CreateLeaf(_ca, $"client{i}", ecdsa: true)).ToArray();
        var clients = certificates.Select(c => Mapping(ClientOptions(_ca, c))).ToArray();
        try
        {
            foreach (var client in clients)
            {
                client.Start((_, _) => { });
            }

            await Task.WhenAll(clients.Select((c, i) => c.SendMessageAsync(Bytes($"from client{i + 1}"), To(server.LocalAddress, $"client{i + 1}"), CancellationToken.None).AsTask()));
            var received = new List<(byte[] Message, TransportStateReference Reference)>();
            for (var i = 0; i < count; i++)
            {
                received.Add(await atServer.NextAsync());
            }

            Assert.Multiple(() =>
            {
                foreach (var (message, reference) in received)
                {
                    Assert.That(Text(message), Is.EqualTo($"from {reference.SecurityName}"), "each message carries its own client's name");
                }

                Assert.That(received.Select(r => r.Reference.SessionId).Distinct().Count(), Is.EqualTo(count));
                Assert.That(server.SessionCount, Is.EqualTo(count));
            });
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    [Test]
    public async Task An_abandoned_handshake_does_not_hold_up_other_clients_and_ends_at_HandshakeTimeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = Mapping(ServerOptions(_ca, _agent, clock, handshakeTimeout: TimeSpan.FromSeconds(30)));
        var atServer = Inbox.StartOn(server);

        // ClientHello, then the ClientHello with the cookie; the client's second flight never leaves.
        using var quitter = new RawDtlsClient(server.LocalAddress, ClientOptions(_ca, _manager, handshakeTimeout: TimeSpan.FromSeconds(60)), sendsBeforeSilence: 2);
        var abandoned = Task.Run(quitter.Connect);
        await EventuallyAsync(() => server.SessionCount == 1, "the verified ClientHello opened a session in handshake");

        await using (var good = Mapping(ClientOptions(_ca, _manager)))
        {
            good.Start((_, _) => { });
            await good.SendMessageAsync(Bytes("still served"), To(server.LocalAddress, "manager"), CancellationToken.None);
            var (message, _) = await atServer.NextAsync();
            Assert.That(Text(message), Is.EqualTo("still served"));
        }

        Assert.That(server.HandshakesFailed, Is.Zero, "the abandoned handshake is still pending");
        clock.Advance(TimeSpan.FromSeconds(31));
        await EventuallyAsync(() => server.HandshakesFailed == 1 && server.SessionCount == 0, "the abandoned handshake was given up after HandshakeTimeout");

        quitter.Dispose();
        Assert.That(async () => await abandoned, Throws.InstanceOf<IOException>());
    }

    [Test]
    public async Task Garbage_datagrams_are_counted_and_dropped_and_the_server_carries_on()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        using (var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            udp.SendTo(Encoding.ASCII.GetBytes("not DTLS at all"), server.LocalAddress);
            udp.SendTo(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }, server.LocalAddress); // a BER SEQUENCE: SNMP without DTLS
            udp.SendTo(new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 0, 0 }, server.LocalAddress); // a truncated handshake record
            udp.SendTo(new byte[] { 23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 7, 0, 4, 1, 2, 3, 4 }, server.LocalAddress); // application data with no session
        }

        await EventuallyAsync(() => server.GarbageDatagrams == 4, "four garbage datagrams counted");
        Assert.That(server.SessionCount, Is.Zero, "garbage opens no session");

        await using var client = Mapping(ClientOptions(_ca, _manager));
        client.Start((_, _) => { });
        await client.SendMessageAsync(Bytes("after the garbage"), To(server.LocalAddress, "manager"), CancellationToken.None);
        Assert.That(Text((await atServer.NextAsync()).Message), Is.EqualTo("after the garbage"));
    }

    [Test]
    public async Task A_record_that_fails_to_decrypt_on_an_open_session_is_counted_and_the_session_lives_on()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        using var raw = new RawDtlsClient(server.LocalAddress, ClientOptions(_ca, _manager));
        var dtls = await Task.Run(raw.Connect).WaitAsync(Patience);

        // Application data in epoch 1 with a sequence number ahead of the client's, and no valid MAC.
        var forged = new byte[13 + 40];
        forged[0] = 23;
        forged[1] = 0xFE;
        forged[2] = 0xFD;
        forged[4] = 1;
        forged[10] = 100;
        forged[12] = 40;
        Random.Shared.NextBytes(forged.AsSpan(13));
        raw.SendRaw(forged);
        await EventuallyAsync(() => server.RecordsDiscarded == 1, "the forged record was counted");

        var good = Bytes("genuine");
        dtls.Send(good, 0, good.Length);
        var (message, reference) = await atServer.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Text(message), Is.EqualTo("genuine"));
            Assert.That(reference.SecurityName, Is.EqualTo(new OctetString("manager")));
            Assert.That(server.RecordsDiscarded, Is.EqualTo(1));
            Assert.That(server.MessagesReceived, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_server_sends_each_handshake_flight_in_one_datagram()
    {
        // Net-SNMP's snmptrap gives the handshake six datagrams (six 50 ms reads as it closes)
        // before dropping its queued trap; one datagram per record took eight.
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        using var raw = new RawDtlsClient(server.LocalAddress, ClientOptions(_ca, _manager));
        var dtls = await Task.Run(raw.Connect).WaitAsync(Patience);

        string[] serverFlight = ["server_hello", "certificate", "server_key_exchange", "certificate_request", "server_hello_done"];
        string[] lastFlight = ["change_cipher_spec", "epoch 1 handshake"];
        var datagrams = raw.Received.Select(Records).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(datagrams[0], Is.EqualTo(new[] { "hello_verify_request" }), "the cookie exchange, from the listening socket");
            Assert.That(datagrams.Where(d => d.Contains("server_hello")), Is.Not.Empty.And.All.EqualTo(serverFlight), "ServerHello to ServerHelloDone, together");
            Assert.That(datagrams.Where(d => d.Contains("change_cipher_spec")), Is.Not.Empty.And.All.EqualTo(lastFlight), "ChangeCipherSpec and Finished, together");
        });

        // After the handshake each record is a datagram of its own: two messages, two deliveries.
        var first = Bytes("first");
        var second = Bytes("second");
        dtls.Send(first, 0, first.Length);
        dtls.Send(second, 0, second.Length);
        Assert.That(Text((await atServer.NextAsync()).Message), Is.EqualTo("first"));
        Assert.That(Text((await atServer.NextAsync()).Message), Is.EqualTo("second"));
    }

    [Test]
    public async Task A_client_whose_certificate_the_server_does_not_trust_is_refused()
    {
        using var otherCa = TestPki.CreateCa("other-ca");
        using var stranger = TestPki.Client(otherCa, "stranger");
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        await using var client = Mapping(ClientOptions(_ca, stranger));
        client.Start((_, _) => { });

        var refused = Assert.ThrowsAsync<SnmpTransportException>(async () =>
            await client.SendMessageAsync(Bytes("let me in"), To(server.LocalAddress, "stranger"), CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain("handshake"));
        // The failure is counted on the session's thread just before the session is forgotten.
        await EventuallyAsync(() => server.HandshakesFailed == 1 && server.SessionCount == 0, "the server counted the refused client and forgot its session");
        Assert.Multiple(() =>
        {
            Assert.That(server.SessionsOpened, Is.Zero);
            Assert.That(atServer.TryTake(out _), Is.False);
            Assert.That(client.HandshakesFailed, Is.EqualTo(1));
            Assert.That(server.SessionInvalidClientCertificates, Is.EqualTo(1), "snmpTlstmSessionInvalidClientCertificates");
            Assert.That(client.SessionOpens, Is.EqualTo(1), "snmpTlstmSessionOpens counts the failed attempt");
            Assert.That(client.SessionOpenErrors, Is.EqualTo(1), "snmpTlstmSessionOpenErrors");
        });
    }

    [Test]
    public async Task A_server_whose_certificate_the_client_does_not_trust_is_refused_with_the_reason()
    {
        using var otherCa = TestPki.CreateCa("other-ca");
        using var impostor = TestPki.Server(otherCa, "impostor");
        await using var server = Mapping(ServerOptions(_ca, impostor));
        server.Start((_, _) => { });
        await using var client = Mapping(ClientOptions(_ca, _manager));
        client.Start((_, _) => { });

        var refused = Assert.ThrowsAsync<SnmpTransportException>(async () =>
            await client.SendMessageAsync(Bytes("hello?"), To(server.LocalAddress, "manager"), CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain("impostor"), "the reason names the server's certificate");
        Assert.Multiple(() =>
        {
            Assert.That(client.SessionsOpened, Is.Zero);
            Assert.That(client.SessionInvalidServerCertificates, Is.EqualTo(1), "snmpTlstmSessionInvalidServerCertificates");
            Assert.That(client.SessionOpenErrors, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_response_for_a_session_that_is_gone_is_refused_not_sent_elsewhere()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        var client = Mapping(ClientOptions(_ca, _manager));
        client.Start((_, _) => { });
        await client.SendMessageAsync(Bytes("request"), To(server.LocalAddress, "manager"), CancellationToken.None);
        var (_, incoming) = await atServer.NextAsync();

        await client.DisposeAsync(); // close_notify
        await EventuallyAsync(() => server.SessionCount == 0, "the server saw the session close");

        Assert.ThrowsAsync<SnmpTransportException>(async () =>
            await server.SendMessageAsync(Bytes("late response"), incoming.ForResponse(), CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(server.MessagesSent, Is.Zero);
            Assert.That(server.SessionNoSessions, Is.EqualTo(1), "snmpTlstmSessionNoSessions");
            Assert.That(server.SessionServerCloses, Is.EqualTo(1), "snmpTlstmSessionServerCloses");
            Assert.That(server.SessionCount, Is.Zero, "no session was opened to the client instead");
        });
    }

    [Test]
    public async Task TmSessionID_picks_the_session_and_tmSameSecurity_without_one_is_refused()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        await using var client = Mapping(ClientOptions(_ca, _manager));
        var atClient = Inbox.StartOn(client);
        await client.SendMessageAsync(Bytes("request"), To(server.LocalAddress, "manager"), CancellationToken.None);
        var (_, incoming) = await atServer.NextAsync();

        // RFC 6353 5.2 step 3: tmSameSecurity without a tmSessionID has no session to use.
        Assert.ThrowsAsync<SnmpTransportException>(async () =>
            await server.SendMessageAsync(Bytes("nowhere"), incoming with { SameSecurity = true, SessionId = null }, CancellationToken.None));
        Assert.That(server.SessionNoSessions, Is.EqualTo(1));

        // Step 6: an open tmSessionID is used even without tmSameSecurity.
        await server.SendMessageAsync(Bytes("by session id"), incoming with { SameSecurity = false }, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(Text((await atClient.NextAsync()).Message), Is.EqualTo("by session id"));
            Assert.That(server.SessionOpens, Is.Zero, "the server opened no client session");
        });
    }

    [Test]
    public async Task An_idle_session_is_closed_after_IdleTimeout_and_the_next_message_opens_another()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        var clientOptions = ClientOptions(_ca, _manager, clock);
        await using var client = new DtlsTransportMapping(new IPEndPoint(IPAddress.Loopback, 0), new TlsPeerVerifier(new TlsTransportOptions
        {
            LocalCertificate = clientOptions.LocalCertificate,
            TrustAnchors = clientOptions.TrustAnchors,
            TimeProvider = clock,
            IdleTimeout = TimeSpan.FromMinutes(2),
        }), NullLogger.Instance);
        var atClient = Inbox.StartOn(client);

        await client.SendMessageAsync(Bytes("one"), To(server.LocalAddress, "manager"), CancellationToken.None);
        var (_, incoming) = await atServer.NextAsync();
        var first = incoming.SessionId;
        clock.Advance(TimeSpan.FromMinutes(1));
        await server.SendMessageAsync(Bytes("answer"), incoming.ForResponse(), CancellationToken.None);
        await atClient.NextAsync(); // received at minute 1: idle from there

        clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.That(client.SessionsIdleClosed, Is.Zero, "1.5 minutes since the last message received");

        clock.Advance(TimeSpan.FromMinutes(1));
        await EventuallyAsync(() => client.SessionsIdleClosed == 1 && client.SessionCount == 0, "the idle client session was closed");
        await EventuallyAsync(() => server.SessionCount == 0, "the server got the close_notify");

        await client.SendMessageAsync(Bytes("two"), To(server.LocalAddress, "manager"), CancellationToken.None);
        var second = (await atServer.NextAsync()).Reference.SessionId;
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.Not.SameAs(first));
            Assert.That(client.SessionsOpened, Is.EqualTo(2));
            Assert.That(client.SessionClientCloses, Is.EqualTo(1), "snmpTlstmSessionClientCloses");
        });
    }

    [Test]
    public async Task Verified_clients_beyond_the_session_cap_are_dropped()
    {
        var options = ServerOptions(_ca, _agent);
        var verifier = new TlsPeerVerifier(options);
        await using var server = new DtlsTransportMapping(new IPEndPoint(IPAddress.Loopback, 0), DtlsPeerPolicy.From(verifier), NullLogger.Instance, TimeProvider.System, maxSessions: 1);
        var atServer = Inbox.StartOn(server);
        await using var first = Mapping(ClientOptions(_ca, _manager));
        first.Start((_, _) => { });
        await first.SendMessageAsync(Bytes("first"), To(server.LocalAddress, "manager"), CancellationToken.None);
        await atServer.NextAsync();

        await using var second = Mapping(ClientOptions(_ca, _manager, handshakeTimeout: TimeSpan.FromSeconds(2)));
        second.Start((_, _) => { });
        Assert.ThrowsAsync<SnmpTransportException>(async () =>
            await second.SendMessageAsync(Bytes("second"), To(server.LocalAddress, "manager"), CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(server.SessionsRefused, Is.GreaterThanOrEqualTo(1));
            Assert.That(server.SessionCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ECDSA_certificates_work_in_both_roles()
    {
        using var agent = TestPki.CreateLeaf(_ca, "ec-agent", ecdsa: true);
        using var manager = TestPki.CreateLeaf(_ca, "ec-manager", ecdsa: true);
        await using var server = Mapping(ServerOptions(_ca, agent));
        var atServer = Inbox.StartOn(server);
        await using var client = Mapping(ClientOptions(_ca, manager));
        var atClient = Inbox.StartOn(client);

        await client.SendMessageAsync(Bytes("over ECDSA"), To(server.LocalAddress, "ec-manager"), CancellationToken.None);
        var (message, incoming) = await atServer.NextAsync();
        await server.SendMessageAsync(Bytes("back over ECDSA"), incoming.ForResponse(), CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(Text(message), Is.EqualTo("over ECDSA"));
            Assert.That(incoming.SecurityName, Is.EqualTo(new OctetString("ec-manager")));
            Assert.That(Text((await atClient.NextAsync()).Message), Is.EqualTo("back over ECDSA"));
        });
    }

    [Test]
    public async Task A_message_larger_than_a_record_is_refused_before_any_handshake()
    {
        await using var client = Mapping(ClientOptions(_ca, _manager));
        var tooLarge = new byte[client.MaxMessageSize + 1];
        Assert.ThrowsAsync<SnmpTransportException>(async () =>
            await client.SendMessageAsync(tooLarge, To(new IPEndPoint(IPAddress.Loopback, 9), "manager"), CancellationToken.None));
        Assert.That(client.SessionCount, Is.Zero);
    }

    [Test]
    public async Task Dispose_closes_every_session_and_returns()
    {
        var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        await using var client = Mapping(ClientOptions(_ca, _manager));
        client.Start((_, _) => { });
        await client.SendMessageAsync(Bytes("hello"), To(server.LocalAddress, "manager"), CancellationToken.None);
        await atServer.NextAsync();

        await server.DisposeAsync().AsTask().WaitAsync(Patience);
        Assert.That(server.SessionCount, Is.Zero);
        await EventuallyAsync(() => client.SessionCount == 0, "the client got the server's close_notify");
        Assert.ThrowsAsync<ObjectDisposedException>(async () =>
            await server.SendMessageAsync(Bytes("x"), To(client.LocalAddress, "manager"), CancellationToken.None));
    }

    [Test]
    public async Task Sessions_work_over_IPv6_loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Ignore("no IPv6 on this machine");
        }

        await using var server = new DtlsTransportMapping(new IPEndPoint(IPAddress.IPv6Loopback, 0), new TlsPeerVerifier(ServerOptions(_ca, _agent)), NullLogger.Instance);
        var atServer = Inbox.StartOn(server);
        await using var client = new DtlsTransportMapping(new IPEndPoint(IPAddress.IPv6Loopback, 0), new TlsPeerVerifier(ClientOptions(_ca, _manager)), NullLogger.Instance);
        var atClient = Inbox.StartOn(client);

        await client.SendMessageAsync(Bytes("over ::1"), To(server.LocalAddress, "manager"), CancellationToken.None);
        var (message, incoming) = await atServer.NextAsync();
        await server.SendMessageAsync(Bytes("back over ::1"), incoming.ForResponse(), CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(Text(message), Is.EqualTo("over ::1"));
            Assert.That(((IPEndPoint)incoming.TransportAddress).Address, Is.EqualTo(IPAddress.IPv6Loopback));
            Assert.That(Text((await atClient.NextAsync()).Message), Is.EqualTo("back over ::1"));
        });
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    // The records of one datagram (RFC 6347 4.1: 13-octet header, length in its last two octets),
    // by handshake message type where the record is in clear (epoch 0).
    private static string[] Records(byte[] datagram)
    {
        var records = new List<string>();
        for (var at = 0; at + 13 <= datagram.Length; at += 13 + ((datagram[at + 11] << 8) | datagram[at + 12]))
        {
            var epoch = (datagram[at + 3] << 8) | datagram[at + 4];
            records.Add((datagram[at], epoch) switch
            {
                (20, _) => "change_cipher_spec",
                (22, 0) => Org.BouncyCastle.Tls.HandshakeType.GetName(datagram[at + 13]),
                (22, _) => $"epoch {epoch} handshake",
                (var type, _) => $"content type {type}",
            });
        }

        return [.. records];
    }

    private static string Text(byte[] message) => Encoding.UTF8.GetString(message);
}
