using Snmp.Ber;
using Snmp.Messages;

namespace Snmp.Security.Usm;

/// <summary>
/// Writes an outgoing SNMPv3Message (RFC 3412 section 6) with its UsmSecurityParameters (RFC 3414
/// section 2.4) in one pass into one array of the exact size (<see cref="BerSize"/>): the
/// security parameters are written once, in place, with msgAuthenticationParameters as zeros for
/// the HMAC to replace (RFC 3414 6.3.1 / 7.3.1), and an encrypted scopedPDU is encrypted where it
/// lies in the message. The octets are those <see cref="SnmpMessageCodec"/> writes for the same
/// message (definite lengths in the fewest octets, INTEGERs in the fewest octets).
/// </summary>
internal ref struct UsmMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    private UsmMessageWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Where the security parameters and the scopedPDU data are in a written message.</summary>
    /// <param name="AuthenticationParameters">The offset of msgAuthenticationParameters' contents.</param>
    /// <param name="PrivacyParameters">The offset of msgPrivacyParameters' contents.</param>
    /// <param name="ScopedPduData">The offset of the scopedPDU (plaintext), or of the encryptedPDU's contents.</param>
    /// <param name="ScopedPduDataLength">Its length (the plaintext scopedPDU, or the ciphertext).</param>
    internal readonly record struct Layout(int AuthenticationParameters, int PrivacyParameters, int ScopedPduData, int ScopedPduDataLength);

    /// <summary>
    /// Writes the message around a scopedPDU of <paramref name="scopedPduLength"/> octets, either
    /// in plaintext (a SEQUENCE, when <paramref name="encryptedLength"/> is negative) or as an
    /// encryptedPDU OCTET STRING of <paramref name="encryptedLength"/> octets; the scopedPDU data,
    /// the digest and the salt are left as zeros for the caller.
    /// </summary>
    public static byte[] Write(HeaderData globalData, ReadOnlySpan<byte> engineId, int boots, int time, ReadOnlySpan<byte> userName,
        int authenticationLength, int privacyLength, int scopedPduLength, int encryptedLength, out Layout layout)
    {
        int parametersContents = BerSize.OfOctetString(engineId.Length) + BerSize.OfInteger(boots) + BerSize.OfInteger(time) +
            BerSize.OfOctetString(userName.Length) + BerSize.OfOctetString(authenticationLength) + BerSize.OfOctetString(privacyLength);
        int parameters = BerSize.OfElement(parametersContents);
        int headerContents = BerSize.OfInteger(globalData.MsgId) + BerSize.OfInteger(globalData.MsgMaxSize) + BerSize.OfOctetString(1) +
            BerSize.OfInteger(globalData.MsgSecurityModel);
        int data = encryptedLength < 0 ? scopedPduLength : BerSize.OfOctetString(encryptedLength);
        int messageContents = BerSize.OfInteger(3) + BerSize.OfElement(headerContents) + BerSize.OfOctetString(parameters) + data;
        var message = new byte[BerSize.OfElement(messageContents)];

        var writer = new UsmMessageWriter(message);
        writer.Header(0x30, messageContents);
        writer.Integer(3);
        // msgGlobalData (RFC 3412 section 6).
        writer.Header(0x30, headerContents);
        writer.Integer(globalData.MsgId);
        writer.Integer(globalData.MsgMaxSize);
        writer.Header(0x04, 1);
        writer._buffer[writer._position++] = (byte)globalData.MsgFlags;
        writer.Integer(globalData.MsgSecurityModel);
        // msgSecurityParameters: an OCTET STRING holding the UsmSecurityParameters SEQUENCE.
        writer.Header(0x04, parameters);
        writer.Header(0x30, parametersContents);
        writer.OctetString(engineId);
        writer.Integer(boots);
        writer.Integer(time);
        writer.OctetString(userName);
        writer.Header(0x04, authenticationLength);
        int authAt = writer.Skip(authenticationLength);
        writer.Header(0x04, privacyLength);
        int privAt = writer.Skip(privacyLength);
        if (encryptedLength >= 0)
        {
            writer.Header(0x04, encryptedLength);
        }

        int dataAt = writer.Skip(encryptedLength < 0 ? scopedPduLength : encryptedLength);
        if (writer._position != message.Length)
        {
            throw new InvalidOperationException($"The SNMPv3 message writer wrote {writer._position} octets of {message.Length}.");
        }

        layout = new Layout(authAt, privAt, dataAt, encryptedLength < 0 ? scopedPduLength : encryptedLength);
        return message;
    }

    private void Header(byte tag, int length)
    {
        _buffer[_position++] = tag;
        if (length < 0x80)
        {
            _buffer[_position++] = (byte)length;
            return;
        }

        // X.690 8.1.3.5: the long form in the fewest octets.
        int octets = BerSize.OfLength(length) - 1;
        _buffer[_position++] = (byte)(0x80 | octets);
        for (int i = octets - 1; i >= 0; i--)
        {
            _buffer[_position++] = (byte)(length >> (8 * i));
        }
    }

    private void Integer(int value)
    {
        // X.690 8.3: two's complement in the fewest octets (at most four for an int).
        int octets = BerSize.OfInteger(value) - 2;
        Header(0x02, octets);
        for (int i = octets - 1; i >= 0; i--)
        {
            _buffer[_position++] = (byte)(value >> (8 * i));
        }
    }

    private void OctetString(ReadOnlySpan<byte> value)
    {
        Header(0x04, value.Length);
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    private int Skip(int length)
    {
        int at = _position;
        _position += length;
        return at;
    }
}
