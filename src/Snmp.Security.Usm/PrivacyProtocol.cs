using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Snmp.Smi;

namespace Snmp.Security.Usm;

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

    /// <summary>An AES-CFB protocol (of any key length or extension).</summary>
    internal bool IsAes => _cipher == Cipher.Aes;

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
        Encrypt(key, null, engineBoots, engineTime, salt, plaintext, privParameters);

    /// <summary>As the public Encrypt, with the user's keyed AES instances when it has them.</summary>
    internal byte[] Encrypt(ReadOnlySpan<byte> key, KeyedAesPool? aesPool, int engineBoots, int engineTime, ulong salt, ReadOnlySpan<byte> plaintext, Span<byte> privParameters)
    {
        CheckKey(key);
        if (privParameters.Length != 8)
        {
            throw new ArgumentException("msgPrivacyParameters are 8 octets.", nameof(privParameters));
        }

        if (_cipher == Cipher.Aes)
        {
            BinaryPrimitives.WriteUInt64BigEndian(privParameters, salt);
            Span<byte> iv = stackalloc byte[16];
            AesIv(engineBoots, engineTime, privParameters, iv);
            var output = new byte[plaintext.Length];
            AesCfb(key[..KeyLength], aesPool, iv, plaintext, output, encrypt: true);
            return output;
        }

        BinaryPrimitives.WriteInt32BigEndian(privParameters, engineBoots);
        BinaryPrimitives.WriteUInt32BigEndian(privParameters[4..], (uint)salt);
        // RFC 3414 8.1.1.2: pad to a multiple of 8; the padding is ignored by the receiver.
        var padded = new byte[(plaintext.Length + 7) / 8 * 8];
        plaintext.CopyTo(padded);
        return DesCbc(key, privParameters, padded, encrypt: true);
    }

    /// <summary>Decrypts an encryptedPDU; the result may carry cipher padding after the scopedPDU.</summary>
    /// <exception cref="CryptographicException">The parameters or ciphertext cannot be right (usmStatsDecryptionErrors).</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> key, int engineBoots, int engineTime, ReadOnlySpan<byte> privParameters, ReadOnlySpan<byte> ciphertext) =>
        Decrypt(key, null, engineBoots, engineTime, privParameters, ciphertext);

    /// <summary>As the public Decrypt, with the user's keyed AES instances when it has them.</summary>
    internal byte[] Decrypt(ReadOnlySpan<byte> key, KeyedAesPool? aesPool, int engineBoots, int engineTime, ReadOnlySpan<byte> privParameters, ReadOnlySpan<byte> ciphertext)
    {
        CheckKey(key);
        if (privParameters.Length != 8)
        {
            throw new CryptographicException($"msgPrivacyParameters of {privParameters.Length} octets; 8 expected.");
        }

        if (_cipher == Cipher.Aes)
        {
            Span<byte> iv = stackalloc byte[16];
            AesIv(engineBoots, engineTime, privParameters, iv);
            var output = new byte[ciphertext.Length];
            AesCfb(key[..KeyLength], aesPool, iv, ciphertext, output, encrypt: false);
            return output;
        }

        if (ciphertext.Length % 8 != 0)
        {
            throw new CryptographicException($"A {Name} ciphertext of {ciphertext.Length} octets is not a whole number of blocks.");
        }

        return DesCbc(key, privParameters, ciphertext.ToArray(), encrypt: false);
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

    private static void AesCfb(ReadOnlySpan<byte> key, KeyedAesPool? pool, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output, bool encrypt)
    {
        var cipher = pool?.Rent() ?? KeyedAesPool.CreateCipher(key);
        try
        {
            AesCfb(cipher, iv, input, output, encrypt);
        }
        finally
        {
            pool?.Return(cipher);
        }
    }

    private static void AesCfb(CfbBlockCipher cipher, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output, bool encrypt)
    {
        // RFC 3826 3.1.3: CFB-128 without padding, so the ciphertext is as long as the plaintext.
        // A null key keeps the cipher's (already expanded) key and takes only the new IV.
        cipher.Init(encrypt, new ParametersWithIV(null, iv.ToArray()));
        int whole = input.Length / 16 * 16;
        for (int offset = 0; offset < whole; offset += 16)
        {
            cipher.ProcessBlock(input[offset..], output[offset..]);
        }

        if (whole < input.Length)
        {
            // The last, partial block: a CFB output octet depends only on what precedes it, so
            // run a zero-padded block and keep the octets that exist.
            Span<byte> last = stackalloc byte[16];
            Span<byte> result = stackalloc byte[16];
            last.Clear();
            input[whole..].CopyTo(last);
            cipher.ProcessBlock(last, result);
            result[..(input.Length - whole)].CopyTo(output[whole..]);
            CryptographicOperations.ZeroMemory(last);
            CryptographicOperations.ZeroMemory(result);
        }
    }

    private byte[] DesCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, byte[] input, bool encrypt)
    {
        int keySize = _cipher == Cipher.Des ? 8 : 24;
        // RFC 3414 8.1.1.1: the IV is the pre-IV (the 8 octets after the key) XOR the salt.
        var iv = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            iv[i] = (byte)(key[keySize + i] ^ salt[i]);
        }

        IBlockCipher engine = _cipher == Cipher.Des ? new DesEngine() : new DesEdeEngine();
        var cbc = new CbcBlockCipher(engine);
        cbc.Init(encrypt, new ParametersWithIV(new KeyParameter(key[..keySize].ToArray()), iv));
        var output = new byte[input.Length];
        for (int offset = 0; offset < input.Length; offset += 8)
        {
            cbc.ProcessBlock(input, offset, output, offset);
        }

        return output;
    }
}
