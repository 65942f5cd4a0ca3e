using System.Formats.Asn1;
using System.Numerics;

namespace Snmp.Security.Usm;

/// <summary>
/// UsmSecurityParameters (RFC 3414 section 2.4): what msgSecurityParameters holds under USM.
/// </summary>
/// <param name="AuthoritativeEngineId">msgAuthoritativeEngineID.</param>
/// <param name="AuthoritativeEngineBoots">msgAuthoritativeEngineBoots (0..2^31-1).</param>
/// <param name="AuthoritativeEngineTime">msgAuthoritativeEngineTime (0..2^31-1).</param>
/// <param name="UserName">msgUserName (0..32 octets).</param>
/// <param name="AuthenticationParameters">msgAuthenticationParameters (the truncated HMAC, or empty).</param>
/// <param name="PrivacyParameters">msgPrivacyParameters (the salt, or empty).</param>
public sealed record UsmSecurityParameters(
    ReadOnlyMemory<byte> AuthoritativeEngineId,
    int AuthoritativeEngineBoots,
    int AuthoritativeEngineTime,
    ReadOnlyMemory<byte> UserName,
    ReadOnlyMemory<byte> AuthenticationParameters,
    ReadOnlyMemory<byte> PrivacyParameters)
{
    /// <summary>
    /// Encodes the parameters and says where msgAuthenticationParameters' contents start, so the
    /// HMAC can be written there once the whole message exists (RFC 3414 6.3.1 / 7.3.1).
    /// </summary>
    public byte[] Encode(out int authenticationParametersOffset)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString(AuthoritativeEngineId.Span);
            writer.WriteInteger(AuthoritativeEngineBoots);
            writer.WriteInteger(AuthoritativeEngineTime);
            writer.WriteOctetString(UserName.Span);
            writer.WriteOctetString(AuthenticationParameters.Span);
            writer.WriteOctetString(PrivacyParameters.Span);
        }

        var encoded = writer.Encode();
        authenticationParametersOffset = LocateAuthenticationParameters(encoded);
        return encoded;
    }

    /// <summary>Decodes msgSecurityParameters.</summary>
    /// <exception cref="FormatException">The octets are not a well-formed UsmSecurityParameters.</exception>
    public static UsmSecurityParameters Decode(ReadOnlyMemory<byte> encoded, out int authenticationParametersOffset)
    {
        try
        {
            var outer = new AsnReader(encoded, AsnEncodingRules.BER);
            var sequence = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var engineId = sequence.ReadOctetString();
            int boots = ReadNonNegative(sequence, "msgAuthoritativeEngineBoots");
            int time = ReadNonNegative(sequence, "msgAuthoritativeEngineTime");
            var userName = sequence.ReadOctetString();
            var auth = sequence.ReadOctetString();
            var priv = sequence.ReadOctetString();
            sequence.ThrowIfNotEmpty();
            if (engineId.Length > 32 || userName.Length > 32)
            {
                throw new FormatException("msgAuthoritativeEngineID and msgUserName are at most 32 octets (RFC 3414 section 2.4).");
            }

            authenticationParametersOffset = LocateAuthenticationParameters(encoded.Span);
            return new UsmSecurityParameters(engineId, boots, time, userName, auth, priv);
        }
        catch (AsnContentException e)
        {
            throw new FormatException($"msgSecurityParameters are not a UsmSecurityParameters: {e.Message}", e);
        }
    }

    private static int ReadNonNegative(AsnReader reader, string what)
    {
        BigInteger value = reader.ReadInteger();
        return value >= 0 && value <= int.MaxValue ? (int)value : throw new FormatException($"{what} {value} is outside 0..2147483647.");
    }

    private static int LocateAuthenticationParameters(ReadOnlySpan<byte> encoded)
    {
        // Walk the SEQUENCE to its fifth element; the caller knows the contents' length.
        AsnDecoder.ReadEncodedValue(encoded, AsnEncodingRules.BER, out int contentOffset, out _, out _);
        int position = contentOffset;
        for (int i = 0; i < 4; i++)
        {
            AsnDecoder.ReadEncodedValue(encoded[position..], AsnEncodingRules.BER, out _, out _, out int consumed);
            position += consumed;
        }

        AsnDecoder.ReadEncodedValue(encoded[position..], AsnEncodingRules.BER, out int authContent, out _, out _);
        return position + authContent;
    }
}
