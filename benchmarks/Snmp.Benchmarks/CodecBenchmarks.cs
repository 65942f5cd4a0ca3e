using BenchmarkDotNet.Attributes;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Benchmarks;

/// <summary>
/// Per-message cost of the BER codec: encode and decode of a 10-varbind SNMPv2c GetResponse
/// with mixed types, and of an SNMPv3 message carrying the same PDU in a plaintext scopedPDU.
/// The v2c decode is the baseline the others are reported against.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private CommunityMessage _v2c = null!;
    private SnmpV3Message _v3 = null!;
    private byte[] _v2cBytes = null!;
    private byte[] _v3Bytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var varBinds = SampleVarBinds.TenMixed();
        var pdu = new Pdu(PduType.Response, 1_234_567, varBinds);
        _v2c = new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), pdu);
        // USM-shaped security parameters (RFC 3414 2.4): engine id, boots, time, user, 12-octet digest, 8-octet salt.
        byte[] securityParameters = Convert.FromHexString("3038040D80001F8880C71100005F5F3A6A020103020300B7D8040761646D696E6973040C0000000000000000000000000408000000000000002A");
        _v3 = new SnmpV3Message(new HeaderData(987_654, 65507, MsgFlags.Reportable, 3), securityParameters,
            new ScopedPdu(Convert.FromHexString("80001F8880C71100005F5F3A6A"), ReadOnlyMemory<byte>.Empty, pdu));
        _v2cBytes = SnmpMessageCodec.Encode(_v2c);
        _v3Bytes = SnmpMessageCodec.Encode(_v3);
    }

    [Benchmark(Baseline = true)]
    public CommunityMessage DecodeV2cResponse() => SnmpMessageCodec.DecodeCommunityMessage(_v2cBytes);

    [Benchmark]
    public byte[] EncodeV2cResponse() => SnmpMessageCodec.Encode(_v2c);

    [Benchmark]
    public SnmpV3Message DecodeV3Message() => SnmpMessageCodec.DecodeV3Message(_v3Bytes);

    [Benchmark]
    public byte[] EncodeV3Message() => SnmpMessageCodec.Encode(_v3);
}

/// <summary>The varbinds the benchmarks carry: 10 of mixed types, as a router's GetResponse might hold.</summary>
internal static class SampleVarBinds
{
    public static VarBindList TenMixed() => new(
        new VarBind("1.3.6.1.2.1.1.1.0", new OctetString("Linux router 6.1.0-13-amd64 #1 SMP PREEMPT_DYNAMIC x86_64")),
        new VarBind("1.3.6.1.2.1.1.2.0", new ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10")),
        new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(123456789)),
        new VarBind("1.3.6.1.2.1.2.2.1.10.1", new Counter32(3_000_000_000)),
        new VarBind("1.3.6.1.2.1.2.2.1.16.1", new Counter32(1_234_567)),
        new VarBind("1.3.6.1.2.1.31.1.1.1.6.1", new Counter64(98_765_432_109_876)),
        new VarBind("1.3.6.1.2.1.2.2.1.5.1", new Gauge32(1_000_000_000)),
        new VarBind("1.3.6.1.2.1.2.2.1.3.1", new Integer32(6)),
        new VarBind("1.3.6.1.2.1.4.20.1.1.192.0.2.1", IpAddress.Parse("192.0.2.1")),
        new VarBind("1.3.6.1.2.1.1.5.0", new OctetString("core-router-01.example.net")));
}
