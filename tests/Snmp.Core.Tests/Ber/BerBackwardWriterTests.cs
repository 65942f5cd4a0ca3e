using System.Formats.Asn1;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Core.Tests.Ber;

/// <summary>
/// The back-to-front writer behind <see cref="SnmpMessageCodec"/>'s encoders: X.690's fewest
/// octets for lengths and INTEGERs written from the end, growth past the thread's buffer, and
/// <see cref="SnmpMessageCodec.TryEncode"/> into a caller's buffer of any size.
/// </summary>
[TestFixture]
public class BerBackwardWriterTests
{
    private static byte[] Integer(byte tag, long value)
    {
        var writer = new BerBackwardWriter(new byte[4]);
        writer.WriteInteger(tag, value);
        return writer.Written.ToArray();
    }

    [TestCase(0L, "020100")]
    [TestCase(127L, "02017F")]
    [TestCase(128L, "02020080")]
    [TestCase(256L, "02020100")]
    [TestCase(-1L, "0201FF")]
    [TestCase(-128L, "020180")]
    [TestCase(-129L, "0202FF7F")]
    [TestCase(2147483647L, "02047FFFFFFF")]
    [TestCase(-2147483648L, "020480000000")]
    [TestCase(4294967295L, "020500FFFFFFFF")] // a Counter32's largest value takes a leading zero
    public void Integers_take_the_fewest_octets(long value, string expected)
    {
        // The writer starts with room for 4 octets and grows as it needs.
        Assert.That(Convert.ToHexString(Integer(0x02, value)), Is.EqualTo(expected));
    }

    [TestCase(0UL, "460100")]
    [TestCase(255UL, "460200FF")]
    [TestCase(1UL << 63, "4609008000000000000000")]
    [TestCase(ulong.MaxValue, "460900FFFFFFFFFFFFFFFF")]
    public void Counter64_values_take_the_fewest_octets_up_to_nine(ulong value, string expected)
    {
        var writer = new BerBackwardWriter(new byte[1]);
        writer.WriteUnsigned(0x46, value);
        Assert.That(Convert.ToHexString(writer.Written), Is.EqualTo(expected));
    }

    [TestCase(0, "0400")]
    [TestCase(127, "047F")]
    [TestCase(128, "048180")]
    [TestCase(255, "0481FF")]
    [TestCase(256, "04820100")]
    [TestCase(65535, "0482FFFF")]
    [TestCase(65536, "0483010000")]
    public void Lengths_take_the_fewest_octets(int length, string expectedHeader)
    {
        var writer = new BerBackwardWriter(new byte[16]);
        writer.WritePrimitive(0x04, new byte[length]);
        Assert.That(writer.Length, Is.EqualTo(BerSize.OfOctetString(length)));
        Assert.That(Convert.ToHexString(writer.Written[..(expectedHeader.Length / 2)]), Is.EqualTo(expectedHeader));
    }

    [Test]
    public void A_fixed_buffer_that_is_full_throws_instead_of_growing()
    {
        Assert.Throws<BerBufferFullException>(() =>
        {
            var writer = new BerBackwardWriter(new byte[3].AsSpan());
            writer.WriteInteger(0x02, 128);
        });
    }

    private static ScopedPdu Page(int varBinds, int valueLength) => new(
        new byte[] { 0x80, 0x00, 0x1F, 0x88, 0x80, 0x01 }, "ctx"u8.ToArray(),
        new Pdu(PduType.Response, 42, new VarBindList(Enumerable.Range(0, varBinds)
            .Select(i => new VarBind(new ObjectIdentifier($"1.3.6.1.2.1.2.2.1.2.{i + 1}"), new OctetString(new byte[valueLength]))))));

    [TestCase(1, 10)]
    [TestCase(50, 20)]
    [TestCase(50, 200)] // past the thread's buffer of 2048 octets: it grows
    [TestCase(20, 2000)] // past the largest buffer a thread keeps
    public void TryEncode_fits_exactly_the_size_BerSize_gives_and_not_one_octet_less(int varBinds, int valueLength)
    {
        var scoped = Page(varBinds, valueLength);
        int size = BerSize.Of(scoped);
        var whole = SnmpMessageCodec.Encode(scoped);
        Assert.That(whole, Has.Length.EqualTo(size));

        var exact = new byte[size];
        Assert.That(SnmpMessageCodec.TryEncode(scoped, exact, out int written), Is.True);
        Assert.That((written, exact), Is.EqualTo((size, whole)));

        var larger = new byte[size + 100];
        Assert.That(SnmpMessageCodec.TryEncode(scoped, larger, out written), Is.True);
        Assert.That(larger.AsSpan(0, written).ToArray(), Is.EqualTo(whole), "moved to the start of the destination");

        Assert.That(SnmpMessageCodec.TryEncode(scoped, new byte[size - 1], out written), Is.False);
        Assert.That(written, Is.Zero);
        Assert.Throws<ArgumentException>(() => SnmpMessageCodec.Encode(scoped, new byte[size - 1]));

        var decoded = SnmpMessageCodec.DecodeScopedPdu(whole);
        Assert.That(decoded.Pdu.VarBinds, Is.EqualTo(scoped.Pdu.VarBinds));
    }

    [Test]
    public void Messages_larger_than_the_thread_buffer_encode_the_same_after_it_grew()
    {
        // A large message, then a small one on the same thread, then the large one again.
        var large = new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), Page(40, 1000).Pdu);
        var small = new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), Page(1, 1).Pdu);
        var first = SnmpMessageCodec.Encode(large);
        var smallEncoded = SnmpMessageCodec.Encode(small);
        var again = SnmpMessageCodec.Encode(large);
        Assert.That(first, Has.Length.EqualTo(BerSize.Of(large)));
        Assert.That(again, Is.EqualTo(first));
        Assert.That(smallEncoded, Has.Length.EqualTo(BerSize.Of(small)));
        Assert.That(SnmpMessageCodec.DecodeCommunityMessage(again).Pdu.VarBinds, Is.EqualTo(large.Pdu.VarBinds));
    }

    [Test]
    public void A_PDU_that_cannot_be_encoded_leaves_the_next_message_intact()
    {
        var bad = new CommunityMessage(SnmpVersion.SNMPv1, "public"u8.ToArray(),
            new Pdu(PduType.GetRequest, 1, new VarBindList(new VarBind("1.3.6.1", new Counter64(1)), new VarBind("1.3.6.2", new Integer32(5)))));
        Assert.Throws<ArgumentException>(() => SnmpMessageCodec.Encode(bad));
        var good = new CommunityMessage(SnmpVersion.SNMPv1, "public"u8.ToArray(), new Pdu(PduType.GetRequest, 1, VarBindList.ForRequest("1.3.6.1")));
        Assert.That(Convert.ToHexString(SnmpMessageCodec.Encode(good)),
            Is.EqualTo("3021" + "020100" + "04067075626C6963" + "A014" + "020101" + "020100" + "020100" + "3009" + "3007" + "06032B0601" + "0500"));
    }

    // An independent encoder for the comparison below: System.Formats.Asn1's writer, which the
    // codec used before it wrote BER itself, with OIDs in dotted form.
    private static byte[] ReferenceEncoding(CommunityMessage message)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger((int)message.Version);
            writer.WriteOctetString(message.Community.Span);
            ReferencePdu(writer, message.Pdu);
        }

        return writer.Encode();
    }

    private static byte[] ReferenceEncoding(SnmpV3Message message)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(3);
            using (writer.PushSequence())
            {
                writer.WriteInteger(message.GlobalData.MsgId);
                writer.WriteInteger(message.GlobalData.MsgMaxSize);
                writer.WriteOctetString([(byte)message.GlobalData.MsgFlags]);
                writer.WriteInteger(message.GlobalData.MsgSecurityModel);
            }

            writer.WriteOctetString(message.SecurityParameters.Span);
            using (writer.PushSequence())
            {
                writer.WriteOctetString(message.ScopedPdu!.ContextEngineId.Span);
                writer.WriteOctetString(message.ScopedPdu.ContextName.Span);
                ReferencePdu(writer, message.ScopedPdu.Pdu);
            }
        }

        return writer.Encode();
    }

    private static void ReferencePdu(AsnWriter writer, SnmpPdu pdu)
    {
        static Asn1Tag App(int n) => new(TagClass.Application, n);
        static Asn1Tag Context(int n) => new(TagClass.ContextSpecific, n);
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, (int)pdu.Type & 0x1F, isConstructed: true)))
        {
            switch (pdu)
            {
                case Pdu p:
                    writer.WriteInteger(p.RequestId);
                    writer.WriteInteger((int)p.ErrorStatus);
                    writer.WriteInteger(p.ErrorIndex);
                    break;
                case BulkPdu b:
                    writer.WriteInteger(b.RequestId);
                    writer.WriteInteger(b.NonRepeaters);
                    writer.WriteInteger(b.MaxRepetitions);
                    break;
                case TrapV1Pdu t:
                    writer.WriteObjectIdentifier(t.Enterprise.ToString());
                    writer.WriteOctetString(t.AgentAddress.GetAddressBytes(), App(0));
                    writer.WriteInteger((int)t.GenericTrap);
                    writer.WriteInteger(t.SpecificTrap);
                    writer.WriteInteger(t.TimeStamp.Value, App(3));
                    break;
            }

            using (writer.PushSequence())
            {
                foreach (var vb in pdu.VarBinds)
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(vb.Oid.ToString());
                        switch (vb.Value)
                        {
                            case Integer32 i: writer.WriteInteger(i.Value); break;
                            case OctetString o: writer.WriteOctetString(o.Span); break;
                            case Null: writer.WriteNull(); break;
                            case ObjectIdentifier o: writer.WriteObjectIdentifier(o.ToString()); break;
                            case IpAddress a: writer.WriteOctetString(a.GetAddressBytes(), App(0)); break;
                            case Counter32 c: writer.WriteInteger(c.Value, App(1)); break;
                            case Gauge32 g: writer.WriteInteger(g.Value, App(2)); break;
                            case TimeTicks t: writer.WriteInteger(t.Value, App(3)); break;
                            case Opaque o: writer.WriteOctetString(o.Span, App(4)); break;
                            case Counter64 c: writer.WriteInteger(c.Value, App(6)); break;
                            case NoSuchObject: writer.WriteNull(Context(0)); break;
                            case NoSuchInstance: writer.WriteNull(Context(1)); break;
                            case EndOfMibView: writer.WriteNull(Context(2)); break;
                            default: throw new AssertionException($"no reference encoding for {vb.Value.Type}");
                        }
                    }
                }
            }
        }
    }

    [TestCase(SnmpVersion.SNMPv1, 31)]
    [TestCase(SnmpVersion.SNMPv2c, 32)]
    [TestCase(SnmpVersion.SNMPv3, 33)]
    public void Messages_are_the_octets_System_Formats_Asn1_writes(SnmpVersion version, int seed)
    {
        // Random PDUs of every type and every value, edges included (RoundTripTests' generator):
        // long-form lengths, 128-arc OIDs, INTEGERs of every width.
        var random = new Random(seed);
        for (int i = 0; i < 300; i++)
        {
            var pdu = RoundTripTests.RandomPdu(random, version == SnmpVersion.SNMPv3 ? SnmpVersion.SNMPv2c : version);
            if (version == SnmpVersion.SNMPv3)
            {
                var security = new byte[random.Next(0, 200)];
                random.NextBytes(security);
                var message = new SnmpV3Message(new HeaderData(random.Next(0, int.MaxValue), random.Next(484, int.MaxValue), (MsgFlags)random.Next(0, 4), random.Next(1, int.MaxValue)),
                    security, new ScopedPdu(security.AsMemory(0, Math.Min(security.Length, 32)), "ctx"u8.ToArray(), pdu));
                Assert.That(SnmpMessageCodec.Encode(message), Is.EqualTo(ReferenceEncoding(message)), $"seed {seed}, message {i}");
            }
            else
            {
                var message = new CommunityMessage(version, "community"u8.ToArray(), pdu);
                Assert.That(SnmpMessageCodec.Encode(message), Is.EqualTo(ReferenceEncoding(message)), $"seed {seed}, message {i}");
            }
        }
    }
}
