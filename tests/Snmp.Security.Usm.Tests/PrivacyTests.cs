using System.Security.Cryptography;
using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

[TestFixture]
public class PrivacyTests
{
    [Test]
    public void AES_CFB_128_matches_NIST_SP_800_38A_F_3_13()
    {
        // SP 800-38A F.3.13 CFB128-AES128.Encrypt; the IV 000102...0f is snmpEngineBoots
        // 0x00010203, snmpEngineTime 0x04050607 and salt 0x08090a0b0c0d0e0f (RFC 3826 3.1.2.1).
        var key = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");
        var plaintext = Convert.FromHexString("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
        var salt = new byte[8];

        var ciphertext = PrivacyProtocol.Aes128.Encrypt(key, 0x00010203, 0x04050607, 0x08090a0b0c0d0e0f, plaintext, salt);

        Assert.That(Convert.ToHexStringLower(ciphertext), Is.EqualTo("3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b"));
        Assert.That(Convert.ToHexStringLower(salt), Is.EqualTo("08090a0b0c0d0e0f"));
        Assert.That(PrivacyProtocol.Aes128.Decrypt(key, 0x00010203, 0x04050607, salt, ciphertext), Is.EqualTo(plaintext));
    }

    [TestCase(1)]
    [TestCase(15)]
    [TestCase(17)]
    [TestCase(31)]
    public void AES_CFB_128_of_a_partial_last_block_is_the_prefix_of_the_whole_block_answer(int length)
    {
        // RFC 3826 3.1.3: no padding; CFB makes the first n ciphertext octets depend only on the
        // first n plaintext octets, so SP 800-38A F.3.13 truncated is a known answer for any length.
        var key = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");
        var plaintext = Convert.FromHexString("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")[..length];
        var expected = Convert.FromHexString("3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b")[..length];
        var salt = new byte[8];

        var ciphertext = PrivacyProtocol.Aes128.Encrypt(key, 0x00010203, 0x04050607, 0x08090a0b0c0d0e0f, plaintext, salt);

        Assert.That(ciphertext, Is.EqualTo(expected));
        Assert.That(PrivacyProtocol.Aes128.Decrypt(key, 0x00010203, 0x04050607, salt, ciphertext), Is.EqualTo(plaintext));
    }

    [TestCase("DES")]
    [TestCase("3DES")]
    [TestCase("AES")]
    [TestCase("AES-192")]
    [TestCase("AES-256")]
    [TestCase("AES-192C")]
    [TestCase("AES-256C")]
    public void Every_protocol_round_trips_any_length_and_depends_on_key_and_salt(string name)
    {
        var priv = PrivacyProtocol.Find(name)!;
        var random = new Random(name.Length);
        var key = new byte[priv.KeyLength];
        random.NextBytes(key);
        foreach (int length in new[] { 0, 1, 7, 8, 15, 16, 17, 100, 1500 })
        {
            var plaintext = new byte[length];
            random.NextBytes(plaintext);
            var salt = new byte[8];

            var ciphertext = priv.Encrypt(key, 5, 1234, 0x1122334455667788, plaintext, salt);
            var decrypted = priv.Decrypt(key, 5, 1234, salt, ciphertext);

            Assert.That(decrypted[..length], Is.EqualTo(plaintext), $"{name}, {length} octets");
            if (name.Contains("DES"))
            {
                Assert.That(ciphertext.Length % 8, Is.Zero, "DES pads to whole blocks");
                Assert.That(Convert.ToHexStringLower(salt), Is.EqualTo("0000000555667788"), "salt = snmpEngineBoots || counter");
            }
            else
            {
                Assert.That(ciphertext.Length, Is.EqualTo(length), "CFB needs no padding");
                Assert.That(Convert.ToHexStringLower(salt), Is.EqualTo("1122334455667788"));
            }

            if (length >= 16)
            {
                var otherSalt = new byte[8];
                Assert.That(priv.Encrypt(key, 5, 1234, 0x1122334455667789, plaintext, otherSalt), Is.Not.EqualTo(ciphertext));
                var wrongKey = (byte[])key.Clone();
                wrongKey[0] ^= 0x80;
                Assert.That(priv.Decrypt(wrongKey, 5, 1234, salt, ciphertext), Is.Not.EqualTo(decrypted));
            }
        }
    }

    [Test]
    public void Bad_privacy_parameters_or_ragged_DES_ciphertext_are_decryption_errors()
    {
        var key = new byte[32];
        Assert.Throws<CryptographicException>(() => PrivacyProtocol.Des.Decrypt(key, 0, 0, new byte[7], new byte[8]));
        Assert.Throws<CryptographicException>(() => PrivacyProtocol.Des.Decrypt(key, 0, 0, new byte[8], new byte[9]));
        Assert.Throws<CryptographicException>(() => PrivacyProtocol.Aes128.Decrypt(key, 0, 0, new byte[9], new byte[9]));
        Assert.Throws<ArgumentException>(() => PrivacyProtocol.Aes256.Encrypt(new byte[16], 0, 0, 0, new byte[4], new byte[8]));
    }
}
