using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls.Dtls;

/// <summary>A client's check of the server it reached (RFC 6353 5.3.1), as <see cref="TlsPeerVerifier.VerifyServer"/>.</summary>
internal delegate bool DtlsServerCheck(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, out string? failure);

/// <summary>A server's check of a client and its tmSecurityName (RFC 6353 5.3.2), as <see cref="TlsPeerVerifier.VerifyClient"/>.</summary>
internal delegate bool DtlsClientCheck(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, out OctetString? securityName, out string? failure);

/// <summary>
/// What the DTLS machinery needs from the (D)TLS Transport Model's configuration: this engine's
/// identity, the timeouts, and the two peer checks (normally <see cref="TlsPeerVerifier"/>'s; tests
/// may give their own).
/// </summary>
internal sealed class DtlsPeerPolicy
{
    public DtlsPeerPolicy(TlsTransportOptions options, DtlsServerCheck verifyServer, DtlsClientCheck verifyClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(verifyServer);
        ArgumentNullException.ThrowIfNull(verifyClient);
        Options = options;
        VerifyServer = verifyServer;
        VerifyClient = verifyClient;
    }

    /// <summary>The policy of <paramref name="verifier"/>: its options and its two checks.</summary>
    public static DtlsPeerPolicy From(TlsPeerVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return new DtlsPeerPolicy(verifier.Options, verifier.VerifyServer, verifier.VerifyClient);
    }

    public TlsTransportOptions Options { get; }

    public DtlsServerCheck VerifyServer { get; }

    public DtlsClientCheck VerifyClient { get; }
}
