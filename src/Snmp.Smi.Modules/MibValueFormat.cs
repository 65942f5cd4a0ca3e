using System.Globalization;
using System.Numerics;
using System.Text;

namespace Snmp.Smi.Modules;

/// <summary>
/// Values rendered the way a user reads them, from what the MIB says of the object: enumerations as
/// <c>up(1)</c>, BITS by their names, DISPLAY-HINT of RFC 2579 section 3.1 for octet strings and
/// integers (MacAddress, DateAndTime, DisplayString, "d-2"...), TimeTicks as days and h:mm:ss.cc.
/// Formatting follows Net-SNMP's output where the RFC leaves a choice (hexadecimal without padding).
/// A hint that does not parse, or does not fit the value, falls back to the plain rendering.
/// </summary>
public static class MibValueFormat
{
    /// <summary>Renders a value by the object's syntax, followed by its UNITS as Net-SNMP prints them ("1024 Bytes").</summary>
    public static string Format(MibNode node, SnmpValue value)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = Format(node.Syntax, value);
        return node.Units is { Length: > 0 } units ? text + " " + units : text;
    }

    /// <summary>Renders a value by the object's syntax (null: the plain rendering).</summary>
    public static string Format(MibSyntax? syntax, SnmpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case Integer32 i:
                if (syntax is { BaseType: MibBaseType.Integer32 } && syntax.NamedNumbers.Count > 0)
                {
                    foreach (var n in syntax.NamedNumbers)
                    {
                        if (n.Value == i.Value)
                        {
                            return $"{n.Name}({i.Value.ToString(CultureInfo.InvariantCulture)})";
                        }
                    }
                }

                return syntax?.DisplayHint is { } intHint && TryFormatInteger(i.Value, intHint, out var hinted)
                    ? hinted
                    : i.Value.ToString(CultureInfo.InvariantCulture);
            case Gauge32 g when syntax?.DisplayHint is { } gaugeHint && TryFormatInteger(g.Value, gaugeHint, out var gaugeText):
                return gaugeText;
            case TimeTicks t:
                return FormatTimeTicks(t.Value);
            case OctetString s:
                if (syntax is { BaseType: MibBaseType.Bits })
                {
                    return FormatBitsValue(s.Span, syntax.NamedNumbers);
                }

                return syntax?.DisplayHint is { } octetHint && TryFormatOctets(s.Span, octetHint, out var octets)
                    ? octets
                    : FormatPlainOctets(s.Span);
            default:
                return value.ToString() ?? string.Empty;
        }
    }

    /// <summary>TimeTicks as Net-SNMP prints them: "(hundredths) [N day(s), ]h:mm:ss.cc".</summary>
    public static string FormatTimeTicks(uint hundredths)
    {
        uint days = hundredths / 8_640_000;
        uint rest = hundredths % 8_640_000;
        var time = string.Create(CultureInfo.InvariantCulture, $"{rest / 360_000}:{rest / 6000 % 60:00}:{rest / 100 % 60:00}.{rest % 100:00}");
        var text = days switch
        {
            0 => time,
            1 => "1 day, " + time,
            _ => string.Create(CultureInfo.InvariantCulture, $"{days} days, {time}"),
        };
        return string.Create(CultureInfo.InvariantCulture, $"({hundredths}) {text}");
    }

    /// <summary>
    /// An integer by the integer-format of RFC 2579 3.1: "d" (or "d-n": n implied decimal places), "x"
    /// (hexadecimal), "o" (octal), "b" (binary). False when the hint is not an integer-format.
    /// </summary>
    public static bool TryFormatInteger(long value, string displayHint, out string text)
    {
        ArgumentNullException.ThrowIfNull(displayHint);
        text = "";
        if (displayHint.Length == 0)
        {
            return false;
        }

        switch (displayHint[0])
        {
            case 'd':
                if (displayHint.Length == 1)
                {
                    text = value.ToString(CultureInfo.InvariantCulture);
                    return true;
                }

                if (displayHint[1] != '-' || !int.TryParse(displayHint.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var places) || places > 40)
                {
                    return false;
                }

                var digits = BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
                text = (value < 0 ? "-" : "") + (places == 0 ? digits : digits[..^places] + "." + digits[^places..]);
                return true;
            case 'x' when displayHint.Length == 1:
                text = (value < 0 ? "-" : "") + ((ulong)Math.Abs((decimal)value)).ToString("x", CultureInfo.InvariantCulture);
                return true;
            case 'o' when displayHint.Length == 1:
                text = (value < 0 ? "-" : "") + Convert.ToString((long)Math.Abs((decimal)value), 8);
                return true;
            case 'b' when displayHint.Length == 1:
                text = (value < 0 ? "-" : "") + Convert.ToString((long)Math.Abs((decimal)value), 2);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Octets by the octet-format of RFC 2579 3.1: specifications of an optional '*' repeat indicator,
    /// an octet length, a format (x, d, o, a, t), an optional separator and (after '*') an optional
    /// terminator; the last specification is applied again until the octets run out. False when the
    /// hint does not parse.
    /// </summary>
    public static bool TryFormatOctets(ReadOnlySpan<byte> octets, string displayHint, out string text)
    {
        ArgumentNullException.ThrowIfNull(displayHint);
        text = "";
        var sb = new StringBuilder();
        int pos = 0, hp = 0, lastSpec = -1;
        while (pos < octets.Length)
        {
            if (hp >= displayHint.Length)
            {
                if (lastSpec < 0)
                {
                    return false;
                }

                hp = lastSpec;
            }

            int specStart = hp;
            bool star = displayHint[hp] == '*';
            int repeat = 1;
            if (star)
            {
                hp++;
                repeat = octets[pos++];
            }

            int digitsStart = hp;
            while (hp < displayHint.Length && char.IsAsciiDigit(displayHint[hp]))
            {
                hp++;
            }

            if (hp == digitsStart || hp - digitsStart > 6 || hp >= displayHint.Length)
            {
                return false;
            }

            int length = int.Parse(displayHint.AsSpan(digitsStart, hp - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture);
            char format = displayHint[hp++];
            if (format is not ('x' or 'd' or 'o' or 'a' or 't'))
            {
                return false;
            }

            char? separator = null, terminator = null;
            if (hp < displayHint.Length && !char.IsAsciiDigit(displayHint[hp]) && displayHint[hp] != '*')
            {
                separator = displayHint[hp++];
                if (star && hp < displayHint.Length && !char.IsAsciiDigit(displayHint[hp]) && displayHint[hp] != '*')
                {
                    terminator = displayHint[hp++];
                }
            }

            lastSpec = specStart;
            for (int r = 0; r < repeat && pos < octets.Length; r++)
            {
                int n = Math.Min(length, octets.Length - pos);
                var chunk = octets.Slice(pos, n);
                switch (format)
                {
                    case 'a':
                        foreach (var b in chunk)
                        {
                            sb.Append((char)b);
                        }

                        break;
                    case 't':
                        sb.Append(Encoding.UTF8.GetString(chunk));
                        break;
                    default:
                        var number = new BigInteger(chunk, isUnsigned: true, isBigEndian: true);
                        sb.Append(format switch
                        {
                            'x' => number.IsZero ? "0" : number.ToString("x", CultureInfo.InvariantCulture).TrimStart('0'),
                            'o' => ToRadix(number, 8),
                            _ => number.ToString(CultureInfo.InvariantCulture),
                        });
                        break;
                }

                pos += n;
                bool lastRepetition = r == repeat - 1;
                if (pos < octets.Length && separator is { } sep && !(lastRepetition && terminator is not null))
                {
                    sb.Append(sep);
                }
            }

            if (terminator is { } term && pos < octets.Length)
            {
                sb.Append(term);
            }

            if (length == 0 && !star)
            {
                return false;
            }
        }

        text = sb.ToString();
        return true;
    }

    /// <summary>
    /// The reverse of <see cref="Format(MibSyntax?, SnmpValue)"/>, for a Set: "up(1)", "up" or "1" for an
    /// enumeration, "12.34" under "d-2", BITS as Net-SNMP prints them ("C0 a(0) b(1)") or by their names alone ("a(0) c(2)", "a c"), an octet string by its
    /// DISPLAY-HINT ("0:11:22:33:44:55" under "1x:", a DateAndTime "1992-5-26,13:30:15.0,-4:0") or as
    /// text without one, dotted IpAddress and OBJECT IDENTIFIER, numbers for the other integer types.
    /// False when the text does not fit the syntax (a '*' repeat in a hint is not read back).
    /// </summary>
    public static bool TryParse(MibSyntax syntax, string text, out SnmpValue? value)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(text);
        value = null;
        text = text.Trim();
        switch (syntax.BaseType)
        {
            case MibBaseType.Integer32:
            {
                var label = text;
                int open = text.IndexOf('(', StringComparison.Ordinal);
                if (open > 0 && text.EndsWith(')'))
                {
                    label = text[..open];
                }

                foreach (var n in syntax.NamedNumbers)
                {
                    if (n.Name == label && (open < 0 || text[(open + 1)..^1] == n.Value.ToString(CultureInfo.InvariantCulture)))
                    {
                        value = new Integer32((int)n.Value);
                        return true;
                    }
                }

                if (TryParseInteger(text, syntax.DisplayHint, out var number) && number is >= int.MinValue and <= int.MaxValue)
                {
                    value = new Integer32((int)number);
                    return true;
                }

                return false;
            }

            case MibBaseType.Unsigned32 or MibBaseType.Gauge32 or MibBaseType.Counter32 or MibBaseType.TimeTicks:
            {
                if (!TryParseInteger(text, syntax.DisplayHint, out var number) || number is < 0 or > uint.MaxValue)
                {
                    return false;
                }

                value = syntax.BaseType switch
                {
                    MibBaseType.Counter32 => new Counter32((uint)number),
                    MibBaseType.TimeTicks => new TimeTicks((uint)number),
                    _ => new Gauge32((uint)number),
                };
                return true;
            }

            case MibBaseType.Counter64:
                if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var big))
                {
                    value = new Counter64(big);
                    return true;
                }

                return false;
            case MibBaseType.IpAddress:
                if (System.Net.IPAddress.TryParse(text, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') == 3)
                {
                    value = new IpAddress(ip);
                    return true;
                }

                return false;
            case MibBaseType.ObjectIdentifier:
                if (ObjectIdentifier.TryParse(text.TrimStart('.'), out var oid))
                {
                    value = oid;
                    return true;
                }

                return false;
            case MibBaseType.Bits:
                return TryParseBits(text, syntax.NamedNumbers, out value);
            case MibBaseType.OctetString or MibBaseType.Opaque:
            {
                byte[]? octets;
                if (syntax.DisplayHint is { } hint)
                {
                    if (!TryParseOctets(text, hint, out octets))
                    {
                        return false;
                    }
                }
                else
                {
                    octets = Encoding.UTF8.GetBytes(text);
                }

                value = syntax.BaseType == MibBaseType.Opaque ? new Opaque(octets) : new OctetString(octets);
                return true;
            }

            default:
                return false;
        }
    }

    private static bool TryParseInteger(string text, string? hint, out long value)
    {
        value = 0;
        if (hint is { Length: > 2 } && hint[0] == 'd' && hint[1] == '-' && int.TryParse(hint.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var places) && places <= 18)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            {
                return false;
            }

            var scaled = d * (decimal)Math.Pow(10, places);
            if (scaled != decimal.Truncate(scaled) || scaled is < long.MinValue or > long.MaxValue)
            {
                return false;
            }

            value = (long)scaled;
            return true;
        }

        return hint switch
        {
            "x" => long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value),
            _ => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
        };
    }

    /// <summary>
    /// BITS from text: Net-SNMP's form (<see cref="FormatBitsValue"/>: the octets in hexadecimal, then
    /// the names of exactly the bits they set, which keeps the value's length, trailing zero octets
    /// included) or the bits alone, by name or number ("a(0) c(2)", "a c", "0 2").
    /// </summary>
    private static bool TryParseBits(string text, IReadOnlyList<MibNamedNumber> names, out SnmpValue? value)
    {
        value = null;
        var words = text.Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        int hexWords = 0;
        while (hexWords < words.Length && words[hexWords].Length == 2 && char.IsAsciiHexDigit(words[hexWords][0]) && char.IsAsciiHexDigit(words[hexWords][1]))
        {
            hexWords++;
        }

        // The longest run of two-digit hexadecimal words whose set bits are exactly the bits named after it.
        for (int k = hexWords; k > 0; k--)
        {
            var octets = new byte[k];
            for (int i = 0; i < k; i++)
            {
                octets[i] = byte.Parse(words[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }

            if (TryParseBitList(words.AsSpan(k), names, out var listed) && SameBits(octets, listed))
            {
                value = new OctetString(octets);
                return true;
            }
        }

        if (!TryParseBitList(words, names, out var bits))
        {
            return false;
        }

        var fromBits = new byte[bits.Count == 0 ? 0 : (int)(bits.Max() / 8) + 1];
        foreach (var bit in bits)
        {
            fromBits[bit / 8] |= (byte)(0x80 >> (int)(bit % 8));
        }

        value = new OctetString(fromBits);
        return true;
    }

    private static bool SameBits(byte[] octets, List<long> bits)
    {
        var set = new HashSet<long>(bits);
        for (int bit = 0; bit < octets.Length * 8; bit++)
        {
            if (((octets[bit / 8] & (0x80 >> (bit % 8))) != 0) != set.Remove(bit))
            {
                return false;
            }
        }

        return set.Count == 0;
    }

    private static bool TryParseBitList(ReadOnlySpan<string> words, IReadOnlyList<MibNamedNumber> names, out List<long> bits)
    {
        bits = [];
        foreach (var word in words)
        {
            var label = word;
            int open = word.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && word.EndsWith(')'))
            {
                label = word[..open];
            }

            var match = names.FirstOrDefault(n => n.Name == label);
            if (match.Name is not null)
            {
                bits.Add(match.Value);
            }
            else if (long.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out var bit) && bit < 65536)
            {
                bits.Add(bit);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Text back to octets by an octet-format DISPLAY-HINT (RFC 2579 3.1), without '*' repeats.</summary>
    private static bool TryParseOctets(string text, string hint, out byte[]? octets)
    {
        octets = null;
        var result = new List<byte>();
        int pos = 0, hp = 0, lastSpec = -1;
        while (pos < text.Length)
        {
            if (hp >= hint.Length)
            {
                if (lastSpec < 0)
                {
                    return false;
                }

                hp = lastSpec;
            }

            int specStart = hp;
            if (hint[hp] == '*')
            {
                return false;
            }

            int digitsStart = hp;
            while (hp < hint.Length && char.IsAsciiDigit(hint[hp]))
            {
                hp++;
            }

            if (hp == digitsStart || hp - digitsStart > 6 || hp >= hint.Length)
            {
                return false;
            }

            int length = int.Parse(hint.AsSpan(digitsStart, hp - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture);
            char format = hint[hp++];
            char? separator = hp < hint.Length && !char.IsAsciiDigit(hint[hp]) && hint[hp] != '*' ? hint[hp++] : null;
            lastSpec = specStart;
            if (length == 0)
            {
                return false;
            }

            // The field runs to the separator (or, for text, to its length).
            int end = separator is { } sep ? text.IndexOf(sep, pos) : -1;
            if (format is 'a' or 't')
            {
                int max = pos + length;
                end = end < 0 ? Math.Min(text.Length, max) : Math.Min(end, max);
                var field = text[pos..end];
                var bytes = format == 'a' ? Encoding.Latin1.GetBytes(field) : Encoding.UTF8.GetBytes(field);
                if (bytes.Length > length)
                {
                    return false;
                }

                result.AddRange(bytes);
            }
            else
            {
                if (end < 0)
                {
                    end = text.Length;
                }

                var field = text[pos..end];
                if (field.Length == 0 || !TryParseRadix(field, format switch { 'x' => 16, 'o' => 8, _ => 10 }, out var number))
                {
                    return false;
                }

                var bytes = number.ToByteArray(isUnsigned: true, isBigEndian: true);
                if (bytes.Length > length)
                {
                    return false;
                }

                result.AddRange(new byte[length - bytes.Length]);
                result.AddRange(bytes);
            }

            pos = end;
            if (separator is { } s && pos < text.Length)
            {
                if (text[pos] != s)
                {
                    return false;
                }

                pos++;
                if (pos == text.Length)
                {
                    return false;
                }
            }
        }

        octets = [.. result];
        return true;
    }

    private static bool TryParseRadix(string digits, int radix, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (digits.Length > 64)
        {
            return false;
        }

        foreach (char c in digits)
        {
            int d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiHexDigit(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (d >= radix)
            {
                return false;
            }

            value = value * radix + d;
        }

        return true;
    }

    private static string ToRadix(BigInteger value, int radix)
    {
        if (value.IsZero)
        {
            return "0";
        }

        var sb = new StringBuilder();
        while (value > 0)
        {
            sb.Insert(0, (char)('0' + (int)(value % radix)));
            value /= radix;
        }

        return sb.ToString();
    }

    /// <summary>
    /// A BITS value as Net-SNMP's snmpget and snmpwalk print it by default: the octets in hexadecimal
    /// ("C0"), then the set bits as <see cref="FormatBits"/> names them: <c>C0 pause(0) 1</c>; an empty
    /// value is empty. (Net-SNMP also ends the line with a space and breaks the octets into lines of 16;
    /// this is one line, as for a Hex-STRING.) <see cref="TryParse"/> reads this back, and the names alone.
    /// </summary>
    public static string FormatBitsValue(ReadOnlySpan<byte> octets, IReadOnlyList<MibNamedNumber> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var sb = new StringBuilder(octets.Length * 3);
        foreach (var b in octets)
        {
            sb.Append(sb.Length == 0 ? "" : " ").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        var named = FormatBits(octets, names);
        return named.Length == 0 ? sb.ToString() : sb.Append(' ').Append(named).ToString();
    }

    /// <summary>The names of the set bits (RFC 2578 7.1.4: bit 0 is the high bit of the first octet), "name(n)" separated by spaces (a bit with no name as its number).</summary>
    public static string FormatBits(ReadOnlySpan<byte> octets, IReadOnlyList<MibNamedNumber> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var parts = new List<string>();
        for (int bit = 0; bit < octets.Length * 8; bit++)
        {
            if ((octets[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                var name = names.FirstOrDefault(n => n.Value == bit).Name;
                parts.Add(name is null ? bit.ToString(CultureInfo.InvariantCulture) : $"{name}({bit})");
            }
        }

        return string.Join(' ', parts);
    }

    private static string FormatPlainOctets(ReadOnlySpan<byte> octets)
    {
        foreach (var b in octets)
        {
            if (b is < 0x20 or >= 0x7f && b is not ((byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                return string.Join(' ', octets.ToArray().Select(o => o.ToString("X2", CultureInfo.InvariantCulture)));
            }
        }

        return Encoding.ASCII.GetString(octets);
    }
}
