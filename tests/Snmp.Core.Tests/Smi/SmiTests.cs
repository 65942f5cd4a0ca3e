
namespace Snmp.Core.Tests.Smi;

[TestFixture]
public class ObjectIdentifierTests
{
    [TestCase("1.3.6.1", "1.3.6.1")]
    [TestCase(".1.3.6.1", "1.3.6.1")]
    [TestCase(" 1.3.6.1.4294967295 ", "1.3.6.1.4294967295")]
    [TestCase("0.0", "0.0")]
    public void Parses_dotted_text(string text, string expected)
    {
        Assert.That(ObjectIdentifier.Parse(text).ToString(), Is.EqualTo(expected));
        Assert.That(ObjectIdentifier.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed!.ToString(), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase(".")]
    [TestCase("1..3")]
    [TestCase("1.3.")]
    [TestCase("..1.3")]
    [TestCase("1.3.a")]
    [TestCase("-1.3")]
    [TestCase("1.3.4294967296")]
    [TestCase("1.3.+5")]
    [TestCase("1 .3")]
    public void Rejects_malformed_text_with_a_format_error_that_names_the_input(string text)
    {
        var error = Assert.Throws<FormatException>(() => ObjectIdentifier.Parse(text));
        Assert.That(error!.Message, Is.Not.Empty);
        Assert.That(ObjectIdentifier.TryParse(text, out var parsed), Is.False);
        Assert.That(parsed, Is.Null);
    }

    [Test]
    public void A_MIB_name_given_as_a_dotted_OID_says_where_names_are_resolved()
    {
        ObjectIdentifier Convert(string text) => text;   // the implicit conversion a name may slip through
        var error = Assert.Throws<FormatException>(() => Convert("IF-MIB::ifDescr.3"))!;
        Assert.That(error.Message, Does.Contain("'IF-MIB::ifDescr.3'").And.Contain("Resolve"));
        Assert.That(Assert.Throws<FormatException>(() => ObjectIdentifier.Parse("1.x"))!.Message, Does.Not.Contain("Resolve"));
    }

    [Test]
    public void More_than_128_sub_identifiers_are_refused()
    {
        var text128 = string.Join('.', Enumerable.Repeat("1", 128));
        Assert.That(ObjectIdentifier.Parse(text128).Length, Is.EqualTo(128));
        Assert.Throws<FormatException>(() => ObjectIdentifier.Parse(text128 + ".1"));
        Assert.Throws<ArgumentException>(() => new ObjectIdentifier([.. Enumerable.Repeat(1u, 129)]));
        Assert.Throws<ArgumentException>(() => ObjectIdentifier.Parse(text128).Append(1));
    }

    [Test]
    public void Orders_lexicographically_with_prefixes_first_and_unsigned_arcs()
    {
        var sorted = new[] { "1.3", "1.3.6", "1.3.6.1", "1.3.6.2", "1.3.7", "1.3.2147483648", "1.3.4294967295", "2" }.Select(ObjectIdentifier.Parse).ToArray();
        var shuffled = sorted.Reverse().ToList();
        shuffled.Sort();
        Assert.That(shuffled, Is.EqualTo(sorted));
        Assert.That(sorted[0] < sorted[1], Is.True);
        Assert.That(sorted[2] > sorted[1], Is.True);
        Assert.That(sorted[2] >= new ObjectIdentifier("1.3.6.1"), Is.True);
        Assert.That(sorted[0].CompareTo(null), Is.GreaterThan(0));
    }

    [Test]
    public void Equality_hashing_and_tree_relations()
    {
        ObjectIdentifier a = "1.3.6.1.2.1", b = ".1.3.6.1.2.1", child = "1.3.6.1.2.1.1.1.0";
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a.Equals(new ObjectIdentifier("1.3.6.1.2.2")), Is.False);
        Assert.That(child.StartsWith(a), Is.True);
        Assert.That(a.StartsWith(a), Is.True);
        Assert.That(a.IsAncestorOf(child), Is.True);
        Assert.That(a.IsAncestorOf(a), Is.False);
        Assert.That(a.Append(1, 1, 0), Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.1.1.0")));
        Assert.That(child.GetSuffix(a).ToArray(), Is.EqualTo(new uint[] { 1, 1, 0 }));
        Assert.Throws<ArgumentException>(() => a.GetSuffix(child));
    }
}

[TestFixture]
public class ValueTests
{
    [Test]
    public void Values_compare_by_type_and_content()
    {
        Assert.That(new Integer32(5), Is.EqualTo(new Integer32(5)));
        Assert.That(new Integer32(5), Is.Not.EqualTo(new Gauge32(5)));
        Assert.That(new Counter32(5), Is.Not.EqualTo(new Gauge32(5)));
        Assert.That(new TimeTicks(5), Is.Not.EqualTo(new Counter32(5)));
        Assert.That(new Counter64(ulong.MaxValue), Is.EqualTo(new Counter64(ulong.MaxValue)));
        Assert.That(new OctetString("abc"), Is.EqualTo(new OctetString("abc"u8)));
        Assert.That(new OctetString("abc").GetHashCode(), Is.EqualTo(new OctetString("abc"u8).GetHashCode()));
        Assert.That(new OctetString("abc"), Is.Not.EqualTo(new Opaque("abc"u8)));
        Assert.That(Null.Instance, Is.EqualTo(Null.Instance));
        Assert.That(NoSuchObject.Instance, Is.Not.EqualTo(NoSuchInstance.Instance));
    }

    [Test]
    public void Unsigned_types_cover_their_whole_range()
    {
        Assert.That(new Counter32(uint.MaxValue).ToString(), Is.EqualTo("4294967295"));
        Assert.That(new Gauge32(0).Value, Is.Zero);
        Assert.That(new Counter64(ulong.MaxValue).ToString(), Is.EqualTo("18446744073709551615"));
        Assert.That(new Integer32(int.MinValue).ToString(), Is.EqualTo("-2147483648"));
    }

    [Test]
    public void TimeTicks_are_hundredths_of_a_second()
    {
        Assert.That(new TimeTicks(12345).ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(123.45)));
        Assert.That(TimeTicks.FromTimeSpan(TimeSpan.FromSeconds(2.5)).Value, Is.EqualTo(250u));
    }

    [Test]
    public void IpAddress_is_exactly_four_octets()
    {
        Assert.That(new IpAddress([192, 0, 2, 1]).ToString(), Is.EqualTo("192.0.2.1"));
        Assert.That(IpAddress.Parse("10.0.0.1"), Is.EqualTo(new IpAddress([10, 0, 0, 1])));
        Assert.Throws<ArgumentException>(() => new IpAddress([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => new IpAddress([1, 2, 3, 4, 5]));
        Assert.Catch(() => IpAddress.Parse("::1"));
    }

    [Test]
    public void OctetString_text_and_hex_helpers()
    {
        var text = new OctetString("hello");
        Assert.That(text.ToText(), Is.EqualTo("hello"));
        Assert.That(text.ToHex(), Is.EqualTo("68656C6C6F"));
        Assert.That(text.IsPrintable(), Is.True);
        Assert.That(text.ToString(), Is.EqualTo("hello"));
        var binary = OctetString.FromHex("00FF10");
        Assert.That(binary.IsPrintable(), Is.False);
        Assert.That(binary.ToString(), Is.EqualTo("00 FF 10"));
        Assert.That(OctetString.Empty.Length, Is.Zero);
        Assert.Catch<FormatException>(() => OctetString.FromHex("0G"));
        OctetString implicitCommunity = "public";
        Assert.That(implicitCommunity, Is.EqualTo(new OctetString("public")));
    }

    [Test]
    public void VarBindList_finds_by_oid_and_compares_by_content()
    {
        var list = new VarBindList(new VarBind("1.3.6.1.2.1.1.1.0", new OctetString("x")), new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(1)));
        Assert.That(list.Find("1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(1)));
        Assert.That(list.Find("1.3.6.1.2.1.1.4.0"), Is.Null);
        Assert.That(list, Is.EqualTo(new VarBindList(list.ToArray())));
        Assert.That(VarBindList.ForRequest("1.3.6", "1.3.7").All(vb => vb.Value is Null), Is.True);
    }
}
