using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Snmp.Transport.Tls.Dtls;
using static Snmp.Transport.Tls.Tests.Dtls.DtlsTestKit;

namespace Snmp.Transport.Tls.Tests.Dtls;

/// <summary>
/// Our DTLS mapping against OpenSSL's DTLS 1.2 (<c>openssl s_server -dtls1_2</c> and
/// <c>openssl s_client -dtls1_2</c>): the independent peer for the handshake, the cookie exchange,
/// the certificates both ways and one record per message.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class OpenSslDtlsInteropTests
{
    private string _openssl = null!;
    private string _directory = null!;
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _agent = null!;
    private X509Certificate2 _manager = null!;

    [OneTimeSetUp]
    public void CreatePki()
    {
        _openssl = OpenSslPeer.RequireOpenSsl();
        _directory = Directory.CreateTempSubdirectory("dtls-openssl-").FullName;
        _ca = TestPki.CreateCa("dtls-interop-ca");
        _agent = TestPki.Server(_ca, "agent");
        _manager = TestPki.Client(_ca, "manager");
        OpenSslPeer.WritePem(_ca, _directory, "ca");
        OpenSslPeer.WritePem(_agent, _directory, "agent");
        OpenSslPeer.WritePem(_manager, _directory, "manager");
    }

    [OneTimeTearDown]
    public void Clean()
    {
        _ca?.Dispose();
        _agent?.Dispose();
        _manager?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task Our_client_reaches_openssl_s_server_and_reads_its_reply_on_the_same_session()
    {
        var port = OpenSslPeer.FreeUdpPort();
        await using var server = OpenSslPeer.Start(_openssl, "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}",
            "-cert", Pem("agent"), "-key", Key("agent"), "-CAfile", Pem("ca"), "-Verify", "1", "-verify_return_error");
        await server.WaitForOutputAsync("ACCEPT");

        await using var client = Mapping(ClientOptions(_ca, _manager));
        var atClient = Inbox.StartOn(client);
        var to = new IPEndPoint(IPAddress.Loopback, port);
        await client.SendMessageAsync(Encoding.ASCII.GetBytes("ping from dotnet\n"), To(to, "manager"), CancellationToken.None);
        await server.WaitForOutputAsync("ping from dotnet");
        Assert.That(server.Output, Does.Contain("CN=manager").Or.Contain("CN = manager"), "s_server saw our client certificate");

        await server.WriteLineAsync("pong from openssl");
        var (reply, reference) = await atClient.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(reply), Is.EqualTo("pong from openssl\n"));
            Assert.That(reference.SecurityName, Is.EqualTo(new OctetString("manager")));
            Assert.That(reference.SessionId, Is.InstanceOf<DtlsSession>());
            Assert.That(reference.TransportAddress, Is.EqualTo(to));
            Assert.That(client.SessionsOpened, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Openssl_s_client_reaches_our_server_with_its_certificate_and_reads_our_response()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        var port = ((IPEndPoint)server.LocalAddress).Port;
        await using var client = OpenSslPeer.Start(_openssl, "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{port}",
            "-cert", Pem("manager"), "-key", Key("manager"), "-CAfile", Pem("ca"), "-verify_return_error", "-ign_eof");
        await client.WriteLineAsync("hello from s_client");

        var (message, incoming) = await atServer.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(message), Is.EqualTo("hello from s_client\n"));
            Assert.That(incoming.SecurityName, Is.EqualTo(new OctetString("manager")), "tmSecurityName from s_client's certificate");
            Assert.That(server.HelloVerifyRequestsSent, Is.GreaterThanOrEqualTo(1), "s_client went through the cookie exchange");
        });

        await server.SendMessageAsync(Encoding.ASCII.GetBytes("response from dotnet\n"), incoming.ForResponse(), CancellationToken.None);
        await client.WaitForOutputAsync("response from dotnet");
        Assert.That(client.Output, Does.Contain("DTLSv1.2"));
    }

    [Test]
    public async Task Openssl_s_client_without_a_certificate_is_refused_and_the_next_client_is_served()
    {
        await using var server = Mapping(ServerOptions(_ca, _agent));
        var atServer = Inbox.StartOn(server);
        var port = ((IPEndPoint)server.LocalAddress).Port;
        await using (var anonymous = OpenSslPeer.Start(_openssl, "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{port}", "-CAfile", Pem("ca"), "-ign_eof"))
        {
            await EventuallyAsync(() => server.HandshakesFailed == 1, "the client without a certificate was refused");
        }

        await using var client = OpenSslPeer.Start(_openssl, "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{port}",
            "-cert", Pem("manager"), "-key", Key("manager"), "-CAfile", Pem("ca"), "-ign_eof");
        await client.WriteLineAsync("second client");
        var (message, incoming) = await atServer.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(message), Is.EqualTo("second client\n"));
            Assert.That(incoming.SecurityName, Is.EqualTo(new OctetString("manager")));
            Assert.That(server.SessionsOpened, Is.EqualTo(1));
            Assert.That(server.SessionInvalidClientCertificates, Is.EqualTo(1), "the client without a certificate");
        });
    }

    private string Pem(string name) => Path.Combine(_directory, name + ".pem");

    private string Key(string name) => Path.Combine(_directory, name + ".key");
}
