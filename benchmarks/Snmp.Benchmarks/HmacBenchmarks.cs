using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace Snmp.Benchmarks;

/// <summary>
/// The ways .NET offers to compute the HMAC of one SNMPv3 message (RFC 3414 6.3 / RFC 7860: a
/// few hundred octets), the floor under USM's per-message cost (issue 13, item 3): a keyed
/// <see cref="IncrementalHash"/> kept between messages (what USM uses, the baseline), the
/// one-shot <c>HMACSHA256.HashData</c>, which keys the HMAC again for every message, and the
/// HMAC written out as two one-shot hashes over ipad and opad (RFC 2104 section 2). Each goes
/// through OpenSSL on Linux; the differences are mostly the number of native calls.
/// </summary>
[MemoryDiagnoser]
public class HmacBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _ipad = new byte[64];
    private readonly byte[] _opad = new byte[64];
    private readonly byte[] _digest = new byte[32];
    private byte[] _message = null!;
    private IncrementalHash _keyed = null!;

    /// <summary>The message length: a v3 GET of one OID, and a Response with a longer value.</summary>
    [Params(160, 400)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = RandomNumberGenerator.GetBytes(Length);
        _keyed = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        for (int i = 0; i < 64; i++)
        {
            byte k = i < _key.Length ? _key[i] : (byte)0;
            _ipad[i] = (byte)(k ^ 0x36);
            _opad[i] = (byte)(k ^ 0x5c);
        }

        Span<byte> a = stackalloc byte[32], b = stackalloc byte[32];
        _keyed.AppendData(_message);
        _keyed.GetHashAndReset(a);
        TwoHashes(b);
        if (!a.SequenceEqual(b) || !a.SequenceEqual(HMACSHA256.HashData(_key, _message)))
        {
            throw new InvalidOperationException("the three HMACs differ");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _keyed.Dispose();

    [Benchmark(Baseline = true)]
    public int KeyedIncrementalHash()
    {
        _keyed.AppendData(_message);
        return _keyed.GetHashAndReset(_digest);
    }

    [Benchmark]
    public int OneShotHashData() => HMACSHA256.HashData(_key, _message, _digest);

    [Benchmark]
    public int TwoOneShotHashes() => TwoHashes(_digest);

    private int TwoHashes(Span<byte> destination)
    {
        Span<byte> inner = stackalloc byte[64 + 512];
        _ipad.CopyTo(inner);
        _message.CopyTo(inner[64..]);
        Span<byte> outer = stackalloc byte[64 + 32];
        _opad.CopyTo(outer);
        SHA256.HashData(inner[..(64 + _message.Length)], outer[64..]);
        return SHA256.HashData(outer, destination);
    }
}
