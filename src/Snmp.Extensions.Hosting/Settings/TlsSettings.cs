using Snmp.Transport.Tls;

namespace Snmp;

/// <summary>
/// The (D)TLS Transport Model's certificates and policy (RFC 6353, <see cref="TlsTransportOptions"/>)
/// as configuration gives them: files instead of certificate objects, fingerprints as text. Needed
/// for "tls:" and "dtls:" addresses; the certificates are read and checked when the host starts,
/// and a problem names its key and the file, never the password.
/// </summary>
public sealed class TlsSettings
{
    /// <summary>
    /// This engine's certificate: a PKCS#12 file (".pfx", ".p12", with its key inside) or a PEM
    /// file (with the key in <see cref="KeyFile"/>, or in the same file when that is null).
    /// Required: RFC 6353 authenticates both ends with certificates.
    /// </summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificateFile"/> ("-----BEGIN PRIVATE KEY-----", encrypted or not).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="CertificateFile"/> or of an encrypted PEM key; a secret (user secrets, environment, a vault).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Certificates sent after this engine's own (intermediate CAs): PEM files (several in one file allowed) or DER files (<see cref="TlsTransportOptions.LocalCertificateChain"/>).</summary>
    public IList<string> ChainFiles { get; } = new List<string>();

    /// <summary>Certificate authorities a peer's chain may end at (Net-SNMP's trustCert): PEM or DER files (<see cref="TlsTransportOptions.TrustAnchors"/>).</summary>
    public IList<string> TrustAnchorFiles { get; } = new List<string>();

    /// <summary>Also accept peers whose chain ends at a root of the operating system's store (<see cref="TlsTransportOptions.UseSystemTrustStore"/>).</summary>
    public bool UseSystemTrustStore { get; set; }

    /// <summary>
    /// Pinned peer certificates by fingerprint ("SHA256:AB:CD:..." or hexadecimal, as
    /// <see cref="CertificateFingerprint.Parse(string)"/> reads them; Net-SNMP's peerCert).
    /// </summary>
    public IList<string> PeerFingerprints { get; } = new List<string>();

    /// <summary>The name a server accepted through a trust anchor must carry (snmpTlstmAddrServerIdentity, <see cref="TlsTransportOptions.ServerIdentity"/>).</summary>
    public string? ServerIdentity { get; set; }

    /// <summary>How a peer's certificate becomes tmSecurityName, tried in order (snmpTlstmCertToTSNTable, RFC 6353 7.1).</summary>
    public IList<CertificateToSecurityNameSettings> CertificateToSecurityName { get; } = new List<CertificateToSecurityNameSettings>();

    /// <summary>
    /// The TLS versions offered and accepted, by <see cref="System.Security.Authentication.SslProtocols"/> name
    /// ("Tls12", "Tls13"; "Tls" is the TLS 1.0 legacy opt-in that Net-SNMP 5.9's tlstcp needs); TLS 1.2 and 1.3 when empty.
    /// </summary>
    public IList<string> Protocols { get; } = new List<string>();

    /// <summary>How long a handshake may take (<see cref="TlsTransportOptions.HandshakeTimeout"/>); the transport's default when null.</summary>
    public TimeSpan? HandshakeTimeout { get; set; }

    /// <summary>How long a session may stay idle before it is closed (<see cref="TlsTransportOptions.IdleTimeout"/>); the transport's default when null.</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>The files and how many fingerprints and mappings there are: never the password.</summary>
    public override string ToString() =>
        $"tls certificate {CertificateFile}, {TrustAnchorFiles.Count} trust anchors, {PeerFingerprints.Count} pinned peers, {CertificateToSecurityName.Count} name mappings";
}

/// <summary>An snmpTlstmCertToTSNTable row (RFC 6353 7.1): a certificate fingerprint and how a matching peer's certificate gives its tmSecurityName.</summary>
public sealed class CertificateToSecurityNameSettings
{
    /// <summary>The fingerprint of the peer's certificate or of a CA in its chain (as <see cref="TlsSettings.PeerFingerprints"/>).</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>Where the name comes from: Specified (<see cref="Data"/>), SanRfc822Name, SanDnsName, SanIpAddress, SanAny or CommonName.</summary>
    public CertificateMapType MapType { get; set; } = CertificateMapType.CommonName;

    /// <summary>The tmSecurityName for <see cref="CertificateMapType.Specified"/>.</summary>
    public string? Data { get; set; }

    /// <summary>The fingerprint, the map type and the name.</summary>
    public override string ToString() => $"{Fingerprint} --{MapType}{(Data is null ? "" : " " + Data)}";
}

/// <summary>
/// A security name a hosted <see cref="Agent"/> answers besides its USM users and communities
/// (<see cref="Agent.AddSecurityName"/>): typically a TSM tmSecurityName that a client's
/// certificate maps to, with the VACM access it gets.
/// </summary>
public sealed class AgentSecurityNameSettings
{
    /// <summary>The security model by name ("Tsm", "Usm", "SNMPv1", "SNMPv2c") or number (RFC 3411 SnmpSecurityModel); "Tsm" unless set.</summary>
    public string SecurityModel { get; set; } = "Tsm";

    /// <summary>The securityName (1 to 32 octets).</summary>
    public string Name { get; set; } = "";

    /// <summary>The lowest security level its requests may use; the model's highest when null (authPriv for TSM over TLS).</summary>
    public SecurityLevel? Level { get; set; }

    /// <summary>The VACM view it reads (and writes when <see cref="Writable"/>): "all" unless set, or a view of <see cref="AgentSettings.Views"/>.</summary>
    public string View { get; set; } = Agent.AllView;

    /// <summary>Whether it may also write <see cref="View"/>.</summary>
    public bool Writable { get; set; }

    /// <summary>The model, the name and the access.</summary>
    public override string ToString() => $"{SecurityModel} {Name} {(Writable ? "read-write" : "read-only")} view {View}";
}

/// <summary>A principal whose notifications a hosted <see cref="TrapReceiver"/> accepts besides its communities and USM users (<see cref="TrapReceiverPrincipal"/>): typically a TSM tmSecurityName.</summary>
public sealed class TrapReceiverPrincipalSettings
{
    /// <summary>The security model by name ("Tsm", "Usm", "SNMPv1", "SNMPv2c") or number; "Tsm" unless set.</summary>
    public string SecurityModel { get; set; } = "Tsm";

    /// <summary>The securityName (1 to 32 octets).</summary>
    public string Name { get; set; } = "";

    /// <summary>The lowest security level accepted from it; the receiver's default when null.</summary>
    public SecurityLevel? MinimumLevel { get; set; }

    /// <summary>The model and the name.</summary>
    public override string ToString() => $"{SecurityModel} {Name}";
}
