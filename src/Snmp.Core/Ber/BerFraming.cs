namespace Snmp.Ber;

/// <summary>What <see cref="BerFraming.TryGetMessageLength"/> found at the start of a buffer.</summary>
public enum BerFrameStatus
{
    /// <summary>The buffer starts with a whole SEQUENCE header; the message length is known (the message itself may still be partly unread).</summary>
    Complete,

    /// <summary>The buffer ends inside the SEQUENCE's tag or length octets: read more.</summary>
    NeedMoreData,

    /// <summary>The octets cannot start an SNMP message: not a SEQUENCE, an indefinite length, or a length no message can have.</summary>
    Malformed,
}

/// <summary>
/// Finds where one SNMP message ends on a stream transport. RFC 3430 section 2.1 (SNMP over TCP)
/// and RFC 6353 section 5.1.1 (TLS) send messages back to back with no framing of their own: each
/// message's outer SEQUENCE tag and BER length (X.690 8.1.3) delimit it, and RFC 3417 section 8
/// forbids the indefinite form.
/// </summary>
public static class BerFraming
{
    private const byte Sequence = 0x30;

    /// <summary>
    /// Reads the SEQUENCE tag and length at the start of <paramref name="buffer"/> and gives the
    /// whole message's length (tag, length octets and contents).
    /// </summary>
    /// <param name="buffer">The octets received so far, starting at a message boundary.</param>
    /// <param name="messageLength">The whole message's length when the result is <see cref="BerFrameStatus.Complete"/>; otherwise 0.</param>
    public static BerFrameStatus TryGetMessageLength(ReadOnlySpan<byte> buffer, out long messageLength)
    {
        messageLength = 0;
        if (buffer.IsEmpty)
        {
            return BerFrameStatus.NeedMoreData;
        }

        if (buffer[0] != Sequence)
        {
            return BerFrameStatus.Malformed;
        }

        if (buffer.Length < 2)
        {
            return BerFrameStatus.NeedMoreData;
        }

        var first = buffer[1];
        if (first < 0x80)
        {
            messageLength = 2 + first;
            return BerFrameStatus.Complete;
        }

        // 0x80 is the indefinite form; more than four length octets cannot describe a message
        // anyone would accept (and 0xFF is reserved by X.690 8.1.3.5).
        var count = first & 0x7F;
        if (count == 0 || count > 4)
        {
            return BerFrameStatus.Malformed;
        }

        if (buffer.Length < 2 + count)
        {
            return BerFrameStatus.NeedMoreData;
        }

        long length = 0;
        for (var i = 0; i < count; i++)
        {
            length = (length << 8) | buffer[2 + i];
        }

        messageLength = 2 + count + length;
        return BerFrameStatus.Complete;
    }
}

/// <summary>
/// Reads SNMP messages one at a time from a stream (TCP, TLS) whose messages are delimited only
/// by their BER length (<see cref="BerFraming"/>), with a bound on a message's size, so that a
/// peer announcing a huge length costs nothing before it is refused.
/// </summary>
public sealed class BerStreamMessageReader
{
    private readonly Stream _stream;
    private readonly int _maxMessageSize;
    private readonly byte[] _header = new byte[6];

    /// <summary>Creates a reader of <paramref name="stream"/> that refuses messages longer than <paramref name="maxMessageSize"/> octets.</summary>
    public BerStreamMessageReader(Stream stream, int maxMessageSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 2);
        _stream = stream;
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>
    /// Reads the next whole message into an array of its own. Returns null when the stream ends
    /// cleanly between messages.
    /// </summary>
    /// <exception cref="SnmpFramingException">The stream ended inside a message, the octets cannot start a message, or the announced length exceeds the limit. The stream cannot be read on after it.</exception>
    public async ValueTask<byte[]?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var have = 0;
        long length;
        while (true)
        {
            var status = BerFraming.TryGetMessageLength(_header.AsSpan(0, have), out length);
            if (status == BerFrameStatus.Complete)
            {
                break;
            }

            if (status == BerFrameStatus.Malformed)
            {
                throw new SnmpFramingException(SnmpFramingError.Malformed, $"the stream's octets at a message boundary do not start an SNMP message (0x{_header[0]:X2}...)");
            }

            // Read one octet at a time until the header is whole: never past the message's end.
            var read = await _stream.ReadAsync(_header.AsMemory(have, 1), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (have == 0)
                {
                    return null;
                }

                throw new SnmpFramingException(SnmpFramingError.Truncated, $"the stream ended after {have} octets of a message header");
            }

            have += read;
        }

        if (length > _maxMessageSize)
        {
            throw new SnmpFramingException(SnmpFramingError.TooLarge, $"a message announces {length} octets, more than the limit of {_maxMessageSize}");
        }

        var message = new byte[length];
        _header.AsSpan(0, have).CopyTo(message);
        var offset = have;
        while (offset < message.Length)
        {
            var read = await _stream.ReadAsync(message.AsMemory(offset), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new SnmpFramingException(SnmpFramingError.Truncated, $"the stream ended after {offset} of a message's {length} octets");
            }

            offset += read;
        }

        return message;
    }
}

/// <summary>Why a stream's message could not be framed.</summary>
public enum SnmpFramingError
{
    /// <summary>The octets at a message boundary do not start an SNMP message.</summary>
    Malformed,

    /// <summary>The stream ended inside a message.</summary>
    Truncated,

    /// <summary>The message announces more octets than the reader accepts.</summary>
    TooLarge,
}

/// <summary>A stream transport's octets could not be cut into SNMP messages (<see cref="BerStreamMessageReader"/>); the connection cannot be read on.</summary>
public sealed class SnmpFramingException : SnmpException
{
    /// <summary>Creates the exception.</summary>
    public SnmpFramingException(SnmpFramingError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>What was wrong.</summary>
    public SnmpFramingError Error { get; }
}
