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
    private CommunityMessage _page = null!;
    private byte[] _pageBytes = null!;

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
        _page = new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new Pdu(PduType.Response, 1_234_567, SampleVarBinds.BulkPage(50)));
        _pageBytes = SnmpMessageCodec.Encode(_page);
    }

    [Benchmark(Baseline = true)]
    public CommunityMessage DecodeV2cResponse() => SnmpMessageCodec.DecodeCommunityMessage(_v2cBytes);

    [Benchmark]
    public byte[] EncodeV2cResponse() => SnmpMessageCodec.Encode(_v2c);

    [Benchmark]
    public SnmpV3Message DecodeV3Message() => SnmpMessageCodec.DecodeV3Message(_v3Bytes);

    [Benchmark]
    public byte[] EncodeV3Message() => SnmpMessageCodec.Encode(_v3);

    /// <summary>A GetBulk page (issue 26): an SNMPv2c Response of 50 varbinds as a table walk gets them.</summary>
    [Benchmark]
    public CommunityMessage DecodeV2cBulkPage50() => SnmpMessageCodec.DecodeCommunityMessage(_pageBytes);

    /// <summary>The agent's side of the same page.</summary>
    [Benchmark]
    public byte[] EncodeV2cBulkPage50() => SnmpMessageCodec.Encode(_page);
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

    /// <summary>
    /// <paramref name="count"/> varbinds of an interface table walked by GetBulk (ifTable columns
    /// across rows, RFC 2863): descriptions, types, speeds, counters, as a 50-repetition page holds.
    /// </summary>
    public static VarBindList BulkPage(int count)
    {
        var items = new VarBind[count];
        for (int i = 0; i < count; i++)
        {
            int row = (i % 10) + 1;
            items[i] = (i / 10) switch
            {
                0 => new VarBind($"1.3.6.1.2.1.2.2.1.2.{row}", new OctetString($"GigabitEthernet0/{row}")),
                1 => new VarBind($"1.3.6.1.2.1.2.2.1.3.{row}", new Integer32(6)),
                2 => new VarBind($"1.3.6.1.2.1.2.2.1.5.{row}", new Gauge32(1_000_000_000)),
                3 => new VarBind($"1.3.6.1.2.1.2.2.1.10.{row}", new Counter32((uint)(3_000_000_000 + (row * 7919)))),
                _ => new VarBind($"1.3.6.1.2.1.31.1.1.1.6.{row}", new Counter64(98_765_432_109_876UL + (ulong)row)),
            };
        }

        return new VarBindList(items);
    }
}
