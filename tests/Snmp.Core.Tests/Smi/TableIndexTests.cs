
namespace Snmp.Core.Tests.Smi;

/// <summary>RFC 2578 section 7.7 instance identifiers, worked by hand from the RFC's rules.</summary>
[TestFixture]
public class TableIndexTests
{
    private static readonly ObjectIdentifier IfDescr = "1.3.6.1.2.1.2.2.1.2";
    private static readonly ObjectIdentifier Column = "1.3.6.1.4.1.99999.1.1.2";

    [Test]
    public void An_integer_index_is_one_sub_identifier()
    {
        var instance = IfDescr.AppendIndex(IndexValue.Integer(5));
        Assert.That(instance.ToString(), Is.EqualTo("1.3.6.1.2.1.2.2.1.2.5"));
        var reader = instance.ExtractIndex(IfDescr);
        Assert.That(reader.ReadInteger(), Is.EqualTo(5));
        Assert.That(reader.IsAtEnd, Is.True);
    }

    [Test]
    public void A_string_index_is_its_length_then_its_octets()
    {
        var instance = Column.AppendIndex("abc");
        Assert.That(instance.ToString(), Is.EqualTo(Column + ".3.97.98.99"));
        Assert.That(instance.ExtractIndex(Column).ReadString(), Is.EqualTo(new OctetString("abc")));
    }

    [Test]
    public void An_implied_string_index_has_no_length()
    {
        var instance = Column.AppendIndex(IndexValue.ImpliedString(new OctetString("abc")));
        Assert.That(instance.ToString(), Is.EqualTo(Column + ".97.98.99"));
        Assert.That(instance.ExtractIndex(Column).ReadImpliedString(), Is.EqualTo(new OctetString("abc")));
    }

    [Test]
    public void A_fixed_size_string_index_has_no_length()
    {
        var mac = OctetString.FromHex("0050569A0B1C");
        var instance = Column.AppendIndex(IndexValue.FixedString(mac, 6));
        Assert.That(instance.ToString(), Is.EqualTo(Column + ".0.80.86.154.11.28"));
        Assert.That(instance.ExtractIndex(Column).ReadFixedString(6), Is.EqualTo(mac));
        Assert.Throws<ArgumentException>(() => IndexValue.FixedString(mac, 4));
    }

    [Test]
    public void An_IpAddress_index_is_four_octets()
    {
        var instance = Column.AppendIndex(IndexValue.Address(IpAddress.Parse("10.0.0.1")));
        Assert.That(instance.ToString(), Is.EqualTo(Column + ".10.0.0.1"));
        Assert.That(instance.ExtractIndex(Column).ReadIpAddress(), Is.EqualTo(IpAddress.Parse("10.0.0.1")));
    }

    [Test]
    public void OID_indexes_with_and_without_IMPLIED()
    {
        ObjectIdentifier value = "1.3.6.1.4";
        Assert.That(Column.AppendIndex(IndexValue.Oid(value)).ToString(), Is.EqualTo(Column + ".5.1.3.6.1.4"));
        Assert.That(Column.AppendIndex(IndexValue.ImpliedOid(value)).ToString(), Is.EqualTo(Column + ".1.3.6.1.4"));
        Assert.That(Column.AppendIndex(IndexValue.Oid(value)).ExtractIndex(Column).ReadObjectIdentifier(), Is.EqualTo(value));
        Assert.That(Column.AppendIndex(IndexValue.ImpliedOid(value)).ExtractIndex(Column).ReadImpliedObjectIdentifier(), Is.EqualTo(value));
    }

    [Test]
    public void A_multi_part_index_reads_back_in_order()
    {
        // Like ipNetToMediaEntry's INDEX { ipNetToMediaIfIndex, ipNetToMediaNetAddress } plus a name.
        var instance = Column.AppendIndex(3, IndexValue.Address(IpAddress.Parse("192.0.2.9")), IndexValue.String(new OctetString("eth0")), IndexValue.ImpliedOid("1.3.6"));
        Assert.That(instance.ToString(), Is.EqualTo(Column + ".3.192.0.2.9.4.101.116.104.48.1.3.6"));
        var reader = instance.ExtractIndex(Column);
        Assert.That(reader.ReadInteger(), Is.EqualTo(3));
        Assert.That(reader.ReadIpAddress().ToString(), Is.EqualTo("192.0.2.9"));
        Assert.That(reader.ReadString().ToText(), Is.EqualTo("eth0"));
        Assert.That(reader.ReadImpliedObjectIdentifier().ToString(), Is.EqualTo("1.3.6"));
        Assert.DoesNotThrow(reader.EnsureAtEnd);
    }

    [Test]
    public void Building_rejects_negative_integers_misplaced_IMPLIED_and_oversize_results()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IndexValue.Integer(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IndexValue.Integer(4294967296));
        Assert.That(Column.AppendIndex(IndexValue.Integer(uint.MaxValue)).ExtractIndex(Column).ReadUnsigned32(), Is.EqualTo(uint.MaxValue));
        Assert.Throws<ArgumentException>(() => Column.AppendIndex(IndexValue.ImpliedString(new OctetString("a")), 1));
        Assert.Throws<ArgumentException>(() => Column.AppendIndex(new string('x', 120)));
    }

    [TestCase("", TestName = "nothing left for an integer")]
    [TestCase(".5.97.98", TestName = "string length beyond the sub-identifiers")]
    [TestCase(".2.97.300", TestName = "sub-identifier above 255 in a string")]
    [TestCase(".9.1.3", TestName = "OID length beyond the sub-identifiers")]
    public void Malformed_instances_throw_the_index_exception(string suffix)
    {
        var instance = new ObjectIdentifier(Column + suffix);
        var reader = instance.ExtractIndex(Column);
        var error = Assert.Throws<SnmpIndexException>(() =>
        {
            if (suffix.Length == 0)
            {
                reader.ReadInteger();
            }
            else if (suffix.StartsWith(".9", StringComparison.Ordinal))
            {
                reader.ReadObjectIdentifier();
            }
            else
            {
                reader.ReadString();
            }
        });
        Assert.That(error!.Position, Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Wrong_prefix_short_reads_and_leftovers_are_index_errors()
    {
        Assert.Throws<SnmpIndexException>(() => IfDescr.Append(1).ExtractIndex(Column));
        Assert.Throws<SnmpIndexException>(() => Column.Append(1, 2).ExtractIndex(Column).ReadIpAddress());
        var reader = Column.Append(1, 2).ExtractIndex(Column);
        reader.ReadInteger();
        Assert.Throws<SnmpIndexException>(reader.EnsureAtEnd);
        Assert.Throws<SnmpIndexException>(() => Column.Append(4294967295).ExtractIndex(Column).ReadInteger());
    }

    [Test]
    public void Generated_indexes_round_trip([Random(0, int.MaxValue, 20)] int seed)
    {
        var random = new Random(seed);
        var number = (uint)random.NextInt64(0, uint.MaxValue + 1L);
        var text = new byte[random.Next(0, 20)];
        random.NextBytes(text);
        var address = new byte[4];
        random.NextBytes(address);
        var oid = new ObjectIdentifier([.. Enumerable.Range(0, random.Next(1, 10)).Select(_ => (uint)random.NextInt64(0, uint.MaxValue + 1L))]);
        var tail = new byte[random.Next(0, 10)];
        random.NextBytes(tail);

        var instance = Column.AppendIndex(IndexValue.Integer(number), IndexValue.String(new OctetString(text)), IndexValue.Address(new IpAddress(address)),
            IndexValue.Oid(oid), IndexValue.ImpliedString(new OctetString(tail)));
        var reader = instance.ExtractIndex(Column);

        Assert.That(reader.ReadUnsigned32(), Is.EqualTo(number), $"seed {seed}");
        Assert.That(reader.ReadString(), Is.EqualTo(new OctetString(text)), $"seed {seed}");
        Assert.That(reader.ReadIpAddress(), Is.EqualTo(new IpAddress(address)), $"seed {seed}");
        Assert.That(reader.ReadObjectIdentifier(), Is.EqualTo(oid), $"seed {seed}");
        Assert.That(reader.ReadImpliedString(), Is.EqualTo(new OctetString(tail)), $"seed {seed}");
        Assert.That(reader.IsAtEnd, Is.True);
    }
}
