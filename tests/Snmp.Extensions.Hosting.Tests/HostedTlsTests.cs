using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Snmp.AbstractServices;

namespace Snmp.Extensions.Hosting.Tests;

/// <summary>
/// TLS from configuration: certificate files (PEM with a key file, PKCS#12 with a password), trust
/// anchors, a certificate-to-name mapping and TSM security names, read when the host starts; a
/// hosted agent answers the hosted engine over TLS, a hosted trap receiver takes its trap; bad
/// files and values fail the start naming their key and never the password. Also: SnmpModules
/// registered in the container reach every hosted engine.
/// </summary>
[TestFixture]
public sealed class HostedTlsTests
{
    private const string Password = "pfx-password-not-to-be-seen";
    private static readonly ObjectIdentifier SysName = "1.3.6.1.2.1.1.5.0";
    private static readonly ObjectIdentifier LinkUp = "1.3.6.1.6.3.1.1.5.4";

    private string _directory = "";
    private string _caFile = "";
    private string _caFingerprint = "";
    private string _agentCertificate = "";
    private string _agentKey = "";
    private string _managerPfx = "";

    [OneTimeSetUp]
    public void WriteCertificates()
    {
        _directory = Directory.CreateTempSubdirectory("snmp-hosting-tls-").FullName;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=hosting-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(2));
        _caFile = Write("ca.pem", ca.ExportCertificatePem());
        _caFingerprint = "SHA256:" + Convert.ToHexString(ca.GetCertHash(HashAlgorithmName.SHA256));

        using var agentKey = RSA.Create(2048);
        using var agent = Leaf(ca, "agent", agentKey);
        _agentCertificate = Write("agent.crt", agent.ExportCertificatePem());
        _agentKey = Write("agent.key", agentKey.ExportPkcs8PrivateKeyPem());

        using var managerKey = RSA.Create(2048);
        using var manager = Leaf(ca, "manager", managerKey);
        using var withKey = manager.CopyWithPrivateKey(managerKey);
        _managerPfx = Path.Combine(_directory, "manager.pfx");
        File.WriteAllBytes(_managerPfx, withKey.Export(X509ContentType.Pkcs12, Password));
    }

    [OneTimeTearDown]
    public void DeleteCertificates() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static X509Certificate2 Leaf(X509Certificate2 ca, string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        return request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [2, (byte)name.Length, (byte)name[0]]);
    }

    /// <summary>The Tls section at <paramref name="section"/>: the agent's PEM pair, or the manager's PKCS#12; the CA as trust anchor, its clients' CN as tmSecurityName.</summary>
    private Dictionary<string, string?> Tls(string section, bool manager)
    {
        var tls = new Dictionary<string, string?>
        {
            [$"{section}:Tls:TrustAnchorFiles:0"] = _caFile,
            [$"{section}:Tls:CertificateToSecurityName:0:Fingerprint"] = _caFingerprint,
            [$"{section}:Tls:CertificateToSecurityName:0:MapType"] = "CommonName",
        };
        if (manager)
        {
            tls[$"{section}:Tls:CertificateFile"] = _managerPfx;
            tls[$"{section}:Tls:CertificatePassword"] = Password;
        }
        else
        {
            tls[$"{section}:Tls:CertificateFile"] = _agentCertificate;
            tls[$"{section}:Tls:KeyFile"] = _agentKey;
        }

        return tls;
    }

    /// <summary>The settings of every part, a later part's value replacing an earlier one's.</summary>
    private static Dictionary<string, string?> Merge(params Dictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var (key, value) in parts.SelectMany(p => p))
        {
            merged[key] = value;
        }

        return merged;
    }

    [Test]
    public async Task A_hosted_agent_answers_the_hosted_engine_over_TLS_with_certificates_from_files()
    {
        var configuration = Merge(Tls("Snmp:Agent", manager: false), Tls("Snmp:Engine", manager: true), new()
        {
            ["Snmp:Agent:ListenOn:0"] = "tls:127.0.0.1:0",
            ["Snmp:Agent:SysName"] = "tls-hosted",
            ["Snmp:Agent:SecurityNames:0:Name"] = "manager",
            ["Snmp:Agent:SecurityNames:0:Writable"] = "true",
        });
        var logs = new CapturingLoggerProvider();
        using var host = TestHosts.Build(configuration, services => services.AddSnmpAgent().AddSnmpEngine(), logs);
        await host.StartAsync().WaitAsync(TestHosts.Patience);

        var agent = host.Services.GetRequiredService<Agent>();
        var port = ((IPEndPoint)agent.ListeningAddresses.Single()).Port;
        var engine = host.Services.GetRequiredService<Engine>();
        var manager = engine.Manager($"tls:127.0.0.1:{port}", securityModel: SecurityModel.Tsm, defaultUserName: "manager");
        var answer = await manager.GetAsync([SysName], new RequestOptions { Timeout = TestHosts.Patience });
        Assert.That(answer[0].Value, Is.EqualTo(new OctetString("tls-hosted")));

        await manager.SetAsync([new VarBind(SysName, new OctetString("renamed over tls"))], new RequestOptions { Timeout = TestHosts.Patience });
        Assert.That((await manager.GetAsync([SysName], new RequestOptions { Timeout = TestHosts.Patience }))[0].Value, Is.EqualTo(new OctetString("renamed over tls")),
            "SecurityNames:0:Writable gave the TSM name write access");
        await host.StopAsync().WaitAsync(TestHosts.Patience);
        Assert.That(string.Join("\n", logs.Messages), Does.Not.Contain(Password));
    }

    [Test]
    public async Task A_hosted_trap_receiver_takes_a_TSM_trap_over_TLS_from_its_principal()
    {
        var received = Channel.CreateUnbounded<ReceivedNotification>();
        var configuration = Merge(Tls("Snmp:TrapReceiver", manager: false), Tls("Snmp:Engine", manager: true), new()
        {
            ["Snmp:TrapReceiver:ListenOn:0"] = "tls:127.0.0.1:0",
            ["Snmp:TrapReceiver:Principals:0:Name"] = "manager",
        });
        using var host = TestHosts.Build(configuration, services => services
            .AddSnmpEngine()
            .AddSnmpTrapReceiver((notification, token) => received.Writer.WriteAsync(notification, token).AsTask()));
        await host.StartAsync().WaitAsync(TestHosts.Patience);

        var port = ((IPEndPoint)host.Services.GetRequiredService<TrapReceiver>().ListeningAddresses.Single()).Port;
        var engine = host.Services.GetRequiredService<Engine>();
        await engine.Notifier($"tls:127.0.0.1:{port}", SnmpVersion.SNMPv3, defaultUserName: "manager", securityModel: SecurityModel.Tsm).SendTrapAsync(LinkUp);

        var trap = await received.Reader.ReadAsync().AsTask().WaitAsync(TestHosts.Patience);
        Assert.That((trap.Version, trap.TrapOid), Is.EqualTo((SnmpVersion.SNMPv3, LinkUp)));
        await host.StopAsync().WaitAsync(TestHosts.Patience);
    }

    [Test]
    public async Task SnmpModules_in_the_container_are_plugged_into_every_hosted_engine()
    {
        var module = new CountingModule();
        var configuration = new Dictionary<string, string?>
        {
            ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0",
            ["Snmp:TrapReceiver:ListenOn:0"] = "127.0.0.1:0",
        };
        using var host = TestHosts.Build(configuration, services => services
            .AddSingleton<SnmpModule>(module)
            .AddSnmpAgent()
            .AddSnmpEngine()
            .AddSnmpTrapReceiver((_, _) => Task.CompletedTask));
        await host.StartAsync().WaitAsync(TestHosts.Patience);
        _ = host.Services.GetRequiredService<Engine>();
        Assert.That(module.Registrations, Is.EqualTo(3), "the agent, the engine and the trap receiver each registered the module");
        await host.StopAsync().WaitAsync(TestHosts.Patience);
    }

    private sealed class CountingModule : SnmpModule
    {
        private int _registrations;

        internal int Registrations => Volatile.Read(ref _registrations);

        public override void Register(SnmpModuleRegistrations registrations) => Interlocked.Increment(ref _registrations);
    }

    private static async Task<string> StartFailureAsync(Dictionary<string, string?> configuration)
    {
        using var host = TestHosts.Build(configuration, services => services
            .AddSnmpAgent()
            .AddSnmpEngine()
            .AddSnmpTrapReceiver((_, _) => Task.CompletedTask));
        var failure = Assert.CatchAsync(() => host.StartAsync().WaitAsync(TestHosts.Patience));
        Assert.That(failure, Is.Not.InstanceOf<TimeoutException>());
        Assert.That(failure!.ToString(), Does.Not.Contain(Password), "a password appeared in the failure");
        return failure.Message;
    }

    [Test]
    public async Task A_tls_address_without_a_Tls_section_names_what_is_missing()
    {
        var message = await StartFailureAsync(new() { ["Snmp:Agent:ListenOn:0"] = "tls:127.0.0.1:0" });
        Assert.That(message, Does.Contain("Snmp:Agent:ListenOn:0: \"tls:127.0.0.1:0\" needs TLS certificates: add the Tls section"));
    }

    [Test]
    public async Task A_missing_certificate_file_is_named()
    {
        var missing = Path.Combine(_directory, "nowhere.pem");
        var message = await StartFailureAsync(Merge(Tls("Snmp:Agent", manager: false), new()
        {
            ["Snmp:Agent:ListenOn:0"] = "tls:127.0.0.1:0",
            ["Snmp:Agent:Tls:CertificateFile"] = missing,
        }));
        Assert.That(message, Does.Contain($"Snmp:Agent:Tls:CertificateFile: no such file: {missing}"));
    }

    [Test]
    public async Task A_wrong_PKCS12_password_names_the_file_and_not_the_password()
    {
        var configuration = Merge(Tls("Snmp:Engine", manager: true), new() { ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0" });
        configuration["Snmp:Engine:Tls:CertificatePassword"] = Password + "-wrong";
        var message = await StartFailureAsync(configuration);
        Assert.That(message, Does.Contain($"Snmp:Engine:Tls:CertificateFile: {_managerPfx} does not read as a certificate with its private key"));
        Assert.That(message, Does.Not.Contain("-wrong"));
    }

    [Test]
    public async Task A_key_that_does_not_belong_to_the_certificate_is_refused()
    {
        using var otherKey = RSA.Create(2048);
        var wrongKey = Write("other.key", otherKey.ExportPkcs8PrivateKeyPem());
        var configuration = Merge(Tls("Snmp:Agent", manager: false), new() { ["Snmp:Agent:ListenOn:0"] = "tls:127.0.0.1:0" });
        configuration["Snmp:Agent:Tls:KeyFile"] = wrongKey;
        var message = await StartFailureAsync(configuration);
        Assert.That(message, Does.Contain($"Snmp:Agent:Tls:CertificateFile: {_agentCertificate} does not read as a certificate with its private key"));
    }

    [Test]
    public async Task Bad_fingerprints_protocols_and_security_names_are_each_named()
    {
        var configuration = Merge(Tls("Snmp:Agent", manager: false), new()
        {
            ["Snmp:Agent:ListenOn:0"] = "tls:127.0.0.1:0",
            ["Snmp:Agent:Tls:PeerFingerprints:0"] = "not-a-fingerprint",
            ["Snmp:Agent:Tls:CertificateToSecurityName:0:Fingerprint"] = "zz",
            ["Snmp:Agent:Tls:Protocols:0"] = "Ssl3",
            ["Snmp:Agent:SecurityNames:0:SecurityModel"] = "Kerberos",
            ["Snmp:Agent:SecurityNames:0:Name"] = "manager",
            ["Snmp:Agent:SecurityNames:0:View"] = "nowhere",
        });
        var message = await StartFailureAsync(configuration);
        Assert.That(message, Does.Contain("Snmp:Agent:Tls:PeerFingerprints:0: not a certificate fingerprint"));
        Assert.That(message, Does.Contain("Snmp:Agent:Tls:CertificateToSecurityName:0:Fingerprint: not a certificate fingerprint"));
        Assert.That(message, Does.Contain("Snmp:Agent:Tls:Protocols:0: not a TLS version"));
        Assert.That(message, Does.Contain("Snmp:Agent:SecurityNames:0:SecurityModel: not a security model"));
        Assert.That(message, Does.Contain("Snmp:Agent:SecurityNames:0:View: names a view"));
    }
}
