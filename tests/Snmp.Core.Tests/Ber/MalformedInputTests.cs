using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Core.Tests.Ber;

/// <summary>
/// Bad input decodes or throws <see cref="SnmpDecodeException"/>, never anything else: every
/// truncation and a set of single-byte mutations of every Net-SNMP fixture, and the specific
/// encodings SNMP forbids.
/// </summary>
[TestFixture]
public class MalformedInputTests
{
    public static IEnumerable<string> Fixtures() => NetSnmpFixtures.Names();

    /// <summary>The decode path a dispatcher takes for an incoming datagram.</summary>
    private static void DecodeLikeADispatcher(ReadOnlyMemory<byte> message)
    {
        if (SnmpMessageCodec.PeekVersion(message) == 3)
        {
            var v3 = SnmpMessageCodec.DecodeV3Message(message);
            if (v3.IsEncrypted)
            {
                SnmpMessageCodec.DecodeScopedPdu(v3.EncryptedPdu);
            }
        }
        else
        {
            SnmpMessageCodec.DecodeCommunityMessage(message);
        }
    }

    private static string? Outcome(byte[] message)
    {
        try
        {
            DecodeLikeADispatcher(message);
            return null;
        }
        catch (SnmpDecodeException e)
        {
            Assert.That(e.Offset, Is.InRange(0, message.Length), "the offset points into the message");
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Every_truncation_throws_the_decode_exception(string name)
    {
        var bytes = NetSnmpFixtures.Bytes(name);
        for (int length = 0; length < bytes.Length; length++)
        {
            var truncated = bytes[..length];
            var error = Assert.Throws<SnmpDecodeException>(() => DecodeLikeADispatcher(truncated), $"{name} truncated to {length} octets");
            Assert.That(error!.Offset, Is.InRange(0, length));
        }
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Single_byte_mutations_decode_or_throw_the_decode_exception(string name)
    {
        var bytes = NetSnmpFixtures.Bytes(name);
        var failures = new List<string>();
        for (int offset = 0; offset < bytes.Length; offset++)
        {
            byte original = bytes[offset];
            foreach (byte replacement in new byte[] { 0x00, 0xFF, 0x80, 0x7F, (byte)(original ^ 0x01), (byte)(original ^ 0x80), (byte)(original + 1) })
            {
                var mutated = (byte[])bytes.Clone();
                mutated[offset] = replacement;
                if (Outcome(mutated) is { } failure)
                {
                    failures.Add($"offset {offset} {original:X2}->{replacement:X2}: {failure}");
                }
            }
        }

        Assert.That(failures, Is.Empty, name);
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Trailing_garbage_after_the_message_is_rejected(string name)
    {
        var bytes = NetSnmpFixtures.Bytes(name);
        var error = Assert.Throws<SnmpDecodeException>(() => DecodeLikeADispatcher((byte[])[.. bytes, 0x00]));
        Assert.That(error!.Offset, Is.EqualTo(bytes.Length));
    }

    // A v2c GetRequest for one OID with a NULL value, built around the varbind's encoding.
    private static byte[] Message(byte[] varBind)
    {
        byte[] vbl = [0x30, (byte)varBind.Length, .. varBind];
        byte[] pdu = [0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, .. vbl];
        byte[] body = [0x02, 0x01, 0x01, 0x04, 0x06, .. "public"u8, 0xA2, (byte)pdu.Length, .. pdu];
        return [0x30, (byte)body.Length, .. body];
    }

    private static byte[] VarBind(byte[] oid, byte[] value) => [0x30, (byte)(oid.Length + value.Length), .. oid, .. value];

    private static readonly byte[] SysDescrOid = [0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00];

    [Test]
    public void The_hand_built_message_decodes_when_well_formed()
    {
        var message = SnmpMessageCodec.DecodeCommunityMessage(Message(VarBind(SysDescrOid, [0x41, 0x04, 0xFF, 0xFF, 0xFF, 0xFF])));
        Assert.That(message.Pdu.VarBinds[0], Is.EqualTo(new VarBind("1.3.6.1.2.1.1.1.0", new Counter32(uint.MaxValue))));
    }

    [Test]
    public void An_indefinite_length_is_rejected()
    {
        byte[] bytes = [0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00];
        Assert.Throws<SnmpDecodeException>(() => DecodeLikeADispatcher(bytes));
    }

    [Test]
    public void A_length_past_the_buffer_is_rejected_at_its_element()
    {
        var message = Message(VarBind(SysDescrOid, [0x04, 0x05, 0x41]));
        var error = Assert.Throws<SnmpDecodeException>(() => SnmpMessageCodec.DecodeCommunityMessage(message));
        Assert.That(error!.Offset, Is.GreaterThan(0));
    }

    [TestCase(new byte[] { 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 }, TestName = "Integer32 wider than 32 bits")]
    [TestCase(new byte[] { 0x41, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 }, TestName = "Counter32 above 2^32-1")]
    [TestCase(new byte[] { 0x42, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 }, TestName = "Gauge32 above 2^32-1")]
    [TestCase(new byte[] { 0x43, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 }, TestName = "TimeTicks above 2^32-1")]
    [TestCase(new byte[] { 0x46, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 }, TestName = "Counter64 above 2^64-1")]
    [TestCase(new byte[] { 0x02, 0x00 }, TestName = "empty INTEGER")]
    [TestCase(new byte[] { 0x40, 0x03, 0x7F, 0x00, 0x01 }, TestName = "IpAddress of 3 octets")]
    [TestCase(new byte[] { 0x05, 0x01, 0x00 }, TestName = "NULL with contents")]
    [TestCase(new byte[] { 0x24, 0x03, 0x04, 0x01, 0x41 }, TestName = "constructed OCTET STRING")]
    [TestCase(new byte[] { 0x1F, 0x81, 0x00, 0x00 }, TestName = "high tag number")]
    [TestCase(new byte[] { 0x47, 0x01, 0x00 }, TestName = "unknown application type")]
    public void Values_SNMP_forbids_are_rejected(byte[] value)
    {
        var message = Message(VarBind(SysDescrOid, value));
        var error = Assert.Throws<SnmpDecodeException>(() => SnmpMessageCodec.DecodeCommunityMessage(message));
        Assert.That(error!.Offset, Is.InRange(0, message.Length));
    }

    [Test]
    public void A_sub_identifier_padded_with_0x80_is_rejected()
    {
        byte[] oid = [0x06, 0x03, 0x2B, 0x80, 0x01];
        var message = Message(VarBind(oid, [0x05, 0x00]));
        var error = Assert.Throws<SnmpDecodeException>(() => SnmpMessageCodec.DecodeCommunityMessage(message));
        Assert.That(error!.Problem, Does.Contain("0x80").Or.Contain("padding").Or.Contain("padded"));
    }

    [Test]
    public void A_sub_identifier_above_2_to_the_32_minus_1_is_rejected()
    {
        byte[] oid = [0x06, 0x06, 0x2B, 0x90, 0x80, 0x80, 0x80, 0x00]; // 2^32
        Assert.Throws<SnmpDecodeException>(() => SnmpMessageCodec.DecodeCommunityMessage(Message(VarBind(oid, [0x05, 0x00]))));
        byte[] max = [0x06, 0x06, 0x2B, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F]; // 2^32-1
        var ok = SnmpMessageCodec.DecodeCommunityMessage(Message(VarBind(max, [0x05, 0x00])));
        Assert.That(ok.Pdu.VarBinds[0].Oid, Is.EqualTo(new ObjectIdentifier("1.3.4294967295")));
    }

    [Test]
    public void More_than_128_sub_identifiers_are_rejected_and_128_accepted()
    {
        static byte[] Oid(int arcs)
        {
            var content = new byte[arcs - 1];
            content[0] = 0x2B;
            Array.Fill(content, (byte)0x01, 1, content.Length - 1);
            return [0x06, 0x81, (byte)content.Length, .. content];
        }

        static byte[] Big(byte[] varBind)
        {
            byte[] vbl = [0x30, 0x81, (byte)varBind.Length, .. varBind];
            byte[] pdu = [0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, .. vbl];
            byte[] body = [0x02, 0x01, 0x01, 0x04, 0x06, .. "public"u8, 0xA2, 0x81, (byte)pdu.Length, .. pdu];
            return [0x30, 0x81, (byte)body.Length, .. body];
        }

        static byte[] Vb(byte[] oid) => [0x30, 0x81, (byte)(oid.Length + 2), .. oid, 0x05, 0x00];

        var ok = SnmpMessageCodec.DecodeCommunityMessage(Big(Vb(Oid(128))));
        Assert.That(ok.Pdu.VarBinds[0].Oid.Length, Is.EqualTo(128));
        Assert.Throws<SnmpDecodeException>(() => SnmpMessageCodec.DecodeCommunityMessage(Big(Vb(Oid(129)))));
    }

    [Test]
    public void Negative_non_repeaters_and_max_repetitions_are_read_as_zero()
    {
        // RFC 3416 4.2.3: "If the value in the non-repeaters field is less than zero, then the value
        // of the field is set to zero. Similarly, if the value in the max-repetitions field is less
        // than zero, then the value of the field is set to zero." (found by snmp check: such a
        // GetBulk was dropped as a parse error)
        var bulk = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new BulkPdu(1, -1, -5, VarBindList.ForRequest("1.3.6"))));
        var decoded = (BulkPdu)SnmpMessageCodec.DecodeCommunityMessage(bulk).Pdu;
        Assert.That((decoded.NonRepeaters, decoded.MaxRepetitions), Is.EqualTo((0, 0)));
    }

    [Test]
    public void A_GetBulk_in_an_SNMPv1_message_is_rejected()
    {
        var bulk = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new BulkPdu(1, 0, 5, VarBindList.ForRequest("1.3.6"))));
        bulk[4] = 0x00; // version 1 (SNMPv2c) -> 0 (SNMPv1)
        Assert.Throws<SnmpDecodeException>(() => SnmpMessageCodec.DecodeCommunityMessage(bulk));
    }
}
