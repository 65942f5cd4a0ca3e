using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Snmp.Transport.Tls;

namespace Snmp.Tool.Cli;

/// <summary>
/// The certificates of a <c>tls:</c>/<c>dtls:</c> agent (Net-SNMP's <c>tlstcp:</c>/<c>dtlsudp:</c>,
/// RFC 6353 under the Transport Security Model, RFC 5591), chosen as Net-SNMP 5.9 chooses them:
/// <c>localCert</c>, <c>peerCert</c>, <c>trustCert</c>, <c>tlsAlgorithms</c> and
/// <c>defSecurityModel</c> from the snmp.conf of each SNMPCONFPATH directory, overridden by the
/// same tokens given as <c>--localCert=X</c> on the command line, overridden by
/// <c>-T our_identity=X -T their_identity=Y -T their_hostname=H -T trust_cert=Z</c>. Each identity is a
/// fingerprint (AA:BB:..., colons optional) or a file name, looked up in
/// <c>DIR/tls/certs</c> and <c>DIR/tls/ca-certs</c> of every SNMPCONFPATH directory; the local
/// identity's private key is the file of the same base name in <c>DIR/tls/private</c>.
/// The failures are told in Net-SNMP's words (see the README for what differs).
/// </summary>
internal sealed partial class TlsSettings
{
    private static readonly string[] CertificateExtensions = ["", ".crt", ".pem", ".cer", ".cert", ".der"];
    private static readonly string[] KeyExtensions = [".key", ".pem", ".priv", ""];

    /// <summary>The configuration tokens a command line may give as --token=value (snmp.conf(5)).</summary>
    public static readonly string[] ConfigTokens = ["localCert", "peerCert", "trustCert", "tlsAlgorithms", "defSecurityModel"];

    private readonly Dictionary<string, string> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyList<string> _directories;

    private TlsSettings(IReadOnlyList<string> directories) => _directories = directories;

    /// <summary>Whether the agent is reached over TLS (<c>tls:</c>, <c>tlstcp:</c>) or DTLS (<c>dtls:</c>, <c>dtlsudp:</c>).</summary>
    public bool Datagram { get; private init; }

    /// <summary>-T our_identity (else localCert).</summary>
    public string? OurIdentity => Token("our_identity") ?? Token("localCert");

    /// <summary>-T their_identity (else peerCert).</summary>
    public string? TheirIdentity => Token("their_identity") ?? Token("peerCert");

    /// <summary>-T trust_cert (else trustCert).</summary>
    public string? TrustCert => Token("trust_cert") ?? Token("trustCert");

    /// <summary>-T their_hostname: the name the agent's certificate must carry when no fingerprint pins it.</summary>
    public string? TheirHostname => Token("their_hostname");

    /// <summary>tlsAlgorithms: Net-SNMP's OpenSSL cipher list (announced on standard error as Net-SNMP does).</summary>
    public string? TlsAlgorithms => Token("tlsAlgorithms");

    /// <summary>The transport's name in Net-SNMP's messages.</summary>
    public string TransportName => Datagram ? "DTLSUDP" : "tlstcp";

    /// <summary>What the peer's fingerprint was expected to be (set when their identity names a known certificate).</summary>
    public CertificateFingerprint? ExpectedPeer { get; private set; }

    /// <summary>Whether <paramref name="peer"/> names a TLS or DTLS agent; <paramref name="address"/> is then the "udp:"/"tcp:"-free address.</summary>
    public static bool IsTlsPeer(string peer, out bool datagram, out string address)
    {
        datagram = false;
        address = peer;
        int colon = peer.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        switch (peer[..colon].ToLowerInvariant())
        {
            case "tls" or "tlstcp":
                break;
            case "dtls" or "dtlsudp":
                datagram = true;
                break;
            default:
                return false;
        }

        address = peer[(colon + 1)..];
        return true;
    }

    /// <summary>Reads the settings for a TLS or DTLS agent from snmp.conf, the command line's tokens and its -T values.</summary>
    public static TlsSettings Read(CommonOptions options, Func<string, string?> environment, bool datagram)
    {
        var settings = new TlsSettings(ConfigDirectories(environment)) { Datagram = datagram };
        foreach (var directory in settings._directories)
        {
            settings.ReadConfigFile(Path.Combine(directory, "snmp.conf"));
            settings.ReadConfigFile(Path.Combine(directory, "snmp.local.conf"));
        }

        foreach (var token in ConfigTokens)
        {
            if (options.LongOptions.TryGetValue(token, out var value))
            {
                settings._tokens[token] = value;
            }
        }

        foreach (var value in options.TranslateOptions)
        {
            // -T key=value, one pair each (Net-SNMP 5.9.3 does not split at commas: "-T
            // our_identity=a,their_identity=b" names the identity "a,their_identity=b");
            // Net-SNMP ignores keys it does not know.
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                settings._tokens[value[..equals]] = value[(equals + 1)..];
            }
        }

        return settings;
    }

    /// <summary>SNMPCONFPATH, else Net-SNMP's default configuration directories.</summary>
    public static IReadOnlyList<string> ConfigDirectories(Func<string, string?> environment)
    {
        if (environment("SNMPCONFPATH") is { } path)
        {
            return path.Split(':', StringSplitOptions.RemoveEmptyEntries);
        }

        var home = environment("HOME");
        var directories = new List<string> { "/etc/snmp", "/usr/share/snmp", "/usr/lib/x86_64-linux-gnu/snmp" };
        if (!string.IsNullOrEmpty(home))
        {
            directories.Add(Path.Combine(home, ".snmp"));
        }

        return directories;
    }

    /// <summary>
    /// The transport options: our certificate and key, and either the agent's certificate pinned
    /// by fingerprint (their identity) or the trust certificate with the agent's host name.
    /// </summary>
    /// <param name="program">Net-SNMP's program name, for the messages.</param>
    /// <param name="peer">The agent operand as written.</param>
    /// <param name="host">The agent's host (the name its certificate must carry when no fingerprint pins it).</param>
    /// <param name="handshakeTimeout">How long a handshake may take.</param>
    /// <param name="error">Where Net-SNMP's notices go.</param>
    public TlsTransportOptions Build(string program, string peer, string host, TimeSpan handshakeTimeout, TextWriter error)
    {
        var local = OurIdentity is { } ours ? LoadWithKey(ours) : null;
        if (local is null)
        {
            throw new ToolException(Datagram
                ? $"error finding client identity keys\nfailed to create the SSL session structure\nfailed to open a new dtls connection\nfailed rfc5343 contextEngineID probing\n{program}: Failure in sendto (No such file or directory)"
                : $"error finding client identity keys\nfailed to create TLS context\n{program}: Unknown host ({peer}) (No such file or directory)");
        }

        if (TlsAlgorithms is { } algorithms)
        {
            error.Write($"set SSL cipher list to '{algorithms}'\n");
        }

        var pinned = TheirIdentity is { } theirs ? FindCertificate(theirs, includeCaCertificates: false) : null;
        var anchors = new X509Certificate2Collection();
        if (pinned is null && TrustCert is { } trust && FindCertificate(trust, includeCaCertificates: true) is { } anchor)
        {
            anchors.Add(anchor);
        }

        if (pinned is not null)
        {
            ExpectedPeer = NetSnmpFingerprint(pinned);
        }

        var serverIdentity = TheirHostname ?? host;
        if (pinned is null && anchors.Count == 0)
        {
            // Nothing can vouch for the agent's certificate: Net-SNMP fails its host name check
            // after the handshake, with these words.
            throw new ToolException(HostnameMismatch(program, peer, serverIdentity));
        }

        return new TlsTransportOptions
        {
            LocalCertificate = local,
            PeerFingerprints = pinned is null ? [] : [ExpectedPeer!],
            TrustAnchors = anchors,
            ServerIdentity = pinned is null ? serverIdentity : null,
            HandshakeTimeout = handshakeTimeout,
            EnabledProtocols = LegacyProtocols(),
        };
    }

    /// <summary>Net-SNMP's words for an agent whose certificate did not verify (null: not such a failure).</summary>
    public string? Explain(SnmpTransportException failure, string program, string peer, string host)
    {
        var message = failure.Message;
        if (message.Contains("unknown fingerprint", StringComparison.Ordinal) || message.Contains("pinned PeerFingerprints", StringComparison.Ordinal))
        {
            var got = FingerprintInMessage().Match(message);
            var expected = ExpectedPeer is null ? "" : Convert.ToHexStringLower(ExpectedPeer.Hash.Span);
            var gotText = got.Success ? got.Groups[1].Value.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant() : "?";
            return $"The fingerprint from the remote side's certificate didn't match the expected\n  got {gotText}, expected {expected}\n" + Unverified(program, peer);
        }

        if (message.Contains("is not for '", StringComparison.Ordinal) || message.Contains("is untrusted", StringComparison.Ordinal))
        {
            return HostnameMismatch(program, peer, TheirHostname ?? host);
        }

        return null;
    }

    private string HostnameMismatch(string program, string peer, string host) =>
        $"No matching names in the certificate to match the expected {host}\n" + Unverified(program, peer);

    private string Unverified(string program, string peer) => Datagram
        ? $"DTLSUDP: failed to verify ssl certificate (of the server)\nfailed rfc5343 contextEngineID probing\n{program}: Timeout (Success)"
        : $"tlstcp: failed to verify ssl certificate\n{program}: Unknown host ({peer})";

    // Net-SNMP 5.9.3's tlstcp speaks TLS 1.0 only, and OpenSSL 3 lets it (on both ends) only at
    // security level 0, which users grant with "tlsAlgorithms ...@SECLEVEL=0". The same token
    // lets this tool offer TLS 1.0 beside 1.2 (the library's legacy opt-in); without it, 1.2 and 1.3.
    private System.Security.Authentication.SslProtocols LegacyProtocols()
    {
        var legacy = TlsAlgorithms?.Contains("@SECLEVEL=0", StringComparison.OrdinalIgnoreCase) == true;
#pragma warning disable SYSLIB0039 // TLS 1.0: the legacy opt-in for Net-SNMP 5.9.3's tlstcp, asked for by tlsAlgorithms.
        return legacy
            ? System.Security.Authentication.SslProtocols.Tls | System.Security.Authentication.SslProtocols.Tls12
            : System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
#pragma warning restore SYSLIB0039
    }

    private string? Token(string name) => _tokens.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private void ReadConfigFile(string file)
    {
        if (!File.Exists(file))
        {
            return;
        }

        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.StartsWith("[snmp]", StringComparison.OrdinalIgnoreCase))
            {
                line = line[6..].TrimStart();
            }

            if (line.Length == 0 || line[0] == '#' || line[0] == '[')
            {
                continue;
            }

            int space = line.IndexOfAny([' ', '\t']);
            if (space < 0)
            {
                continue;
            }

            var token = line[..space];
            if (Array.Exists(ConfigTokens, t => t.Equals(token, StringComparison.OrdinalIgnoreCase)))
            {
                _tokens[token] = line[(space + 1)..].Trim();
            }
        }
    }

    // The local identity: its certificate and the key of the same base name in tls/private.
    private X509Certificate2? LoadWithKey(string identity)
    {
        var certificateFile = FindCertificateFile(identity, includeCaCertificates: false);
        if (certificateFile is null)
        {
            return null;
        }

        var baseName = Path.GetFileNameWithoutExtension(certificateFile);
        foreach (var directory in _directories)
        {
            foreach (var extension in KeyExtensions)
            {
                var keyFile = Path.Combine(directory, "tls", "private", baseName + extension);
                if (File.Exists(keyFile))
                {
                    try
                    {
                        return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
                    }
                    catch (Exception e) when (e is CryptographicException or ArgumentException or IOException)
                    {
                        return null;
                    }
                }
            }
        }

        return null;
    }

    private X509Certificate2? FindCertificate(string identity, bool includeCaCertificates) =>
        FindCertificateFile(identity, includeCaCertificates) is { } file ? Load(file) : null;

    // A fingerprint names any certificate of the directories; otherwise a file name (with or
    // without its extension), or a path.
    private string? FindCertificateFile(string identity, bool includeCaCertificates)
    {
        var subdirectories = includeCaCertificates ? new[] { "ca-certs", "certs" } : ["certs", "ca-certs"];
        if (LooksLikeFingerprint(identity) && CertificateFingerprint.TryParse(identity, out var fingerprint) && fingerprint is not null)
        {
            foreach (var directory in _directories)
            {
                foreach (var sub in subdirectories)
                {
                    var folder = Path.Combine(directory, "tls", sub);
                    if (!Directory.Exists(folder))
                    {
                        continue;
                    }

                    foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
                    {
                        using var certificate = Load(file);
                        if (certificate is not null && fingerprint.Matches(certificate))
                        {
                            return file;
                        }
                    }
                }
            }

            return null;
        }

        if (Path.IsPathRooted(identity) && File.Exists(identity))
        {
            return identity;
        }

        foreach (var directory in _directories)
        {
            foreach (var sub in subdirectories)
            {
                foreach (var extension in CertificateExtensions)
                {
                    var file = Path.Combine(directory, "tls", sub, identity + extension);
                    if (File.Exists(file) && Load(file) is { } certificate)
                    {
                        certificate.Dispose();
                        return file;
                    }
                }
            }
        }

        return null;
    }

    private static bool LooksLikeFingerprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal);
        return hex.Length >= 40 && hex.All(Uri.IsHexDigit);
    }

    private static X509Certificate2? Load(string file)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(file);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Net-SNMP fingerprints a certificate with its own signature's hash.
    private static CertificateFingerprint NetSnmpFingerprint(X509Certificate2 certificate)
    {
        var algorithm = certificate.SignatureAlgorithm.Value switch
        {
            "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" => HashAlgorithmName.SHA1,
            "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
            "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        return CertificateFingerprint.Compute(certificate, algorithm);
    }

    [GeneratedRegex(@"\(((?:[0-9A-Fa-f]{2}:){19,63}[0-9A-Fa-f]{2})\)")]
    private static partial Regex FingerprintInMessage();

    /// <summary>Net-SNMP's default port for (D)TLS agents (RFC 6353's snmptls/snmpdtls 10161).</summary>
    public static string WithDefaultPort(string address) => AgentSession.WithDefaultPort(address, 10161);

    /// <summary>The host part of an address (without brackets and port).</summary>
    public static string Host(string address)
    {
        if (address.StartsWith('['))
        {
            int end = address.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? address[1..end] : address;
        }

        int colon = address.LastIndexOf(':');
        return colon > 0 && address.Count(c => c == ':') == 1 ? address[..colon] : address;
    }
}
