using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Core.Tests.Ber;

/// <summary>
/// Encode then decode returns the same message, and re-encoding the decoded message gives the
/// same bytes, for generated values of every SMI type (edges included) in every PDU type of
/// every message version. Seeds are fixed so a failure reproduces; each message names its seed.
/// </summary>
[TestFixture]
public class RoundTripTests
{
    private static readonly int[] Int32Edges = [0, -1, 1, 127, 128, -128, -129, 255, 256, int.MaxValue, int.MinValue];
    private static readonly uint[] UInt32Edges = [0, 1, 127, 128, 255, 256, 65535, 65536, int.MaxValue, 2147483648u, uint.MaxValue];
    private static readonly ulong[] UInt64Edges = [0, 1, 127, 128, uint.MaxValue, 1UL << 32, long.MaxValue, 1UL << 63, ulong.MaxValue];

    private static SnmpValue RandomValue(Random random, bool v1)
    {
        int kinds = v1 ? 9 : 13; // SNMPv1 has no Counter64 and no exception values (RFC 3584 section 4.1)
        return random.Next(kinds) switch
        {
            0 => new Integer32(random.Next(3) == 0 ? Int32Edges[random.Next(Int32Edges.Length)] : random.Next(int.MinValue, int.MaxValue)),
            1 => new OctetString(RandomBytes(random, random.Next(4) == 0 ? 0 : random.Next(0, random.Next(2) == 0 ? 16 : 2000))),
            2 => Null.Instance,
            3 => RandomOid(random),
            4 => new IpAddress(RandomBytes(random, 4)),
            5 => new Counter32(RandomUInt32(random)),
            6 => new Gauge32(RandomUInt32(random)),
            7 => new TimeTicks(RandomUInt32(random)),
            8 => new Opaque(RandomBytes(random, random.Next(0, 40))),
            9 => new Counter64(random.Next(3) == 0 ? UInt64Edges[random.Next(UInt64Edges.Length)] : (ulong)random.NextInt64() * 2 + (ulong)random.Next(2)),
            10 => NoSuchObject.Instance,
            11 => NoSuchInstance.Instance,
            _ => EndOfMibView.Instance,
        };
    }

    private static uint RandomUInt32(Random random) =>
        random.Next(3) == 0 ? UInt32Edges[random.Next(UInt32Edges.Length)] : (uint)random.NextInt64(0, uint.MaxValue + 1L);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static ObjectIdentifier RandomOid(Random random)
    {
        int length = random.Next(6) switch
        {
            0 => 128,
            1 => 2,
            _ => random.Next(2, 30),
        };
        var ids = new uint[length];
        // BER folds the first two arcs into one: X.690 8.19.4 allows 0 and 1 with a second arc
        // below 40, and 2 with any second arc.
        ids[0] = (uint)random.Next(3);
        ids[1] = ids[0] < 2 ? (uint)random.Next(40) : RandomUInt32(random) % (uint.MaxValue - 80);
        for (int i = 2; i < length; i++)
        {
            ids[i] = random.Next(4) == 0 ? uint.MaxValue : random.Next(2) == 0 ? (uint)random.Next(200) : RandomUInt32(random);
        }

        return new ObjectIdentifier(ids);
    }

    private static VarBindList RandomVarBinds(Random random, bool v1) =>
        new(Enumerable.Range(0, random.Next(0, 12)).Select(_ => new VarBind(RandomOid(random), RandomValue(random, v1))));

    internal static SnmpPdu RandomPdu(Random random, SnmpVersion version)
    {
        bool v1 = version == SnmpVersion.SNMPv1;
        PduType[] types = v1
            ? [PduType.GetRequest, PduType.GetNextRequest, PduType.Response, PduType.SetRequest, PduType.TrapV1]
            : [PduType.GetRequest, PduType.GetNextRequest, PduType.Response, PduType.SetRequest, PduType.GetBulkRequest, PduType.InformRequest, PduType.SNMPv2Trap, PduType.Report];
        var type = types[random.Next(types.Length)];
        int requestId = random.Next(4) == 0 ? Int32Edges[random.Next(Int32Edges.Length)] : random.Next(int.MinValue, int.MaxValue);
        var varBinds = RandomVarBinds(random, v1);
        return type switch
        {
            PduType.GetBulkRequest => new BulkPdu(requestId, random.Next(0, 10), random.Next(3) == 0 ? int.MaxValue : random.Next(0, 100), varBinds),
            PduType.TrapV1 => new TrapV1Pdu(RandomOid(random), new IpAddress(RandomBytes(random, 4)), (GenericTrap)random.Next(7), random.Next(3) == 0 ? int.MaxValue : random.Next(), new TimeTicks(RandomUInt32(random)), varBinds),
            _ => new Pdu(type, requestId, (ErrorStatus)random.Next(0, 19), random.Next(0, 12), varBinds),
        };
    }

    [TestCase(SnmpVersion.SNMPv1, 1)]
    [TestCase(SnmpVersion.SNMPv1, 2)]
    [TestCase(SnmpVersion.SNMPv2c, 3)]
    [TestCase(SnmpVersion.SNMPv2c, 4)]
    public void Community_messages_round_trip(SnmpVersion version, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 300; i++)
        {
            var community = RandomBytes(random, random.Next(4) == 0 ? 0 : random.Next(1, 40));
            var message = new CommunityMessage(version, community, RandomPdu(random, version));

            var bytes = SnmpMessageCodec.Encode(message);
            var decoded = SnmpMessageCodec.DecodeCommunityMessage(bytes);

            Assert.That(decoded.Version, Is.EqualTo(version), $"seed {seed}, message {i}");
            Assert.That(decoded.Community.ToArray(), Is.EqualTo(community), $"seed {seed}, message {i}");
            Assert.That(decoded.Pdu, Is.EqualTo(message.Pdu), $"seed {seed}, message {i}");
            Assert.That(SnmpMessageCodec.Encode(decoded), Is.EqualTo(bytes), $"seed {seed}, message {i}: re-encoding");
        }
    }

    [TestCase(5)]
    [TestCase(6)]
    public void SNMPv3_messages_with_a_plain_scopedPDU_round_trip(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 300; i++)
        {
            var flags = (MsgFlags)random.Next(0, 8) & ~MsgFlags.Priv;
            var header = new HeaderData(random.Next(0, int.MaxValue), random.Next(484, int.MaxValue), flags, random.Next(1, int.MaxValue));
            var scoped = new ScopedPdu(RandomBytes(random, random.Next(0, 33)), RandomBytes(random, random.Next(0, 33)), RandomPdu(random, SnmpVersion.SNMPv2c));
            var message = new SnmpV3Message(header, RandomBytes(random, random.Next(0, 120)), scoped);

            var bytes = SnmpMessageCodec.Encode(message);
            var decoded = SnmpMessageCodec.DecodeV3Message(bytes);

            Assert.That(decoded.GlobalData, Is.EqualTo(header), $"seed {seed}, message {i}");
            Assert.That(decoded.SecurityParameters.ToArray(), Is.EqualTo(message.SecurityParameters.ToArray()), $"seed {seed}, message {i}");
            Assert.That(decoded.ScopedPdu, Is.Not.Null);
            Assert.That(decoded.ScopedPdu!.ContextEngineId.ToArray(), Is.EqualTo(scoped.ContextEngineId.ToArray()));
            Assert.That(decoded.ScopedPdu.ContextName.ToArray(), Is.EqualTo(scoped.ContextName.ToArray()));
            Assert.That(decoded.ScopedPdu.Pdu, Is.EqualTo(scoped.Pdu), $"seed {seed}, message {i}");
            Assert.That(SnmpMessageCodec.Encode(decoded), Is.EqualTo(bytes), $"seed {seed}, message {i}: re-encoding");
        }
    }

    [Test]
    public void An_encrypted_scopedPDU_is_carried_as_opaque_octets()
    {
        var header = new HeaderData(1, 65507, MsgFlags.Auth | MsgFlags.Priv | MsgFlags.Reportable, 3);
        var cipher = RandomBytes(new Random(7), 99);
        var message = new SnmpV3Message(header, RandomBytes(new Random(8), 40), cipher);

        var decoded = SnmpMessageCodec.DecodeV3Message(SnmpMessageCodec.Encode(message));

        Assert.That(decoded.IsEncrypted, Is.True);
        Assert.That(decoded.EncryptedPdu.ToArray(), Is.EqualTo(cipher));
    }

    [Test]
    public void Every_edge_value_survives_alone()
    {
        var values = new List<SnmpValue> { Null.Instance, NoSuchObject.Instance, NoSuchInstance.Instance, EndOfMibView.Instance, OctetString.Empty, new OctetString(new byte[65000]) };
        values.AddRange(Int32Edges.Select(v => (SnmpValue)new Integer32(v)));
        values.AddRange(UInt32Edges.SelectMany(v => new SnmpValue[] { new Counter32(v), new Gauge32(v), new TimeTicks(v) }));
        values.AddRange(UInt64Edges.Select(v => (SnmpValue)new Counter64(v)));
        // 128 sub-identifiers, every one but the folded first pair at 2^32-1 (the first BER
        // sub-identifier is 80 + the second arc, so the second arc stops at 2^32-1-80).
        values.Add(new ObjectIdentifier([2, uint.MaxValue - 80, .. Enumerable.Repeat(uint.MaxValue, 126)]));
        values.Add(new ObjectIdentifier("0.0"));
        values.Add(new ObjectIdentifier("1.39"));
        values.Add(new ObjectIdentifier("2.4294967215"));

        foreach (var value in values)
        {
            var pdu = new Pdu(PduType.Response, 1, new VarBindList(new VarBind("1.3.6.1", value)));
            var bytes = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), pdu));
            var decoded = SnmpMessageCodec.DecodeCommunityMessage(bytes);
            Assert.That(decoded.Pdu.VarBinds[0].Value, Is.EqualTo(value), $"{value.Type} {value}");
        }
    }
}
