using System.Globalization;

namespace Snmp.Conformance.Wire;

/// <summary>
/// A BER element as it was on the wire, for judging encodings the codec normalises away (the
/// length forms, leading octets of integers and sub-identifiers) and for re-serialising a request
/// with other length forms. Reads definite lengths only; single-octet and high-number tags.
/// </summary>
internal sealed class BerNode
{
    private BerNode(byte[] tag, int offset, int headerLength, int length, bool minimalLength, byte[] content, IReadOnlyList<BerNode>? children)
    {
        Tag = tag;
        Offset = offset;
        HeaderLength = headerLength;
        Length = length;
        MinimalLength = minimalLength;
        Content = content;
        Children = children;
    }

    /// <summary>The tag octets.</summary>
    public byte[] Tag { get; }

    public bool Constructed => (Tag[0] & 0x20) != 0;

    /// <summary>Where the element starts in the message.</summary>
    public int Offset { get; }

    public int HeaderLength { get; }

    public int Length { get; }

    /// <summary>The length was in the fewest octets (short form below 128, no leading zero octet).</summary>
    public bool MinimalLength { get; }

    public byte[] Content { get; }

    /// <summary>The elements inside a constructed one; null for a primitive one.</summary>
    public IReadOnlyList<BerNode>? Children { get; }

    /// <summary>Parses one element and everything in it; null when the octets are not BER with definite lengths.</summary>
    public static BerNode? TryParse(ReadOnlySpan<byte> octets)
    {
        int position = 0;
        var node = Parse(octets, ref position, 0, 0);
        return node;
    }

    private static BerNode? Parse(ReadOnlySpan<byte> octets, ref int position, int baseOffset, int depth)
    {
        if (depth > 32 || position >= octets.Length)
        {
            return null;
        }

        int start = position;
        int tagLength = 1;
        if ((octets[position] & 0x1F) == 0x1F)
        {
            while (position + tagLength < octets.Length && (octets[position + tagLength] & 0x80) != 0)
            {
                tagLength++;
            }

            tagLength++;
        }

        if (position + tagLength >= octets.Length)
        {
            return null;
        }

        var tag = octets.Slice(position, tagLength).ToArray();
        position += tagLength;
        int first = octets[position++];
        int length;
        bool minimal;
        if (first < 0x80)
        {
            length = first;
            minimal = true;
        }
        else if (first == 0x80 || first == 0xFF)
        {
            return null;
        }
        else
        {
            int count = first & 0x7F;
            if (count > 4 || position + count > octets.Length)
            {
                return null;
            }

            long value = 0;
            for (int i = 0; i < count; i++)
            {
                value = (value << 8) | octets[position + i];
            }

            position += count;
            if (value > int.MaxValue)
            {
                return null;
            }

            length = (int)value;
            minimal = length >= 0x80 && octets[position - count] != 0;
        }

        if (position + length > octets.Length)
        {
            return null;
        }

        var content = octets.Slice(position, length).ToArray();
        List<BerNode>? children = null;
        if ((tag[0] & 0x20) != 0)
        {
            children = [];
            int inner = 0;
            while (inner < length)
            {
                var child = Parse(content, ref inner, baseOffset + position, depth + 1);
                if (child is null)
                {
                    return null;
                }

                children.Add(child);
            }
        }

        int headerLength = position - start;
        position += length;
        return new BerNode(tag, baseOffset + start, headerLength, length, minimal, content, children);
    }

    /// <summary>Every element, depth first.</summary>
    public IEnumerable<BerNode> Descendants()
    {
        yield return this;
        foreach (var child in Children ?? [])
        {
            foreach (var d in child.Descendants())
            {
                yield return d;
            }
        }
    }

    /// <summary>
    /// The first place the encoding is not minimal: a length in more octets than needed (when
    /// <paramref name="lengths"/>), an INTEGER-like value with a redundant leading octet (X.690
    /// 8.3.2), or an OBJECT IDENTIFIER sub-identifier starting with 0x80 (X.690 8.19.2); null when none.
    /// </summary>
    public string? FirstNonMinimal(bool lengths, bool integers)
    {
        foreach (var node in Descendants())
        {
            if (lengths && !node.MinimalLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"the length of the element with tag 0x{Convert.ToHexString(node.Tag)} at offset {node.Offset} ({node.Length}) is in more octets than needed");
            }

            if (!integers || node.Constructed)
            {
                continue;
            }

            byte tag = node.Tag[0];
            bool integerLike = tag is 0x02 or 0x41 or 0x42 or 0x43 or 0x46 or 0x47;
            if (integerLike && node.Content.Length > 1
                && ((node.Content[0] == 0x00 && node.Content[1] < 0x80) || (node.Content[0] == 0xFF && node.Content[1] >= 0x80)))
            {
                return string.Create(CultureInfo.InvariantCulture, $"the integer with tag 0x{tag:X2} at offset {node.Offset} has a redundant leading octet 0x{node.Content[0]:X2} (X.690 8.3.2): {Convert.ToHexString(node.Content)}");
            }

            if (tag == 0x06)
            {
                bool atStart = true;
                foreach (var b in node.Content)
                {
                    if (atStart && b == 0x80)
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"the OBJECT IDENTIFIER at offset {node.Offset} has a sub-identifier starting with 0x80 (X.690 8.19.2): {Convert.ToHexString(node.Content)}");
                    }

                    atStart = (b & 0x80) == 0;
                }
            }
        }

        return null;
    }

    /// <summary>Serialises the tree again with every length in the long form of <paramref name="lengthOctets"/> octets.</summary>
    public byte[] Serialize(int lengthOctets)
    {
        var output = new List<byte>();
        Write(output, lengthOctets);
        return [.. output];
    }

    private void Write(List<byte> output, int lengthOctets)
    {
        byte[] body;
        if (Children is not null)
        {
            var inner = new List<byte>();
            foreach (var child in Children)
            {
                child.Write(inner, lengthOctets);
            }

            body = [.. inner];
        }
        else
        {
            body = Content;
        }

        output.AddRange(Tag);
        if (lengthOctets == 0)
        {
            output.AddRange(MinimalLengthOctets(body.Length));
        }
        else
        {
            output.Add((byte)(0x80 | lengthOctets));
            for (int i = lengthOctets - 1; i >= 0; i--)
            {
                output.Add((byte)(body.Length >> (8 * i)));
            }
        }

        output.AddRange(body);
    }

    public static byte[] MinimalLengthOctets(int length) => length switch
    {
        < 0x80 => [(byte)length],
        < 0x100 => [0x81, (byte)length],
        < 0x10000 => [0x82, (byte)(length >> 8), (byte)length],
        _ => [0x83, (byte)(length >> 16), (byte)(length >> 8), (byte)length],
    };
}
