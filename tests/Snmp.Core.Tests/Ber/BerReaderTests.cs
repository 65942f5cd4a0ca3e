using Snmp.Ber;

namespace Snmp.Core.Tests.Ber;

/// <summary>
/// The identifier and length octets <see cref="BerReader"/> reads itself (X.690 8.1.2 and
/// 8.1.3): the short and long forms, the leniency BER allows (more length octets than needed)
/// and everything RFC 3417 section 8 and X.690 refuse, each a <see cref="SnmpDecodeException"/>
/// at the element's offset.
/// </summary>
[TestFixture]
public class BerReaderTests
{
    private static (byte Tag, int Start, int Length, int Offset) Header(byte[] octets, int baseOffset = 0)
    {
        var reader = new BerReader(octets, baseOffset);
        return reader.ReadHeader();
    }

    private static SnmpDecodeException Refused(byte[] octets, int baseOffset = 0) =>
        Assert.Throws<SnmpDecodeException>(() => Header(octets, baseOffset))!;

    [Test]
    public void The_short_form_gives_the_contents_after_two_octets()
    {
        Assert.That(Header([0x04, 0x03, 0x41, 0x42, 0x43]), Is.EqualTo(((byte)0x04, 2, 3, 0)));
        Assert.That(Header([0x04, 0x00]), Is.EqualTo(((byte)0x04, 2, 0, 0)));
        Assert.That(Header([0x04, 0x7F, .. new byte[127]]), Is.EqualTo(((byte)0x04, 2, 127, 0)));
    }

    [TestCase(new byte[] { 0x81, 0x80 }, 128, 3)]
    [TestCase(new byte[] { 0x81, 0xFF }, 255, 3)]
    [TestCase(new byte[] { 0x82, 0x01, 0x00 }, 256, 4)]
    [TestCase(new byte[] { 0x81, 0x05 }, 5, 3)] // not the fewest octets: BER allows it
    [TestCase(new byte[] { 0x82, 0x00, 0x05 }, 5, 4)]
    [TestCase(new byte[] { 0x84, 0x00, 0x00, 0x00, 0x05 }, 5, 6)]
    [TestCase(new byte[] { 0x86, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05 }, 5, 8)] // leading zeros beyond four octets
    public void Long_form_lengths_are_read_with_or_without_leading_zeros(byte[] lengthOctets, int length, int headerLength)
    {
        var (tag, start, contentLength, offset) = Header([0x04, .. lengthOctets, .. new byte[length]]);
        Assert.That((tag, start, contentLength, offset), Is.EqualTo(((byte)0x04, headerLength, length, 0)));
    }

    [Test]
    public void The_indefinite_form_is_refused()
    {
        var error = Refused([0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00]);
        Assert.That(error.Problem, Does.Contain("indefinite"));
        Assert.That(error.Offset, Is.EqualTo(0));
    }

    [Test]
    public void The_reserved_length_octet_0xFF_is_refused()
    {
        var error = Refused([0x04, 0xFF, .. new byte[130]]);
        Assert.That(error.Problem, Does.Contain("0xFF"));
    }

    [Test]
    public void A_length_of_2_to_the_31_or_more_is_refused()
    {
        Assert.That(Refused([0x04, 0x84, 0x80, 0x00, 0x00, 0x00, 0x00]).Problem, Does.Contain("2^31"));
        Assert.That(Refused([0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]).Problem, Does.Contain("2^31"));
        // 2^31-1 is a length, but not one any buffer here holds.
        Assert.That(Refused([0x04, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x00]).Problem, Does.Contain("runs past"));
    }

    [TestCase(new byte[] { })]
    [TestCase(new byte[] { 0x04 })]
    [TestCase(new byte[] { 0x04, 0x81 })]
    [TestCase(new byte[] { 0x04, 0x82, 0x01 })]
    [TestCase(new byte[] { 0x04, 0x84, 0x00, 0x00, 0x01 })]
    public void Truncated_identifier_or_length_octets_are_refused(byte[] octets)
    {
        var error = Refused(octets, baseOffset: 10);
        Assert.That(error.Offset, Is.EqualTo(10), "the element's offset in the whole message");
        Assert.That(error.Problem, Does.Contain("truncated"));
    }

    [TestCase(new byte[] { 0x04, 0x03, 0x41, 0x42 })]
    [TestCase(new byte[] { 0x04, 0x81, 0x80, 0x41 })]
    [TestCase(new byte[] { 0x04, 0x82, 0x00, 0x02, 0x41 })]
    public void Contents_past_the_end_are_refused(byte[] octets)
    {
        var error = Refused(octets);
        Assert.That(error.Problem, Does.Contain("runs past"));
    }

    [Test]
    public void An_element_may_not_run_past_its_enclosing_element()
    {
        // A SEQUENCE of 3 octets whose OCTET STRING claims 4 (the buffer has them, the SEQUENCE not).
        byte[] octets = [0x30, 0x03, 0x04, 0x04, 0x41, 0x42, 0x43, 0x44];
        var caught = Catch(() =>
        {
            var inner = new BerReader(octets).ReadSequence("the SEQUENCE");
            inner.ReadOctetString("the string");
        });
        Assert.That(caught, Is.TypeOf<SnmpDecodeException>());
        Assert.That(((SnmpDecodeException)caught!).Offset, Is.EqualTo(2));
    }

    [Test]
    public void The_high_tag_number_form_is_refused()
    {
        Assert.That(Refused([0x1F, 0x81, 0x00, 0x00]).Problem, Does.Contain("high-tag-number"));
    }

    [Test]
    public void Trailing_octets_after_a_sequence_are_refused_by_EnsureEnd()
    {
        byte[] octets = [0x30, 0x05, 0x02, 0x01, 0x07, 0x05, 0x00, 0x00];
        var caught = Catch(() =>
        {
            var reader = new BerReader(octets);
            var sequence = reader.ReadSequence("the SEQUENCE");
            Assert.That(sequence.ReadInt32("the INTEGER"), Is.EqualTo(7));
            sequence.EnsureEnd("the SEQUENCE");
        });
        Assert.That(caught, Is.TypeOf<SnmpDecodeException>());
        Assert.That(((SnmpDecodeException)caught!).Offset, Is.EqualTo(5), "at the octet after the last field read");
    }

    [Test]
    public void Offsets_count_from_the_base_offset_through_long_form_headers()
    {
        byte[] octets = [0x30, 0x81, 0x03, 0x02, 0x01, 0x2A];
        int offset = -1;
        int value = 0;
        var caught = Catch(() =>
        {
            var reader = new BerReader(octets, baseOffset: 100);
            var sequence = reader.ReadSequence("the SEQUENCE");
            offset = sequence.Offset;
            value = sequence.ReadInt32("the INTEGER");
        });
        Assert.That(caught, Is.Null);
        Assert.That((offset, value), Is.EqualTo((103, 42)));
    }

    [TestCase(new byte[] { 0x06, 0x01, 0x2B }, "1.3")]
    [TestCase(new byte[] { 0x06, 0x03, 0x2B, 0x06, 0x01 }, "1.3.6.1")]
    [TestCase(new byte[] { 0x06, 0x02, 0x88, 0x37 }, "2.999")] // X.690 8.19.5's example: 2*40+999 = 1079
    [TestCase(new byte[] { 0x06, 0x06, 0x2B, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F }, "1.3.4294967295")]
    public void Object_identifiers_decode_into_exactly_their_arcs(byte[] octets, string expected)
    {
        var reader = new BerReader(octets);
        var oid = reader.ReadObjectIdentifier("an OID");
        Assert.That(oid, Is.EqualTo(new ObjectIdentifier(expected)));
        Assert.That(oid.SubIdentifiers.Length, Is.EqualTo(new ObjectIdentifier(expected).Length));
    }

    private static Exception? Catch(TestDelegate code)
    {
        try
        {
            code();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
