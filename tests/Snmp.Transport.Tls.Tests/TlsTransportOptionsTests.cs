using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls.Tests;

public sealed class TlsTransportOptionsTests
{
    [Test]
    public void AcceptsACertificateWithItsOwnKey()
    {
        using var ca = TestPki.CreateCa();
        using var rsa = TestPki.Client(ca);
        using var ec = TestPki.CreateLeaf(ca, "ec", ecdsa: true);
        Assert.Multiple(() =>
        {
            Assert.That(() => new TlsTransportOptions { LocalCertificate = rsa, TrustAnchors = [ca] }.Validate(), Throws.Nothing);
            Assert.That(() => new TlsTransportOptions { LocalCertificate = ec, TrustAnchors = [ca] }.Validate(), Throws.Nothing);
        });
    }

    [Test]
    public void NamesAMissingCertificateOrPrivateKey()
    {
        using var ca = TestPki.CreateCa();
        using var withKey = TestPki.Client(ca);
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        Assert.Multiple(() =>
        {
            Assert.That(() => new TlsTransportOptions { TrustAnchors = [ca] }.Validate(),
                Throws.TypeOf<SnmpConfigurationException>().With.Message.Contains("LocalCertificate"));
            Assert.That(() => new TlsTransportOptions { LocalCertificate = publicOnly, TrustAnchors = [ca] }.Validate(),
                Throws.TypeOf<SnmpConfigurationException>().With.Message.Contains("no private key").And.Message.Contains("CN=manager"));
        });
    }

    [Test]
    public void NamesAPrivateKeyThatIsNotTheCertificates()
    {
        using var ca = TestPki.CreateCa();
        using var certificate = TestPki.Client(ca);
        using var otherKey = RSA.Create(2048);
        using var mismatched = MismatchedPfx(certificate, otherKey);

        Assert.That(() => new TlsTransportOptions { LocalCertificate = mismatched, TrustAnchors = [ca] }.Validate(),
            Throws.TypeOf<SnmpConfigurationException>().With.Message.Contains("does not belong to the certificate"));
    }

    [Test]
    public void RefusesOptionsThatTrustNobody()
    {
        using var ca = TestPki.CreateCa();
        using var certificate = TestPki.Client(ca);
        Assert.That(() => new TlsTransportOptions { LocalCertificate = certificate }.Validate(),
            Throws.TypeOf<SnmpConfigurationException>().With.Message.Contains("trusts no peer"));
    }

    // A PKCS#12 whose key entry pairs the certificate with a key that is not its own: what a
    // mixed-up export looks like (written with BouncyCastle, which does not check the pair).
    private static X509Certificate2 MismatchedPfx(X509Certificate2 certificate, RSA key)
    {
        var store = new Org.BouncyCastle.Pkcs.Pkcs12StoreBuilder().Build();
        var bcKey = Org.BouncyCastle.Security.PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
        var bcCert = new Org.BouncyCastle.X509.X509Certificate(certificate.RawData);
        store.SetKeyEntry("local", new Org.BouncyCastle.Pkcs.AsymmetricKeyEntry(bcKey), [new Org.BouncyCastle.Pkcs.X509CertificateEntry(bcCert)]);
        using var pfx = new MemoryStream();
        store.Save(pfx, "pw".ToCharArray(), new Org.BouncyCastle.Security.SecureRandom());
        return X509CertificateLoader.LoadPkcs12(pfx.ToArray(), "pw");
    }
}
