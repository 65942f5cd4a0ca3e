using System.Buffers.Binary;
using System.Security.Cryptography;

using Snmp.Security.Usm;

namespace Snmp;

/// <summary>How a privacy protocol stretches a localised key that is shorter than it needs.</summary>
public enum KeyExtension
{
    /// <summary>The localised key is long enough (DES, AES-128).</summary>
    None,

    /// <summary>
    /// draft-blumenthal-aes-usm-04 section 3.1.2.1: append H(key so far) until long enough, as
    /// Net-SNMP's AES-192 and AES-256.
    /// </summary>
    Blumenthal,

    /// <summary>
    /// draft-reeder-snmpv3-usm-3desede-00 section 2.1: append the key localised from the
    /// password-to-key of the previous block, as 3DES-EDE and Cisco's (Net-SNMP's AES-192C /
    /// AES-256C) AES-192 and AES-256.
    /// </summary>
    Reeder,
}

/// <summary>
/// A USM privacy protocol: DES-CBC (RFC 3414 section 8), AES-CFB-128 (RFC 3826), AES-192 and
/// AES-256 with either key extension, and 3DES-EDE (draft-reeder-snmpv3-usm-3desede-00).
/// Stateless: the caller supplies the salt counter.
/// </summary>
public sealed class PrivacyProtocol
{
    private enum Cipher
    {
        Des,
        TripleDes,
        Aes,
    }

    private readonly Cipher _cipher;

    private PrivacyProtocol(string name, ObjectIdentifier oid, Cipher cipher, int keyLength, KeyExtension extension)
    {
        Name = name;
        Oid = oid;
        _cipher = cipher;
        KeyLength = keyLength;
        Extension = extension;
    }

    /// <summary>usmDESPrivProtocol (RFC 3414 section 8): 8-octet DES key and 8-octet pre-IV.</summary>
    public static PrivacyProtocol Des { get; } = new("DES", "1.3.6.1.6.3.10.1.2.2", Cipher.Des, 16, KeyExtension.None);

    /// <summary>usm3DESEDEPrivProtocol (draft-reeder-snmpv3-usm-3desede-00): 24-octet key and 8-octet pre-IV.</summary>
    public static PrivacyProtocol TripleDes { get; } = new("3DES", "1.3.6.1.6.3.10.1.2.3", Cipher.TripleDes, 32, KeyExtension.Reeder);

    /// <summary>usmAesCfb128Protocol (RFC 3826).</summary>
    public static PrivacyProtocol Aes128 { get; } = new("AES", "1.3.6.1.6.3.10.1.2.4", Cipher.Aes, 16, KeyExtension.None);

    /// <summary>AES-192 in CFB-128 with the Blumenthal key extension (Net-SNMP's "AES-192").</summary>
    public static PrivacyProtocol Aes192 { get; } = new("AES-192", "1.3.6.1.4.1.14832.1.3", Cipher.Aes, 24, KeyExtension.Blumenthal);

    /// <summary>AES-256 in CFB-128 with the Blumenthal key extension (Net-SNMP's "AES-256").</summary>
    public static PrivacyProtocol Aes256 { get; } = new("AES-256", "1.3.6.1.4.1.14832.1.4", Cipher.Aes, 32, KeyExtension.Blumenthal);

    /// <summary>AES-192 with the Reeder key extension (Cisco's cusmAESCfb192PrivProtocol; Net-SNMP's "AES-192C").</summary>
    public static PrivacyProtocol Aes192Reeder { get; } = new("AES-192C", "1.3.6.1.4.1.9.12.6.1.1", Cipher.Aes, 24, KeyExtension.Reeder);

    /// <summary>AES-256 with the Reeder key extension (Cisco's cusmAESCfb256PrivProtocol; Net-SNMP's "AES-256C").</summary>
    public static PrivacyProtocol Aes256Reeder { get; } = new("AES-256C", "1.3.6.1.4.1.9.12.6.1.2", Cipher.Aes, 32, KeyExtension.Reeder);

    /// <summary>Every protocol this library implements.</summary>
    public static IReadOnlyList<PrivacyProtocol> All { get; } = [Des, TripleDes, Aes128, Aes192, Aes256, Aes192Reeder, Aes256Reeder];

    /// <summary>The protocol's usual name (Net-SNMP's spelling).</summary>
    public string Name { get; }

    /// <summary>The protocol's OBJECT IDENTIFIER (usmUserPrivProtocol value).</summary>
    public ObjectIdentifier Oid { get; }

    /// <summary>The octets of localised key material the protocol uses (key plus pre-IV for the DES family).</summary>
    public int KeyLength { get; }

    /// <summary>How a shorter localised key is extended to <see cref="KeyLength"/>.</summary>
    public KeyExtension Extension { get; }

    /// <summary>The protocol with this name or OID, or null.</summary>
    public static PrivacyProtocol? Find(string nameOrOid) =>
        All.FirstOrDefault(p => string.Equals(p.Name, nameOrOid, StringComparison.OrdinalIgnoreCase) || p.Oid.ToString() == nameOrOid.TrimStart('.'));

    /// <summary>
    /// The privacy key for one engine: the password's key localised with <paramref name="auth"/>'s
    /// hash (RFC 3414 section 2.6), then extended as <see cref="Extension"/> says.
    /// </summary>
    public byte[] LocalizeKey(AuthenticationProtocol auth, ReadOnlySpan<byte> passwordKey, ReadOnlySpan<byte> engineId)
    {
        ArgumentNullException.ThrowIfNull(auth);
        var key = auth.LocalizeKey(passwordKey, engineId);
        if (key.Length >= KeyLength)
        {
            return key[..KeyLength];
        }

        var extended = new List<byte>(key);
        var block = key;
        while (extended.Count < KeyLength)
        {
            block = Extension switch
            {
                // Blumenthal: the hash of everything so far.
                KeyExtension.Blumenthal => auth.Hash(extended.ToArray()),
                // Reeder: the previous block treated as a password, then localised again.
                KeyExtension.Reeder => auth.LocalizedKeyFromPassword(block, engineId),
                _ => throw new InvalidOperationException($"{Name} needs {KeyLength} octets of key but {auth.Name} gives {key.Length}."),
            };
            extended.AddRange(block);
        }

        return [.. extended.Take(KeyLength)];
    }

    /// <summary>
    /// Encrypts a serialised scopedPDU. <paramref name="salt"/> is the sender's salt counter:
    /// DES and 3DES use its low 32 bits after snmpEngineBoots (RFC 3414 8.1.1.1), AES all 64 bits
    /// (RFC 3826 3.1.2.1). Returns the ciphertext; <paramref name="privParameters"/> receives
    /// msgPrivacyParameters (8 octets).
    /// </summary>
    public byte[] Encrypt(ReadOnlySpan<byte> key, int engineBoots, int engineTime, ulong salt, ReadOnlySpan<byte> plaintext, Span<byte> privParameters) =>
        Encrypt(CreateCipher(key), key, engineBoots, engineTime, salt, plaintext, privParameters);

    /// <summary>As the public Encrypt, with the user's keyed cipher.</summary>
    internal byte[] Encrypt(KeyedCipherPool cipher, ReadOnlySpan<byte> key, int engineBoots, int engineTime, ulong salt, ReadOnlySpan<byte> plaintext, Span<byte> privParameters)
    {
        var output = new byte[CiphertextLength(plaintext.Length)];
        Encrypt(cipher, key, engineBoots, engineTime, salt, plaintext, privParameters, output);
        return output;
    }

    /// <summary>
    /// As the public Encrypt, into <paramref name="destination"/> of exactly
    /// <see cref="CiphertextLength"/> octets, which may be the plaintext's own memory (AES) but
    /// must not otherwise overlap it.
    /// </summary>
    internal void Encrypt(KeyedCipherPool cipher, ReadOnlySpan<byte> key, int engineBoots, int engineTime, ulong salt, ReadOnlySpan<byte> plaintext, Span<byte> privParameters, Span<byte> destination)
    {
        CheckKey(key);
        if (privParameters.Length != 8)
        {
            throw new ArgumentException("msgPrivacyParameters are 8 octets.", nameof(privParameters));
        }

        if (destination.Length != CiphertextLength(plaintext.Length))
        {
            throw new ArgumentException($"A {Name} ciphertext of {plaintext.Length} octets of plaintext is {CiphertextLength(plaintext.Length)} octets.", nameof(destination));
        }

        if (_cipher == Cipher.Aes)
        {
            BinaryPrimitives.WriteUInt64BigEndian(privParameters, salt);
            Span<byte> iv = stackalloc byte[16];
            AesIv(engineBoots, engineTime, privParameters, iv);
            cipher.Cfb(iv, plaintext, destination, encrypt: true);
            return;
        }

        BinaryPrimitives.WriteInt32BigEndian(privParameters, engineBoots);
        BinaryPrimitives.WriteUInt32BigEndian(privParameters[4..], (uint)salt);
        // RFC 3414 8.1.1.2: padded to a multiple of 8 (with zeros); the receiver ignores the padding.
        Span<byte> iv8 = stackalloc byte[8];
        DesIv(key, privParameters, iv8);
        cipher.Cbc(iv8, plaintext, destination, encrypt: true);
        CryptographicOperations.ZeroMemory(iv8);
    }

    /// <summary>The length of the ciphertext of <paramref name="plaintextLength"/> octets: the same for AES-CFB, rounded up to whole 8-octet blocks for DES and 3DES.</summary>
    internal int CiphertextLength(int plaintextLength) => _cipher == Cipher.Aes ? plaintextLength : (plaintextLength + 7) / 8 * 8;

    /// <summary>A localised key's cipher key schedule, kept for reuse (see <see cref="KeyedCipherPool"/>).</summary>
    internal KeyedCipherPool CreateCipher(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        return _cipher switch
        {
            Cipher.Aes => new KeyedCipherPool(aes: true, key[..KeyLength]),
            Cipher.Des => new KeyedCipherPool(aes: false, key[..8]),
            _ => new KeyedCipherPool(aes: false, key[..24]),
        };
    }

    /// <summary>Decrypts an encryptedPDU; the result may carry cipher padding after the scopedPDU.</summary>
    /// <exception cref="CryptographicException">The parameters or ciphertext cannot be right (usmStatsDecryptionErrors).</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> key, int engineBoots, int engineTime, ReadOnlySpan<byte> privParameters, ReadOnlySpan<byte> ciphertext) =>
        Decrypt(CreateCipher(key), key, engineBoots, engineTime, privParameters, ciphertext);

    /// <summary>As the public Decrypt, with the user's keyed cipher.</summary>
    internal byte[] Decrypt(KeyedCipherPool cipher, ReadOnlySpan<byte> key, int engineBoots, int engineTime, ReadOnlySpan<byte> privParameters, ReadOnlySpan<byte> ciphertext)
    {
        CheckKey(key);
        if (privParameters.Length != 8)
        {
            throw new CryptographicException($"msgPrivacyParameters of {privParameters.Length} octets; 8 expected.");
        }

        var output = new byte[ciphertext.Length];
        if (_cipher == Cipher.Aes)
        {
            Span<byte> iv = stackalloc byte[16];
            AesIv(engineBoots, engineTime, privParameters, iv);
            cipher.Cfb(iv, ciphertext, output, encrypt: false);
            return output;
        }

        if (ciphertext.Length % 8 != 0)
        {
            throw new CryptographicException($"A {Name} ciphertext of {ciphertext.Length} octets is not a whole number of blocks.");
        }

        Span<byte> iv8 = stackalloc byte[8];
        DesIv(key, privParameters, iv8);
        cipher.Cbc(iv8, ciphertext, output, encrypt: false);
        CryptographicOperations.ZeroMemory(iv8);
        return output;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < KeyLength)
        {
            throw new ArgumentException($"{Name} needs {KeyLength} octets of localised key, not {key.Length}.", nameof(key));
        }
    }

    private static void AesIv(int engineBoots, int engineTime, ReadOnlySpan<byte> salt, Span<byte> iv)
    {
        // RFC 3826 3.1.2.1: snmpEngineBoots, snmpEngineTime and the 64-bit salt.
        BinaryPrimitives.WriteInt32BigEndian(iv, engineBoots);
        BinaryPrimitives.WriteInt32BigEndian(iv[4..], engineTime);
        salt.CopyTo(iv[8..]);
    }

    private void DesIv(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, Span<byte> iv)
    {
        // RFC 3414 8.1.1.1 (and draft-reeder 5.1.1.1): the IV is the pre-IV, the 8 octets after
        // the key, XOR the salt.
        var preIv = key.Slice(_cipher == Cipher.Des ? 8 : 24, 8);
        for (int i = 0; i < 8; i++)
        {
            iv[i] = (byte)(preIv[i] ^ salt[i]);
        }
    }
}
