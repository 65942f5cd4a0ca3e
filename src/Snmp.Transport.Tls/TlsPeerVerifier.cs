using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls;

/// <summary>
/// Decides whether a (D)TLS peer's certificate is acceptable under <see cref="TlsTransportOptions"/>
/// and, for a client seen by a server, which tmSecurityName it has (RFC 6353 5.3.2, 7.1). One
/// policy for both the TLS and the DTLS mapping. Every refusal comes with a reason naming the
/// certificate (subject and SHA-256 fingerprint) and what is wrong with it.
/// </summary>
internal sealed class TlsPeerVerifier(TlsTransportOptions options)
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    public TlsTransportOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>
    /// A client checking the server it connected to (RFC 6353 5.3.1): the server's certificate has
    /// a pinned fingerprint (<see cref="TlsTransportOptions.PeerFingerprints"/>), or its chain
    /// builds to one of <see cref="TlsTransportOptions.TrustAnchors"/> (and carries
    /// <see cref="TlsTransportOptions.ServerIdentity"/> when that is set).
    /// </summary>
    public bool VerifyServer(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(chain);
        if (!Trust(leaf, chain, ServerAuth, "server", out var pinned, out _, out failure))
        {
            return false;
        }

        if (!pinned && Options.ServerIdentity is { } identity && !leaf.MatchesHostname(identity, allowWildcards: true, allowCommonName: true))
        {
            failure = $"the server's certificate {Describe(leaf)} is trusted but is not for '{identity}' (ServerIdentity)";
            return false;
        }

        return true;
    }

    /// <summary>
    /// A server checking a client (RFC 6353 5.3.2): pinned fingerprint or a chain to a trust
    /// anchor, then the first snmpTlstmCertToTSNTable row whose fingerprint is the client's
    /// certificate or one of its verified chain's, and whose mapping gives a name, gives
    /// tmSecurityName. No such row: refused.
    /// </summary>
    public bool VerifyClient(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, out OctetString? securityName, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(chain);
        securityName = null;
        if (!Trust(leaf, chain, ClientAuth, "client", out _, out var verified, out failure))
        {
            return false;
        }

        foreach (var row in Options.CertificateToSecurityName)
        {
            if (verified.Any(row.Fingerprint.Matches) && row.Map(leaf) is { } name)
            {
                securityName = name;
                return true;
            }
        }

        failure = Options.CertificateToSecurityName.Count == 0
            ? $"the client's certificate {Describe(leaf)} is trusted, but CertificateToSecurityName (snmpTlstmCertToTSNTable) has no rows, so it has no tmSecurityName"
            : $"the client's certificate {Describe(leaf)} is trusted, but no CertificateToSecurityName row (snmpTlstmCertToTSNTable) matches its fingerprint or its chain's and maps it to a tmSecurityName";
        return false;
    }

    /// <summary>The certificate's subject and SHA-256 fingerprint, for messages and logs.</summary>
    public static string Describe(X509Certificate2 certificate) =>
        $"'{certificate.Subject}' ({CertificateFingerprint.Compute(certificate, HashAlgorithmName.SHA256)})";

    // The certificates a row's fingerprint may match: the verified chain (leaf to anchor) when it
    // builds, else the leaf alone (a pinned peer whose chain does not build).
    private bool Trust(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, Oid purpose, string role,
        out bool pinned, out IReadOnlyList<X509Certificate2> verified, out string? failure)
    {
        pinned = false;
        verified = [leaf];
        var now = Options.TimeProvider.GetUtcNow().UtcDateTime;
        if (now < leaf.NotBefore.ToUniversalTime())
        {
            failure = $"the {role}'s certificate {Describe(leaf)} is not valid before {leaf.NotBefore.ToUniversalTime():u}";
            return false;
        }

        if (now > leaf.NotAfter.ToUniversalTime())
        {
            failure = $"the {role}'s certificate {Describe(leaf)} expired at {leaf.NotAfter.ToUniversalTime():u}";
            return false;
        }

        pinned = Options.PeerFingerprints.Any(fingerprint => fingerprint.Matches(leaf));

        // A chain to a trust anchor is built even for a pinned peer: its CAs are what
        // snmpTlstmCertToTSNTable rows may name.
        string? reason = null;
        if (Options.TrustAnchors.Count > 0 && BuildChain(leaf, chain, purpose, now, systemTrust: false, out verified, out reason))
        {
            failure = null;
            return true;
        }

        if (Options.UseSystemTrustStore && BuildChain(leaf, chain, purpose, now, systemTrust: true, out verified, out _))
        {
            failure = null;
            return true;
        }

        verified = [leaf];
        if (pinned)
        {
            failure = null;
            return true;
        }

        if (Options.TrustAnchors.Count == 0 && !Options.UseSystemTrustStore)
        {
            failure = $"the {role}'s certificate {Describe(leaf)} has an unknown fingerprint: it is none of the {Options.PeerFingerprints.Count} pinned PeerFingerprints, and no TrustAnchors are configured";
            return false;
        }

        failure = $"the {role}'s certificate {Describe(leaf)} is untrusted: {reason ?? "it does not chain to a root in the system trust store"}" +
            (Options.PeerFingerprints.Count > 0 ? $", and its fingerprint is none of the {Options.PeerFingerprints.Count} pinned PeerFingerprints" : "");
        return false;
    }

    private bool BuildChain(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> presented, Oid purpose, DateTime now, bool systemTrust,
        out IReadOnlyList<X509Certificate2> verified, out string? reason)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.RevocationMode = Options.RevocationMode;
        policy.VerificationTime = now;
        policy.ApplicationPolicy.Add(purpose);
        if (!systemTrust)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(Options.TrustAnchors);
        }

        foreach (var certificate in presented)
        {
            if (!certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                policy.ExtraStore.Add(certificate);
            }
        }

        try
        {
            if (chain.Build(leaf))
            {
                verified = chain.ChainElements.Select(element => new X509Certificate2(element.Certificate)).ToArray();
                reason = null;
                return true;
            }

            verified = [leaf];
            reason = Explain(chain.ChainStatus);
            return false;
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static string Explain(X509ChainStatus[] statuses)
    {
        var flags = statuses.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        var reasons = new List<string>();
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            reasons.Add("it does not chain to any of the TrustAnchors");
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            reasons.Add("a certificate of its chain is expired or not yet valid");
        }

        if ((flags & X509ChainStatusFlags.NotSignatureValid) != 0)
        {
            reasons.Add("a signature in its chain is not valid");
        }

        if ((flags & (X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidBasicConstraints)) != 0)
        {
            reasons.Add("a certificate of its chain is not allowed for this use (extended key usage or CA constraints)");
        }

        if ((flags & (X509ChainStatusFlags.Revoked | X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation)) != 0)
        {
            reasons.Add("its revocation status is revoked or unknown");
        }

        return reasons.Count > 0 ? string.Join("; ", reasons) : $"its chain does not verify ({flags})";
    }
}
