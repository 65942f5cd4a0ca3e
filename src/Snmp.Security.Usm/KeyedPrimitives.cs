using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Snmp.Security.Usm;

/// <summary>
/// The HMAC of one localised key, ready to use: keying an HMAC costs about as much as hashing a
/// small message, so each user keeps a few keyed instances (one per thread using it at once)
/// instead of keying one per message. Thread-safe.
/// </summary>
internal sealed class KeyedMacPool
{
    private readonly AuthenticationProtocol _protocol;
    private readonly byte[] _key;
    private readonly ConcurrentBag<KeyedMac> _idle = [];

    public KeyedMacPool(AuthenticationProtocol protocol, byte[] key)
    {
        _protocol = protocol;
        _key = key;
    }

    /// <summary>
    /// Writes the truncated HMAC of <paramref name="message"/> with the <paramref name="zeroLength"/>
    /// octets at <paramref name="zeroAt"/> taken as zeros (RFC 3414 6.3.2: the digest field is
    /// zero while the digest is computed), without copying the message.
    /// </summary>
    public void Compute(ReadOnlySpan<byte> message, int zeroAt, int zeroLength, Span<byte> destination)
    {
        var mac = _idle.TryTake(out var idle) ? idle : new KeyedMac(_protocol, _key);
        try
        {
            Span<byte> zeros = stackalloc byte[zeroLength];
            zeros.Clear();
            mac.Append(message[..zeroAt]);
            mac.Append(zeros);
            mac.Append(message[(zeroAt + zeroLength)..]);
            Span<byte> full = stackalloc byte[_protocol.DigestLength];
            mac.Finish(full);
            full[..destination.Length].CopyTo(destination);
        }
        finally
        {
            _idle.Add(mac);
        }
    }

    private sealed class KeyedMac
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
    }
}

/// <summary>
/// AES-CFB ciphers already keyed with one user's privacy key, for the same reason as
/// <see cref="KeyedMacPool"/>: expanding the key is a large part of encrypting one message.
/// BouncyCastle's AES (AES-NI where the processor has it) in its CFB mode: re-initialised with
/// only a new IV, it costs about half of a call through .NET's AES-CFB, which sets up a native
/// cipher context on every call.
/// </summary>
internal sealed class KeyedAesPool
{
    private readonly byte[] _key;
    private readonly ConcurrentBag<CfbBlockCipher> _idle = [];

    public KeyedAesPool(ReadOnlySpan<byte> key)
    {
        _key = key.ToArray();
    }

    public static CfbBlockCipher CreateCipher(ReadOnlySpan<byte> key)
    {
        var cipher = new CfbBlockCipher(AesUtilities.CreateEngine(), 128);
        cipher.Init(true, new ParametersWithIV(new KeyParameter(key.ToArray()), new byte[16]));
        return cipher;
    }

    public CfbBlockCipher Rent() => _idle.TryTake(out var cipher) ? cipher : CreateCipher(_key);

    public void Return(CfbBlockCipher cipher) => _idle.Add(cipher);
}
