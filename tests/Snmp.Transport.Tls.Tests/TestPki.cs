using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls.Tests;

/// <summary>Certificates made in the test with CertificateRequest: a CA, and leaves it signs.</summary>
internal static class TestPki
{
    public static X509Certificate2 CreateCa(string name = "test-ca", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-365), notAfter ?? DateTimeOffset.UtcNow.AddYears(5));
    }

    /// <summary>A leaf signed by <paramref name="issuer"/> (self-signed when null), with its private key.</summary>
    public static X509Certificate2 CreateLeaf(
        X509Certificate2? issuer,
        string commonName,
        Action<SubjectAlternativeNameBuilder>? sans = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        bool ecdsa = false)
    {
        using var rsa = ecdsa ? null : RSA.Create(2048);
        using var ec = ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var request = ecdsa
            ? new CertificateRequest($"CN={commonName}", ec!, HashAlgorithmName.SHA256)
            : new CertificateRequest($"CN={commonName}", rsa!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (sans is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            sans(builder);
            request.CertificateExtensions.Add(builder.Build());
        }

        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issuerKey = issuer.GetRSAPrivateKey()!;
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), from, to, serial);
        return ecdsa ? signed.CopyWithPrivateKey(ec!) : signed.CopyWithPrivateKey(rsa!);
    }

    public static X509Certificate2 Server(X509Certificate2 ca, string name = "agent") =>
        CreateLeaf(ca, name, b => { b.AddDnsName("localhost"); b.AddIpAddress(IPAddress.Loopback); });

    public static X509Certificate2 Client(X509Certificate2 ca, string name = "manager") =>
        CreateLeaf(ca, name, b => b.AddEmailAddress("Manager@TlsLab.TEST"));

    public static CertificateFingerprint Sha256(X509Certificate2 certificate) =>
        CertificateFingerprint.Compute(certificate, HashAlgorithmName.SHA256);
}
