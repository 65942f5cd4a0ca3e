using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Snmp.Security.Usm;

namespace Snmp.Benchmarks;

/// <summary>
/// Whether the cryptographic floor under an SNMPv3 authPriv message can move (issue 26 item 2):
/// the ways to compute HMAC-SHA-96's HMAC-SHA-1 (RFC 3414 section 6) and AES-128-CFB (RFC 3826)
/// over one message on this platform, each category's baseline being what USM does now.
/// <list type="bullet">
/// <item>HMAC: USM's <c>KeyedMacPool</c> (a keyed <see cref="IncrementalHash"/> per user, rented
/// from a pool, one <c>AppendData</c> and <c>GetHashAndReset</c> per digest); the same
/// <see cref="IncrementalHash"/> without the pool; the one-shot <c>HMACSHA1.HashData</c> with
/// the key (keyed anew per call); the HMAC written as two one-shot <c>SHA1.HashData</c> calls
/// over ipad and opad (RFC 2104); and BouncyCastle's managed HMAC, which keeps its inner and
/// outer keyed state and goes back to it after each digest (keyed state reuse without native
/// calls, but SHA-1 in managed code).</item>
/// <item>AES: USM's <c>KeyedCipherPool.Cfb</c> (BouncyCastle's AES block cipher, keyed once, in
/// a CFB-128 loop) against .NET's <c>Aes.EncryptCfb</c> on an instance keyed once.</item>
/// </list>
/// <see cref="Length"/> is the message: 160 octets is about a v3 authPriv GET of one OID, 224 its
/// Response; AES runs over the scopedPDU, 64 octets less (a whole number of blocks, which
/// .NET's CFB without padding needs).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class UsmCryptoFloorBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(20);
    private readonly byte[] _aesKey = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _iv = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _ipad = new byte[64];
    private readonly byte[] _opad = new byte[64];
    private readonly byte[] _digest = new byte[20];
    private byte[] _message = null!;
    private byte[] _plaintext = null!;
    private byte[] _ciphertext = null!;
    private KeyedMacPool _usmMac = null!;
    private IncrementalHash _keyed = null!;
    private HMac _bouncyCastle = null!;
    private KeyedCipherPool _usmCipher = null!;
    private Aes _aes = null!;

    [Params(160, 224)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = RandomNumberGenerator.GetBytes(Length);
        _plaintext = RandomNumberGenerator.GetBytes(Length - 64);
        _ciphertext = new byte[_plaintext.Length];
        _usmMac = new KeyedMacPool(AuthenticationProtocol.HmacSha1, _key);
        _keyed = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);
        _bouncyCastle = new HMac(new Sha1Digest());
        _bouncyCastle.Init(new KeyParameter(_key));
        _usmCipher = new KeyedCipherPool(aes: true, _aesKey);
        _aes = Aes.Create();
        _aes.Key = _aesKey;
        for (int i = 0; i < 64; i++)
        {
            byte k = i < _key.Length ? _key[i] : (byte)0;
            _ipad[i] = (byte)(k ^ 0x36);
            _opad[i] = (byte)(k ^ 0x5c);
        }

        // Every way gives the same digest and ciphertext, or the comparison means nothing.
        var expected = HMACSHA1.HashData(_key, _message);
        var each = new List<byte[]>();
        foreach (var compute in new Action[] { () => UsmKeyedMacPool(), () => KeyedIncrementalHash(), () => OneShotHashData(), () => TwoOneShotHashes(), () => BouncyCastleKeyedHMac() })
        {
            Array.Clear(_digest);
            compute();
            each.Add(_digest.ToArray());
        }

        if (each.Any(d => !d.AsSpan(0, 12).SequenceEqual(expected.AsSpan(0, 12))))
        {
            throw new InvalidOperationException("the HMACs differ");
        }

        UsmKeyedCipherPoolCfb();
        var usm = _ciphertext.ToArray();
        NetAesEncryptCfb();
        if (!usm.SequenceEqual(_ciphertext))
        {
            throw new InvalidOperationException("the ciphertexts differ");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keyed.Dispose();
        _aes.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("HMAC-SHA-1")]
    public void UsmKeyedMacPool() => _usmMac.Compute(_message, _digest.AsSpan(0, 12));

    [Benchmark, BenchmarkCategory("HMAC-SHA-1")]
    public int KeyedIncrementalHash()
    {
        _keyed.AppendData(_message);
        return _keyed.GetHashAndReset(_digest);
    }

    [Benchmark, BenchmarkCategory("HMAC-SHA-1")]
    public int OneShotHashData() => HMACSHA1.HashData(_key, _message, _digest);

    [Benchmark, BenchmarkCategory("HMAC-SHA-1")]
    public int TwoOneShotHashes()
    {
        Span<byte> inner = stackalloc byte[64 + 512];
        _ipad.CopyTo(inner);
        _message.CopyTo(inner[64..]);
        Span<byte> outer = stackalloc byte[64 + 20];
        _opad.CopyTo(outer);
        SHA1.HashData(inner[..(64 + _message.Length)], outer[64..]);
        return SHA1.HashData(outer, _digest);
    }

    [Benchmark, BenchmarkCategory("HMAC-SHA-1")]
    public int BouncyCastleKeyedHMac()
    {
        _bouncyCastle.BlockUpdate(_message);
        return _bouncyCastle.DoFinal(_digest);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("AES-128-CFB")]
    public void UsmKeyedCipherPoolCfb() => _usmCipher.Cfb(_iv, _plaintext, _ciphertext, encrypt: true);

    [Benchmark, BenchmarkCategory("AES-128-CFB")]
    public int NetAesEncryptCfb() => _aes.EncryptCfb(_plaintext, _iv, _ciphertext, PaddingMode.None, 128);
}
