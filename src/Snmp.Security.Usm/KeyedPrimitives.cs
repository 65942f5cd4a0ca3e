using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Snmp.Security.Usm;

/// <summary>
/// A few instances of something expensive to key (an HMAC, a block cipher's key schedule) kept
/// for reuse, one per thread using it at once. Rent and return are one interlocked exchange on a
/// small array of slots: a <c>ConcurrentBag</c> took a lock on every rent and return of a bag of
/// one (16 % of a USM message's CPU in a profile). When every slot is taken the pool makes a new
/// instance, and one returned to a full pool is dropped (disposed when it is disposable).
/// </summary>
/// <typeparam name="T">What is pooled.</typeparam>
internal sealed class KeyedInstancePool<T>
    where T : class
{
    private readonly T?[] _slots = new T?[Math.Clamp(Environment.ProcessorCount, 2, 8)];
    private readonly Func<T> _create;

    public KeyedInstancePool(Func<T> create)
    {
        _create = create;
    }

    public T Rent()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is not null && Interlocked.Exchange(ref _slots[i], null) is { } instance)
            {
                return instance;
            }
        }

        return _create();
    }

    public void Return(T instance)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is null && Interlocked.CompareExchange(ref _slots[i], instance, null) is null)
            {
                return;
            }
        }

        (instance as IDisposable)?.Dispose();
    }
}

/// <summary>
/// The HMAC of one localised key, ready to use: keying an HMAC costs about as much as hashing a
/// small message, so each user keeps a few keyed instances (one per thread using it at once)
/// instead of keying one per message. Thread-safe.
/// </summary>
internal sealed class KeyedMacPool
{
    private readonly AuthenticationProtocol _protocol;
    private readonly KeyedInstancePool<KeyedMac> _pool;

    public KeyedMacPool(AuthenticationProtocol protocol, byte[] key)
    {
        _protocol = protocol;
        _pool = new KeyedInstancePool<KeyedMac>(() => new KeyedMac(protocol, key));
    }

    /// <summary>
    /// Writes the truncated HMAC of <paramref name="message"/> with the <paramref name="zeroLength"/>
    /// octets at <paramref name="zeroAt"/> taken as zeros (RFC 3414 6.3.2: the digest field is
    /// zero while the digest is computed), without copying the message.
    /// </summary>
    public void Compute(ReadOnlySpan<byte> message, int zeroAt, int zeroLength, Span<byte> destination)
    {
        var mac = _pool.Rent();
        try
        {
            Span<byte> zeros = stackalloc byte[zeroLength];
            zeros.Clear();
            mac.Append(message[..zeroAt]);
            mac.Append(zeros);
            mac.Append(message[(zeroAt + zeroLength)..]);
            Finish(mac, destination);
        }
        finally
        {
            _pool.Return(mac);
        }
    }

    /// <summary>Writes the truncated HMAC of <paramref name="message"/> (whose digest field already holds zeros) to <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        var mac = _pool.Rent();
        try
        {
            mac.Append(message);
            Finish(mac, destination);
        }
        finally
        {
            _pool.Return(mac);
        }
    }

    private void Finish(KeyedMac mac, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[_protocol.DigestLength];
        mac.Finish(full);
        full[..destination.Length].CopyTo(destination);
    }

    private sealed class KeyedMac : IDisposable
    {
        private readonly IncrementalHash? _net;
        private readonly HMac? _sha224;

        public KeyedMac(AuthenticationProtocol protocol, byte[] key)
        {
            if (protocol.HashAlgorithm.Name == "SHA224")
            {
                // .NET has no SHA-224: BouncyCastle's HMAC, which returns to its keyed state after DoFinal.
                _sha224 = new HMac(new Sha224Digest());
                _sha224.Init(new KeyParameter(key));
            }
            else
            {
                _net = IncrementalHash.CreateHMAC(protocol.HashAlgorithm, key);
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

        public void Finish(Span<byte> destination)
        {
            if (_net is not null)
            {
                _net.GetHashAndReset(destination);
            }
            else
            {
                _sha224!.DoFinal(destination);
            }
        }

        public void Dispose() => _net?.Dispose();
    }
}

/// <summary>
/// One user's privacy key, expanded once into block cipher key schedules and kept (a few
/// instances, one per thread using them at once): expanding the key is a large part of
/// encrypting one small message. The modes are written here over BouncyCastle's raw block
/// ciphers, because every .NET cipher call sets up a native cipher context (measured on Linux
/// with OpenSSL 3: .NET's <c>EncryptCfb</c> with a keyed instance took 4.5 times as long as the
/// raw AES block cipher in CFB over a 112-octet message, <c>DES.EncryptCbc</c> 2.3 times as long
/// as a kept DES key schedule in CBC), and .NET's DES and TripleDES refuse weak and semi-weak
/// keys, which a localised key can be. The modes are the RFCs' own few lines:
/// AES in CFB-128 (RFC 3826 3.1.3, encrypting and decrypting with the forward cipher only) and
/// DES / 3DES-EDE in CBC (RFC 3414 8.1.1.2, draft-reeder-snmpv3-usm-3desede-00 5.1.1.2).
/// Key material never leaves the instance. Thread-safe.
/// </summary>
internal sealed class KeyedCipherPool
{
    private readonly KeyedInstancePool<IBlockCipher[]> _pool;

    /// <param name="aes">AES-CFB (a 16, 24 or 32-octet key) rather than DES-CBC (8 octets) or 3DES-EDE-CBC (24).</param>
    /// <param name="key">The cipher key (without the DES pre-IV).</param>
    public KeyedCipherPool(bool aes, ReadOnlySpan<byte> key)
    {
        var copy = key.ToArray();
        _pool = new KeyedInstancePool<IBlockCipher[]>(aes
            ? () => [Keyed(AesUtilities.CreateEngine(), true, copy)]
            : () => copy.Length == 8
                ? [Keyed(new DesEngine(), true, copy), Keyed(new DesEngine(), false, copy)]
                : [Keyed(new DesEdeEngine(), true, copy), Keyed(new DesEdeEngine(), false, copy)]);
    }

    /// <summary>
    /// AES in CFB-128 (NIST SP 800-38A 6.3), any length, no padding: each keystream block is the
    /// forward cipher of the previous ciphertext block (of the IV first), so encryption and
    /// decryption both use the forward cipher and a partial last block takes only the keystream
    /// octets it needs. <paramref name="input"/> and <paramref name="output"/> may be the same
    /// memory but must not otherwise overlap.
    /// </summary>
    public void Cfb(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output, bool encrypt)
    {
        var ciphers = _pool.Rent();
        try
        {
            var forward = ciphers[0];
            Span<byte> register = stackalloc byte[16];
            Span<byte> keystream = stackalloc byte[16];
            iv.CopyTo(register);
            for (int offset = 0; offset < input.Length; offset += 16)
            {
                int n = Math.Min(16, input.Length - offset);
                forward.ProcessBlock(register, keystream);
                var inBlock = input.Slice(offset, n);
                // The next register is this block's ciphertext: the input when decrypting, read
                // before the output (possibly the same memory) is written.
                if (!encrypt && n == 16)
                {
                    inBlock.CopyTo(register);
                }

                var outBlock = output.Slice(offset, n);
                for (int i = 0; i < n; i++)
                {
                    outBlock[i] = (byte)(inBlock[i] ^ keystream[i]);
                }

                if (encrypt && n == 16)
                {
                    outBlock.CopyTo(register);
                }
            }

            CryptographicOperations.ZeroMemory(register);
            CryptographicOperations.ZeroMemory(keystream);
        }
        finally
        {
            _pool.Return(ciphers);
        }
    }

    /// <summary>
    /// DES or 3DES-EDE in CBC (NIST SP 800-38A 6.2). Encrypting, a partial last block is padded
    /// with zeros (RFC 3414 8.1.1.2: the receiver ignores the padding), so
    /// <paramref name="output"/> is <paramref name="input"/>'s length rounded up to whole blocks;
    /// decrypting, the input is whole blocks (the caller checks). The two may be the same memory
    /// but must not otherwise overlap.
    /// </summary>
    public void Cbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output, bool encrypt)
    {
        var ciphers = _pool.Rent();
        try
        {
            Span<byte> chain = stackalloc byte[8];
            Span<byte> block = stackalloc byte[8];
            iv.CopyTo(chain);
            for (int offset = 0; offset < input.Length; offset += 8)
            {
                int n = Math.Min(8, input.Length - offset);
                var inBlock = input.Slice(offset, n);
                var outBlock = output.Slice(offset, 8);
                if (encrypt)
                {
                    // C(i) = E(P(i) xor C(i-1)), C(0) = IV; padding octets are zeros.
                    chain.CopyTo(block);
                    for (int i = 0; i < n; i++)
                    {
                        block[i] ^= inBlock[i];
                    }

                    ciphers[0].ProcessBlock(block, outBlock);
                    outBlock.CopyTo(chain);
                }
                else
                {
                    // P(i) = D(C(i)) xor C(i-1).
                    ciphers[1].ProcessBlock(inBlock, block);
                    for (int i = 0; i < 8; i++)
                    {
                        block[i] ^= chain[i];
                    }

                    inBlock.CopyTo(chain);
                    block.CopyTo(outBlock);
                }
            }

            CryptographicOperations.ZeroMemory(chain);
            CryptographicOperations.ZeroMemory(block);
        }
        finally
        {
            _pool.Return(ciphers);
        }
    }

    private static IBlockCipher Keyed(IBlockCipher cipher, bool forEncryption, byte[] key)
    {
        cipher.Init(forEncryption, new KeyParameter(key));
        return cipher;
    }
}
