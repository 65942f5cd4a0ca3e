using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

using Snmp.Security.Usm;

namespace Snmp;

/// <summary>
/// A USM authentication protocol: HMAC-MD5-96 and HMAC-SHA-96 (RFC 3414 sections 6 and 7) and
/// the HMAC-SHA-2 protocols of RFC 7860. Each knows its hash, how many octets of the HMAC go on
/// the wire (msgAuthenticationParameters), and the password-to-key and key localisation
/// algorithms of RFC 3414 appendix A.2 (RFC 7860 section 9.3 for SHA-2). Stateless and
/// thread-safe.
/// </summary>
public sealed class AuthenticationProtocol
{
    private readonly HashAlgorithmName _hash;

    private AuthenticationProtocol(string name, ObjectIdentifier oid, HashAlgorithmName hash, int digestLength, int truncatedLength)
    {
        Name = name;
        Oid = oid;
        _hash = hash;
        DigestLength = digestLength;
        TruncatedLength = truncatedLength;
    }

    /// <summary>The hash the HMAC and the key derivation use.</summary>
    internal HashAlgorithmName HashAlgorithm => _hash;

    /// <summary>usmHMACMD5AuthProtocol (RFC 3414 section 6): 12 octets of HMAC-MD5.</summary>
    public static AuthenticationProtocol HmacMd5 { get; } = new("HMAC-MD5-96", "1.3.6.1.6.3.10.1.1.2", HashAlgorithmName.MD5, 16, 12);

    /// <summary>usmHMACSHAAuthProtocol (RFC 3414 section 7): 12 octets of HMAC-SHA-1.</summary>
    public static AuthenticationProtocol HmacSha1 { get; } = new("HMAC-SHA-96", "1.3.6.1.6.3.10.1.1.3", HashAlgorithmName.SHA1, 20, 12);

    /// <summary>usmHMAC128SHA224AuthProtocol (RFC 7860): 16 octets of HMAC-SHA-224.</summary>
    public static AuthenticationProtocol HmacSha224 { get; } = new("HMAC-128-SHA-224", "1.3.6.1.6.3.10.1.1.4", new HashAlgorithmName("SHA224"), 28, 16);

    /// <summary>usmHMAC192SHA256AuthProtocol (RFC 7860): 24 octets of HMAC-SHA-256.</summary>
    public static AuthenticationProtocol HmacSha256 { get; } = new("HMAC-192-SHA-256", "1.3.6.1.6.3.10.1.1.5", HashAlgorithmName.SHA256, 32, 24);

    /// <summary>usmHMAC256SHA384AuthProtocol (RFC 7860): 32 octets of HMAC-SHA-384.</summary>
    public static AuthenticationProtocol HmacSha384 { get; } = new("HMAC-256-SHA-384", "1.3.6.1.6.3.10.1.1.6", HashAlgorithmName.SHA384, 48, 32);

    /// <summary>usmHMAC384SHA512AuthProtocol (RFC 7860): 48 octets of HMAC-SHA-512.</summary>
    public static AuthenticationProtocol HmacSha512 { get; } = new("HMAC-384-SHA-512", "1.3.6.1.6.3.10.1.1.7", HashAlgorithmName.SHA512, 64, 48);

    /// <summary>Every protocol this library implements.</summary>
    public static IReadOnlyList<AuthenticationProtocol> All { get; } = [HmacMd5, HmacSha1, HmacSha224, HmacSha256, HmacSha384, HmacSha512];

    /// <summary>The protocol's usual name.</summary>
    public string Name { get; }

    /// <summary>The protocol's OBJECT IDENTIFIER (usmUserAuthProtocol value).</summary>
    public ObjectIdentifier Oid { get; }

    /// <summary>The length of the hash and of a localised key.</summary>
    public int DigestLength { get; }

    /// <summary>The length of msgAuthenticationParameters: the HMAC truncated to this many octets.</summary>
    public int TruncatedLength { get; }

    /// <summary>
    /// The password-to-key algorithm of RFC 3414 appendix A.2: the hash of 1,048,576 octets of
    /// the password repeated. Slow by design; the result (Ku) is what a configuration keeps.
    /// </summary>
    public byte[] PasswordToKey(ReadOnlySpan<byte> password)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException("A USM password cannot be empty.", nameof(password));
        }

        const int total = 1_048_576;
        Span<byte> chunk = stackalloc byte[64];
        int index = 0;
        using var hash = new Hasher(_hash);
        for (int count = 0; count < total; count += chunk.Length)
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = password[index++ % password.Length];
            }

            index %= password.Length;
            hash.Append(chunk);
        }

        return hash.Finish();
    }

    /// <summary>
    /// Key localisation (RFC 3414 section 2.6, appendix A.2): H(Ku || snmpEngineID || Ku), the
    /// key a user shares with one authoritative engine.
    /// </summary>
    public byte[] LocalizeKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> engineId)
    {
        using var hash = new Hasher(_hash);
        hash.Append(key);
        hash.Append(engineId);
        hash.Append(key);
        return hash.Finish();
    }

    /// <summary>Password to localised key in one step.</summary>
    public byte[] LocalizedKeyFromPassword(ReadOnlySpan<byte> password, ReadOnlySpan<byte> engineId) =>
        LocalizeKey(PasswordToKey(password), engineId);

    /// <summary>The hash of <paramref name="data"/> (used by the privacy key extensions).</summary>
    public byte[] Hash(ReadOnlySpan<byte> data)
    {
        using var hash = new Hasher(_hash);
        hash.Append(data);
        return hash.Finish();
    }

    /// <summary>Writes the truncated HMAC of <paramref name="message"/> under <paramref name="localizedKey"/> to <paramref name="destination"/>.</summary>
    public void ComputeMac(ReadOnlySpan<byte> localizedKey, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[DigestLength];
        if (_hash.Name == "SHA224")
        {
            var hmac = new HMac(new Sha224Digest());
            hmac.Init(new KeyParameter(localizedKey.ToArray()));
            hmac.BlockUpdate(message);
            hmac.DoFinal(full);
        }
        else
        {
            CryptographicOperations.HmacData(_hash, localizedKey, message, full);
        }

        full[..TruncatedLength].CopyTo(destination);
    }

    /// <summary>True when <paramref name="mac"/> is the truncated HMAC of <paramref name="message"/>, compared in constant time.</summary>
    public bool VerifyMac(ReadOnlySpan<byte> localizedKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[TruncatedLength];
        ComputeMac(localizedKey, message, expected);
        return mac.Length == TruncatedLength && CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    /// <summary>The protocol with this OID or name, or null.</summary>
    public static AuthenticationProtocol? Find(string nameOrOid) =>
        All.FirstOrDefault(p => string.Equals(p.Name, nameOrOid, StringComparison.OrdinalIgnoreCase) || p.Oid.ToString() == nameOrOid.TrimStart('.'));

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Incremental hashing over .NET's hashes, with BouncyCastle's SHA-224, which .NET lacks.</summary>
    private sealed class Hasher : IDisposable
    {
        private readonly IncrementalHash? _net;
        private readonly Sha224Digest? _sha224;

        public Hasher(HashAlgorithmName name)
        {
            if (name.Name == "SHA224")
            {
                _sha224 = new Sha224Digest();
            }
            else
            {
                _net = IncrementalHash.CreateHash(name);
            }
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            if (_net is not null)
            {
                _net.AppendData(data);
            }
            else
            {
                _sha224!.BlockUpdate(data);
            }
        }

        public byte[] Finish()
        {
            if (_net is not null)
            {
                return _net.GetHashAndReset();
            }

            var result = new byte[_sha224!.GetDigestSize()];
            _sha224.DoFinal(result);
            return result;
        }

        public void Dispose() => _net?.Dispose();
    }
}
