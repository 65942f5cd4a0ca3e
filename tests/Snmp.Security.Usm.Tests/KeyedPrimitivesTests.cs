using System.Security.Cryptography;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

/// <summary>
/// The ciphers and HMACs USM keeps keyed per user (<c>KeyedCipherPool</c>, <c>KeyedMacPool</c>)
/// and the one-pass message writer, checked against independent implementations: .NET's own
/// AES-CFB, DES-CBC and 3DES-CBC (OpenSSL underneath) and HMAC, and the codec's encoding of the
/// same message.
/// </summary>
[TestFixture]
public class KeyedPrimitivesTests
{
    private static readonly int[] Lengths = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 1500];

    [TestCase("AES", 16)]
    [TestCase("AES-192", 24)]
    [TestCase("AES-256", 32)]
    [TestCase("AES-192C", 24)]
    [TestCase("AES-256C", 32)]
    public void AES_CFB_128_matches_dotnets_for_every_length(string name, int keyLength)
    {
        var priv = PrivacyProtocol.Find(name)!;
        var random = new Random(keyLength);
        var key = new byte[priv.KeyLength];
        random.NextBytes(key);
        using var reference = Aes.Create();
        reference.Key = key[..keyLength];
        foreach (int length in Lengths)
        {
            var plaintext = new byte[length];
            random.NextBytes(plaintext);
            var salt = new byte[8];

            var ciphertext = priv.Encrypt(key, 7, 123456, 0x0102030405060708UL + (ulong)length, plaintext, salt);

            // RFC 3826 3.1.2.1: IV = boots, time, salt. .NET's CFB works on whole blocks: pad, then truncate.
            var iv = new byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(iv, 7);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(iv.AsSpan(4), 123456);
            salt.CopyTo(iv, 8);
            var padded = new byte[(length + 15) / 16 * 16];
            plaintext.CopyTo(padded, 0);
            var expected = reference.EncryptCfb(padded, iv, PaddingMode.None, 128)[..length];
            Assert.That(ciphertext, Is.EqualTo(expected), $"{length} octets");
            Assert.That(priv.Decrypt(key, 7, 123456, salt, ciphertext), Is.EqualTo(plaintext), $"{length} octets");
        }
    }

    [TestCase("DES")]
    [TestCase("3DES")]
    public void DES_and_3DES_CBC_match_dotnets_with_zero_padding(string name)
    {
        var priv = PrivacyProtocol.Find(name)!;
        int keySize = name == "DES" ? 8 : 24;
        var random = new Random(keySize);
        var key = new byte[priv.KeyLength];
        random.NextBytes(key);
        using SymmetricAlgorithm reference = name == "DES" ? DES.Create() : TripleDES.Create();
        reference.Key = key[..keySize];
        foreach (int length in Lengths)
        {
            var plaintext = new byte[length];
            random.NextBytes(plaintext);
            var salt = new byte[8];

            var ciphertext = priv.Encrypt(key, 7, 123456, 0xA1B2C3D4E5F60718UL + (ulong)length, plaintext, salt);

            // RFC 3414 8.1.1.1: IV = pre-IV (the 8 octets after the key) XOR salt; 8.1.1.2: padded to whole blocks.
            var iv = new byte[8];
            for (int i = 0; i < 8; i++)
            {
                iv[i] = (byte)(key[keySize + i] ^ salt[i]);
            }

            var padded = new byte[(length + 7) / 8 * 8];
            plaintext.CopyTo(padded, 0);
            Assert.That(ciphertext, Is.EqualTo(reference.EncryptCbc(padded, iv, PaddingMode.None)), $"{length} octets");
            Assert.That(priv.Decrypt(key, 7, 123456, salt, ciphertext), Is.EqualTo(padded), $"{length} octets");
        }
    }

    [Test]
    public void Keyed_ciphers_and_HMACs_used_from_many_threads_at_once_give_the_single_threaded_answers()
    {
        // More threads than the pools keep instances: some are made and dropped on the way.
        var usm = new UserBasedSecurityModel();
        var engine = OctetString.FromHex("80001F8880C71100005F5F3A6A");
        var user = new OctetString("alice");
        usm.AddUser(engine, new UsmUser(user, AuthenticationProtocol.HmacSha256, "alice-auth"u8, PrivacyProtocol.Aes256, "alice-priv"u8));
        usm.LearnEngine(engine, 5, 1000);
        var messages = Enumerable.Range(0, 64).Select(i =>
            usm.GenerateRequestMsg(new HeaderData(100 + i, 65507, MsgFlags.Auth | MsgFlags.Priv, 3), 65507, engine, user, SecurityLevel.AuthPriv, Scoped(engine, i))).ToArray();
        var expected = messages.Select(m => usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(m), m).ScopedPdu.Pdu).ToArray();

        var results = new SnmpPdu[16, messages.Length];
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, t =>
        {
            for (int i = 0; i < messages.Length; i++)
            {
                results[t, i] = usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(messages[i]), messages[i]).ScopedPdu.Pdu;
            }
        });

        for (int t = 0; t < 16; t++)
        {
            for (int i = 0; i < messages.Length; i++)
            {
                Assert.That(results[t, i], Is.EqualTo(expected[i]));
            }
        }
    }

    public static IEnumerable<TestCaseData> Levels()
    {
        yield return new TestCaseData(null, null).SetArgDisplayNames("noAuth", "noPriv");
        foreach (var auth in AuthenticationProtocol.All)
        {
            yield return new TestCaseData(auth, null).SetArgDisplayNames(auth.Name, "noPriv");
            foreach (var priv in PrivacyProtocol.All)
            {
                yield return new TestCaseData(auth, priv).SetArgDisplayNames(auth.Name, priv.Name);
            }
        }
    }

    [TestCaseSource(nameof(Levels))]
    public void The_message_written_in_one_pass_is_the_codecs_encoding_with_the_HMAC_over_it(AuthenticationProtocol? auth, PrivacyProtocol? priv)
    {
        var level = auth is null ? SecurityLevel.NoAuthNoPriv : priv is null ? SecurityLevel.AuthNoPriv : SecurityLevel.AuthPriv;
        var usm = new UserBasedSecurityModel();
        // A long engine ID, user name and PDU: long-form lengths in every enclosing element, and a
        // message over 2048 octets, whose digest is verified without the copy small messages get.
        var engine = new OctetString(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var user = new OctetString(new string('u', 32));
        usm.AddUser(engine, new UsmUser(user, auth, "user-auth-pass"u8, priv, "user-priv-pass"u8));
        // Boots and time whose INTEGERs need a leading zero octet, and a negative-looking msgID edge.
        usm.LearnEngine(engine, 0x80, 0x7FFFFF);
        var scoped = new ScopedPdu(engine.Value, new OctetString("ctx").Value,
            new Pdu(PduType.GetRequest, int.MinValue, new VarBindList(Enumerable.Range(0, 80).Select(i => new VarBind($"1.3.6.1.2.1.2.2.1.{i}.1", new OctetString(new string('x', 20 + (i % 10))))))));
        var header = new HeaderData(0x7FFFFFFF, 65507, level.ToMsgFlags() | MsgFlags.Reportable, 3);

        var message = usm.GenerateRequestMsg(header, 65507, engine, user, level, scoped);

        var decoded = SnmpMessageCodec.DecodeV3Message(message);
        Assert.That(message, Has.Length.GreaterThan(2048));
        Assert.That(SnmpMessageCodec.Encode(decoded), Is.EqualTo(message), "the codec re-encodes the same octets");
        var parameters = UsmSecurityParameters.Decode(decoded.SecurityParameters, out int authOffset);
        Assert.That(parameters.AuthoritativeEngineId.ToArray(), Is.EqualTo(engine.Value.ToArray()));
        Assert.That(parameters.UserName.ToArray(), Is.EqualTo(user.Value.ToArray()));
        // RFC 3414 3.1.1 b: the clock is sent only when authenticating (zeros as in discovery otherwise).
        Assert.That((parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime), Is.EqualTo(auth is null ? (0, 0) : (0x80, 0x7FFFFF)));
        if (auth is null)
        {
            Assert.That(decoded.ScopedPdu!.Pdu, Is.EqualTo(scoped.Pdu));
            Assert.That(parameters.AuthenticationParameters.Length + parameters.PrivacyParameters.Length, Is.Zero);
            return;
        }

        // RFC 3414 6.3.1 / 7.3.1: the digest is the truncated HMAC of the message with the field zeroed.
        Assert.That(SnmpMessageCodec.Encode(decoded, out int securityParametersOffset), Is.EqualTo(message));
        int digestAt = securityParametersOffset + authOffset;
        var zeroed = (byte[])message.Clone();
        zeroed.AsSpan(digestAt, auth.TruncatedLength).Clear();
        var key = auth.LocalizeKey(auth.PasswordToKey("user-auth-pass"u8), engine.Span);
        var mac = new byte[auth.TruncatedLength];
        auth.ComputeMac(key, zeroed, mac);
        Assert.That(parameters.AuthenticationParameters.ToArray(), Is.EqualTo(mac));
        Assert.That(decoded.IsEncrypted, Is.EqualTo(priv is not null));
        Assert.That(usm.ProcessIncomingMsg(decoded, message).ScopedPdu.Pdu, Is.EqualTo(scoped.Pdu));
    }

    private static ScopedPdu Scoped(OctetString engine, int requestId) =>
        new(engine.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.Response, requestId, new VarBindList(new VarBind("1.3.6.1.2.1.1.5.0", new OctetString(new string('r', requestId))))));
}
