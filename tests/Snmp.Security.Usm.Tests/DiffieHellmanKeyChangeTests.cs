using System.Formats.Asn1;
using System.Numerics;

namespace Snmp.Security.Usm.Tests;

/// <summary>
/// DHKeyChange of SNMP-USM-DH-OBJECTS-MIB (RFC 2786): y = g^xa mod p, z = g^xr mod p, the SET
/// value y || z, the shared secret sk = y^xr mod p = z^xa mod p and the key as its right-most
/// octets; usmDHParameters as a PKCS #3 DHParameter. The agent's side is computed here from the
/// MIB's definitions with its own private value.
/// </summary>
[TestFixture]
public class DiffieHellmanKeyChangeTests
{
    // RFC 2409 section 6.2, the second Oakley group (1024 bits), generator 2: what RFC 2786
    // encourages as usmDHParameters' default.
    private static readonly BigInteger OakleyGroup2 = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
        System.Globalization.NumberStyles.HexNumber);

    private static byte[] Octets(BigInteger value) => value.ToByteArray(isUnsigned: true, isBigEndian: true);

    [Test]
    public void Small_numbers_give_the_textbook_exchange()
    {
        // p = 23, g = 5; agent xa = 6: y = 5^6 mod 23 = 8; manager xr = 15: z = 5^15 mod 23 = 19;
        // sk = 8^15 mod 23 = 19^6 mod 23 = 2.
        var parameters = new DiffieHellmanParameters(23, 5);
        var change = DiffieHellmanKeyChange.Compute(parameters, [8], keyLength: 1, privateValue: 15);
        Assert.Multiple(() =>
        {
            Assert.That(change.Value, Is.EqualTo(new byte[] { 8, 19 }));
            Assert.That(change.Key, Is.EqualTo(new byte[] { 2 }));
            Assert.That(DiffieHellmanKeyChange.PublicValue(parameters, 6), Is.EqualTo(new byte[] { 8 }));
            Assert.That(DiffieHellmanKeyChange.Apply(parameters, 6, change.Value, keyLength: 1), Is.EqualTo(new byte[] { 2 }));
        });
    }

    [Test]
    public void Manager_and_agent_reach_the_same_key_of_the_right_most_octets()
    {
        var parameters = new DiffieHellmanParameters(OakleyGroup2, 2);
        var xa = BigInteger.Parse("123456789012345678901234567890");
        var y = Octets(BigInteger.ModPow(2, xa, OakleyGroup2));

        var change = DiffieHellmanKeyChange.Compute(parameters, y, keyLength: 20);

        var z = change.Value[y.Length..];
        var agentSecret = Octets(BigInteger.ModPow(new BigInteger(z, isUnsigned: true, isBigEndian: true), xa, OakleyGroup2));
        Assert.Multiple(() =>
        {
            Assert.That(change.Value[..y.Length], Is.EqualTo(y), "the SET value starts with the agent's y");
            Assert.That(z[0], Is.Not.Zero, "z has no leading zero octet (PV1 <> 0)");
            Assert.That(change.Key, Is.EqualTo(agentSecret[^20..]));
            Assert.That(DiffieHellmanKeyChange.Apply(parameters, xa, change.Value, keyLength: 20), Is.EqualTo(change.Key));
        });
    }

    [Test]
    public void Two_key_changes_draw_different_private_values()
    {
        var parameters = new DiffieHellmanParameters(OakleyGroup2, 2);
        var y = Octets(BigInteger.ModPow(2, 987654321, OakleyGroup2));
        var first = DiffieHellmanKeyChange.Compute(parameters, y, keyLength: 16);
        var second = DiffieHellmanKeyChange.Compute(parameters, y, keyLength: 16);
        Assert.That(second.Key, Is.Not.EqualTo(first.Key));
    }

    [Test]
    public void A_private_value_length_bounds_the_private_value()
    {
        // 2^(l-1) <= xr < 2^l when usmDHParameters gives privateValueLength l.
        var parameters = new DiffieHellmanParameters(OakleyGroup2, 2, privateValueLength: 160);
        for (int i = 0; i < 50; i++)
        {
            var x = DiffieHellmanKeyChange.CreatePrivateValue(parameters);
            Assert.That(x.GetBitLength(), Is.EqualTo(160));
        }

        var unbounded = new DiffieHellmanParameters(23, 5);
        var seen = Enumerable.Range(0, 400).Select(_ => DiffieHellmanKeyChange.CreatePrivateValue(unbounded)).ToHashSet();
        Assert.That(seen, Is.SubsetOf(Enumerable.Range(1, 21).Select(v => new BigInteger(v))), "1 <= xr <= p-2");
        Assert.That(seen, Has.Count.GreaterThan(15), "drawn across the range");
    }

    [Test]
    public void A_key_longer_than_the_secret_is_padded_in_front()
    {
        var change = DiffieHellmanKeyChange.Compute(new DiffieHellmanParameters(23, 5), [8], keyLength: 4, privateValue: 15);
        Assert.That(change.Key, Is.EqualTo(new byte[] { 0, 0, 0, 2 }));
    }

    [Test]
    public void Parameters_round_trip_as_a_DHParameter()
    {
        var parameters = new DiffieHellmanParameters(OakleyGroup2, 2, privateValueLength: 512);
        var der = parameters.Encode();

        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        Assert.Multiple(() =>
        {
            Assert.That(reader.ReadInteger(), Is.EqualTo(OakleyGroup2));
            Assert.That(reader.ReadInteger(), Is.EqualTo(new BigInteger(2)));
            Assert.That(reader.ReadInteger(), Is.EqualTo(new BigInteger(512)));
            Assert.That(DiffieHellmanParameters.TryDecode(der, out var decoded), Is.True);
            Assert.That(decoded!.Prime, Is.EqualTo(OakleyGroup2));
            Assert.That(decoded.PrivateValueLength, Is.EqualTo(512));
            Assert.That(decoded.PublicValueLength, Is.EqualTo(128));
            Assert.That(DiffieHellmanParameters.TryDecode(new DiffieHellmanParameters(OakleyGroup2, 2).Encode(), out var noLength), Is.True);
            Assert.That(noLength!.PrivateValueLength, Is.Null);
        });
    }

    [Test]
    public void What_is_not_a_DHParameter_is_refused()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(23);
            writer.WriteInteger(23); // base not below the prime
        }

        Assert.Multiple(() =>
        {
            Assert.That(DiffieHellmanParameters.TryDecode([0x04, 0x01, 0x00], out _), Is.False);
            Assert.That(DiffieHellmanParameters.TryDecode([], out _), Is.False);
            Assert.That(DiffieHellmanParameters.TryDecode(writer.Encode(), out _), Is.False);
            Assert.That(DiffieHellmanParameters.TryDecode([.. new DiffieHellmanParameters(23, 5).Encode(), 0x00], out _), Is.False, "trailing octets");
        });
    }

    [Test]
    public void Values_that_are_not_public_values_are_refused()
    {
        var parameters = new DiffieHellmanParameters(23, 5);
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => DiffieHellmanKeyChange.Compute(parameters, [1], 1));
            Assert.Throws<ArgumentException>(() => DiffieHellmanKeyChange.Compute(parameters, [23], 1));
            Assert.Throws<ArgumentException>(() => DiffieHellmanKeyChange.Compute(parameters, [8], 1, privateValue: 22));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DiffieHellmanParameters(23, 5, privateValueLength: 5), "2^5 is not below p-1");
            Assert.That(DiffieHellmanKeyChange.Apply(parameters, 6, [9, 19], 1), Is.Null, "a y that is not the agent's: wrongValue");
            Assert.That(DiffieHellmanKeyChange.Apply(parameters, 6, [8], 1), Is.Null, "no z");
        });
    }
}
