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
    /// Octets by the octet-format of RFC 2579 3.1: specifications of an optional '*' repeat indicator
    /// (the next octet is the repeat count, which may be zero), an octet length (which may be zero: a
    /// "0a[" prints just its separator, as RFC 3419's TransportAddressIPv6 uses it), a format (x, d, o,
    /// a, t), an optional separator and (after '*') an optional repeat terminator; the last
    /// specification is applied again until the octets run out, and a separator or terminator is not
    /// printed as the last character. False when the hint does not parse, or its last specification
    /// would take no octets while some remain.
    /// </summary>
    public static bool TryFormatOctets(ReadOnlySpan<byte> octets, string displayHint, out string text)
    {
        ArgumentNullException.ThrowIfNull(displayHint);
        text = "";
        if (!TryParseOctetHint(displayHint, out var specs))
        {
            return false;
        }

        var sb = new StringBuilder();
        int pos = 0;
        for (int si = 0; pos < octets.Length; si++)
        {
            var spec = specs[Math.Min(si, specs.Count - 1)];
            if (si >= specs.Count - 1 && spec.Length == 0 && !spec.Star)
            {
                return false; // the repeated last specification would never use up the octets
            }

            int repeat = spec.Star ? octets[pos++] : 1;
            for (int r = 0; r < repeat && pos < octets.Length; r++)
            {
                int n = Math.Min(spec.Length, octets.Length - pos);
                var chunk = octets.Slice(pos, n);
                switch (spec.Format)
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
                        if (n == 0)
                        {
                            break;
                        }

                        var number = new BigInteger(chunk, isUnsigned: true, isBigEndian: true);
                        sb.Append(spec.Format switch
                        {
                            'x' => number.IsZero ? "0" : number.ToString("x", CultureInfo.InvariantCulture).TrimStart('0'),
                            'o' => ToRadix(number, 8),
                            _ => number.ToString(CultureInfo.InvariantCulture),
                        });
                        break;
                }

                pos += n;
                bool lastRepetition = r == repeat - 1;
                if (pos < octets.Length && spec.Separator is { } sep && !(lastRepetition && spec.Terminator is not null))
                {
                    sb.Append(sep);
                }
            }

            if (spec.Terminator is { } term && pos < octets.Length)
            {
                sb.Append(term);
            }
        }

        text = sb.ToString();
        return true;
    }

    /// <summary>One octet-format specification of RFC 2579 3.1.</summary>
    private readonly record struct OctetSpec(bool Star, int Length, char Format, char? Separator, char? Terminator);

    /// <summary>An octet-format DISPLAY-HINT split into its specifications; false when it does not parse.</summary>
    private static bool TryParseOctetHint(string hint, out List<OctetSpec> specs)
    {
        specs = [];
        int hp = 0;
        while (hp < hint.Length)
        {
            bool star = hint[hp] == '*';
            if (star)
            {
                hp++;
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
            if (format is not ('x' or 'd' or 'o' or 'a' or 't'))
            {
                return false;
            }

            char? separator = null, terminator = null;
            if (hp < hint.Length && !char.IsAsciiDigit(hint[hp]) && hint[hp] != '*')
            {
                separator = hint[hp++];
                if (star && hp < hint.Length && !char.IsAsciiDigit(hint[hp]) && hint[hp] != '*')
                {
                    terminator = hint[hp++];
                }
            }

            specs.Add(new OctetSpec(star, length, format, separator, terminator));
        }

        return specs.Count > 0;
    }

    /// <summary>
    /// The reverse of <see cref="Format(MibSyntax?, SnmpValue)"/>, for a Set: "up(1)", "up" or "1" for an
    /// enumeration, "12.34" under "d-2", BITS as Net-SNMP prints them ("C0 a(0) b(1)") or by their names alone ("a(0) c(2)", "a c"), an octet string by its
    /// DISPLAY-HINT ("0:11:22:33:44:55" under "1x:", a DateAndTime "1992-5-26,13:30:15.0,-4:0") or as
    /// text without one, dotted IpAddress and OBJECT IDENTIFIER, numbers for the other integer types.
    /// Every feature of RFC 2579 3.1 reads back: integer hints "d-n", "x", "o", "b", and octet hints with
    /// '*' repeats, separators, repeat terminators and zero octet lengths. False when the text does not
    /// fit the syntax.
    /// </summary>
    public static bool TryParse(MibSyntax syntax, string text, out SnmpValue? value)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(text);
        value = null;
        var untrimmed = text; // an octet string's own spaces are part of it
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
                    if (!TryParseOctets(untrimmed, hint, out octets))
                    {
                        return false;
                    }
                }
                else
                {
                    octets = Encoding.UTF8.GetBytes(untrimmed);
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

        int radix = hint switch { "x" => 16, "o" => 8, "b" => 2, _ => 10 };
        if (radix == 10)
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        // "x", "o", "b": the digits as TryFormatInteger writes them, a '-' before them when negative.
        bool negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        if (digits.Length == 0 || digits.Any(c => radix == 16 ? !char.IsAsciiHexDigit(c) : c < '0' || c >= '0' + radix)
            || !TryParseRadix(digits, radix, out var magnitude) || magnitude > (negative ? -(BigInteger)long.MinValue : long.MaxValue))
        {
            return false;
        }

        value = (long)(negative ? -magnitude : magnitude);
        return true;
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

    /// <summary>
    /// Text back to octets by an octet-format DISPLAY-HINT (RFC 2579 3.1), the reverse of
    /// <see cref="TryFormatOctets"/>: each specification's field read by its format (a number runs
    /// while its digits do; 'a' and 't' take up to the octet length, or to the separator), its
    /// separator checked; under a '*' the repetitions are counted (fields joined by the separator, up
    /// to the repeat terminator, a different character or the end) and the count written as the
    /// octet before them. Where the rendering is ambiguous (a '*' without a terminator followed by
    /// more text, numbers written with no separator between them) the reading is the one whose
    /// rendering is this text, or none.
    /// </summary>
    private static bool TryParseOctets(string text, string hint, out byte[]? octets)
    {
        octets = null;
        if (!TryParseOctetHint(hint, out var specs))
        {
            return false;
        }

        var result = new List<byte>();
        int pos = 0;
        for (int si = 0; pos < text.Length; si++)
        {
            var spec = specs[Math.Min(si, specs.Count - 1)];
            if (si >= specs.Count - 1 && spec.Length == 0 && !spec.Star)
            {
                return false;
            }

            if (!spec.Star)
            {
                if (!TryReadField(text, ref pos, spec, result) || !TrySeparator(text, ref pos, spec.Separator))
                {
                    return false;
                }

                continue;
            }

            int countAt = result.Count;
            result.Add(0);
            int count = 0;
            if (spec.Terminator is { } t0 && text[pos] == t0)
            {
                // Zero repetitions: only the terminator shows.
                pos++;
                if (pos == text.Length)
                {
                    return false;
                }

                continue;
            }

            while (true)
            {
                if (!TryReadField(text, ref pos, spec, result))
                {
                    return false;
                }

                count++;
                if (pos == text.Length)
                {
                    break;
                }

                if (spec.Terminator is { } term && text[pos] == term)
                {
                    pos++;
                    if (pos == text.Length)
                    {
                        return false;
                    }

                    break;
                }

                if (spec.Separator is { } sep && text[pos] == sep)
                {
                    pos++;
                    if (pos == text.Length)
                    {
                        return false;
                    }

                    if (spec.Terminator is { } netSnmpTerm && text[pos] == netSnmpTerm)
                    {
                        // Net-SNMP prints the separator before the terminator too ("49:0:1:/ab"); read that as well.
                        pos++;
                        if (pos == text.Length)
                        {
                            return false;
                        }

                        break;
                    }

                    if (count == byte.MaxValue)
                    {
                        break;
                    }

                    continue;
                }

                break;
            }

            result[countAt] = (byte)count;
        }

        octets = [.. result];
        return true;
    }

    /// <summary>Reads one field of a specification from the text at <paramref name="pos"/>, appending its octets.</summary>
    private static bool TryReadField(string text, ref int pos, OctetSpec spec, List<byte> result)
    {
        if (spec.Length == 0)
        {
            return true;
        }

        if (spec.Format is 'a' or 't')
        {
            int start = pos, bytes = 0;
            while (pos < text.Length && text[pos] != spec.Separator && text[pos] != spec.Terminator)
            {
                int width = spec.Format == 'a' ? (text[pos] <= 0xff ? 1 : int.MaxValue)
                    : char.IsHighSurrogate(text[pos]) ? 4 : Encoding.UTF8.GetByteCount(text.AsSpan(pos, 1));
                if (bytes + width > spec.Length)
                {
                    if (width == int.MaxValue)
                    {
                        return false; // not a Latin-1 character
                    }

                    break;
                }

                bytes += width;
                pos += char.IsHighSurrogate(text[pos]) && pos + 1 < text.Length ? 2 : 1;
            }

            if (pos == start)
            {
                return false;
            }

            var field = text.AsSpan(start, pos - start);
            result.AddRange(spec.Format == 'a' ? Encoding.Latin1.GetBytes(field.ToArray()) : Encoding.UTF8.GetBytes(field.ToArray()));
            return true;
        }

        int radix = spec.Format switch { 'x' => 16, 'o' => 8, _ => 10 };
        int digitsStart = pos;
        while (pos < text.Length && (radix == 16 ? char.IsAsciiHexDigit(text[pos]) : text[pos] >= '0' && text[pos] < '0' + radix))
        {
            pos++;
        }

        if (pos == digitsStart || !TryParseRadix(text[digitsStart..pos], radix, out var number))
        {
            return false;
        }

        var octets = number.IsZero ? [] : number.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (octets.Length > spec.Length)
        {
            return false;
        }

        result.AddRange(new byte[spec.Length - octets.Length]);
        result.AddRange(octets);
        return true;
    }

    /// <summary>After a field: the specification's separator, unless the text ends (RFC 2579: never the last character).</summary>
    private static bool TrySeparator(string text, ref int pos, char? separator)
    {
        if (pos == text.Length || separator is null)
        {
            return true;
        }

        if (text[pos] != separator)
        {
            return false;
        }

        pos++;
        return pos < text.Length;
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
