using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls;

/// <summary>
/// The certificates and policy of the (D)TLS Transport Model (RFC 6353) for one engine: its own
/// identity, whom it trusts, and how a peer's certificate becomes a tmSecurityName.
/// </summary>
public sealed class TlsTransportOptions
{
    /// <summary>This engine's certificate, with its private key (snmpTlstmServerFingerprint / snmpTlstmParamsClientFingerprint).</summary>
    public X509Certificate2? LocalCertificate { get; init; }

    /// <summary>Trust anchors: certificate authorities a peer's chain may end at.</summary>
    public X509Certificate2Collection TrustAnchors { get; init; } = [];

    /// <summary>
    /// Pinned peer certificates by fingerprint (snmpTlstmAddrServerFingerprint, Net-SNMP's
    /// their_identity): a peer whose leaf (or chain) has one of them is accepted even without a trust anchor.
    /// </summary>
    public IReadOnlyList<CertificateFingerprint> PeerFingerprints { get; init; } = [];

    /// <summary>snmpTlstmCertToTSNTable (RFC 6353 7.1): how a client's certificate becomes tmSecurityName, tried in order.</summary>
    public IReadOnlyList<CertificateToSecurityName> CertificateToSecurityName { get; init; } = [];

    /// <summary>The TLS versions offered and accepted: TLS 1.2 and 1.3 unless a legacy peer needs more.</summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>How long a handshake may take before the connection is given up.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection may stay idle before it is closed (and reopened on the next message).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
