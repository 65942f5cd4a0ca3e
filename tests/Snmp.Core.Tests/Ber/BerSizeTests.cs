using System.Formats.Asn1;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Core.Tests.Ber;

/// <summary>
/// <see cref="BerSize"/> against what <see cref="SnmpMessageCodec"/> actually writes: every
/// figure must be exact, for every SMI type, at the length-of-length boundaries (127/128,
/// 255/256, 65535/65536 octets), and for whole PDUs and messages of every kind.
/// </summary>
[TestFixture]
public class BerSizeTests
{
    private static readonly ObjectIdentifier Name = "1.3.6.1.2.1.1.1.0";

    private static IEnumerable<TestCaseData> Values()
    {
        foreach (int v in new[] { 0, -1, 1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 8388607, 8388608, int.MaxValue, int.MinValue })
        {
            yield return Case(new Integer32(v));
        }

        foreach (uint v in new uint[] { 0u, 127u, 128u, 255u, 256u, 32767u, 32768u, 65535u, 65536u, 8388607u, 8388608u, int.MaxValue, 2147483648u, uint.MaxValue })
        {
            yield return Case(new Counter32(v));
            yield return Case(new Gauge32(v));
            yield return Case(new TimeTicks(v));
        }

        foreach (ulong v in new ulong[] { 0UL, 127UL, 128UL, uint.MaxValue, 1UL << 32, (1UL << 55) - 1, 1UL << 55, long.MaxValue, 1UL << 63, ulong.MaxValue })
        {
            yield return Case(new Counter64(v));
        }

        foreach (int length in new[] { 0, 1, 127, 128, 129, 255, 256, 257, 65535 })
        {
            yield return Case(new OctetString(new byte[length]));
        }

        foreach (int length in new[] { 0, 127, 128, 255, 256, 65535, 65536, 70000 })
        {
            yield return Case(new Opaque(new byte[length]));
        }

        yield return Case(new IpAddress([192, 0, 2, 1]));
        yield return Case(Null.Instance);
        yield return Case(NoSuchObject.Instance);
        yield return Case(NoSuchInstance.Instance);
        yield return Case(EndOfMibView.Instance);

        // Sub-identifiers at each base-128 step, the folded first pair, and the longest OID.
        foreach (uint arc in new[] { 0u, 127u, 128u, 16383u, 16384u, 2097151u, 2097152u, 268435455u, 268435456u, uint.MaxValue })
        {
            yield return Case(new ObjectIdentifier(1, 3, 6, arc));
        }

        yield return Case(new ObjectIdentifier("0.0"));
        yield return Case(new ObjectIdentifier("1.39"));
        yield return Case(new ObjectIdentifier("2.47"));
        yield return Case(new ObjectIdentifier("2.48"));
        yield return Case(new ObjectIdentifier("2.4294967215"));
        yield return Case(new ObjectIdentifier([2, uint.MaxValue - 80, .. Enumerable.Repeat(uint.MaxValue, 126)]));
        // Contents of exactly 127 and 128 octets (a 1-octet first pair, then 126 one-octet arcs, or 125 and a two-octet one).
        yield return Case(new ObjectIdentifier([1, 3, .. Enumerable.Repeat(1u, 126)]));
        yield return Case(new ObjectIdentifier([1, 3, .. Enumerable.Repeat(1u, 125), 128]));

        static TestCaseData Case(SnmpValue value) => new TestCaseData(value).SetArgDisplayNames($"{value.Type} {Describe(value)}");

        static string Describe(SnmpValue value) => value switch
        {
            OctetString s => $"{s.Length} octets",
            Opaque o => $"{o.Value.Length} octets",
            ObjectIdentifier o => o.Length > 8 ? $"{o.Length} arcs" : o.ToString(),
            _ => value.ToString() ?? string.Empty,
        };
    }

    [TestCaseSource(nameof(Values))]
    public void A_value_a_varbind_and_their_PDU_are_the_sizes_the_codec_writes(SnmpValue value)
    {
        var varBind = new VarBind(Name, value);
        var pdu = new Pdu(PduType.Response, 1, new VarBindList(varBind));

        var encoded = SnmpMessageCodec.Encode(pdu, SnmpVersion.SNMPv2c);

        var (encodedVarBind, encodedValue) = FirstVarBind(encoded);
        Assert.That(BerSize.Of(value), Is.EqualTo(encodedValue.Length), "the value");
        Assert.That(BerSize.Of(varBind), Is.EqualTo(encodedVarBind.Length), "the VarBind");
        Assert.That(BerSize.Of(pdu), Is.EqualTo(encoded.Length), "the PDU");
    }

    [Test]
    public void PDUs_are_exact_across_every_length_of_length_step()
    {
        // One Opaque grown octet by octet takes the PDU's own length through 127/128, 255/256
        // and 65535/65536 octets; the varbind list and the VarBind cross each step a little earlier.
        var lengths = Enumerable.Range(80, 200).Concat(Enumerable.Range(65_480, 80));
        foreach (int length in lengths)
        {
            var pdu = new Pdu(PduType.Response, 1, new VarBindList(new VarBind(Name, new Opaque(new byte[length]))));

            Assert.That(BerSize.Of(pdu), Is.EqualTo(SnmpMessageCodec.Encode(pdu, SnmpVersion.SNMPv2c).Length), $"a {length}-octet Opaque");
        }
    }

    [Test]
    public void Messages_and_scopedPDUs_of_every_PDU_type_are_exact()
    {
        var random = new Random(11);
        for (int i = 0; i < 300; i++)
        {
            var version = i % 2 == 0 ? SnmpVersion.SNMPv1 : SnmpVersion.SNMPv2c;
            var community = new byte[random.Next(0, 300)];
            var message = new CommunityMessage(version, community, RoundTripTests.RandomPdu(random, version));
            Assert.That(BerSize.Of(message), Is.EqualTo(SnmpMessageCodec.Encode(message).Length), $"message {i}: {message.Pdu.Type}");

            var scoped = new ScopedPdu(new byte[random.Next(0, 33)], new byte[random.Next(0, 200)], RoundTripTests.RandomPdu(random, SnmpVersion.SNMPv2c));
            Assert.That(BerSize.Of(scoped), Is.EqualTo(SnmpMessageCodec.Encode(scoped).Length), $"scopedPDU {i}: {scoped.Pdu.Type}");
            Assert.That(BerSize.Of(scoped.Pdu), Is.EqualTo(SnmpMessageCodec.Encode(scoped.Pdu, SnmpVersion.SNMPv2c).Length), $"PDU {i}: {scoped.Pdu.Type}");
        }
    }

    [TestCase(0, 1)]
    [TestCase(127, 1)]
    [TestCase(128, 2)]
    [TestCase(255, 2)]
    [TestCase(256, 3)]
    [TestCase(65535, 3)]
    [TestCase(65536, 4)]
    [TestCase(16777215, 4)]
    [TestCase(16777216, 5)]
    [TestCase(int.MaxValue, 5)]
    public void Length_octets_follow_X690_8_1_3(int contentLength, int expected)
    {
        Assert.That(BerSize.OfLength(contentLength), Is.EqualTo(expected));
        if (contentLength <= 65536)
        {
            var writer = new AsnWriter(AsnEncodingRules.BER);
            writer.WriteOctetString(new byte[contentLength]);
            Assert.That(BerSize.OfElement(contentLength), Is.EqualTo(writer.GetEncodedLength()), "as System.Formats.Asn1 writes it");
        }
    }

    [Test]
    public void MaxContentLength_is_the_largest_contents_that_fit()
    {
        var limits = Enumerable.Range(0, 300).Concat(Enumerable.Range(65_500, 60)).Concat([484, 1472, 65507, int.MaxValue]);
        foreach (int limit in limits)
        {
            int contents = BerSize.MaxContentLength(limit);

            if (limit < 2)
            {
                Assert.That(contents, Is.Zero, $"nothing fits in {limit}");
                continue;
            }

            Assert.That(BerSize.OfElement(contents), Is.LessThanOrEqualTo(limit), $"{contents} contents in {limit}");
            if (contents < int.MaxValue - 6)
            {
                Assert.That(BerSize.OfElement(contents + 1), Is.GreaterThan(limit), $"{contents + 1} contents do not fit in {limit}");
            }
        }
    }

    private static (ReadOnlyMemory<byte> VarBind, ReadOnlyMemory<byte> Value) FirstVarBind(byte[] encodedPdu)
    {
        var reader = new AsnReader(encodedPdu, AsnEncodingRules.BER);
        var pdu = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true));
        pdu.ReadEncodedValue(); // request-id
        pdu.ReadEncodedValue(); // error-status
        pdu.ReadEncodedValue(); // error-index
        var list = pdu.ReadSequence();
        var varBind = list.PeekEncodedValue();
        var fields = list.ReadSequence();
        fields.ReadEncodedValue(); // name
        return (varBind, fields.ReadEncodedValue());
    }
}
