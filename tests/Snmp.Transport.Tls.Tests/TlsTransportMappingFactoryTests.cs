using System.Net;
using Snmp.AbstractServices;

namespace Snmp.Transport.Tls.Tests;

public sealed class TlsTransportMappingFactoryTests
{
    private static readonly Lazy<(System.Security.Cryptography.X509Certificates.X509Certificate2 Ca, System.Security.Cryptography.X509Certificates.X509Certificate2 Client)> Certificates =
        new(() => { var ca = TestPki.CreateCa(); return (ca, TestPki.Client(ca)); });

    // One CA and client certificate for every test here (RSA key generation is the slow part);
    // the returned CA is a copy each test may dispose.
    private static TlsTransportMappingFactory Factory(out System.Security.Cryptography.X509Certificates.X509Certificate2 ca)
    {
        var (sharedCa, client) = Certificates.Value;
        ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(sharedCa.RawData);
        return new TlsTransportMappingFactory(new TlsTransportOptions { LocalCertificate = client, TrustAnchors = [ca] });
    }

    [TestCase("tls:127.0.0.1:1234", SnmpEntityRole.CommandResponder, "snmpTLSTCPDomain", "127.0.0.1:1234")]
    [TestCase("tlstcp:127.0.0.1", SnmpEntityRole.CommandResponder, "snmpTLSTCPDomain", "127.0.0.1:10161")]
    [TestCase("TLS:127.0.0.1", SnmpEntityRole.NotificationReceiver, "snmpTLSTCPDomain", "127.0.0.1:10162")]
    [TestCase("tls:[::1]:99", SnmpEntityRole.CommandResponder, "snmpTLSTCPDomain", "[::1]:99")]
    [TestCase("tls:[::1]", SnmpEntityRole.NotificationReceiver, "snmpTLSTCPDomain", "[::1]:10162")]
    [TestCase("dtls:127.0.0.1:5", SnmpEntityRole.CommandResponder, "snmpDTLSUDPDomain", "127.0.0.1:5")]
    [TestCase("dtlsudp:[::1]", SnmpEntityRole.CommandResponder, "snmpDTLSUDPDomain", "[::1]:10161")]
    [TestCase("dtlsudp:127.0.0.1", SnmpEntityRole.NotificationReceiver, "snmpDTLSUDPDomain", "127.0.0.1:10162")]
    public void ReadsTheAddressesOfBothDomains(string text, SnmpEntityRole role, string domain, string endPoint)
    {
        var factory = Factory(out var ca);
        using (ca)
        {
            Assert.That(factory.TryParseAddress(text, null, role, forListening: false, out var parsedDomain, out var parsed), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(parsedDomain!.Name, Is.EqualTo(domain));
                Assert.That(parsed, Is.EqualTo(IPEndPoint.Parse(endPoint)));
            });
        }
    }

    [TestCase("127.0.0.1:161")]
    [TestCase("udp:127.0.0.1:161")]
    [TestCase("tcp:127.0.0.1:161")]
    [TestCase("localhost")]
    public void LeavesOtherTransportsAddressesAlone(string text)
    {
        var factory = Factory(out var ca);
        using (ca)
        {
            Assert.That(factory.TryParseAddress(text, null, SnmpEntityRole.CommandResponder, false, out _, out _), Is.False);
        }
    }

    [TestCase("tls:[::1")]
    [TestCase("tls:127.0.0.1:0")]
    [TestCase("tls:127.0.0.1:70000")]
    [TestCase("dtls:")]
    public void RefusesMalformedAddressesOfItsDomains(string text)
    {
        var factory = Factory(out var ca);
        using (ca)
        {
            Assert.That(() => factory.TryParseAddress(text, null, SnmpEntityRole.CommandResponder, false, out _, out _), Throws.TypeOf<FormatException>());
        }
    }

    [Test]
    public async Task MakesListeningAndClientTlsMappings()
    {
        var factory = Factory(out var ca);
        using (ca)
        {
            Assert.That(factory.TryParseAddress("tls:127.0.0.1:0", null, SnmpEntityRole.CommandResponder, forListening: true, out var domain, out var local), Is.True);
            await using var listening = factory.CreateTransportMapping(domain!, local);
            await using var client = factory.CreateTransportMapping(TransportDomain.TlsTcp, null);
            Assert.Multiple(() =>
            {
                Assert.That(listening, Is.TypeOf<TlsTransportMapping>());
                Assert.That(((IPEndPoint)listening.LocalAddress).Port, Is.Not.Zero);
                Assert.That(client.TransportDomain, Is.EqualTo(TransportDomain.TlsTcp));
                Assert.That(factory.TransportDomains, Is.EquivalentTo(new[] { TransportDomain.TlsTcp, TransportDomain.DtlsUdp }));
            });
        }
    }

    [Test]
    public void ChecksTheOptionsWhenItIsMade()
    {
        Assert.That(() => new TlsTransportMappingFactory(new TlsTransportOptions()), Throws.TypeOf<SnmpConfigurationException>());
    }
}
