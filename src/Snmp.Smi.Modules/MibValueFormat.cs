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
                    return FormatBits(s.Span, syntax.NamedNumbers);
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

    /// <summary>The names of the set bits (RFC 2578 7.1.4: bit 0 is the high bit of the first octet), "name(n)" separated by spaces.</summary>
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
