using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Snmp.Transport.Tls;

namespace Snmp.Hosting;

/// <summary>
/// Turns <see cref="TlsSettings"/> into <see cref="TlsTransportOptions"/>: reads the certificate
/// files, parses the fingerprints and protocol names, and runs the transport's own checks
/// (<see cref="TlsTransportOptions.Validate"/>: the key is there and belongs to the certificate).
/// Each problem is recorded at its key with the file it concerns, never with the password. The
/// validator and the engines' construction read the settings the same way, through here.
/// </summary>
internal static class TlsSettingsReader
{
    /// <summary>The options, or null with every problem recorded in <paramref name="errors"/> under <paramref name="at"/>.</summary>
    internal static TlsTransportOptions? Read(TlsSettings settings, SettingsErrors errors, object[] at)
    {
        var problems = errors.Count;
        var certificate = LocalCertificate(settings, errors, at);
        var chain = Certificates(settings.ChainFiles, errors, [.. at, "ChainFiles"]);
        var anchors = Certificates(settings.TrustAnchorFiles, errors, [.. at, "TrustAnchorFiles"]);
        var pinned = new List<CertificateFingerprint>();
        for (int i = 0; i < settings.PeerFingerprints.Count; i++)
        {
            if (CertificateFingerprint.TryParse(settings.PeerFingerprints[i], out var fingerprint))
            {
                pinned.Add(fingerprint);
            }
            else
            {
                errors.Add(errors.Key([.. at, "PeerFingerprints", i]), FingerprintProblem);
            }
        }

        var mappings = new List<CertificateToSecurityName>();
        for (int i = 0; i < settings.CertificateToSecurityName.Count; i++)
        {
            var row = settings.CertificateToSecurityName[i];
            if (!CertificateFingerprint.TryParse(row.Fingerprint, out var fingerprint))
            {
                errors.Add(errors.Key([.. at, "CertificateToSecurityName", i, "Fingerprint"]), FingerprintProblem);
                continue;
            }

            errors.Defined(errors.Key([.. at, "CertificateToSecurityName", i, "MapType"]), (CertificateMapType?)row.MapType);
            if (row.MapType == CertificateMapType.Specified && string.IsNullOrEmpty(row.Data))
            {
                errors.Add(errors.Key([.. at, "CertificateToSecurityName", i, "Data"]), "the Specified map type needs the tmSecurityName in Data (RFC 6353 snmpTlstmCertToTSNData)");
            }

            mappings.Add(new CertificateToSecurityName(fingerprint, row.MapType, row.Data));
        }

        var protocols = Protocols(settings.Protocols, errors, [.. at, "Protocols"]);
        if (settings.HandshakeTimeout is { } handshake && handshake <= TimeSpan.Zero)
        {
            errors.Add(errors.Key([.. at, "HandshakeTimeout"]), "must be positive");
        }

        if (settings.IdleTimeout is { } idle && idle <= TimeSpan.Zero)
        {
            errors.Add(errors.Key([.. at, "IdleTimeout"]), "must be positive");
        }

        if (errors.Count != problems)
        {
            certificate?.Dispose();
            DisposeAll(chain);
            DisposeAll(anchors);
            return null;
        }

        var defaults = new TlsTransportOptions();
        var options = new TlsTransportOptions
        {
            LocalCertificate = certificate,
            LocalCertificateChain = chain,
            TrustAnchors = anchors,
            UseSystemTrustStore = settings.UseSystemTrustStore,
            PeerFingerprints = pinned,
            ServerIdentity = string.IsNullOrWhiteSpace(settings.ServerIdentity) ? null : settings.ServerIdentity,
            CertificateToSecurityName = mappings,
            EnabledProtocols = protocols ?? defaults.EnabledProtocols,
            HandshakeTimeout = settings.HandshakeTimeout ?? defaults.HandshakeTimeout,
            IdleTimeout = settings.IdleTimeout ?? defaults.IdleTimeout,
        };
        try
        {
            options.Validate();
        }
        catch (SnmpConfigurationException e)
        {
            // The transport's message names the certificate by subject and fingerprint, never its key.
            errors.Add(errors.Key([.. at, "CertificateFile"]), e.Message);
            Dispose(options);
            return null;
        }

        return options;
    }

    /// <summary>Releases the certificates <see cref="Read"/> loaded (the validator's copy, once checked).</summary>
    internal static void Dispose(TlsTransportOptions? options)
    {
        if (options is null)
        {
            return;
        }

        options.LocalCertificate?.Dispose();
        DisposeAll(options.LocalCertificateChain);
        DisposeAll(options.TrustAnchors);
    }

    private static void DisposeAll(X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }

    private const string FingerprintProblem = "not a certificate fingerprint (for example SHA256:AB:CD:..., as Net-SNMP's net-snmp-cert showcerts --fingerprint prints)";

    private static X509Certificate2? LocalCertificate(TlsSettings settings, SettingsErrors errors, object[] at)
    {
        var key = errors.Key([.. at, "CertificateFile"]);
        if (string.IsNullOrWhiteSpace(settings.CertificateFile))
        {
            errors.Add(key, "a certificate with its private key is required: RFC 6353 peers authenticate both ends with certificates");
            return null;
        }

        var path = settings.CertificateFile;
        if (!File.Exists(path))
        {
            errors.Add(key, $"no such file: {path}");
            return null;
        }

        if (settings.KeyFile is { Length: > 0 } keyFile && !File.Exists(keyFile))
        {
            errors.Add(errors.Key([.. at, "KeyFile"]), $"no such file: {keyFile}");
            return null;
        }

        try
        {
            if (IsPkcs12(path))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
            }

            var keyPath = string.IsNullOrEmpty(settings.KeyFile) ? null : settings.KeyFile;
            return string.IsNullOrEmpty(settings.CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, settings.CertificatePassword, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // The runtime's message may quote the file's contents, never the password; ours names only the file.
            errors.Add(key, $"{path} does not read as a certificate with its private key (a PKCS#12 file with the right CertificatePassword, or PEM with its KeyFile)");
            return null;
        }
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static X509Certificate2Collection Certificates(IList<string> files, SettingsErrors errors, object[] at)
    {
        var certificates = new X509Certificate2Collection();
        for (int i = 0; i < files.Count; i++)
        {
            var path = files[i];
            var key = errors.Key([.. at, i]);
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                errors.Add(key, $"no such file: {path}");
                continue;
            }

            try
            {
                var before = certificates.Count;
                if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    certificates.ImportFromPemFile(path);
                }
                else
                {
                    certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
                }

                if (certificates.Count == before)
                {
                    errors.Add(key, $"{path} holds no certificate");
                }
            }
            catch (CryptographicException)
            {
                errors.Add(key, $"{path} does not read as a PEM or DER certificate");
            }
        }

        return certificates;
    }

    private static SslProtocols? Protocols(IList<string> names, SettingsErrors errors, object[] at)
    {
        if (names.Count == 0)
        {
            return null;
        }

        var protocols = SslProtocols.None;
        for (int i = 0; i < names.Count; i++)
        {
            if (Protocol(names[i]) is { } protocol)
            {
                protocols |= protocol;
            }
            else
            {
                errors.Add(errors.Key([.. at, i]), "not a TLS version; use Tls12, Tls13, or Tls (TLS 1.0, the legacy opt-in Net-SNMP 5.9's tlstcp needs)");
            }
        }

        return protocols;
    }

    // "Tls12", "TLSv1.2" and "tls1.2" all name TLS 1.2 (SslProtocols' and OpenSSL's spellings).
    private static SslProtocols? Protocol(string? name) =>
#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are named here only as the documented legacy opt-in.
        name?.Trim().Replace(".", "", StringComparison.Ordinal).Replace("v", "", StringComparison.OrdinalIgnoreCase).ToUpperInvariant() switch
        {
            "TLS13" => SslProtocols.Tls13,
            "TLS12" => SslProtocols.Tls12,
            "TLS11" => SslProtocols.Tls11,
            "TLS" or "TLS1" or "TLS10" => SslProtocols.Tls,
            _ => null,
        };
#pragma warning restore SYSLIB0039
}
