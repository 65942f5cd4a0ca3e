using System.Formats.Asn1;
using Snmp.Ber;

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

    /// <summary>
    /// Decodes msgSecurityParameters (RFC 3414 3.2 step 1) with the rules of
    /// <see cref="SnmpMessageCodec"/> (strict where RFC 3417 section 8 is, with the same documented
    /// leniencies), and says where msgAuthenticationParameters' contents start within
    /// <paramref name="encoded"/>. The octet-string fields of the result are slices of
    /// <paramref name="encoded"/>, not copies.
    /// </summary>
    /// <exception cref="SnmpDecodeException">
    /// The octets are not a UsmSecurityParameters, or break the limits of RFC 3414 section 2.4
    /// (msgAuthoritativeEngineID or msgUserName over 32 octets, boots or time outside
    /// 0..2147483647); <see cref="SnmpDecodeException.Offset"/> is from the start of <paramref name="encoded"/>.
    /// </exception>
    public static UsmSecurityParameters Decode(ReadOnlyMemory<byte> encoded, out int authenticationParametersOffset)
    {
        var fields = DecodeFields(encoded, out authenticationParametersOffset);
        return new UsmSecurityParameters(fields.AuthoritativeEngineId, fields.AuthoritativeEngineBoots, fields.AuthoritativeEngineTime,
            fields.UserName, fields.AuthenticationParameters, fields.PrivacyParameters);
    }

    /// <summary>As <see cref="Decode"/>, without allocating the record: what processIncomingMsg reads each message with.</summary>
    internal static UsmSecurityParameterFields DecodeFields(ReadOnlyMemory<byte> encoded, out int authenticationParametersOffset)
    {
        var reader = new BerReader(encoded);
        var sequence = reader.ReadSequence("UsmSecurityParameters");
        reader.EnsureEnd("msgSecurityParameters (octets after the UsmSecurityParameters)");
        var engineId = ReadAtMost32Octets(ref sequence, "msgAuthoritativeEngineID");
        int boots = sequence.ReadInt32("msgAuthoritativeEngineBoots", 0, int.MaxValue);
        int time = sequence.ReadInt32("msgAuthoritativeEngineTime", 0, int.MaxValue);
        var userName = ReadAtMost32Octets(ref sequence, "msgUserName");
        var auth = sequence.ReadOctetString("msgAuthenticationParameters");
        // The reader now stands just past the contents just read.
        authenticationParametersOffset = sequence.Offset - auth.Length;
        var priv = sequence.ReadOctetString("msgPrivacyParameters");
        sequence.EnsureEnd("UsmSecurityParameters");
        return new UsmSecurityParameterFields(engineId, boots, time, userName, auth, priv);
    }

    private static ReadOnlyMemory<byte> ReadAtMost32Octets(ref BerReader reader, string what)
    {
        int offset = reader.Offset;
        var value = reader.ReadOctetString(what);
        // RFC 3414 2.4: msgUserName is SIZE(0..32); msgAuthoritativeEngineID is an SnmpEngineID
        // (at most 32 octets, RFC 3411), or empty during discovery.
        return value.Length <= 32 ? value : throw new SnmpDecodeException($"{what} has {value.Length} octets; at most 32 are allowed (RFC 3414 section 2.4)", offset);
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

/// <summary>The fields of a decoded <see cref="UsmSecurityParameters"/>, slices of the message's octets.</summary>
internal readonly record struct UsmSecurityParameterFields(
    ReadOnlyMemory<byte> AuthoritativeEngineId,
    int AuthoritativeEngineBoots,
    int AuthoritativeEngineTime,
    ReadOnlyMemory<byte> UserName,
    ReadOnlyMemory<byte> AuthenticationParameters,
    ReadOnlyMemory<byte> PrivacyParameters);
