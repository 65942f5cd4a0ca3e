using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls;

/// <summary>
/// The certificates and policy of the (D)TLS Transport Model (RFC 6353) for one engine: its own
/// identity, whom it trusts, and how a peer's certificate becomes a tmSecurityName.
/// </summary>
public sealed class TlsTransportOptions
{
    /// <summary>
    /// This engine's certificate, with its private key (snmpTlstmServerFingerprint /
    /// snmpTlstmParamsClientFingerprint). Required in both roles: RFC 6353 servers demand a client
    /// certificate. <see cref="Validate"/> checks that the private key is there and belongs to it.
    /// </summary>
    public X509Certificate2? LocalCertificate { get; init; }

    /// <summary>
    /// The certificates sent after <see cref="LocalCertificate"/> (intermediate CAs, and the root
    /// if the peer wants it, as OpenSSL-based peers such as Net-SNMP do when they verify a chain).
    /// Empty (the default): the chain from <see cref="LocalCertificate"/> to one of
    /// <see cref="TrustAnchors"/>, when it builds.
    /// </summary>
    public X509Certificate2Collection LocalCertificateChain { get; init; } = [];

    /// <summary>
    /// Trust anchors: certificate authorities a peer's chain may end at (Net-SNMP's trustCert).
    /// Only these are trusted (custom root trust), not the system's store, unless
    /// <see cref="UseSystemTrustStore"/> is set.
    /// </summary>
    public X509Certificate2Collection TrustAnchors { get; init; } = [];

    /// <summary>Also accept peers whose chain ends at a root in the operating system's trust store (off by default: SNMP peers rarely have public certificates).</summary>
    public bool UseSystemTrustStore { get; init; }

    /// <summary>
    /// Pinned peer certificates by fingerprint (snmpTlstmAddrServerFingerprint, Net-SNMP's
    /// their_identity / peerCert): a peer whose own certificate has one of them is accepted even
    /// without a trust anchor (its validity period is still checked).
    /// </summary>
    public IReadOnlyList<CertificateFingerprint> PeerFingerprints { get; init; } = [];

    /// <summary>
    /// snmpTlstmAddrServerIdentity (Net-SNMP's their_hostname): when set, a server accepted through
    /// a trust anchor (not a pinned fingerprint) must also carry this name (a subjectAltName
    /// dNSName or iPAddress, or its CommonName). RFC 6353 5.3.1 asks a client to check the
    /// server's identity one of these two ways.
    /// </summary>
    public string? ServerIdentity { get; init; }

    /// <summary>snmpTlstmCertToTSNTable (RFC 6353 7.1): how a client's certificate becomes tmSecurityName, tried in order.</summary>
    public IReadOnlyList<CertificateToSecurityName> CertificateToSecurityName { get; init; } = [];

    /// <summary>
    /// The TLS versions offered and accepted: TLS 1.2 and 1.3. Adding <see cref="SslProtocols.Tls"/>
    /// (TLS 1.0) or <see cref="SslProtocols.Tls11"/> is a legacy opt-in, for Net-SNMP 5.9.3's tlstcp,
    /// which speaks TLS 1.0 only: the TLS mapping then runs its handshakes on BouncyCastle's TLS
    /// (which the operating system's OpenSSL security level does not restrict, so no OPENSSL_CONF
    /// change is needed) instead of SslStream, and logs a warning when it is created. TLS 1.0 has
    /// weak MD5/SHA-1 handshake signatures; use it only on networks where that is acceptable.
    /// </summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>How long a handshake may take before the connection is given up.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection may stay idle before it is closed (and reopened on the next message).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a peer may take to send the rest of a message it has started: a peer that trickles
    /// a message (or stops in the middle of one) is disconnected after it.
    /// </summary>
    public TimeSpan MessageReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest message accepted or sent (a peer announcing more is disconnected): 65,507 by default, as for UDP.</summary>
    public int MaxMessageSize { get; init; } = 65507;

    /// <summary>Whether the peer's certificate revocation is checked while its chain is built (no check by default: lab PKIs rarely publish CRLs).</summary>
    public X509RevocationMode RevocationMode { get; init; } = X509RevocationMode.NoCheck;

    /// <summary>The clock certificates' validity periods and idle connections are measured by.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>What is sent after the local certificate: <see cref="LocalCertificateChain"/>, else the chain built to a trust anchor.</summary>
    internal X509Certificate2Collection SentChain()
    {
        if (LocalCertificateChain.Count > 0 || LocalCertificate is null || TrustAnchors.Count == 0)
        {
            return LocalCertificateChain;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(TrustAnchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        var sent = new X509Certificate2Collection();
        if (chain.Build(LocalCertificate))
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                sent.Add(X509CertificateLoader.LoadCertificate(element.Certificate.RawData));
            }
        }

        foreach (var element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }

        return sent;
    }

    /// <summary>True when <see cref="EnabledProtocols"/> asks for TLS 1.0 or 1.1 (the legacy opt-in).</summary>
    public bool UsesLegacyProtocols =>
#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are named here only to detect the documented opt-in.
        (EnabledProtocols & (SslProtocols.Tls | SslProtocols.Tls11)) != 0;
#pragma warning restore SYSLIB0039

    /// <summary>
    /// Checks the options before anything is sent: a <see cref="LocalCertificate"/> with its
    /// private key, the key belonging to the certificate, a way to trust peers, sane sizes and times.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">What is wrong, naming the certificate (never the key).</exception>
    public void Validate()
    {
        if (LocalCertificate is not { } certificate)
        {
            throw new SnmpConfigurationException("TLS needs a LocalCertificate (with its private key): RFC 6353 peers authenticate both ends with certificates");
        }

        var who = $"the LocalCertificate '{certificate.Subject}' ({CertificateFingerprint.Compute(certificate, HashAlgorithmName.SHA256)})";
        if (!certificate.HasPrivateKey)
        {
            throw new SnmpConfigurationException($"{who} has no private key; load it with its key (PFX/PKCS#12, or X509Certificate2.CreateFromPemFile with the key file)");
        }

        if (!KeyMatchesCertificate(certificate, out var problem))
        {
            throw new SnmpConfigurationException($"{who}: {problem}");
        }

        if (TrustAnchors.Count == 0 && PeerFingerprints.Count == 0 && !UseSystemTrustStore)
        {
            throw new SnmpConfigurationException("TLS trusts no peer: give TrustAnchors (CA certificates), PeerFingerprints (pinned peers) or UseSystemTrustStore");
        }

        if ((EnabledProtocols & (SslProtocols.Tls12 | SslProtocols.Tls13)) == 0 && !UsesLegacyProtocols)
        {
            throw new SnmpConfigurationException($"TLS EnabledProtocols '{EnabledProtocols}' enables no TLS version this transport speaks (1.2, 1.3, or the legacy 1.0/1.1)");
        }

        if (HandshakeTimeout <= TimeSpan.Zero || IdleTimeout <= TimeSpan.Zero || MessageReadTimeout <= TimeSpan.Zero)
        {
            throw new SnmpConfigurationException("TLS HandshakeTimeout, IdleTimeout and MessageReadTimeout must be positive");
        }

        if (MaxMessageSize < 484)
        {
            throw new SnmpConfigurationException($"TLS MaxMessageSize {MaxMessageSize} is below the 484 octets every SNMP engine must accept (RFC 3417 3.2)");
        }
    }

    // Signs a probe with the private key and verifies it with the certificate's public key: the
    // one test that holds for every key type and for keys that cannot be exported.
    private static bool KeyMatchesCertificate(X509Certificate2 certificate, out string problem)
    {
        byte[] probe = "RFC 6353 local certificate key check"u8.ToArray();
        try
        {
            using (var rsa = certificate.GetRSAPrivateKey())
            {
                if (rsa is not null)
                {
                    using var pub = certificate.GetRSAPublicKey()!;
                    var signature = rsa.SignData(probe, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    return Result(pub.VerifyData(probe, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), out problem);
                }
            }

            using (var ecdsa = certificate.GetECDsaPrivateKey())
            {
                if (ecdsa is not null)
                {
                    using var pub = certificate.GetECDsaPublicKey()!;
                    var signature = ecdsa.SignData(probe, HashAlgorithmName.SHA256);
                    return Result(pub.VerifyData(probe, signature, HashAlgorithmName.SHA256), out problem);
                }
            }
        }
        catch (CryptographicException e)
        {
            problem = $"its private key cannot be used ({e.GetType().Name})";
            return false;
        }

        problem = "its private key is neither RSA nor ECDSA, the key types TLS certificates for SNMP use";
        return false;
    }

    private static bool Result(bool matches, out string problem)
    {
        problem = matches ? "" : "the private key does not belong to the certificate (its public key differs)";
        return matches;
    }
}
