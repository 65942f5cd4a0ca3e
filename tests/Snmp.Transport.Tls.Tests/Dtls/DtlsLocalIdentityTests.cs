using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Snmp.Transport.Tls.Dtls;

namespace Snmp.Transport.Tls.Tests.Dtls;

/// <summary>The local certificate and key as BouncyCastle's TLS takes them, and peer chains back as .NET certificates.</summary>
[TestFixture]
public sealed class DtlsLocalIdentityTests
{
    private static readonly BcTlsCrypto Crypto = new(new SecureRandom());

    [Test]
    public void The_chain_presented_by_default_runs_from_the_certificate_to_its_anchor_and_leaves_other_anchors_out()
    {
        using var ca = TestPki.CreateCa("identity-ca");
        using var unrelated = TestPki.CreateCa("unrelated-ca");
        using var leaf = TestPki.Server(ca);

        var options = new TlsTransportOptions { LocalCertificate = leaf, TrustAnchors = [unrelated, ca] };

        var identity = DtlsLocalIdentity.Create(leaf, Crypto, options.SentChain());

        Assert.Multiple(() =>
        {
            Assert.That(identity.Certificate.Length, Is.EqualTo(2));
            Assert.That(identity.Certificate.GetCertificateAt(0).GetEncoded(), Is.EqualTo(leaf.RawData));
            Assert.That(identity.Certificate.GetCertificateAt(1).GetEncoded(), Is.EqualTo(ca.RawData));
            Assert.That(identity.IsRsa, Is.True);
        });
    }

    [Test]
    public void A_configured_chain_is_presented_as_given()
    {
        using var ca = TestPki.CreateCa("identity-ca");
        using var other = TestPki.CreateCa("sent-anyway");
        using var leaf = TestPki.Server(ca);
        var options = new TlsTransportOptions { LocalCertificate = leaf, TrustAnchors = [ca], LocalCertificateChain = [other] };

        var identity = DtlsLocalIdentity.Create(leaf, Crypto, options.SentChain());

        Assert.That(identity.Certificate.GetCertificateAt(identity.Certificate.Length - 1).GetEncoded(), Is.EqualTo(other.RawData));
    }

    [Test]
    public void Without_anchors_the_certificate_alone_is_presented()
    {
        using var ca = TestPki.CreateCa("identity-ca");
        using var leaf = TestPki.CreateLeaf(ca, "ec", ecdsa: true);

        var identity = DtlsLocalIdentity.Create(leaf, Crypto);

        Assert.Multiple(() =>
        {
            Assert.That(identity.Certificate.Length, Is.EqualTo(1));
            Assert.That(identity.IsRsa, Is.False);
        });
    }

    [Test]
    public void A_certificate_without_its_private_key_is_refused_by_name()
    {
        using var ca = TestPki.CreateCa("identity-ca");
        using var withKey = TestPki.Server(ca, "keyless");
        using var withoutKey = X509CertificateLoader.LoadCertificate(withKey.RawData);

        var refused = Assert.Throws<ArgumentException>(() => DtlsLocalIdentity.Create(withoutKey, Crypto));
        Assert.That(refused!.Message, Does.Contain("CN=keyless").And.Contain("no private key"));
    }

    [Test]
    public void A_peer_chain_comes_back_leaf_first_and_an_empty_one_is_certificate_required()
    {
        using var ca = TestPki.CreateCa("identity-ca");
        using var leaf = TestPki.Client(ca);
        var sent = new Certificate([Crypto.CreateCertificate(leaf.RawData), Crypto.CreateCertificate(ca.RawData)]);

        var (peer, chain) = DtlsLocalIdentity.ToX509(sent);
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(peer.RawData, Is.EqualTo(leaf.RawData));
                Assert.That(chain.Select(c => c.Subject), Is.EqualTo(new[] { leaf.Subject, ca.Subject }));
            });
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }

        var empty = Assert.Throws<TlsFatalAlert>(() => DtlsLocalIdentity.ToX509(Certificate.EmptyChain));
        Assert.That(empty!.AlertDescription, Is.EqualTo(AlertDescription.certificate_required));
    }
}
