using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls;

/// <summary>
/// A certificate fingerprint (RFC 6353 SnmpTLSFingerprint): the hash of a certificate's DER
/// encoding and the algorithm that made it. Equal when the algorithm and every hash octet are.
/// Written as Net-SNMP prints it ("AA:BB:...", colons optional, either case); the algorithm
/// follows from the hash's length (20 SHA-1, 32 SHA-256, 48 SHA-384, 64 SHA-512) unless a prefix
/// ("sha256:AA:BB:...") or <see cref="Parse(string, HashAlgorithmName)"/> names it.
/// </summary>
public sealed class CertificateFingerprint : IEquatable<CertificateFingerprint>
{
    private readonly byte[] _hash;

    /// <summary>Creates a fingerprint from its algorithm and hash.</summary>
    /// <exception cref="ArgumentException">The algorithm is not SHA-1, SHA-256, SHA-384 or SHA-512, or the hash's length is not that algorithm's.</exception>
    public CertificateFingerprint(HashAlgorithmName hashAlgorithm, ReadOnlySpan<byte> hash)
    {
        var size = HashSize(hashAlgorithm)
            ?? throw new ArgumentException($"the hash algorithm '{hashAlgorithm.Name}' is not one a certificate fingerprint may use (SHA-1, SHA-256, SHA-384, SHA-512)", nameof(hashAlgorithm));
        if (hash.Length != size)
        {
            throw new ArgumentException($"a {hashAlgorithm.Name} fingerprint has {size} octets, not {hash.Length}", nameof(hash));
        }

        HashAlgorithm = hashAlgorithm;
        _hash = hash.ToArray();
    }

    /// <summary>The hash algorithm.</summary>
    public HashAlgorithmName HashAlgorithm { get; }

    /// <summary>The hash of the certificate's DER encoding.</summary>
    public ReadOnlyMemory<byte> Hash => _hash;

    /// <summary>
    /// The first octet of the RFC 6353 SnmpTLSFingerprint: the algorithm's number in the TLS
    /// HashAlgorithm registry (RFC 5246 7.4.1.4.1): sha1(2), sha256(4), sha384(5), sha512(6).
    /// </summary>
    public byte HashAlgorithmOctet => AlgorithmOctet(HashAlgorithm);

    /// <summary>The fingerprint of <paramref name="certificate"/> with <paramref name="hashAlgorithm"/>.</summary>
    public static CertificateFingerprint Compute(X509Certificate2 certificate, HashAlgorithmName hashAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new CertificateFingerprint(hashAlgorithm, certificate.GetCertHash(hashAlgorithm));
    }

    /// <summary>Whether <paramref name="certificate"/> has this fingerprint.</summary>
    public bool Matches(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Span<byte> actual = stackalloc byte[64];
        return certificate.TryGetCertHash(HashAlgorithm, actual, out var written)
            && CryptographicOperations.FixedTimeEquals(actual[..written], _hash);
    }

    /// <summary>Reads "AA:BB:..." (or "sha256:AA:BB:..."), the algorithm following from the length unless prefixed.</summary>
    /// <exception cref="FormatException">Not a fingerprint.</exception>
    public static CertificateFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint, out var error) ? fingerprint : throw new FormatException(error);

    /// <summary>Reads "AA:BB:..." as a hash made with <paramref name="hashAlgorithm"/>.</summary>
    /// <exception cref="FormatException">Not a fingerprint of that algorithm.</exception>
    public static CertificateFingerprint Parse(string text, HashAlgorithmName hashAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = ParseHex(text, out var error) ?? throw new FormatException(error);
        if (HashSize(hashAlgorithm) is not { } size || size != hash.Length)
        {
            throw new FormatException($"'{text}' is not a {hashAlgorithm.Name} fingerprint ({hash.Length} octets)");
        }

        return new CertificateFingerprint(hashAlgorithm, hash);
    }

    /// <summary>Reads "AA:BB:..." (or "sha256:AA:BB:..."); false if the text is not a fingerprint.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CertificateFingerprint? fingerprint) =>
        TryParse(text, out fingerprint, out _);

    /// <summary>Reads an RFC 6353 SnmpTLSFingerprint: the algorithm octet, then the hash.</summary>
    /// <exception cref="FormatException">An unknown algorithm octet or a hash of the wrong length.</exception>
    public static CertificateFingerprint FromSnmpTlsFingerprint(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            throw new FormatException("an SnmpTLSFingerprint has at least its hash algorithm octet");
        }

        HashAlgorithmName algorithm = value[0] switch
        {
            2 => HashAlgorithmName.SHA1,
            4 => HashAlgorithmName.SHA256,
            5 => HashAlgorithmName.SHA384,
            6 => HashAlgorithmName.SHA512,
            var other => throw new FormatException($"the SnmpTLSFingerprint hash algorithm {other} is not supported (2 sha1, 4 sha256, 5 sha384, 6 sha512)"),
        };
        if (value.Length - 1 != HashSize(algorithm))
        {
            throw new FormatException($"an SnmpTLSFingerprint of {algorithm.Name} has {HashSize(algorithm)} hash octets, not {value.Length - 1}");
        }

        return new CertificateFingerprint(algorithm, value[1..]);
    }

    /// <summary>The RFC 6353 SnmpTLSFingerprint: <see cref="HashAlgorithmOctet"/> then the hash.</summary>
    public byte[] ToSnmpTlsFingerprint()
    {
        var value = new byte[_hash.Length + 1];
        value[0] = HashAlgorithmOctet;
        _hash.CopyTo(value, 1);
        return value;
    }

    /// <summary>"AA:BB:...", as Net-SNMP prints it.</summary>
    public override string ToString() => string.Join(':', _hash.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <inheritdoc />
    public bool Equals(CertificateFingerprint? other) =>
        other is not null && other.HashAlgorithm == HashAlgorithm && other._hash.AsSpan().SequenceEqual(_hash);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CertificateFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HashAlgorithm, BitConverter.ToInt32(_hash, 0));

    /// <summary>Equal by value.</summary>
    public static bool operator ==(CertificateFingerprint? left, CertificateFingerprint? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Not equal by value.</summary>
    public static bool operator !=(CertificateFingerprint? left, CertificateFingerprint? right) => !(left == right);

    private static bool TryParse(string? text, [NotNullWhen(true)] out CertificateFingerprint? fingerprint, out string error)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an empty certificate fingerprint";
            return false;
        }

        HashAlgorithmName? named = null;
        var hex = text.Trim();
        var prefix = hex.IndexOf(':', StringComparison.Ordinal);
        if (prefix > 2 && hex[..prefix].StartsWith("sha", StringComparison.OrdinalIgnoreCase))
        {
            named = hex[..prefix].Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
            {
                "SHA1" => HashAlgorithmName.SHA1,
                "SHA256" => HashAlgorithmName.SHA256,
                "SHA384" => HashAlgorithmName.SHA384,
                "SHA512" => HashAlgorithmName.SHA512,
                _ => null,
            };
            if (named is null)
            {
                error = $"'{text}' names a hash algorithm a certificate fingerprint may not use (sha1, sha256, sha384, sha512)";
                return false;
            }

            hex = hex[(prefix + 1)..];
        }

        if (ParseHex(hex, out error) is not { } hash)
        {
            return false;
        }

        var algorithm = named ?? hash.Length switch
        {
            20 => HashAlgorithmName.SHA1,
            32 => HashAlgorithmName.SHA256,
            48 => HashAlgorithmName.SHA384,
            64 => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (algorithm == default || HashSize(algorithm) != hash.Length)
        {
            error = $"'{text}' is not a certificate fingerprint: {hash.Length} octets is not the size of a SHA-1, SHA-256, SHA-384 or SHA-512 hash{(named is null ? "" : " of the named algorithm")}";
            return false;
        }

        fingerprint = new CertificateFingerprint(algorithm, hash);
        error = "";
        return true;
    }

    private static byte[]? ParseHex(string text, out string error)
    {
        var digits = text.Trim().Replace(":", "", StringComparison.Ordinal);
        if (digits.Length == 0 || digits.Length % 2 != 0)
        {
            error = $"'{text}' is not a certificate fingerprint (hex octets, optionally separated by colons)";
            return null;
        }

        try
        {
            error = "";
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            error = $"'{text}' is not a certificate fingerprint (hex octets, optionally separated by colons)";
            return null;
        }
    }

    private static int? HashSize(HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA1 ? 20
        : algorithm == HashAlgorithmName.SHA256 ? 32
        : algorithm == HashAlgorithmName.SHA384 ? 48
        : algorithm == HashAlgorithmName.SHA512 ? 64
        : null;

    private static byte AlgorithmOctet(HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA1 ? (byte)2
        : algorithm == HashAlgorithmName.SHA256 ? (byte)4
        : algorithm == HashAlgorithmName.SHA384 ? (byte)5
        : (byte)6;
}
