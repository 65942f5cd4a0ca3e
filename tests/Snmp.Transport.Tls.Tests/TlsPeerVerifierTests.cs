using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls.Tests;

public sealed class TlsPeerVerifierTests
{
    private static X509Certificate2 _ca = null!;
    private static X509Certificate2 _otherCa = null!;
    private static X509Certificate2 _server = null!;
    private static X509Certificate2 _client = null!;
    private static X509Certificate2 _stranger = null!;
    private static X509Certificate2 _expired = null!;

    [OneTimeSetUp]
    public static void MakeCertificates()
    {
        _ca = TestPki.CreateCa();
        _otherCa = TestPki.CreateCa("other-ca");
        _server = TestPki.Server(_ca);
        _client = TestPki.Client(_ca);
        _stranger = TestPki.Client(_otherCa, "stranger");
        _expired = TestPki.CreateLeaf(_ca, "expired", notBefore: DateTimeOffset.UtcNow.AddDays(-30), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
    }

    [OneTimeTearDown]
    public static void Dispose()
    {
        foreach (var certificate in new[] { _ca, _otherCa, _server, _client, _stranger, _expired })
        {
            certificate.Dispose();
        }
    }

    private static TlsPeerVerifier Verifier(
        IReadOnlyList<CertificateFingerprint>? pinned = null,
        bool anchors = true,
        IReadOnlyList<CertificateToSecurityName>? map = null,
        string? serverIdentity = null) =>
        new(new TlsTransportOptions
        {
            TrustAnchors = anchors ? [_ca] : [],
            PeerFingerprints = pinned ?? [],
            CertificateToSecurityName = map ?? [new CertificateToSecurityName(TestPki.Sha256(_ca), CertificateMapType.CommonName)],
            ServerIdentity = serverIdentity,
        });

    [Test]
    public void AcceptsAServerWhoseChainBuildsToATrustAnchor()
    {
        Assert.That(Verifier().VerifyServer(_server, [_server], out var failure), Is.True, failure);
    }

    [Test]
    public void AcceptsAPinnedServerWithoutAnyTrustAnchor()
    {
        using var selfSigned = TestPki.CreateLeaf(null, "pinned");
        var verifier = Verifier(pinned: [TestPki.Sha256(selfSigned)], anchors: false);
        Assert.That(verifier.VerifyServer(selfSigned, [], out var failure), Is.True, failure);
    }

    [Test]
    public void RefusesAServerWithAnUnknownFingerprint()
    {
        using var selfSigned = TestPki.CreateLeaf(null, "unknown");
        var verifier = Verifier(pinned: [TestPki.Sha256(_server)], anchors: false);

        Assert.That(verifier.VerifyServer(selfSigned, [], out var failure), Is.False);
        Assert.That(failure, Does.Contain("unknown fingerprint").And.Contain("CN=unknown"));
    }

    [Test]
    public void RefusesAnUntrustedServer()
    {
        using var server = TestPki.Server(_otherCa, "foreign");
        Assert.That(Verifier().VerifyServer(server, [server, _otherCa], out var failure), Is.False);
        Assert.That(failure, Does.Contain("untrusted").And.Contain("does not chain to any of the TrustAnchors"));
    }

    [Test]
    public void RefusesAnExpiredCertificateEvenWhenPinned()
    {
        var verifier = Verifier(pinned: [TestPki.Sha256(_expired)]);
        Assert.Multiple(() =>
        {
            Assert.That(verifier.VerifyServer(_expired, [], out var failure), Is.False);
            Assert.That(failure, Does.Contain("expired"));
            Assert.That(verifier.VerifyClient(_expired, [], out var name, out failure), Is.False);
            Assert.That(failure, Does.Contain("expired"));
            Assert.That(name, Is.Null);
        });
    }

    [Test]
    public void RefusesAServerNotNamedServerIdentity()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Verifier(serverIdentity: "localhost").VerifyServer(_server, [], out var failure), Is.True, failure);
            Assert.That(Verifier(serverIdentity: "elsewhere.example").VerifyServer(_server, [], out failure), Is.False);
            Assert.That(failure, Does.Contain("elsewhere.example"));
        });
    }

    [Test]
    public void GivesATrustedClientTheNameOfTheFirstMatchingRow()
    {
        var map = new[]
        {
            new CertificateToSecurityName(TestPki.Sha256(_otherCa), CertificateMapType.Specified, "not-this-ca"),
            new CertificateToSecurityName(TestPki.Sha256(_ca), CertificateMapType.SanDnsName),  // no dNSName: next row
            new CertificateToSecurityName(TestPki.Sha256(_client), CertificateMapType.SanRfc822Name),
            new CertificateToSecurityName(TestPki.Sha256(_ca), CertificateMapType.CommonName),
        };

        Assert.That(Verifier(map: map).VerifyClient(_client, [_client], out var name, out var failure), Is.True, failure);
        Assert.That(name, Is.EqualTo(new OctetString("Manager@tlslab.test")));
    }

    [Test]
    public void MatchesARowByACaOfTheVerifiedChain()
    {
        Assert.That(Verifier().VerifyClient(_client, [_client], out var name, out var failure), Is.True, failure);
        Assert.That(name, Is.EqualTo(new OctetString("manager")));
    }

    [Test]
    public void RefusesATrustedClientNoRowMaps()
    {
        var map = new[] { new CertificateToSecurityName(TestPki.Sha256(_otherCa), CertificateMapType.CommonName) };
        Assert.That(Verifier(map: map).VerifyClient(_client, [_client], out var name, out var failure), Is.False);
        Assert.Multiple(() =>
        {
            Assert.That(name, Is.Null);
            Assert.That(failure, Does.Contain("no CertificateToSecurityName row"));
        });
    }

    [Test]
    public void RefusesAnUntrustedClientBeforeMappingIt()
    {
        var map = new[] { new CertificateToSecurityName(TestPki.Sha256(_stranger), CertificateMapType.CommonName) };
        Assert.That(Verifier(map: map).VerifyClient(_stranger, [_stranger, _otherCa], out _, out var failure), Is.False);
        Assert.That(failure, Does.Contain("untrusted"));
    }

    [Test]
    public void APinnedClientMatchesRowsByItsOwnFingerprintOnly()
    {
        var pinned = new[] { TestPki.Sha256(_stranger) };
        var byCa = new[] { new CertificateToSecurityName(TestPki.Sha256(_otherCa), CertificateMapType.CommonName) };
        var byLeaf = new[] { new CertificateToSecurityName(CertificateFingerprint.Compute(_stranger, HashAlgorithmName.SHA1), CertificateMapType.Specified, "pinned-one") };

        Assert.Multiple(() =>
        {
            Assert.That(Verifier(pinned, anchors: false, map: byCa).VerifyClient(_stranger, [_stranger, _otherCa], out _, out _), Is.False,
                "an unverified CA the client presents names nobody");
            Assert.That(Verifier(pinned, anchors: false, map: byLeaf).VerifyClient(_stranger, [], out var name, out var failure), Is.True, failure);
            Assert.That(name, Is.EqualTo(new OctetString("pinned-one")));
        });
    }
}
