using Snmp.Conformance.Wire;

namespace Snmp.Conformance.Tests;

public class BerNodeTests
{
    [Test]
    public void A_minimal_encoding_has_no_finding()
    {
        byte[] message = [0x30, 0x0B, 0x02, 0x01, 0x7F, 0x02, 0x02, 0x00, 0x80, 0x06, 0x02, 0x2B, 0x06];
        Assert.That(BerNode.TryParse(message)!.FirstNonMinimal(lengths: true, integers: true), Is.Null);
    }

    [TestCase(new byte[] { 0x30, 0x04, 0x02, 0x02, 0x00, 0x7F }, "redundant leading octet 0x00")]
    [TestCase(new byte[] { 0x30, 0x04, 0x02, 0x02, 0xFF, 0x80 }, "redundant leading octet 0xFF")]
    [TestCase(new byte[] { 0x30, 0x05, 0x06, 0x03, 0x2B, 0x80, 0x01 }, "sub-identifier starting with 0x80")]
    [TestCase(new byte[] { 0x30, 0x04, 0x43, 0x02, 0x00, 0x01 }, "redundant leading octet 0x00")]
    public void A_redundant_octet_is_found(byte[] message, string finding)
    {
        Assert.That(BerNode.TryParse(message)!.FirstNonMinimal(lengths: false, integers: true), Does.Contain(finding));
    }

    [Test]
    public void A_long_form_length_below_128_is_found_only_when_lengths_are_judged()
    {
        byte[] message = [0x30, 0x81, 0x03, 0x02, 0x01, 0x05];
        var tree = BerNode.TryParse(message)!;
        Assert.That(tree.FirstNonMinimal(lengths: true, integers: false), Does.Contain("more octets than needed"));
        Assert.That(tree.FirstNonMinimal(lengths: false, integers: true), Is.Null);
    }

    [TestCase(1)]
    [TestCase(4)]
    public void Reserialising_with_long_form_lengths_keeps_the_content(int lengthOctets)
    {
        byte[] message = [0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0x41];
        var again = BerNode.TryParse(message)!.Serialize(lengthOctets);
        var tree = BerNode.TryParse(again)!;
        Assert.That(tree.Children!.Select(c => Convert.ToHexString(c.Content)), Is.EqualTo(new[] { "05", "41" }));
        Assert.That(again[1], Is.EqualTo(0x80 | lengthOctets));
        Assert.That(BerNode.TryParse(message)!.Serialize(0), Is.EqualTo(message));
    }

    [TestCase(new byte[] { 0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00 })]
    [TestCase(new byte[] { 0x30, 0x05, 0x02, 0x01 })]
    [TestCase(new byte[] { })]
    public void Indefinite_or_truncated_octets_do_not_parse(byte[] message)
    {
        Assert.That(BerNode.TryParse(message), Is.Null);
    }
}
