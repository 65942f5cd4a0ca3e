using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

/// <summary>Password to key, key localisation and privacy key extension known answers.</summary>
[TestFixture]
public class KeyTests
{
    private static readonly byte[] Password = "maplesyrup"u8.ToArray();
    private static readonly byte[] EngineId = Convert.FromHexString("000000000000000000000002");

    // RFC 3414 appendix A.3.1 (MD5) and A.3.2 (SHA-1); the SHA-2 rows apply the same algorithm
    // (RFC 7860 section 9.3) and were computed with Python's hashlib, an independent implementation.
    [TestCase("HMAC-MD5-96", "9faf3283884e92834ebc9847d8edd963", "526f5eed9fcce26f8964c2930787d82b")]
    [TestCase("HMAC-SHA-96", "9fb5cc0381497b3793528939ff788d5d79145211", "6695febc9288e36282235fc7151f128497b38f3f")]
    [TestCase("HMAC-128-SHA-224", "282a5867ee9aac639ad59df9572c7d3ac0fbc13a905b6df07dbbf00b", "0bd8827c6e29f8065e08e09237f177e410f69b90e1782be682075674")]
    [TestCase("HMAC-192-SHA-256", "ab51014d1e077f6017df2b12bee5f5aa72993177e9bb569c4dff5a4ca0b4afac", "8982e0e549e866db361a6b625d84cccc11162d453ee8ce3a6445c2d6776f0f8b")]
    [TestCase("HMAC-256-SHA-384", "e06eccdf2c68a06ed034723c9c26e0db3b669e1e2efed49150b55377a2e98f383c86fb836857444654b287c93f51ff64", "3b298f16164a11184279d5432bf169e2d2a48307de02b3d3f7e2b4f36eb6f0455a53689a3937eea07319a633d2ccba78")]
    [TestCase("HMAC-384-SHA-512", "7e4396de5aadc77be853819b98c9406265b3a9c37cc3176569847a4e4f6fba63dd3a73d04924d31a63f95a601f9385af6be4ed1b37f87d040f7c6ed6f8d38a91", "22a5a36cedfcc085807a128d7bc6c2382167ad6c0dbc5fdff856740f3d84c099ad1ea87a8db096714d9788bd544047c9021e4229ce27e4c0a69250adfcffbb0b")]
    public void Password_to_key_and_localisation_give_the_known_answers(string protocol, string ku, string kul)
    {
        var auth = AuthenticationProtocol.Find(protocol)!;
        var key = auth.PasswordToKey(Password);
        Assert.That(Convert.ToHexStringLower(key), Is.EqualTo(ku));
        Assert.That(Convert.ToHexStringLower(auth.LocalizeKey(key, EngineId)), Is.EqualTo(kul));
        Assert.That(key.Length, Is.EqualTo(auth.DigestLength));
    }

    // Extensions computed with Python's hashlib from the drafts' descriptions (Blumenthal:
    // append H(key so far); Reeder: append the key localised from password-to-key of the previous block).
    [TestCase("HMAC-SHA-96", "AES-256", "6695febc9288e36282235fc7151f128497b38f3f505e07eb9af25568fa1f5dbe")]
    [TestCase("HMAC-SHA-96", "AES-256C", "6695febc9288e36282235fc7151f128497b38f3f9b8b6d78936ba6e7d19dfd9c")]
    [TestCase("HMAC-SHA-96", "3DES", "6695febc9288e36282235fc7151f128497b38f3f9b8b6d78936ba6e7d19dfd9c")]
    [TestCase("HMAC-MD5-96", "AES-192", "526f5eed9fcce26f8964c2930787d82bfa24a92467426c2f")]
    [TestCase("HMAC-MD5-96", "3DES", "526f5eed9fcce26f8964c2930787d82b79eff44a90650ee0a3a40abfac5acc12")]
    [TestCase("HMAC-SHA-96", "AES", "6695febc9288e36282235fc7151f1284")]
    [TestCase("HMAC-SHA-96", "DES", "6695febc9288e36282235fc7151f1284")]
    public void Privacy_keys_are_localised_and_extended_as_the_drafts_say(string auth, string priv, string expected)
    {
        var authProtocol = AuthenticationProtocol.Find(auth)!;
        var privProtocol = PrivacyProtocol.Find(priv)!;
        var key = privProtocol.LocalizeKey(authProtocol, authProtocol.PasswordToKey(Password), EngineId);
        Assert.That(Convert.ToHexStringLower(key), Is.EqualTo(expected));
    }

    [Test]
    public void Every_protocol_has_its_registered_oid_and_mac_length()
    {
        Assert.That(AuthenticationProtocol.All.Select(p => (p.Oid.ToString(), p.TruncatedLength)), Is.EqualTo(new[]
        {
            ("1.3.6.1.6.3.10.1.1.2", 12), ("1.3.6.1.6.3.10.1.1.3", 12), ("1.3.6.1.6.3.10.1.1.4", 16),
            ("1.3.6.1.6.3.10.1.1.5", 24), ("1.3.6.1.6.3.10.1.1.6", 32), ("1.3.6.1.6.3.10.1.1.7", 48),
        }));
        Assert.That(PrivacyProtocol.Find("1.3.6.1.6.3.10.1.2.4"), Is.SameAs(PrivacyProtocol.Aes128));
        Assert.That(PrivacyProtocol.Find("aes-256c"), Is.SameAs(PrivacyProtocol.Aes256Reeder));
    }

    [Test]
    public void An_empty_password_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AuthenticationProtocol.HmacSha1.PasswordToKey([]));
    }

    [Test]
    public void Macs_verify_only_for_the_right_key_and_message()
    {
        foreach (var auth in AuthenticationProtocol.All)
        {
            var key = auth.LocalizeKey(auth.PasswordToKey(Password), EngineId);
            var message = "a whole SNMPv3 message"u8.ToArray();
            var mac = new byte[auth.TruncatedLength];
            auth.ComputeMac(key, message, mac);

            Assert.That(auth.VerifyMac(key, message, mac), Is.True, auth.Name);
            message[3] ^= 1;
            Assert.That(auth.VerifyMac(key, message, mac), Is.False, auth.Name + " tampered message");
            message[3] ^= 1;
            key[0] ^= 1;
            Assert.That(auth.VerifyMac(key, message, mac), Is.False, auth.Name + " wrong key");
        }
    }

    [Test]
    public void HMAC_MD5_matches_RFC_2202_test_case_2()
    {
        // RFC 2202 section 2, test case 2: key "Jefe", data "what do ya want for nothing?".
        var mac = new byte[12];
        AuthenticationProtocol.HmacMd5.ComputeMac("Jefe"u8, "what do ya want for nothing?"u8, mac);
        Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo("750c783e6ab0b503eaa86e31"));
    }

    [Test]
    public void HMAC_SHA_224_matches_RFC_4231_test_case_2()
    {
        // RFC 4231 section 4.3: HMAC-SHA-224, key "Jefe"; the first 16 octets go on the wire.
        var mac = new byte[16];
        AuthenticationProtocol.HmacSha224.ComputeMac("Jefe"u8, "what do ya want for nothing?"u8, mac);
        Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo("a30e01098bc6dbbf45690f3a7e9e6d0f"));
    }
}
