using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Snmp.AbstractServices;
using Snmp.Transport.Tls;

namespace Snmp.Tests;

/// <summary>
/// The facade's (D)TLS wiring: <c>Tls</c> on the engines' options registers RFC 6353's transport,
/// so "tls:" addresses work for Managers, Agents and TrapReceivers; without it they are not
/// understood. One Get from our Manager to our Agent over real TLS (TLS 1.3 on SslStream) with TSM.
/// </summary>
[TestFixture]
public sealed class TlsTransportWiringTests
{
    private static readonly ObjectIdentifier SysName = "1.3.6.1.2.1.1.5.0";

    private X509Certificate2 _ca = null!;
    private X509Certificate2 _agent = null!;
    private X509Certificate2 _manager = null!;

    [OneTimeSetUp]
    public void MakeCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=wiring-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(2));
        _agent = Leaf("agent");
        _manager = Leaf("manager");
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _ca.Dispose();
        _agent.Dispose();
        _manager.Dispose();
    }

    private X509Certificate2 Leaf(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var signed = request.Create(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [1, (byte)name.Length, (byte)name[0]]);
        return signed.CopyWithPrivateKey(key);
    }

    private TlsTransportOptions Options(X509Certificate2 local) => new()
    {
        LocalCertificate = local,
        TrustAnchors = [_ca],
        CertificateToSecurityName = [new CertificateToSecurityName(CertificateFingerprint.Compute(_ca, HashAlgorithmName.SHA256), CertificateMapType.CommonName)],
    };

    [Test]
    public async Task WithTlsOptionsTlsAddressesReachAnAgentOverTls()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["tls:127.0.0.1:0"], Tls = Options(_agent), SysName = "wired" });
        agent.AddSecurityName(SecurityModel.Tsm, "manager");
        var port = ((IPEndPoint)agent.ListeningAddresses.Single()).Port;
        await using var engine = new Engine(new EngineOptions { Tls = Options(_manager) });
        var manager = engine.Manager($"tls:127.0.0.1:{port}", securityModel: SecurityModel.Tsm, defaultUserName: "manager");

        var result = await manager.GetAsync([SysName], new RequestOptions { Timeout = TimeSpan.FromSeconds(20) });

        Assert.That(result[0].Value, Is.EqualTo(new OctetString("wired")));
    }

    [Test]
    public async Task ATrapReceiverListensOnTlsWhenItsOptionsSayHow()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["tls:127.0.0.1:0"], Tls = Options(_agent) });
        Assert.That(((IPEndPoint)receiver.ListeningAddresses.Single()).Port, Is.Not.Zero);
    }

    [Test]
    public async Task WithoutTlsOptionsATlsAddressIsNotUnderstood()
    {
        await using var engine = new Engine();
        Assert.That(() => engine.Manager("tls:127.0.0.1:10161", securityModel: SecurityModel.Tsm, defaultUserName: "manager"),
            Throws.InstanceOf<SnmpException>().Or.InstanceOf<FormatException>().Or.InstanceOf<ArgumentException>());
    }

    [Test]
    public void TlsOptionsWithoutAPrivateKeyAreRefusedWhenTheEngineIsBuilt()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(_manager.RawData);
        Assert.That(() => new Engine(new EngineOptions { Tls = new TlsTransportOptions { LocalCertificate = publicOnly, TrustAnchors = [_ca] } }), Throws.InstanceOf<SnmpConfigurationException>().With.Message.Contains("no private key"));
    }
}
