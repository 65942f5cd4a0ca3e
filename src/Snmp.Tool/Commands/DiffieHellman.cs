using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Snmp.Tool.Commands;

/// <summary>
/// The Diffie-Hellman arithmetic of RFC 2786 (SNMP-USM-DH-OBJECTS-MIB) that <c>snmp usm changekey</c>
/// needs: usmDHParameters is a PKCS #3 DHParameter (prime, base, optional private value length);
/// a usmDHKeyChange value is the agent's public value followed by ours, each as long as the prime;
/// the new key is the low-order octets of the shared secret.
/// </summary>
internal static class DiffieHellman
{
    /// <summary>Reads a DER DHParameter; false when it is not one.</summary>
    public static bool TryReadParameters(ReadOnlySpan<byte> der, out BigInteger prime, out BigInteger generator)
    {
        prime = generator = BigInteger.Zero;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            prime = sequence.ReadInteger();
            generator = sequence.ReadInteger();
            return prime > 2 && generator > 1 && generator < prime;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Our public value (as long as the prime) for <paramref name="theirs"/>, and the last
    /// <paramref name="keyLength"/> octets of the secret we then share (RFC 2786 section 3).
    /// </summary>
    public static (byte[] Mine, byte[] Key) Agree(BigInteger prime, BigInteger generator, ReadOnlySpan<byte> theirs, int keyLength)
    {
        int length = prime.GetByteCount(isUnsigned: true);
        var secret = new BigInteger(RandomNumberGenerator.GetBytes(length), isUnsigned: true, isBigEndian: true) % (prime - 2) + 1;
        var mine = Pad(BigInteger.ModPow(generator, secret, prime), length);
        var shared = Pad(BigInteger.ModPow(new BigInteger(theirs, isUnsigned: true, isBigEndian: true), secret, prime), length);
        return (mine, shared[Math.Max(0, length - keyLength)..]);
    }

    private static byte[] Pad(BigInteger value, int length)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[Math.Max(length, bytes.Length)];
        bytes.CopyTo(padded, padded.Length - bytes.Length);
        return padded;
    }
}
