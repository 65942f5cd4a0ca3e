using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Transport.Tls;

namespace Snmp.Interop.Tests.Tls;

/// <summary>
/// The handshake policy of our TLS mapping against OpenSSL's own <c>openssl s_server</c> and
/// <c>s_client</c>: TLS 1.2 and 1.3 are accepted both ways, TLS 1.0 and 1.1 are refused both ways
/// by default (no downgrade), a client without a certificate gets no session, and a client's
/// renegotiation ends its session (SslStream, AllowRenegotiation off) or is refused with a
/// no_renegotiation alert (BouncyCastle, the TLS 1.0 opt-in), while others are still served.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OpenSslTlsHandshakeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly byte[] Message = [0x30, 0x03, 0x02, 0x01, 0x05];

    private string _openssl = null!;
    private string _directory = null!;
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _client = null!;

    [OneTimeSetUp]
    public void MakeCertificates()
    {
        _openssl = RequireOpenSsl();
        _directory = Directory.CreateTempSubdirectory("openssl-tls-").FullName;
        _ca = CreateCa();
        _server = CreateLeaf(_ca, "server");
        _client = CreateLeaf(_ca, "client");
        foreach (var (name, certificate) in new[] { ("ca", _ca), ("server", _server), ("client", _client) })
        {
            File.WriteAllText(Path.Combine(_directory, name + ".crt"), certificate.ExportCertificatePem() + "\n");
            using var key = certificate.GetRSAPrivateKey();
            if (key is not null)
            {
                File.WriteAllText(Path.Combine(_directory, name + ".key"), key.ExportPkcs8PrivateKeyPem() + "\n");
            }
        }
    }

    [OneTimeTearDown]
    public void Dispose()
    {
        _ca.Dispose();
        _server.Dispose();
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private TlsTransportOptions Options(X509Certificate2 local, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13) => new()
    {
        EnabledProtocols = protocols,
        LocalCertificate = local,
        TrustAnchors = [_ca],
        CertificateToSecurityName = [new CertificateToSecurityName(CertificateFingerprint.Compute(_ca, HashAlgorithmName.SHA256), CertificateMapType.CommonName)],
    };

    [TestCase("-tls1_2", "Tls12")]
    [TestCase("-tls1_3", "Tls13")]
    public async Task OurClientCompletesAHandshakeWithSServer(string version, string negotiated)
    {
        var port = NetSnmpTlsLab.FreePort();
        await using var server = await StartServerAsync(port, version);
        await using var client = new TlsTransportMapping(Options(_client));
        client.Start((_, _) => { });

        await client.SendMessageAsync(Message, To(port), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(client.Statistics.SessionOpens, Is.EqualTo(1));
            Assert.That(client.Statistics.MessagesSent, Is.EqualTo(1));
            Assert.That(client.Sessions.Single().Protocol, Is.EqualTo(negotiated));
        });
        var log = await server.WaitForOutputAsync("depth=0 CN = client");
        Assert.That(log, Does.Contain("verify return:1"), "s_server verified our client certificate");
    }

    [TestCase("-tls1")]
    [TestCase("-tls1_1")]
    public async Task OurClientRefusesSServersTls10And11(string version)
    {
        var port = NetSnmpTlsLab.FreePort();
        await using var server = await StartServerAsync(port, version, "-cipher", "DEFAULT:@SECLEVEL=0");
        await using var client = new TlsTransportMapping(Options(_client));
        client.Start((_, _) => { });

        Assert.That(async () => await client.SendMessageAsync(Message, To(port), CancellationToken.None),
            Throws.TypeOf<SnmpTransportException>().With.Message.Contains("cannot open a TLS session"));
        Assert.That(client.Statistics.SessionOpenErrors, Is.EqualTo(1));
    }

    [TestCase("-tls1_2")]
    [TestCase("-tls1_3")]
    public async Task SClientReachesOurServerAndItsMessageArrivesWithItsCertificatesName(string version)
    {
        await using var server = new TlsTransportMapping(Options(_server), new IPEndPoint(IPAddress.Loopback, 0));
        var received = new BlockingCollection<(byte[] Message, TransportStateReference Tm)>();
        server.Start((message, tm) => received.Add((message.ToArray(), tm)));

        var result = await RunClientAsync(server, Message, version, "-cert", Path.Combine(_directory, "client.crt"), "-key", Path.Combine(_directory, "client.key"));

        Assert.That(received.TryTake(out var item, Patience), Is.True, $"nothing arrived; s_client said:\n{result}");
        Assert.Multiple(() =>
        {
            Assert.That(item.Message, Is.EqualTo(Message));
            Assert.That(item.Tm.SecurityName, Is.EqualTo(new OctetString("client")));
            Assert.That(server.Statistics.SessionAccepts, Is.EqualTo(1));
        });
    }

    [TestCase("-tls1")]
    [TestCase("-tls1_1")]
    [TestCase("-no_tls1_2 -no_tls1_3")] // both old versions offered at once
    public async Task OurServerRefusesSClientsTls10And11(string versions)
    {
        await using var server = new TlsTransportMapping(Options(_server), new IPEndPoint(IPAddress.Loopback, 0));
        server.Start((_, _) => { });

        var output = await RunClientAsync(server, Message, [.. versions.Split(' '), "-cipher", "DEFAULT:@SECLEVEL=0",
            "-cert", Path.Combine(_directory, "client.crt"), "-key", Path.Combine(_directory, "client.key")]);

        Assert.That(output, Does.Contain("alert").IgnoreCase.Or.Contain("unsupported protocol").Or.Contain("no protocols available"));
        Assert.That(server.Statistics.SessionAccepts, Is.Zero);
    }

    [TestCase("-tls1_2", false)]
    [TestCase("-tls1", true)] // the legacy opt-in, on BouncyCastle
    public async Task OurServerRefusesAClientInitiatedRenegotiationAndServesOthers(string version, bool legacy)
    {
#pragma warning disable SYSLIB0039 // TLS 1.0: the legacy opt-in under test.
        var options = Options(_server, legacy ? SslProtocols.Tls | SslProtocols.Tls12 : SslProtocols.Tls12 | SslProtocols.Tls13);
#pragma warning restore SYSLIB0039

        await using var server = new TlsTransportMapping(options, new IPEndPoint(IPAddress.Loopback, 0));
        var received = new BlockingCollection<byte[]>();
        server.Start((message, _) => received.Add(message.ToArray()));
        var port = ((IPEndPoint)server.LocalAddress).Port;
        string[] cipher = legacy ? ["-cipher", "DEFAULT:@SECLEVEL=0"] : [];
        await using var client = OpenSslProcess.Start(_openssl,
            ["s_client", "-connect", $"127.0.0.1:{port}", "-CAfile", Path.Combine(_directory, "ca.crt"), "-verify_return_error", "-quiet", "-no_ign_eof",
             version, .. cipher, "-cert", Path.Combine(_directory, "client.crt"), "-key", Path.Combine(_directory, "client.key")], stdin: true);
        await client.StandardInput.BaseStream.WriteAsync(Message);
        await client.StandardInput.BaseStream.FlushAsync();
        Assert.That(received.TryTake(out var first, Patience), Is.True, $"the first message did not arrive:\n{client.Output}");
        Assert.That(first, Is.EqualTo(Message));

        // "R" at the start of a line: s_client asks for a new handshake on the open session (RFC 5246 7.4.1.2).
        await client.StandardInput.WriteAsync("R\n");
        await client.StandardInput.FlushAsync();
        await client.WaitForExitAsync(Patience);
        var output = client.Output;
        Assert.That(client.HasExited, Is.True, $"s_client's session survived the renegotiation it asked for:\n{output}");
        Assert.That(output, Does.Contain("RENEGOTIATING"));
        Assert.That(received, Is.Empty, "nothing more arrived over the session");
        var deadline = DateTime.UtcNow + Patience;
        while (server.Statistics.SessionServerCloses == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.That(server.Statistics.SessionServerCloses, Is.EqualTo(1), "our side ended the session");
        Assert.That(server.OpenSessions, Is.Zero);

        // Others are still served.
        var again = await RunClientAsync(server, Message, [version, .. cipher, "-cert", Path.Combine(_directory, "client.crt"), "-key", Path.Combine(_directory, "client.key")]);
        Assert.That(received.TryTake(out var second, Patience), Is.True, $"a new session was not served:\n{again}");
        Assert.That(second, Is.EqualTo(Message));
    }

    [Test]
    public async Task OurServerRefusesSClientWithoutACertificate()
    {
        await using var server = new TlsTransportMapping(Options(_server), new IPEndPoint(IPAddress.Loopback, 0));
        var received = new BlockingCollection<byte[]>();
        server.Start((message, _) => received.Add(message.ToArray()));

        await RunClientAsync(server, Message, "-tls1_2");

        var deadline = DateTime.UtcNow + Patience;
        while (server.Statistics.SessionInvalidClientCertificates == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Multiple(() =>
        {
            Assert.That(server.Statistics.SessionAccepts, Is.Zero);
            Assert.That(server.Statistics.SessionInvalidClientCertificates, Is.EqualTo(1));
            Assert.That(received, Is.Empty);
        });
    }

    private static TransportStateReference To(int port) =>
        new(TransportDomain.TlsTcp, new IPEndPoint(IPAddress.Loopback, port)) { SecurityName = new OctetString("client"), RequestedSecurityLevel = SecurityLevel.AuthPriv };

    // s_server requiring a client certificate (-Verify), for one connection, printing what it sees.
    private async Task<OpenSslProcess> StartServerAsync(int port, params string[] versionArguments)
    {
        var process = OpenSslProcess.Start(_openssl,
        [
            "s_server", "-accept", $"127.0.0.1:{port}", "-naccept", "1",
            "-cert", Path.Combine(_directory, "server.crt"), "-key", Path.Combine(_directory, "server.key"),
            "-CAfile", Path.Combine(_directory, "ca.crt"), "-Verify", "2", .. versionArguments,
        ], stdin: true); // s_server ends its connection when its stdin closes
        var deadline = DateTime.UtcNow + Patience;
        while (!NetSnmpTlsLab.IsListening("tcp", port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = process.Output;
                await process.DisposeAsync();
                Assert.Fail($"openssl s_server did not listen on {port}:\n{output}");
            }

            await Task.Delay(50);
        }

        return process;
    }

    // s_client sending the message from its stdin, then ending; its output (stdout and stderr).
    private async Task<string> RunClientAsync(TlsTransportMapping server, byte[] message, params string[] arguments)
    {
        var port = ((IPEndPoint)server.LocalAddress).Port;
        await using var process = OpenSslProcess.Start(_openssl,
            ["s_client", "-connect", $"127.0.0.1:{port}", "-CAfile", Path.Combine(_directory, "ca.crt"), "-verify_return_error", "-quiet", "-no_ign_eof", .. arguments], stdin: true);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(message);
            await process.StandardInput.BaseStream.FlushAsync();
        }
        catch (IOException)
        {
            // s_client already ended (a refused handshake can finish before the message is
            // written: "Broken pipe"); its output says why, and the caller's assertions read it.
        }

        // Give the server a bounded chance to read the message, then close stdin: s_client ends.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (server.Statistics.MessagesReceived == 0 && !process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Closing flushes; the same early end as above.
        }

        await process.WaitForExitAsync(Patience);
        return process.Output;
    }

    private static string RequireOpenSsl()
    {
        foreach (var dir in new[] { "/usr/bin", "/usr/local/bin", "/bin" })
        {
            var candidate = Path.Combine(dir, "openssl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string message = "openssl is not installed (apt-get install openssl)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        return "";
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=openssl-test-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(2));
    }

    private static X509Certificate2 CreateLeaf(X509Certificate2 ca, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var builder = new SubjectAlternativeNameBuilder();
        builder.AddDnsName("localhost");
        builder.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(builder.Build());
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>An openssl process this test started: its merged output, and a stop that ends only it.</summary>
    private sealed class OpenSslProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private OpenSslProcess(Process process) => _process = process;

        public bool HasExited => _process.HasExited;

        public StreamWriter StandardInput => _process.StandardInput;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static OpenSslProcess Start(string openssl, string[] arguments, bool stdin = false)
        {
            var start = new ProcessStartInfo(openssl)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var wrapper = new OpenSslProcess(Process.Start(start) ?? throw new InvalidOperationException("openssl did not start"));
            wrapper._process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
            wrapper._process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
            wrapper._process.BeginOutputReadLine();
            wrapper._process.BeginErrorReadLine();
            if (!stdin)
            {
                wrapper._process.StandardInput.Close();
            }

            return wrapper;
        }

        public async Task WaitForExitAsync(TimeSpan timeout)
        {
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async Task<string> WaitForOutputAsync(string marker)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!Output.Contains(marker, StringComparison.Ordinal))
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"openssl printed no \"{marker}\":\n{Output}");
                await Task.Delay(50);
            }

            return Output;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    await _process.WaitForExitAsync();
                }
            }
            finally
            {
                _process.Dispose();
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
