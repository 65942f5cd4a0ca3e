using System.Formats.Asn1;
using System.Numerics;
using Snmp.Tool.Commands;

namespace Snmp.Tool.Tests.Commands;

/// <summary>
/// changekey's arithmetic (RFC 2786): no agent at hand serves SNMP-USM-DH-OBJECTS-MIB, so the
/// agent's side is played here with its own secret, and both must reach the same key.
/// </summary>
public class DiffieHellmanTests
{
    // RFC 2409's first Oakley group (768 bits), generator 2.
    private static readonly BigInteger Prime = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF",
        System.Globalization.NumberStyles.HexNumber);

    private static byte[] Parameters()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(Prime);
            writer.WriteInteger(2);
        }

        return writer.Encode();
    }

    [Test]
    public void Both_sides_reach_the_same_key()
    {
        Assert.That(DiffieHellman.TryReadParameters(Parameters(), out var prime, out var generator), Is.True);
        var agentSecret = new BigInteger(12345678901234567);
        var agentPublic = BigInteger.ModPow(generator, agentSecret, prime).ToByteArray(isUnsigned: true, isBigEndian: true);
        var (mine, key) = DiffieHellman.Agree(prime, generator, agentPublic, keyLength: 20);

        var agentShared = BigInteger.ModPow(new BigInteger(mine, isUnsigned: true, isBigEndian: true), agentSecret, prime).ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.Multiple(() =>
        {
            Assert.That(mine, Has.Length.EqualTo(96));
            Assert.That(key, Is.EqualTo(agentShared[^20..]));
        });
    }

    [Test]
    public void Parameters_that_are_not_a_DHParameter_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DiffieHellman.TryReadParameters([0x04, 0x01, 0x00], out _, out _), Is.False);
            Assert.That(DiffieHellman.TryReadParameters([], out _, out _), Is.False);
        });
    }
}
