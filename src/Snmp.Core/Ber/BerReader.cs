namespace Snmp.Ber;

/// <summary>
/// Reads the BER subset that SNMP uses (RFC 3417 section 8) from a buffer, tracking the absolute
/// offset of every element so that a failure can say where it is. Identifier and length octets
/// (X.690 8.1.2, 8.1.3) are read here directly, in the definite forms SNMP allows; contents are
/// interpreted here because SNMP needs rules X.690 does not have (unsigned application types,
/// 32-bit sub-identifiers, 128-arc OIDs) and a few leniencies real agents rely on:
/// <list type="bullet">
/// <item>long-form lengths that are not minimal (e.g. 82 00 05) are accepted, as BER permits;</item>
/// <item>INTEGER contents with redundant leading 00 or FF octets are accepted (X.690 8.3.2 forbids
///   them, but some agents emit them and Net-SNMP accepts them);</item>
/// <item>Counter32, Gauge32, TimeTicks and Counter64 whose first octet has its top bit set (the
///   signed-looking encoding some agents send) are read as the two's complement of the type's
///   width, as Net-SNMP reads them: 4 octets FF FF FF FF and the single octet FF both mean 2^32-1.</item>
/// </list>
/// Everything else is strict: indefinite lengths, the reserved length octet 0xFF, lengths of
/// 2^31 or more, constructed strings, high tag numbers, lengths past the enclosing element, out-of-range integers, 0x80-padded or overflowing sub-identifiers
/// and more than 128 of them all throw <see cref="SnmpDecodeException"/>.
/// </summary>
public ref struct BerReader
{
    private readonly ReadOnlyMemory<byte> _buffer;
    // The buffer's span, taken once: ReadOnlyMemory.Span checks what backs the memory on every call.
    private readonly ReadOnlySpan<byte> _span;
    private readonly int _baseOffset;
    private readonly int _end;
    private int _position;

    /// <summary>Creates a reader of <paramref name="buffer"/>, whose first octet is at <paramref name="baseOffset"/> in the whole message (so errors name offsets in the message, as a security model reading msgSecurityParameters wants).</summary>
    public BerReader(ReadOnlyMemory<byte> buffer, int baseOffset = 0)
    {
        _buffer = buffer;
        _span = buffer.Span;
        _baseOffset = baseOffset;
        _position = 0;
        _end = buffer.Length;
    }

    private BerReader(ReadOnlyMemory<byte> buffer, ReadOnlySpan<byte> span, int baseOffset, int start, int end)
    {
        _buffer = buffer;
        _span = span;
        _baseOffset = baseOffset;
        _position = start;
        _end = end;
    }

    /// <summary>The absolute offset of the next element.</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>True while the element being read (or the buffer) has more elements.</summary>
    public readonly bool HasData => _position < _end;

    /// <summary>The identifier octet of the next element, without consuming it.</summary>
    public readonly byte PeekTag()
    {
        if (_position >= _end)
        {
            throw new SnmpDecodeException("expected another element but the enclosing one has ended (truncated)", Offset);
        }

        return _span[_position];
    }

    /// <summary>Reads one element's header and returns where its contents lie within the buffer.</summary>
    public (byte Tag, int ContentStart, int ContentLength, int ElementOffset) ReadHeader()
    {
        int elementOffset = Offset;
        int position = _position;
        int available = _end - position;
        if (available <= 0)
        {
            throw new SnmpDecodeException("expected an element but the enclosing one has ended (truncated)", elementOffset);
        }

        var span = _span;
        byte tag = span[position];
        if ((tag & 0x1F) == 0x1F)
        {
            throw new SnmpDecodeException($"identifier 0x{tag:X2} uses the high-tag-number form, which SNMP never uses", elementOffset);
        }

        if (available < 2)
        {
            throw new SnmpDecodeException($"element with tag 0x{tag:X2} has no length octets (truncated)", elementOffset);
        }

        int first = span[position + 1];
        int header;
        int length;
        if (first < 0x80)
        {
            // X.690 8.1.3.4: the short form.
            header = 2;
            length = first;
        }
        else
        {
            length = ReadLongFormLength(span, position, available, tag, elementOffset, out header);
        }

        if (length > available - header)
        {
            throw new SnmpDecodeException($"element with tag 0x{tag:X2} has a length of {length} octets, which runs past the end of its enclosing element ({available - header} left)", elementOffset);
        }

        int start = position + header;
        _position = start + length;
        return (tag, start, length, elementOffset);
    }

    // X.690 8.1.3.5: the long form, 0x80 | the number of length octets that follow, big-endian.
    // BER lets them be more than the fewest (leading zero octets), which is accepted; the
    // indefinite form (0x80, X.690 8.1.3.6) is forbidden by RFC 3417 section 8, 0xFF is reserved
    // (X.690 8.1.3.5 c), and a length of 2^31 or more cannot lie inside any buffer.
    private static int ReadLongFormLength(ReadOnlySpan<byte> span, int position, int available, byte tag, int elementOffset, out int header)
    {
        int count = span[position + 1] & 0x7F;
        if (count == 0)
        {
            throw new SnmpDecodeException($"element with tag 0x{tag:X2} uses the indefinite length form, which SNMP forbids (RFC 3417 section 8)", elementOffset);
        }

        if (count == 0x7F)
        {
            throw new SnmpDecodeException($"element with tag 0x{tag:X2} has the reserved length octet 0xFF (X.690 8.1.3.5)", elementOffset);
        }

        header = 2 + count;
        if (header > available)
        {
            throw new SnmpDecodeException($"element with tag 0x{tag:X2} announces {count} length octets but {available - 2} remain in its enclosing element (truncated)", elementOffset);
        }

        uint length = 0;
        foreach (byte b in span.Slice(position + 2, count))
        {
            if (length > (int.MaxValue >> 8))
            {
                throw new SnmpDecodeException($"element with tag 0x{tag:X2} has a length of 2^31 octets or more", elementOffset);
            }

            length = (length << 8) | b;
        }

        return (int)length;
    }

    /// <summary>Reads a constructed element with the given tag and returns a reader over its contents.</summary>
    public BerReader ReadConstructed(byte expectedTag, string what)
    {
        var (tag, start, length, offset) = ReadHeader();
        if (tag != expectedTag)
        {
            throw new SnmpDecodeException($"expected {what} (tag 0x{expectedTag:X2}) but found tag 0x{tag:X2}", offset);
        }

        return new BerReader(_buffer, _span, _baseOffset, start, start + length);
    }

    /// <summary>Reads a SEQUENCE and returns a reader over its contents.</summary>
    public BerReader ReadSequence(string what) => ReadConstructed(0x30, what);

    /// <summary>Throws unless every octet of this element's contents has been read.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (_position != _end)
        {
            throw new SnmpDecodeException($"{_end - _position} unexpected octet(s) after the last field of {what}", Offset);
        }
    }

    /// <summary>Reads an element with the given primitive tag and returns its contents.</summary>
    public ReadOnlyMemory<byte> ReadPrimitive(byte expectedTag, string what)
    {
        var (tag, start, length, offset) = ReadHeader();
        if (tag != expectedTag)
        {
            throw new SnmpDecodeException($"expected {what} (tag 0x{expectedTag:X2}) but found tag 0x{tag:X2}", offset);
        }

        return _buffer.Slice(start, length);
    }

    /// <summary>Reads an OCTET STRING's contents (a slice of the buffer, not a copy).</summary>
    /// <param name="what">The element's name, for the error message.</param>
    public ReadOnlyMemory<byte> ReadOctetString(string what) => ReadPrimitive(0x04, what);

    /// <summary>Reads an INTEGER that fits in 32 bits.</summary>
    /// <param name="what">The element's name, for the error message.</param>
    public int ReadInt32(string what) => ReadInt32(0x02, what);

    /// <summary>Reads an INTEGER that must lie in [min, max].</summary>
    public int ReadInt32(string what, int min, int max)
    {
        int offset = Offset;
        int value = ReadInt32(0x02, what);
        if (value < min || value > max)
        {
            throw new SnmpDecodeException($"{what} is {value}, outside its range {min}..{max}", offset);
        }

        return value;
    }

    /// <summary>Reads an integer-encoded element with the given tag (INTEGER, or an implicitly tagged one) that fits in 32 bits.</summary>
    public int ReadInt32(byte expectedTag, string what)
    {
        int offset = Offset;
        var (tag, start, length, _) = ReadHeader();
        if (tag != expectedTag)
        {
            throw new SnmpDecodeException($"expected {what} (tag 0x{expectedTag:X2}) but found tag 0x{tag:X2}", offset);
        }

        long value = DecodeSigned(_span.Slice(start, length), offset, what);
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new SnmpDecodeException($"{what} does not fit in 32 bits", offset);
        }

        return (int)value;
    }

    /// <summary>
    /// Decodes an unsigned application type of at most <paramref name="maxBits"/> bits (32 or 64).
    /// </summary>
    public static ulong DecodeUnsigned(ReadOnlySpan<byte> content, int offset, string what, int maxBits)
    {
        if (content.IsEmpty)
        {
            throw new SnmpDecodeException($"{what} has no content octets", offset);
        }

        int maxOctets = maxBits / 8;
        if ((content[0] & 0x80) != 0)
        {
            // A signed-looking encoding (no leading 00): read it as the two's complement of the
            // type's width, as Net-SNMP does, so FF means 2^32-1 for a 32-bit type.
            long signed = DecodeSigned(content, offset, what);
            if (maxBits == 32 && signed < int.MinValue)
            {
                throw new SnmpDecodeException($"{what} exceeds {maxBits} bits", offset);
            }

            return maxBits == 32 ? (uint)(int)signed : (ulong)signed;
        }

        // A leading 00 makes room for the top bit; redundant ones are tolerated.
        while (content.Length > 1 && content[0] == 0)
        {
            content = content[1..];
        }

        if (content.Length > maxOctets)
        {
            throw new SnmpDecodeException($"{what} exceeds {maxBits} bits ({content.Length} significant octets)", offset);
        }

        ulong value = 0;
        foreach (var b in content)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Decodes two's-complement INTEGER contents of up to 64 bits.</summary>
    public static long DecodeSigned(ReadOnlySpan<byte> content, int offset, string what)
    {
        if (content.IsEmpty)
        {
            throw new SnmpDecodeException($"{what} has no content octets", offset);
        }

        bool negative = (content[0] & 0x80) != 0;
        byte pad = negative ? (byte)0xFF : (byte)0x00;
        // Redundant sign octets (non-minimal encoding) are tolerated; see the type's remarks.
        while (content.Length > 1 && content[0] == pad && ((content[1] & 0x80) != 0) == negative)
        {
            content = content[1..];
        }

        if (content.Length > 8)
        {
            throw new SnmpDecodeException($"{what} exceeds 64 bits", offset);
        }

        long value = negative ? -1 : 0;
        foreach (var b in content)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Reads an OBJECT IDENTIFIER (at most 128 sub-identifiers of 32 bits, RFC 2578 3.5).</summary>
    public ObjectIdentifier ReadObjectIdentifier(string what)
    {
        int offset = Offset;
        var (tag, start, length, _) = ReadHeader();
        if (tag != 0x06)
        {
            throw new SnmpDecodeException($"expected {what} (tag 0x06) but found tag 0x{tag:X2}", offset);
        }

        return DecodeObjectIdentifier(_span.Slice(start, length), offset, what);
    }

    /// <summary>Decodes OBJECT IDENTIFIER contents octets found at <paramref name="offset"/>.</summary>
    public static ObjectIdentifier DecodeObjectIdentifier(ReadOnlySpan<byte> content, int offset, string what)
    {
        if (content.IsEmpty)
        {
            throw new SnmpDecodeException($"{what} has no content octets", offset);
        }

        if ((content[^1] & 0x80) != 0)
        {
            throw new SnmpDecodeException($"{what} ends inside a sub-identifier (last octet has its continuation bit set)", offset);
        }

        // Every sub-identifier ends at an octet without the continuation bit, and the first octets
        // carry two arcs (X.690 8.19.4): so the arcs are counted before decoding, straight into
        // an array of their number.
        int count = CountArcs(content);
        if (count > ObjectIdentifier.MaxSubIdentifiers)
        {
            throw new SnmpDecodeException($"{what} has more than {ObjectIdentifier.MaxSubIdentifiers} sub-identifiers (RFC 2578 section 3.5)", offset);
        }

        var ids = new uint[count];
        int next = 0;
        int i = 0;
        while (i < content.Length)
        {
            if (content[i] == 0x80)
            {
                throw new SnmpDecodeException($"{what} has a sub-identifier padded with a leading 0x80 octet (X.690 8.19.2)", offset);
            }

            ulong value = 0;
            byte b;
            do
            {
                b = content[i++];
                value = (value << 7) | (uint)(b & 0x7F);
                if (value > uint.MaxValue + 80UL)
                {
                    throw new SnmpDecodeException($"{what} has a sub-identifier larger than 4294967295", offset);
                }
            }
            while ((b & 0x80) != 0);

            if (next == 0)
            {
                // The first octets carry the first two arcs as X*40+Y (X.690 8.19.4).
                uint first = value < 40 ? 0u : value < 80 ? 1u : 2u;
                ulong second = value - (first * 40UL);
                if (second > uint.MaxValue)
                {
                    throw new SnmpDecodeException($"{what} has a second arc larger than 4294967295", offset);
                }

                ids[0] = first;
                ids[1] = (uint)second;
                next = 2;
                continue;
            }

            if (value > uint.MaxValue)
            {
                throw new SnmpDecodeException($"{what} has a sub-identifier larger than 4294967295", offset);
            }

            ids[next++] = (uint)value;
        }

        return ObjectIdentifier.FromOwnedArray(ids);
    }

    // Octets without the continuation bit end a sub-identifier; the first sub-identifier is two arcs.
    private static int CountArcs(ReadOnlySpan<byte> content)
    {
        int ends = 0;
        foreach (byte b in content)
        {
            ends += (~b >> 7) & 1;
        }

        return ends + 1;
    }

    /// <summary>Reads one SMI value or exception, the second half of a VarBind.</summary>
    public SnmpValue ReadValue(bool allowCounter64AndExceptions)
    {
        var (tag, start, length, offset) = ReadHeader();
        var content = _span.Slice(start, length);
        switch ((SnmpType)tag)
        {
            case SnmpType.Integer32:
                long v = DecodeSigned(content, offset, "an Integer32 value");
                if (v is < int.MinValue or > int.MaxValue)
                {
                    throw new SnmpDecodeException("an Integer32 value does not fit in 32 bits", offset);
                }

                return new Integer32((int)v);
            case SnmpType.OctetString:
                if (length > OctetString.MaxLength)
                {
                    throw new SnmpDecodeException($"an OCTET STRING value of {length} octets exceeds {OctetString.MaxLength}", offset);
                }

                return OctetString.FromOwnedArray(content.ToArray());
            case SnmpType.Null:
                RequireEmpty(length, offset, "NULL");
                return Null.Instance;
            case SnmpType.ObjectIdentifier:
                return DecodeObjectIdentifier(content, offset, "an OBJECT IDENTIFIER value");
            case SnmpType.IpAddress:
                if (length != 4)
                {
                    throw new SnmpDecodeException($"an IpAddress value has {length} octets instead of 4", offset);
                }

                return new IpAddress(content);
            case SnmpType.Counter32:
                return new Counter32((uint)DecodeUnsignedLenient(content, offset, "a Counter32 value"));
            case SnmpType.Gauge32:
                return new Gauge32((uint)DecodeUnsignedLenient(content, offset, "a Gauge32 value"));
            case SnmpType.TimeTicks:
                return new TimeTicks((uint)DecodeUnsignedLenient(content, offset, "a TimeTicks value"));
            case SnmpType.Opaque:
                return new Opaque(content);
            case SnmpType.Counter64 when allowCounter64AndExceptions:
                return new Counter64(DecodeUnsigned(content, offset, "a Counter64 value", 64));
            case SnmpType.NoSuchObject when allowCounter64AndExceptions:
                RequireEmpty(length, offset, "noSuchObject");
                return NoSuchObject.Instance;
            case SnmpType.NoSuchInstance when allowCounter64AndExceptions:
                RequireEmpty(length, offset, "noSuchInstance");
                return NoSuchInstance.Instance;
            case SnmpType.EndOfMibView when allowCounter64AndExceptions:
                RequireEmpty(length, offset, "endOfMibView");
                return EndOfMibView.Instance;
            default:
                throw new SnmpDecodeException(
                    allowCounter64AndExceptions || tag is not (0x46 or 0x80 or 0x81 or 0x82)
                        ? $"tag 0x{tag:X2} is not an SMI value type"
                        : $"tag 0x{tag:X2} is not allowed in an SNMPv1 message (RFC 3584 section 4.2.2)",
                    offset);
        }
    }

    private static ulong DecodeUnsignedLenient(ReadOnlySpan<byte> content, int offset, string what) =>
        DecodeUnsigned(content, offset, what, 32);

    private static void RequireEmpty(int length, int offset, string what)
    {
        if (length != 0)
        {
            throw new SnmpDecodeException($"{what} must have no content octets but has {length}", offset);
        }
    }
}
