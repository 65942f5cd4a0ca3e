using System.Security.Cryptography;

namespace Snmp.Transport.Tls.Tests;

public sealed class CertificateFingerprintTests
{
    [Test]
    public void ParsesNetSnmpsColonSeparatedHexInEitherCase()
    {
        using var certificate = TestPki.CreateLeaf(null, "fp");
        var computed = TestPki.Sha256(certificate);
        var printed = computed.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(printed, Does.Match("^([0-9A-F]{2}:){31}[0-9A-F]{2}$"));
            Assert.That(CertificateFingerprint.Parse(printed), Is.EqualTo(computed));
            Assert.That(CertificateFingerprint.Parse(printed.ToLowerInvariant()), Is.EqualTo(computed));
            Assert.That(CertificateFingerprint.Parse(printed.Replace(":", "", StringComparison.Ordinal)), Is.EqualTo(computed));
            Assert.That(CertificateFingerprint.Parse("SHA256:" + printed), Is.EqualTo(computed));
            Assert.That(CertificateFingerprint.Parse(printed).HashAlgorithm, Is.EqualTo(HashAlgorithmName.SHA256));
        });
    }

    [TestCase("SHA1", 20, (byte)2)]
    [TestCase("SHA256", 32, (byte)4)]
    [TestCase("SHA384", 48, (byte)5)]
    [TestCase("SHA512", 64, (byte)6)]
    public void ComputesEachAlgorithmWithItsSnmpTlsFingerprintOctet(string algorithm, int size, byte octet)
    {
        using var certificate = TestPki.CreateLeaf(null, "fp");
        var name = new HashAlgorithmName(algorithm);
        var fingerprint = CertificateFingerprint.Compute(certificate, name);
        var wire = fingerprint.ToSnmpTlsFingerprint();

        Assert.Multiple(() =>
        {
            Assert.That(fingerprint.Hash.ToArray(), Is.EqualTo(certificate.GetCertHash(name)));
            Assert.That(fingerprint.Hash.Length, Is.EqualTo(size));
            Assert.That(fingerprint.HashAlgorithmOctet, Is.EqualTo(octet));
            Assert.That(wire[0], Is.EqualTo(octet));
            Assert.That(CertificateFingerprint.FromSnmpTlsFingerprint(wire), Is.EqualTo(fingerprint));
            Assert.That(CertificateFingerprint.Parse(fingerprint.ToString()).HashAlgorithm, Is.EqualTo(name), "length names the algorithm");
            Assert.That(fingerprint.Matches(certificate), Is.True);
        });
    }

    [Test]
    public void ComparesByValue()
    {
        using var one = TestPki.CreateLeaf(null, "one");
        using var two = TestPki.CreateLeaf(null, "two");
        var a = TestPki.Sha256(one);
        var b = CertificateFingerprint.Parse(a.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(a == b, Is.True);
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(a, Is.Not.EqualTo(TestPki.Sha256(two)));
            Assert.That(a, Is.Not.EqualTo(CertificateFingerprint.Compute(one, HashAlgorithmName.SHA1)));
            Assert.That(a.Matches(two), Is.False);
        });
    }

    [TestCase("")]
    [TestCase("AA:BB:CC")]
    [TestCase("ZZ:11")]
    [TestCase("md5:00112233445566778899AABBCCDDEEFF")]
    public void RefusesWhatIsNotAFingerprint(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => CertificateFingerprint.Parse(text), Throws.TypeOf<FormatException>());
            Assert.That(CertificateFingerprint.TryParse(text, out _), Is.False);
        });
    }

    [Test]
    public void RefusesAnUnknownSnmpTlsFingerprintAlgorithmOrLength()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => CertificateFingerprint.FromSnmpTlsFingerprint([1, .. new byte[16]]), Throws.TypeOf<FormatException>());
            Assert.That(() => CertificateFingerprint.FromSnmpTlsFingerprint([4, .. new byte[20]]), Throws.TypeOf<FormatException>());
            Assert.That(() => CertificateFingerprint.FromSnmpTlsFingerprint([]), Throws.TypeOf<FormatException>());
        });
    }
}
