namespace Snmp.Security.Usm.Tests;

/// <summary>The KeyChange textual convention (RFC 3414 section 5), both sides.</summary>
[TestFixture]
public class KeyChangeTests
{
    private static byte[] Octets(int length, int start) => [.. Enumerable.Range(start, length).Select(i => (byte)i)];

    [Test]
    public void A_key_shorter_than_the_digest_takes_one_truncated_digest()
    {
        // delta = H(oldKey || random) XOR newKey, truncated to the key's 16 octets (SHA-1 gives 20).
        byte[] oldKey = Octets(16, 1), newKey = Octets(16, 50), random = Octets(16, 200);
        var value = KeyChange.Compute(AuthenticationProtocol.HmacSha1, oldKey, newKey, random);

        var digest = AuthenticationProtocol.HmacSha1.Hash([.. oldKey, .. random]);
        Assert.That(value[..16], Is.EqualTo(random));
        Assert.That(value[16..], Is.EqualTo(digest.Take(16).Zip(newKey, (d, k) => (byte)(d ^ k)).ToArray()));
        Assert.That(KeyChange.Apply(AuthenticationProtocol.HmacSha1, oldKey, value), Is.EqualTo(newKey));
    }

    [Test]
    public void A_key_longer_than_the_digest_chains_the_digests()
    {
        // 32-octet key, MD5 (16): iterations = (32 - 1) / 16 = 1, then the last block.
        byte[] oldKey = Octets(32, 1), newKey = Octets(32, 90), random = Octets(32, 150);
        var value = KeyChange.Compute(AuthenticationProtocol.HmacMd5, oldKey, newKey, random);

        var first = AuthenticationProtocol.HmacMd5.Hash([.. oldKey, .. random]);
        var second = AuthenticationProtocol.HmacMd5.Hash([.. first, .. random]);
        var expected = first.Concat(second).Zip(newKey, (d, k) => (byte)(d ^ k)).ToArray();
        Assert.That(value[32..], Is.EqualTo(expected));
        Assert.That(KeyChange.Apply(AuthenticationProtocol.HmacMd5, oldKey, value), Is.EqualTo(newKey));
    }

    [Test]
    public void A_value_not_twice_the_key_is_refused()
    {
        var oldKey = Octets(20, 1);
        Assert.That(KeyChange.Apply(AuthenticationProtocol.HmacSha1, oldKey, new byte[39]), Is.Null);
        Assert.That(KeyChange.Apply(AuthenticationProtocol.HmacSha1, oldKey, new byte[41]), Is.Null);
        Assert.That(KeyChange.Apply(AuthenticationProtocol.HmacSha1, oldKey, []), Is.Null);
        Assert.Throws<ArgumentException>(() => KeyChange.Compute(AuthenticationProtocol.HmacSha1, oldKey, Octets(16, 1), Octets(20, 1)));
    }

    [Test]
    public void An_entry_made_from_localised_keys_keeps_them_and_refuses_wrong_lengths()
    {
        var engine = OctetString.FromHex("800000000102030405");
        var entry = UsmUserEntry.FromLocalizedKeys(engine, new OctetString("u"), AuthenticationProtocol.HmacSha1, Octets(20, 1), PrivacyProtocol.Aes128, Octets(16, 3));
        Assert.That(entry.ExportLocalizedKeys().AuthKey, Is.EqualTo(Octets(20, 1)));
        Assert.That(entry.User.MaxSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
        Assert.Throws<ArgumentException>(() => UsmUserEntry.FromLocalizedKeys(engine, new OctetString("u"), AuthenticationProtocol.HmacSha1, Octets(16, 1), null, []));
        Assert.Throws<InvalidOperationException>(() => entry.User.Localize(OctetString.FromHex("800000000199999999")), "no password-derived key to localise again");
    }
}
