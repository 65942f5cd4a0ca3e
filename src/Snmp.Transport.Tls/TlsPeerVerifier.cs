using System.Security.Cryptography.X509Certificates;
using Snmp.Smi;

namespace Snmp.Transport.Tls;

/// <summary>
/// Decides whether a (D)TLS peer's certificate is acceptable under <see cref="TlsTransportOptions"/>
/// and, for a client seen by a server, which tmSecurityName it has (RFC 6353 5.3.2, 7.1). One
/// policy for both the TLS and the DTLS mapping.
/// </summary>
internal sealed class TlsPeerVerifier(TlsTransportOptions options)
{
    public TlsTransportOptions Options { get; } = options;

    /// <summary>A client checking the server it connected to (RFC 6353 5.3.1): pinned fingerprint, or a chain to a trust anchor.</summary>
    public bool VerifyServer(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, out string? failure) =>
        throw new NotImplementedException("the TLS work fills this in");

    /// <summary>A server checking a client (RFC 6353 5.3.2) and mapping it to tmSecurityName through snmpTlstmCertToTSNTable.</summary>
    public bool VerifyClient(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, out OctetString? securityName, out string? failure) =>
        throw new NotImplementedException("the TLS work fills this in");
}
