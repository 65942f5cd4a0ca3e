using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp.Transport.Tls.Tests;

[TestFixture]
[NonParallelizable]
public sealed class TlsTransportMappingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly byte[] Request = [0x30, 0x03, 0x02, 0x01, 0x05];
    private static readonly byte[] Response = [0x30, 0x05, 0x04, 0x03, (byte)'a', (byte)'b', (byte)'c'];

    private X509Certificate2 _ca = null!;
    private X509Certificate2 _otherCa = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _client = null!;
    private readonly List<IAsyncDisposable> _disposables = [];

    [OneTimeSetUp]
    public void MakeCertificates()
    {
        _ca = TestPki.CreateCa();
        _otherCa = TestPki.CreateCa("other-ca");
        _server = TestPki.Server(_ca);
        _client = TestPki.Client(_ca);
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        foreach (var certificate in new[] { _ca, _otherCa, _server, _client })
        {
            certificate.Dispose();
        }
    }

    [TearDown]
    public async Task DisposeMappings()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        _disposables.Clear();
    }

    private TlsTransportOptions ServerOptions(SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13, TimeProvider? clock = null) => new()
    {
        LocalCertificate = _server,
        TrustAnchors = [_ca],
        CertificateToSecurityName = [new CertificateToSecurityName(TestPki.Sha256(_ca), CertificateMapType.CommonName)],
        EnabledProtocols = protocols,
        TimeProvider = clock ?? TimeProvider.System,
    };

    private TlsTransportOptions ClientOptions(SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13, X509Certificate2? certificate = null,
        TimeProvider? clock = null, X509Certificate2? anchor = null) => new()
    {
        LocalCertificate = certificate ?? _client,
        TrustAnchors = [anchor ?? _ca],
        EnabledProtocols = protocols,
        TimeProvider = clock ?? TimeProvider.System,
    };

    private (TlsTransportMapping Mapping, BlockingCollection<(byte[] Message, TransportStateReference Tm)> Received) Start(TlsTransportOptions options, bool listen)
    {
        var mapping = new TlsTransportMapping(options, listen ? new IPEndPoint(IPAddress.Loopback, 0) : null);
        _disposables.Add(mapping);
        var received = new BlockingCollection<(byte[], TransportStateReference)>();
        mapping.Start((message, tm) => received.Add((message.ToArray(), tm)));
        return (mapping, received);
    }

    private static TransportStateReference To(TlsTransportMapping server, string securityName = "manager") =>
        new(TransportDomain.TlsTcp, server.LocalAddress) { SecurityName = new OctetString(securityName), RequestedSecurityLevel = SecurityLevel.AuthPriv };

    private static (byte[] Message, TransportStateReference Tm) Take(BlockingCollection<(byte[], TransportStateReference)> received)
    {
        Assert.That(received.TryTake(out var item, Patience), Is.True, "nothing arrived");
        return item;
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"not within {Patience.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    [TestCase(SslProtocols.Tls12, "Tls12")]
    [TestCase(SslProtocols.Tls13, "Tls13")]
    public async Task ARequestAndItsResponseCrossTheSessionWithTheCertificatesSecurityName(SslProtocols protocol, string negotiated)
    {
        var (server, atServer) = Start(ServerOptions(protocol), listen: true);
        var (client, atClient) = Start(ClientOptions(protocol), listen: false);

        await client.SendMessageAsync(Request, To(server, "ops"), CancellationToken.None);
        var (request, serverTm) = Take(atServer);
        await server.SendMessageAsync(Response, serverTm.ForResponse(), CancellationToken.None);
        var (response, clientTm) = Take(atClient);

        Assert.Multiple(() =>
        {
            Assert.That(request, Is.EqualTo(Request));
            Assert.That(serverTm.TransportDomain, Is.EqualTo(TransportDomain.TlsTcp));
            Assert.That(serverTm.SecurityName, Is.EqualTo(new OctetString("manager")), "tmSecurityName from the client's certificate");
            Assert.That(serverTm.TransportSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
            Assert.That(serverTm.TransportMapping, Is.SameAs(server));
            Assert.That(((TlsSession)serverTm.SessionId!).Protocol, Is.EqualTo(negotiated));
            Assert.That(response, Is.EqualTo(Response));
            Assert.That(clientTm.SecurityName, Is.EqualTo(new OctetString("ops")), "the tmSecurityName the client's session was opened for");
            Assert.That(clientTm.TransportSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
            Assert.That(clientTm.TransportAddress, Is.EqualTo(server.LocalAddress));
            Assert.That(clientTm.SessionId, Is.Not.Null);
            Assert.That(server.Statistics.MessagesReceived, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SessionsAreReusedPerAddressAndSecurityNameAndReopenedWhenClosed()
    {
        var (server, atServer) = Start(ServerOptions(), listen: true);
        var (client, _) = Start(ClientOptions(), listen: false);

        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        var first = Take(atServer).Tm;
        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        var second = Take(atServer).Tm;
        Assert.Multiple(() =>
        {
            Assert.That(second.SessionId, Is.SameAs(first.SessionId));
            Assert.That(client.Statistics.SessionOpens, Is.EqualTo(1));
            Assert.That(server.Statistics.SessionAccepts, Is.EqualTo(1));
        });

        await client.SendMessageAsync(Request, To(server, "other"), CancellationToken.None);
        Assert.That(Take(atServer).Tm.SessionId, Is.Not.SameAs(first.SessionId));
        Assert.That(client.Statistics.SessionOpens, Is.EqualTo(2), "another tmSecurityName, another session");

        ((TlsSession)first.SessionId!).Close();
        await Eventually(() => client.OpenSessions == 1, "the client sees the server close the session");
        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        Assert.That(Take(atServer).Tm.SessionId, Is.Not.SameAs(first.SessionId));
        Assert.Multiple(() =>
        {
            Assert.That(client.Statistics.SessionOpens, Is.EqualTo(3));
            Assert.That(client.Statistics.SessionClientCloses, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AResponseForAClosedSessionIsNotSentOnAnother()
    {
        var (server, atServer) = Start(ServerOptions(), listen: true);
        var (client, _) = Start(ClientOptions(), listen: false);
        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        var tm = Take(atServer).Tm;
        ((TlsSession)tm.SessionId!).Close();

        Assert.That(async () => await server.SendMessageAsync(Response, tm.ForResponse(), CancellationToken.None),
            Throws.TypeOf<SnmpTransportException>().With.Message.Contains("snmpTlstmSessionNoSessions"));
        Assert.That(server.Statistics.SessionNoSessions, Is.EqualTo(1));
    }

    [Test]
    public async Task AnIdleSessionIsClosedAndTheNextMessageOpensAnother()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, atServer) = Start(ServerOptions(), listen: true);
        var (client, _) = Start(new TlsTransportOptions
        {
            LocalCertificate = _client,
            TrustAnchors = [_ca],
            TimeProvider = clock,
            IdleTimeout = TimeSpan.FromMinutes(1),
        }, listen: false);

        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        Take(atServer);
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.That(client.OpenSessions, Is.EqualTo(1), "not idle long enough yet");
        clock.Advance(TimeSpan.FromSeconds(30));
        await Eventually(() => client.OpenSessions == 0, "the idle session closes");

        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        Take(atServer);
        Assert.That(client.Statistics.SessionOpens, Is.EqualTo(2));
    }

    [Test]
    public async Task AServerFromAnotherCaIsRefusedAsUntrusted()
    {
        var (server, _) = Start(ServerOptions(), listen: true);
        var (client, _) = Start(ClientOptions(anchor: _otherCa), listen: false);

        Assert.That(async () => await client.SendMessageAsync(Request, To(server), CancellationToken.None),
            Throws.TypeOf<SnmpTransportException>().With.Message.Contains("untrusted").And.Message.Contains("CN=agent"));
        Assert.Multiple(() =>
        {
            Assert.That(client.Statistics.SessionInvalidServerCertificates, Is.EqualTo(1));
            Assert.That(client.Statistics.SessionOpenErrors, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AServerWithAnUnknownFingerprintIsRefused()
    {
        var (server, _) = Start(ServerOptions(), listen: true);
        var (client, _) = Start(new TlsTransportOptions { LocalCertificate = _client, PeerFingerprints = [TestPki.Sha256(_client)] }, listen: false);

        Assert.That(async () => await client.SendMessageAsync(Request, To(server), CancellationToken.None),
            Throws.TypeOf<SnmpTransportException>().With.Message.Contains("unknown fingerprint"));
        Assert.That(client.Statistics.SessionUnknownServerCertificate, Is.EqualTo(1));
    }

    [Test]
    public async Task AServerWithAnUnknownFingerprintIsRefusedWithItsReasonOnTheLegacyPathToo()
    {
        // The legacy (BouncyCastle) client refuses the server inside its handshake: the reason
        // and the counter must be the ones the SslStream path gives, not the alert's bare name.
#pragma warning disable SYSLIB0039 // the TLS 1.0 legacy opt-in under test
        var legacy = SslProtocols.Tls | SslProtocols.Tls12;
#pragma warning restore SYSLIB0039
        var (server, _) = Start(ServerOptions(legacy), listen: true);
        var (client, _) = Start(new TlsTransportOptions { LocalCertificate = _client, PeerFingerprints = [TestPki.Sha256(_client)], EnabledProtocols = legacy }, listen: false);

        Assert.That(async () => await client.SendMessageAsync(Request, To(server), CancellationToken.None),
            Throws.TypeOf<SnmpTransportException>().With.Message.Contains("unknown fingerprint").And.Message.Contains("CN=agent"));
        Assert.That(client.Statistics.SessionUnknownServerCertificate, Is.EqualTo(1));
    }

    [Test]
    public async Task APinnedServerIsAcceptedWithoutATrustAnchor()
    {
        var (server, atServer) = Start(ServerOptions(), listen: true);
        var (client, _) = Start(new TlsTransportOptions { LocalCertificate = _client, PeerFingerprints = [TestPki.Sha256(_server)] }, listen: false);

        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        Assert.That(Take(atServer).Message, Is.EqualTo(Request));
    }

    [TestCase("expired")]
    [TestCase("untrusted")]
    [TestCase("unmapped")]
    public async Task AClientWhoseCertificateTheServerRefusesGetsNoSession(string kind)
    {
        using var expired = TestPki.CreateLeaf(_ca, "expired", notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        using var foreign = TestPki.Client(_otherCa, "foreign");
        var serverOptions = kind == "unmapped"
            ? new TlsTransportOptions { LocalCertificate = _server, TrustAnchors = [_ca], CertificateToSecurityName = [new CertificateToSecurityName(TestPki.Sha256(_otherCa), CertificateMapType.CommonName)] }
            : ServerOptions();
        var (server, atServer) = Start(serverOptions, listen: true);
        var certificate = kind switch { "expired" => expired, "untrusted" => foreign, _ => _client };
        var (client, _) = Start(ClientOptions(SslProtocols.Tls12, certificate), listen: false);

        try
        {
            await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        }
        catch (SnmpTransportException)
        {
            // TLS 1.2 fails the client's handshake too; either way the server must not take the message.
        }

        await Eventually(() => server.Statistics.SessionInvalidClientCertificates == 1, "the server counts the refused client");
        Assert.Multiple(() =>
        {
            Assert.That(server.Statistics.SessionAccepts, Is.Zero);
            Assert.That(atServer.TryTake(out _, TimeSpan.FromMilliseconds(200)), Is.False);
        });
    }

    [Test]
    public void AKeyThatIsNotTheCertificatesIsNamedBeforeAnythingIsSent()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(_client.RawData);
        Assert.That(() => new TlsTransportMapping(new TlsTransportOptions { LocalCertificate = publicOnly, TrustAnchors = [_ca] }),
            Throws.TypeOf<SnmpConfigurationException>().With.Message.Contains("no private key"));
    }

    [Test]
    public async Task ATls10OnlyClientCannotDowngradeADefaultServer()
    {
        var (server, atServer) = Start(ServerOptions(), listen: true);
#pragma warning disable SYSLIB0039
        var (client, _) = Start(ClientOptions(SslProtocols.Tls), listen: false);
#pragma warning restore SYSLIB0039

        Assert.That(async () => await client.SendMessageAsync(Request, To(server), CancellationToken.None),
            Throws.TypeOf<SnmpTransportException>().With.Message.Contains("cannot open a TLS session"));
        Assert.Multiple(() =>
        {
            Assert.That(server.Statistics.SessionAccepts, Is.Zero);
            Assert.That(atServer.TryTake(out _, TimeSpan.FromMilliseconds(100)), Is.False);
        });
    }

    [Test]
    public async Task TheLegacyOptInIsLoggedAtWarningAndTheDefaultIsNot()
    {
        var legacyLog = new Mock<Microsoft.Extensions.Logging.ILogger>();
        var defaultLog = new Mock<Microsoft.Extensions.Logging.ILogger>();
#pragma warning disable SYSLIB0039
        await using (new TlsTransportMapping(ClientOptions(SslProtocols.Tls | SslProtocols.Tls12), logger: legacyLog.Object))
#pragma warning restore SYSLIB0039
        await using (new TlsTransportMapping(ClientOptions(), logger: defaultLog.Object))
        {
        }

        legacyLog.Verify(l => l.Log(Microsoft.Extensions.Logging.LogLevel.Warning, It.IsAny<Microsoft.Extensions.Logging.EventId>(),
            It.Is<It.IsAnyType>((state, _) => state.ToString()!.Contains("legacy opt-in")), null, It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Once);
        defaultLog.Verify(l => l.Log(Microsoft.Extensions.Logging.LogLevel.Warning, It.IsAny<Microsoft.Extensions.Logging.EventId>(),
            It.IsAny<It.IsAnyType>(), It.IsAny<Exception?>(), It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Never);
    }

    [Test]
    public async Task TheLegacyPathSpeaksTls10ToALegacyServer()
    {
#pragma warning disable SYSLIB0039
        var (server, atServer) = Start(ServerOptions(SslProtocols.Tls | SslProtocols.Tls12), listen: true);
        var (client, atClient) = Start(ClientOptions(SslProtocols.Tls), listen: false);
#pragma warning restore SYSLIB0039

        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        var (request, tm) = Take(atServer);
        await server.SendMessageAsync(Response, tm.ForResponse(), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(request, Is.EqualTo(Request));
            Assert.That(tm.SecurityName, Is.EqualTo(new OctetString("manager")));
            Assert.That(((TlsSession)tm.SessionId!).Protocol, Is.EqualTo("TLS 1.0"));
            Assert.That(Take(atClient).Message, Is.EqualTo(Response));
        });
    }

    [TestCase(new byte[] { 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF }, TestName = "A 2 GB length closes the session")]
    [TestCase(new byte[] { 0x04, 0x01, 0x00 }, TestName = "A frame that is no SEQUENCE closes the session")]
    [TestCase(new byte[] { 0x30, 0x80, 0x00, 0x00 }, TestName = "An indefinite length closes the session")]
    [TestCase(new byte[] { 0x30, 0x10, 0x02, 0x01 }, TestName = "A peer closing mid-message loses only its session")]
    public async Task ABrokenStreamCostsOnlyItsOwnSession(byte[] octets)
    {
        var (server, atServer) = Start(ServerOptions(), listen: true);
        var (client, _) = Start(ClientOptions(), listen: false);
        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        var healthy = Take(atServer).Tm.SessionId;

        using (var raw = await RawClientAsync(server))
        {
            await raw.Ssl.WriteAsync(octets);
            await raw.Ssl.FlushAsync();
            if (octets[1] == 0x10)
            {
                raw.Ssl.Close();
            }
            else
            {
                Assert.That(await raw.Ssl.ReadAsync(new byte[1]).AsTask().WaitAsync(Patience), Is.Zero, "the server closes the session");
            }
        }

        await Eventually(() => server.Statistics.FramingErrors == 1, "the framing error is counted");
        await client.SendMessageAsync(Request, To(server), CancellationToken.None);
        var after = Take(atServer).Tm;
        Assert.Multiple(() =>
        {
            Assert.That(after.SessionId, Is.SameAs(healthy), "the other session is untouched");
            Assert.That(server.Statistics.MessagesReceived, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task APeerTricklingAMessageIsCutOffAfterTheMessageReadTimeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, _) = Start(ServerOptions(clock: clock), listen: true);
        using var raw = await RawClientAsync(server);
        await raw.Ssl.WriteAsync(new byte[] { 0x30, 0x10, 0x02 });
        await raw.Ssl.FlushAsync();

        var closed = raw.Ssl.ReadAsync(new byte[1]).AsTask();
        await Eventually(() => server.Statistics.SessionAccepts == 1, "the server has the session (its handshake timeout runs on the fake clock too)");
        await Eventually(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(31));
            return server.Statistics.FramingErrors == 1;
        }, "the trickled message is cut off");
        Assert.That(await closed.WaitAsync(Patience), Is.Zero);
    }

    private async Task<RawTls> RawClientAsync(TlsTransportMapping server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync((IPEndPoint)server.LocalAddress);
        var ssl = new SslStream(tcp.GetStream(), false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [_client],
            EnabledSslProtocols = SslProtocols.Tls12,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return new RawTls(tcp, ssl);
    }

    private sealed record RawTls(TcpClient Tcp, SslStream Ssl) : IDisposable
    {
        public void Dispose()
        {
            Ssl.Dispose();
            Tcp.Dispose();
        }
    }
}
