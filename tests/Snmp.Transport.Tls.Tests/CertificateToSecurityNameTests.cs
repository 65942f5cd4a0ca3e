using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls.Tests;

public sealed class CertificateToSecurityNameTests
{
    private static X509Certificate2 _ca = null!;
    private static X509Certificate2 _client = null!;

    [OneTimeSetUp]
    public static void MakeCertificates()
    {
        _ca = TestPki.CreateCa();
        _client = TestPki.CreateLeaf(_ca, "Manager CN", b =>
        {
            b.AddIpAddress(IPAddress.Parse("2001:db8::1"));
            b.AddDnsName("Host.EXAMPLE.com");
            b.AddEmailAddress("Joe.User@EXAMPLE.Com");
            b.AddIpAddress(IPAddress.Parse("192.0.2.1"));
        });
    }

    [OneTimeTearDown]
    public static void Dispose()
    {
        _client.Dispose();
        _ca.Dispose();
    }

    private static string? Map(CertificateMapType type, string? data = null) =>
        new CertificateToSecurityName(TestPki.Sha256(_ca), type, data).Map(_client)?.ToString();

    [Test]
    public void MapsEachTypeAsRfc6353Says()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Map(CertificateMapType.Specified, "ops"), Is.EqualTo("ops"));
            Assert.That(Map(CertificateMapType.CommonName), Is.EqualTo("Manager CN"));
            Assert.That(Map(CertificateMapType.SanRfc822Name), Is.EqualTo("Joe.User@example.com"), "local part kept, domain lower-cased");
            Assert.That(Map(CertificateMapType.SanDnsName), Is.EqualTo("host.example.com"));
            Assert.That(Map(CertificateMapType.SanIpAddress), Is.EqualTo("20010db8000000000000000000000001"), "the first iPAddress (IPv6: 32 lower-case hex digits)");
            Assert.That(Map(CertificateMapType.SanAny), Is.EqualTo("20010db8000000000000000000000001"), "the first SAN of the three types, in certificate order");
        });
    }

    [Test]
    public void MapsAnIpv4AddressAsADottedQuad()
    {
        using var v4 = TestPki.CreateLeaf(_ca, "v4", b => b.AddIpAddress(IPAddress.Parse("192.0.2.1")));
        var row = new CertificateToSecurityName(TestPki.Sha256(_ca), CertificateMapType.SanIpAddress);
        Assert.That(row.Map(v4), Is.EqualTo(new OctetString("192.0.2.1")));
    }

    [Test]
    public void GivesNothingWhenTheCertificateLacksTheFieldOrTheNameIsTooLong()
    {
        using var bare = TestPki.CreateLeaf(_ca, new string('x', 40));
        var ca = TestPki.Sha256(_ca);
        Assert.Multiple(() =>
        {
            Assert.That(new CertificateToSecurityName(ca, CertificateMapType.SanDnsName).Map(bare), Is.Null);
            Assert.That(new CertificateToSecurityName(ca, CertificateMapType.SanAny).Map(bare), Is.Null);
            Assert.That(new CertificateToSecurityName(ca, CertificateMapType.CommonName).Map(bare), Is.Null, "an SnmpAdminString tmSecurityName has at most 32 octets");
            Assert.That(new CertificateToSecurityName(ca, CertificateMapType.Specified).Map(bare), Is.Null, "specified with no data");
        });
    }

    [Test]
    public void PrintsAsNetSnmpsCertSecName()
    {
        var fingerprint = TestPki.Sha256(_ca);
        Assert.That(new CertificateToSecurityName(fingerprint, CertificateMapType.CommonName).ToString(), Is.EqualTo($"{fingerprint} --cn"));
    }
}
