using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Snmp.Security.Usm;

/// <summary>
/// The public Diffie-Hellman parameters of an agent, usmDHParameters of SNMP-USM-DH-OBJECTS-MIB
/// (RFC 2786): a PKCS #3 DHParameter, <c>SEQUENCE { prime INTEGER, base INTEGER,
/// privateValueLength INTEGER OPTIONAL }</c>, in DER.
/// </summary>
public sealed class DiffieHellmanParameters
{
    /// <summary>Parameters from their parts.</summary>
    /// <param name="prime">p: greater than 2.</param>
    /// <param name="base">g: greater than 1 and less than <paramref name="prime"/>.</param>
    /// <param name="privateValueLength">l, in bits, when the private values are of that length (2^(l-1) &lt;= x &lt; 2^l &lt; p-1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A part outside those bounds.</exception>
    public DiffieHellmanParameters(BigInteger prime, BigInteger @base, int? privateValueLength = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(prime, new BigInteger(2));
        if (@base <= BigInteger.One || @base >= prime)
        {
            throw new ArgumentOutOfRangeException(nameof(@base), "The base must be greater than 1 and less than the prime.");
        }

        if (privateValueLength is { } l && (l < 1 || BigInteger.One << l >= prime - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(privateValueLength), "2^privateValueLength must be less than prime - 1 (RFC 2786, DHKeyChange).");
        }

        Prime = prime;
        Base = @base;
        PrivateValueLength = privateValueLength;
    }

    /// <summary>The prime p.</summary>
    public BigInteger Prime { get; }

    /// <summary>The base g.</summary>
    public BigInteger Base { get; }

    /// <summary>l, the length in bits of the private values, when the parameters give one.</summary>
    public int? PrivateValueLength { get; }

    /// <summary>The length in octets of a public value at most (the prime's length).</summary>
    public int PublicValueLength => Prime.GetByteCount(isUnsigned: true);

    /// <summary>Reads a DER DHParameter (usmDHParameters' value); false when it is not one or its parts are out of bounds.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> der, [NotNullWhen(true)] out DiffieHellmanParameters? parameters)
    {
        parameters = null;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            var prime = sequence.ReadInteger();
            var @base = sequence.ReadInteger();
            int? length = null;
            if (sequence.HasData)
            {
                if (!sequence.TryReadInt32(out int l))
                {
                    return false;
                }

                length = l;
            }

            sequence.ThrowIfNotEmpty();
            reader.ThrowIfNotEmpty();
            if (prime <= 2 || @base <= 1 || @base >= prime || length is { } bits && (bits < 1 || BigInteger.One << bits >= prime - 1))
            {
                return false;
            }

            parameters = new DiffieHellmanParameters(prime, @base, length);
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>The DER DHParameter of these parameters, as usmDHParameters carries it.</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(Prime);
            writer.WriteInteger(Base);
            if (PrivateValueLength is { } l)
            {
                writer.WriteInteger(l);
            }
        }

        return writer.Encode();
    }
}

/// <summary>
/// The manager's side of a DHKeyChange (SNMP-USM-DH-OBJECTS-MIB, RFC 2786): the agent's public
/// value y = g^xa mod p, read from a usmDHUserAuthKeyChange, usmDHUserPrivKeyChange or one of
/// their Own siblings, is answered by a SET of y followed by the manager's public value
/// z = g^xr mod p; both sides then hold the shared secret sk = y^xr mod p = z^xa mod p, whose
/// right-most octets are the new key (as the MIB's objects map it). Public values are octet
/// strings without leading zero octets (PV1 &lt;&gt; 0).
/// </summary>
public static class DiffieHellmanKeyChange
{
    /// <summary>
    /// The value to write to the DHKeyChange object whose current value is <paramref name="agentPublicValue"/>
    /// (y followed by a new z), and the <paramref name="keyLength"/>-octet key that the write sets.
    /// </summary>
    /// <param name="parameters">The agent's usmDHParameters.</param>
    /// <param name="agentPublicValue">y, as read from the object.</param>
    /// <param name="keyLength">The key's length in octets: the authentication protocol's key (its digest length) or the privacy protocol's.</param>
    /// <exception cref="ArgumentException">y is not a public value of these parameters (zero, one, or not less than p).</exception>
    public static DiffieHellmanKeyChangeValue Compute(DiffieHellmanParameters parameters, ReadOnlySpan<byte> agentPublicValue, int keyLength)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Compute(parameters, agentPublicValue, keyLength, CreatePrivateValue(parameters));
    }

    /// <summary>
    /// As <see cref="Compute(DiffieHellmanParameters, ReadOnlySpan{byte}, int)"/> with the manager's
    /// private value xr given (for checking against known values; use the other form otherwise).
    /// </summary>
    /// <exception cref="ArgumentException">y is not a public value of these parameters, or xr is not in [1, p-2].</exception>
    public static DiffieHellmanKeyChangeValue Compute(DiffieHellmanParameters parameters, ReadOnlySpan<byte> agentPublicValue, int keyLength, BigInteger privateValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyLength);
        if (privateValue < BigInteger.One || privateValue > parameters.Prime - 2)
        {
            throw new ArgumentException("The private value must be in [1, p-2].", nameof(privateValue));
        }

        var y = new BigInteger(agentPublicValue, isUnsigned: true, isBigEndian: true);
        if (y <= BigInteger.One || y >= parameters.Prime)
        {
            throw new ArgumentException("The agent's public value is not in [2, p-1].", nameof(agentPublicValue));
        }

        var z = BigInteger.ModPow(parameters.Base, privateValue, parameters.Prime);
        var secret = BigInteger.ModPow(y, privateValue, parameters.Prime);
        // y exactly as read: the agent compares it with its own (wrongValue when it differs).
        return new DiffieHellmanKeyChangeValue([.. agentPublicValue, .. Octets(z)], RightMost(secret, keyLength));
    }

    /// <summary>The public value g^x mod p of a private value x, as a DHKeyChange carries it (no leading zero octet).</summary>
    public static byte[] PublicValue(DiffieHellmanParameters parameters, BigInteger privateValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Octets(BigInteger.ModPow(parameters.Base, privateValue, parameters.Prime));
    }

    /// <summary>
    /// The agent's side of a write: the key that the value <paramref name="written"/> (y || z) sets,
    /// for the agent whose private value is <paramref name="agentPrivateValue"/>; null when the
    /// value does not start with the agent's current y (wrongValue) or z is not a public value.
    /// </summary>
    public static byte[]? Apply(DiffieHellmanParameters parameters, BigInteger agentPrivateValue, ReadOnlySpan<byte> written, int keyLength)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyLength);
        var y = PublicValue(parameters, agentPrivateValue);
        if (written.Length <= y.Length || !written[..y.Length].SequenceEqual(y) || written[y.Length] == 0)
        {
            return null;
        }

        var z = new BigInteger(written[y.Length..], isUnsigned: true, isBigEndian: true);
        if (z <= BigInteger.One || z >= parameters.Prime)
        {
            return null;
        }

        return RightMost(BigInteger.ModPow(z, agentPrivateValue, parameters.Prime), keyLength);
    }

    /// <summary>
    /// A new random private value: 2^(l-1) &lt;= x &lt; 2^l when the parameters give l, otherwise
    /// 1 &lt;= x &lt;= p-2 (RFC 2786 allows 0, whose public value 1 would give the key away).
    /// </summary>
    internal static BigInteger CreatePrivateValue(DiffieHellmanParameters parameters)
    {
        if (parameters.PrivateValueLength is { } l)
        {
            // l-1 random bits above the top bit 2^(l-1).
            return (BigInteger.One << (l - 1)) + RandomBelow(BigInteger.One << (l - 1));
        }

        return BigInteger.One + RandomBelow(parameters.Prime - 2);
    }

    // Uniform in [0, bound) by rejection: as many random bits as the bound has, drawn again when too large.
    private static BigInteger RandomBelow(BigInteger bound)
    {
        if (bound <= BigInteger.One)
        {
            return BigInteger.Zero;
        }

        long bits = (long)(bound - 1).GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            int excess = (int)(bytes.Length * 8 - bits);
            bytes[0] &= (byte)(0xFF >> excess);
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (value < bound)
            {
                return value;
            }
        }
    }

    // RFC 2786 DHKeyChange: an integer as the octets PV1..PVk with PV1 <> 0.
    private static byte[] Octets(BigInteger value) => value.ToByteArray(isUnsigned: true, isBigEndian: true);

    // The right-most keyLength octets of the secret (zeros in front if the secret is shorter).
    private static byte[] RightMost(BigInteger secret, int keyLength)
    {
        var octets = Octets(secret);
        var key = new byte[keyLength];
        int count = Math.Min(keyLength, octets.Length);
        octets.AsSpan(octets.Length - count).CopyTo(key.AsSpan(keyLength - count));
        return key;
    }
}

/// <summary>What a manager writes to a DHKeyChange object (y || z) and the key the write sets.</summary>
public sealed class DiffieHellmanKeyChangeValue
{
    internal DiffieHellmanKeyChangeValue(byte[] value, byte[] key)
    {
        Value = value;
        Key = key;
    }

    /// <summary>The octet string to SET: the agent's public value y as read, then the manager's z.</summary>
    public byte[] Value { get; }

    /// <summary>The new key: the right-most octets of the shared secret.</summary>
    public byte[] Key { get; }
}
