using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;

namespace Snmp.Transport.Tls.Dtls;

/// <summary>
/// This engine's certificate and private key (TlsTransportOptions.LocalCertificate) in the form
/// BouncyCastle's TLS signs with: the certificate chain as TLS certificates, the key as a
/// BouncyCastle key, and the choice of a signature algorithm the peer accepts (TLS 1.2, RFC 5246 7.4.1.4.1).
/// </summary>
internal sealed class DtlsLocalIdentity
{
    private readonly AsymmetricKeyParameter _privateKey;
    private readonly short _hashForCurve;

    private DtlsLocalIdentity(BcCertificate certificate, AsymmetricKeyParameter privateKey, bool isRsa, short hashForCurve)
    {
        Certificate = certificate;
        _privateKey = privateKey;
        IsRsa = isRsa;
        _hashForCurve = hashForCurve;
    }

    /// <summary>The certificate chain this engine presents (its leaf certificate).</summary>
    public BcCertificate Certificate { get; }

    /// <summary>Whether the key is RSA (otherwise ECDSA).</summary>
    public bool IsRsa { get; }

    /// <summary>
    /// Converts <paramref name="certificate"/> and its RSA or ECDSA private key.
    /// </summary>
    /// <exception cref="ArgumentException">No private key, a key type other than RSA or ECDSA, or a key that cannot be exported to BouncyCastle.</exception>
    public static DtlsLocalIdentity Create(X509Certificate2 certificate, TlsCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(crypto);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The local certificate {certificate.Subject} has no private key; (D)TLS needs it to sign the handshake.", nameof(certificate));
        }

        var chain = new BcCertificate([crypto.CreateCertificate(certificate.RawData)]);
        using (var rsa = certificate.GetRSAPrivateKey())
        {
            if (rsa is not null)
            {
                return new DtlsLocalIdentity(chain, ImportPrivateKey(rsa, certificate), isRsa: true, HashAlgorithm.sha256);
            }
        }

        using (var ecdsa = certificate.GetECDsaPrivateKey())
        {
            if (ecdsa is not null)
            {
                var hash = ecdsa.KeySize switch
                {
                    <= 256 => HashAlgorithm.sha256,
                    <= 384 => HashAlgorithm.sha384,
                    _ => HashAlgorithm.sha512,
                };
                return new DtlsLocalIdentity(chain, ImportPrivateKey(ecdsa, certificate), isRsa: false, hash);
            }
        }

        throw new ArgumentException($"The local certificate {certificate.Subject} has a key that is neither RSA nor ECDSA; the DTLS transport signs with those only.", nameof(certificate));
    }

    /// <summary>
    /// A signer for this identity, with the first of this key's signature algorithms that
    /// <paramref name="peerAlgorithms"/> lists (RFC 5246 7.4.1.4.1: absent means SHA-1).
    /// </summary>
    /// <exception cref="TlsFatalAlert">The peer accepts none of this key's signature algorithms (handshake_failure).</exception>
    public TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, IList<SignatureAndHashAlgorithm>? peerAlgorithms)
    {
        var algorithm = ChooseSignatureAlgorithm(peerAlgorithms)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer accepts none of the local key's signature algorithms");
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, _privateKey, Certificate, algorithm);
    }

    private SignatureAndHashAlgorithm? ChooseSignatureAlgorithm(IList<SignatureAndHashAlgorithm>? peerAlgorithms)
    {
        IEnumerable<SignatureAndHashAlgorithm> preferred = IsRsa
            ?
            [
                SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
                SignatureAndHashAlgorithm.rsa_pss_rsae_sha384,
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
                SignatureAndHashAlgorithm.rsa_pss_rsae_sha512,
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha512, SignatureAlgorithm.rsa),
            ]
            :
            [
                SignatureAndHashAlgorithm.GetInstance(_hashForCurve, SignatureAlgorithm.ecdsa),
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha512, SignatureAlgorithm.ecdsa),
            ];
        if (peerAlgorithms is null)
        {
            return SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, IsRsa ? SignatureAlgorithm.rsa : SignatureAlgorithm.ecdsa);
        }

        return preferred.FirstOrDefault(peerAlgorithms.Contains);
    }

    // The key travels as PKCS#8 from .NET to BouncyCastle; the encoding is wiped straight after.
    private static AsymmetricKeyParameter ImportPrivateKey(AsymmetricAlgorithm key, X509Certificate2 certificate)
    {
        byte[] pkcs8;
        try
        {
            pkcs8 = key.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"The private key of the local certificate {certificate.Subject} cannot be exported, and BouncyCastle's DTLS needs it (load the certificate with an exportable key).", nameof(certificate), e);
        }

        try
        {
            var parameter = PrivateKeyFactory.CreateKey(pkcs8);
            return parameter is RsaKeyParameters or ECPrivateKeyParameters
                ? parameter
                : throw new ArgumentException($"The private key of the local certificate {certificate.Subject} is of an unsupported type.", nameof(certificate));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>A peer's chain as .NET certificates: the leaf first, then the rest as sent.</summary>
    /// <exception cref="TlsFatalAlert">An empty chain (certificate_required) or one .NET cannot parse (bad_certificate).</exception>
    public static (X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Chain) ToX509(BcCertificate? certificate)
    {
        if (certificate is null || certificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.certificate_required, "the peer sent no certificate");
        }

        var chain = new List<X509Certificate2>(certificate.Length);
        try
        {
            for (var i = 0; i < certificate.Length; i++)
            {
                chain.Add(X509CertificateLoader.LoadCertificate(certificate.GetCertificateAt(i).GetEncoded()));
            }
        }
        catch (CryptographicException e)
        {
            foreach (var c in chain)
            {
                c.Dispose();
            }

            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the peer's certificate cannot be parsed", e);
        }

        return (chain[0], chain);
    }
}
