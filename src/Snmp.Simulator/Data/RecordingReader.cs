using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Snmp.Simulator;

/// <summary>The text formats a recording may be written in.</summary>
public enum RecordingFormat
{
    /// <summary>snmpsim's <c>OID|TAG|VALUE</c> lines (<c>.snmprec</c>).</summary>
    Snmprec,

    /// <summary>Net-SNMP's snmpwalk output with numeric OIDs (<c>-On</c>, or <c>-ObentU</c>; <c>.snmpwalk</c>).</summary>
    NetSnmpWalk,

    /// <summary>SimpleAgentPro's <c>OID, TYPE, VALUE</c> lines (<c>.sapwalk</c>), as snmpsim reads them.</summary>
    SapWalk,
}

/// <summary>
/// Reads recordings: snmpsim's <c>.snmprec</c> (tags as snmpsim numbers them: 2 Integer32,
/// 4 OCTET STRING, 5 NULL, 6 OBJECT IDENTIFIER, 64 IpAddress, 65 Counter32, 66 Gauge32,
/// 67 TimeTicks, 68 Opaque, 70 Counter64, 128-130 the exceptions; an <c>x</c> suffix for a
/// hexadecimal value, <c>e</c> for a Python-escaped one, <c>:module</c> for a variation) and
/// Net-SNMP's walk output (<c>snmpwalk -On</c> or <c>-ObentU</c>), and SimpleAgentPro's
/// <c>.sapwalk</c> (<c>OID, TYPE, VALUE</c>; an OctetString "0x..." is hexadecimal, as snmpsim
/// reads it). Records may come in any order;
/// a record repeated with the same value counts once, with another value it is an error. Every
/// malformed record is a <see cref="RecordingFormatException"/> naming its file and line.
/// Text is taken byte for byte (ISO-8859-1), as snmpsim takes it.
/// </summary>
public static class RecordingReader
{
    private static readonly Encoding Bytes = Encoding.Latin1;

    /// <summary>The variation modules the simulator runs.</summary>
    public static IReadOnlyCollection<string> SupportedVariations { get; } = ["numeric", "writecache", "error", "delay"];

    /// <summary>The file name endings recognised, each with its format (a <c>.gz</c> of any of them is read too).</summary>
    public static IReadOnlyDictionary<string, RecordingFormat> Extensions { get; } = new Dictionary<string, RecordingFormat>(StringComparer.OrdinalIgnoreCase)
    {
        [".snmprec"] = RecordingFormat.Snmprec,
        [".snmpwalk"] = RecordingFormat.NetSnmpWalk,
        [".walk"] = RecordingFormat.NetSnmpWalk,
        [".sapwalk"] = RecordingFormat.SapWalk,
    };

    /// <summary>The format of <paramref name="path"/> by its name, or null when it is not a recording.</summary>
    public static RecordingFormat? FormatOf(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return Extensions.TryGetValue(Path.GetExtension(name), out var format) ? format : null;
    }

    /// <summary>Reads the recording at <paramref name="path"/> (its format by its name).</summary>
    /// <exception cref="RecordingFormatException">A missing or unreadable file, an unknown extension, or a malformed record.</exception>
    public static Recording ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var format = FormatOf(path) ?? throw new RecordingFormatException(path, 0, "not a recording: the name should end in .snmprec, .snmpwalk, .walk or .sapwalk (optionally .gz)");
        return Parse(ReadContent(path), path, format);
    }

    /// <summary>The bytes of a recording file, unzipped when its name ends in .gz.</summary>
    internal static byte[] ReadContent(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                using var unzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                unzip.CopyTo(plain);
                content = plain.ToArray();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new RecordingFormatException(path, 0, e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot be read: {e.Message}", e);
        }

        return content;
    }

    /// <summary>Reads a recording from <paramref name="content"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="RecordingFormatException">A malformed record.</exception>
    public static Recording Parse(ReadOnlySpan<byte> content, string source, RecordingFormat format)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = Bytes.GetString(content);
        var records = format switch
        {
            RecordingFormat.Snmprec => ReadSnmprec(text, source),
            RecordingFormat.SapWalk => ReadSapWalk(text, source),
            _ => ReadWalk(text, source),
        };
        return Build(records, source, Recording.Hash(content));
    }

    internal readonly record struct Parsed(ObjectIdentifier Oid, SnmpValue Value, RecordedVariation? Variation, int Line);

    private static Recording Build(List<Parsed> records, string source, byte[] hash)
    {
        // Stable: of two records of one OID, the earlier line comes first.
        var ordered = records.Select((r, i) => (r, i)).OrderBy(p => p.r.Oid).ThenBy(p => p.i).Select(p => p.r).ToList();
        var oids = new List<ObjectIdentifier>(ordered.Count);
        var values = new List<SnmpValue>(ordered.Count);
        Dictionary<int, RecordedVariation>? variations = null;
        Parsed? previous = null;
        foreach (var record in ordered)
        {
            if (previous is { } p && p.Oid.Equals(record.Oid))
            {
                if (p.Value.Equals(record.Value) && p.Variation == record.Variation)
                {
                    continue;
                }

                throw new RecordingFormatException(source, record.Line, $"{record.Oid} is recorded again with another value (first at line {p.Line})");
            }

            if (record.Variation is { } variation)
            {
                (variations ??= [])[oids.Count] = variation;
            }

            oids.Add(record.Oid);
            values.Add(record.Value);
            previous = record;
        }

        return new Recording(source, [.. oids], [.. values], variations, hash);
    }

    private static IEnumerable<(string Text, int Number)> Lines(string text)
    {
        int number = 0, start = 0;
        while (start <= text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            number++;
            var line = text[start..end];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (end < text.Length || line.Length > 0)
            {
                yield return (line, number);
            }

            start = end + 1;
        }
    }

    // sapwalk ------------------------------------------------------------------------------

    // SimpleAgentPro's types, as snmpsim's SapGrammar maps them to snmprec tags.
    private static readonly Dictionary<string, int> SapTypes = new(StringComparer.Ordinal)
    {
        ["Integer"] = 2, ["OctetString"] = 4, ["ObjectID"] = 6, ["IpAddress"] = 64, ["Counter"] = 65, ["Gauge"] = 66, ["TimeTicks"] = 67, ["Counter64"] = 70,
    };

    // "1.3.6.1.2.1.1.1.0             , OctetString , Hardware: x86 ...": the OID, the type and the
    // rest of the line (commas and all), each trimmed; an OctetString "0x41 42" is its hex pairs.
    private static List<Parsed> ReadSapWalk(string text, string source)
    {
        var records = new List<Parsed>();
        foreach (var (raw, number) in Lines(text))
        {
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var parts = raw.Split(',', 3);
            if (parts.Length < 3)
            {
                throw new RecordingFormatException(source, number, "not an OID, TYPE, VALUE record");
            }

            var (oidText, type, value) = (parts[0].Trim(), parts[1].Trim(), parts[2].Trim());
            if (!ObjectIdentifier.TryParse(oidText.TrimStart('.'), out var oid) || oid is null)
            {
                throw new RecordingFormatException(source, number, $"'{Shorten(oidText)}' is not a dotted OID");
            }

            if (!SapTypes.TryGetValue(type, out int tag))
            {
                throw new RecordingFormatException(source, number, $"'{Shorten(type)}' is not a sapwalk type ({string.Join(", ", SapTypes.Keys)})");
            }

            try
            {
                var parsed = tag == 4 && value.StartsWith("0x", StringComparison.Ordinal)
                    ? new OctetString(HexOctets(string.Join(' ', value[2..].Chunk(2).Select(c => new string(c)))))
                    : Evaluate(tag, '\0', value);
                records.Add(new Parsed(oid, parsed, null, number));
            }
            catch (FormatException e)
            {
                throw new RecordingFormatException(source, number, e.Message, e);
            }
            catch (OverflowException e)
            {
                throw new RecordingFormatException(source, number, $"the value '{Shorten(value)}' is out of range for {type}", e);
            }
        }

        return records;
    }

    // snmprec ------------------------------------------------------------------------------

    private static List<Parsed> ReadSnmprec(string text, string source)
    {
        var records = new List<Parsed>();
        foreach (var (raw, number) in Lines(text))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            records.Add(ParseSnmprecLine(line, source, number));
        }

        return records;
    }

    internal static Parsed ParseSnmprecLine(string line, string source, int number)
    {
        int first = line.IndexOf('|'), second = first < 0 ? -1 : line.IndexOf('|', first + 1);
        if (second < 0)
        {
            throw new RecordingFormatException(source, number, "not an OID|TAG|VALUE record");
        }

        var oidText = line[..first];
        var tagText = line[(first + 1)..second];
        var valueText = line[(second + 1)..];
        if (!ObjectIdentifier.TryParse(oidText, out var oid) || oid is null || oid.Length < 2)
        {
            throw new RecordingFormatException(source, number, $"'{oidText}' is not a dotted OID");
        }

        string? module = null;
        int colon = tagText.IndexOf(':');
        if (colon >= 0)
        {
            module = tagText[(colon + 1)..];
            tagText = tagText[..colon];
            if (!SupportedVariations.Contains(module))
            {
                throw new RecordingFormatException(source, number, $"the variation module '{module}' is not supported (supported: {string.Join(", ", SupportedVariations)})");
            }
        }

        char encoding = tagText.Length > 0 && tagText[^1] is 'x' or 'e' ? tagText[^1] : '\0';
        var tagNumber = encoding == '\0' ? tagText : tagText[..^1];
        if (!int.TryParse(tagNumber, NumberStyles.None, CultureInfo.InvariantCulture, out int tag) || !IsKnownTag(tag))
        {
            throw new RecordingFormatException(source, number, $"'{tagText}' is not an snmprec tag (2, 4, 5, 6, 64, 65, 66, 67, 68, 70, 128, 129, 130, with x or e after it)");
        }

        try
        {
            if (module is null)
            {
                return new Parsed(oid, Evaluate(tag, encoding, valueText), null, number);
            }

            var arguments = ParseArguments(valueText);
            var variation = new RecordedVariation(module, arguments);
            // The value served until the variation changes it: value=, hexvalue= or numeric's initial=.
            SnmpValue value = arguments.TryGetValue("hexvalue", out var hex) ? Evaluate(tag, 'x', hex)
                : arguments.TryGetValue("value", out var plain) ? Evaluate(tag, encoding, plain)
                : arguments.TryGetValue("initial", out var initial) ? Evaluate(tag, '\0', initial)
                : DefaultOf(tag);
            Variations.Check(variation, tag);
            return new Parsed(oid, value, variation, number);
        }
        catch (FormatException e)
        {
            throw new RecordingFormatException(source, number, e.Message, e);
        }
        catch (OverflowException e)
        {
            throw new RecordingFormatException(source, number, $"the value '{valueText}' is out of range for tag {tag}", e);
        }
    }

    private static Dictionary<string, string> ParseArguments(string text)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"'{part}' is not a name=value argument of the variation");
            }

            arguments[part[..equals].Trim()] = part[(equals + 1)..];
        }

        return arguments;
    }

    private static bool IsKnownTag(int tag) => tag is 2 or 4 or 5 or 6 or 64 or 65 or 66 or 67 or 68 or 70 or 128 or 129 or 130;

    internal static SnmpValue DefaultOf(int tag) => tag switch
    {
        2 => new Integer32(0),
        4 => OctetString.Empty,
        6 => new ObjectIdentifier(0, 0),
        64 => new IpAddress([0, 0, 0, 0]),
        65 => new Counter32(0),
        66 => new Gauge32(0),
        67 => new TimeTicks(0),
        68 => new Opaque([]),
        70 => new Counter64(0),
        128 => NoSuchObject.Instance,
        129 => NoSuchInstance.Instance,
        130 => EndOfMibView.Instance,
        _ => Null.Instance,
    };

    /// <summary>The value of a tag's text (<paramref name="encoding"/>: 'x' hex, 'e' Python escapes, or none).</summary>
    internal static SnmpValue Evaluate(int tag, char encoding, string text)
    {
        byte[] Octets() => encoding switch
        {
            'x' => FromHex(text),
            'e' => Unescape(text),
            _ => Bytes.GetBytes(text),
        };

        var invariant = CultureInfo.InvariantCulture;
        return tag switch
        {
            2 => new Integer32(Number(text, tag, s => int.Parse(s, NumberStyles.AllowLeadingSign, invariant))),
            4 => new OctetString(Octets()),
            5 => Null.Instance,
            6 => ObjectIdentifier.TryParse(text.Trim().TrimStart('.'), out var oid) && oid is not null ? oid : throw new FormatException($"'{text}' is not a dotted OID"),
            // Dotted, or (as pysnmp reads a text of four characters that is not dotted) the four octets themselves.
            64 => encoding == '\0' && (text.Contains('.') || text.Length != 4) ? ParseIpAddress(text)
                : Octets() is { Length: 4 } ip ? new IpAddress(ip) : throw new FormatException($"an IpAddress is 4 octets, not '{text}'"),
            65 => new Counter32(Number(text, tag, s => uint.Parse(s, NumberStyles.None, invariant))),
            66 => new Gauge32(Number(text, tag, s => uint.Parse(s, NumberStyles.None, invariant))),
            67 => new TimeTicks(Number(text, tag, s => uint.Parse(s, NumberStyles.None, invariant))),
            68 => new Opaque(Octets()),
            70 => new Counter64(Number(text, tag, s => ulong.Parse(s, NumberStyles.None, invariant))),
            128 => NoSuchObject.Instance,
            129 => NoSuchInstance.Instance,
            130 => EndOfMibView.Instance,
            _ => throw new FormatException($"tag {tag} is not an snmprec tag"),
        };
    }

    // A number's text (decimal digits, a '-' before them when signed), or the record's fault named
    // with its tag; a number out of the type's range stays an OverflowException.
    private static T Number<T>(string text, int tag, Func<string, T> parse)
    {
        var trimmed = text.Trim();
        var digits = trimmed.AsSpan(tag == 2 && trimmed.Length > 0 && trimmed[0] is '-' or '+' ? 1 : 0);
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw new FormatException($"'{(trimmed.Length > 40 ? trimmed[..40] + "..." : trimmed)}' is not a number (tag {tag})");
        }

        return parse(trimmed);
    }

    private static IpAddress ParseIpAddress(string text)
    {
        var parts = text.Trim().Split('.');
        if (parts.Length != 4 || !parts.All(p => byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"'{text}' is not a dotted IPv4 address");
        }

        return new IpAddress(parts.Select(p => byte.Parse(p, CultureInfo.InvariantCulture)).ToArray());
    }

    private static byte[] FromHex(string text)
    {
        var hex = text.Trim();
        if (hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
        {
            throw new FormatException($"'{(hex.Length > 40 ? hex[..40] + "..." : hex)}' is not an even number of hexadecimal digits");
        }

        return Convert.FromHexString(hex);
    }

    // Python's string-literal escapes, as snmpsim writes an 'e' value: \\ \' \" \a \b \f \n \r \t \v \xHH.
    private static byte[] Unescape(string text)
    {
        var octets = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                octets.Add((byte)c);
                continue;
            }

            if (++i >= text.Length)
            {
                throw new FormatException("the value ends inside an escape (\\)");
            }

            char e = text[i];
            switch (e)
            {
                case '\\': octets.Add((byte)'\\'); break;
                case '\'': octets.Add((byte)'\''); break;
                case '"': octets.Add((byte)'"'); break;
                case 'a': octets.Add(7); break;
                case 'b': octets.Add(8); break;
                case 'f': octets.Add(12); break;
                case 'n': octets.Add(10); break;
                case 'r': octets.Add(13); break;
                case 't': octets.Add(9); break;
                case 'v': octets.Add(11); break;
                case 'x':
                    if (i + 2 >= text.Length || !Uri.IsHexDigit(text[i + 1]) || !Uri.IsHexDigit(text[i + 2]))
                    {
                        throw new FormatException($"'\\x' must be followed by two hexadecimal digits at position {i}");
                    }

                    octets.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                default:
                    throw new FormatException($"unknown escape '\\{e}'");
            }
        }

        return [.. octets];
    }

    // Net-SNMP walk output ------------------------------------------------------------------

    private static List<Parsed> ReadWalk(string text, string source)
    {
        var records = new List<Parsed>();
        string? oid = null, value = null;
        int start = 0;
        foreach (var (line, number) in Lines(text))
        {
            if (TrySplitWalkLine(line, out var lineOid, out var rest))
            {
                Flush();
                (oid, value, start) = (lineOid, rest, number);
            }
            else if (oid is not null && Continues(value!, line))
            {
                value += "\n" + line;          // a string or hex dump continued on the next line
            }
            else if (line.Trim().Length > 0)
            {
                throw new RecordingFormatException(source, number, "not an 'OID = TYPE: value' line of snmpwalk -On output");
            }
        }

        Flush();
        return records;

        void Flush()
        {
            if (oid is null)
            {
                return;
            }

            if (ParseWalkValue(oid, value!, source, start) is { } parsed)
            {
                records.Add(parsed);
            }

            oid = null;
        }
    }

    // Only a quoted STRING not yet closed, or a hex dump, goes on past its line.
    private static bool Continues(string value, string line)
    {
        if (value.StartsWith("STRING: \"", StringComparison.Ordinal))
        {
            return !IsClosedQuote(value["STRING: ".Length..]);
        }

        return (value.StartsWith("Hex-STRING:", StringComparison.Ordinal) || value.StartsWith("Opaque:", StringComparison.Ordinal)) &&
            line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts && parts.All(p => p.Length == 2 && p.All(Uri.IsHexDigit));
    }

    private static bool IsClosedQuote(string quoted)
    {
        if (quoted.Length < 2 || quoted[^1] != '"')
        {
            return false;
        }

        int backslashes = 0;
        for (int i = quoted.Length - 2; i >= 1 && quoted[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    private static bool TrySplitWalkLine(string line, out string oid, out string rest)
    {
        oid = rest = "";
        int separator = line.IndexOf(" = ", StringComparison.Ordinal);
        int end = separator < 0 && line.EndsWith(" =", StringComparison.Ordinal) ? line.Length - 2 : separator;
        if (end <= 0)
        {
            return false;
        }

        var candidate = line[..end].TrimStart('.');
        if (candidate.Length == 0 || !candidate.All(c => c is '.' or (>= '0' and <= '9')))
        {
            return false;
        }

        oid = candidate;
        rest = separator < 0 ? "" : line[(separator + 3)..];
        return true;
    }

    private static Parsed? ParseWalkValue(string oidText, string text, string source, int line)
    {
        if (!ObjectIdentifier.TryParse(oidText, out var oid) || oid is null || oid.Length < 2)
        {
            throw new RecordingFormatException(source, line, $"'{oidText}' is not a dotted OID");
        }

        try
        {
            return WalkValue(text) is { } value ? new Parsed(oid, value, null, line) : null;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new RecordingFormatException(source, line, e.Message, e);
        }
    }

    private static SnmpValue? WalkValue(string text)
    {
        if (text.StartsWith("Wrong Type (should be", StringComparison.Ordinal))
        {
            int colon = text.IndexOf("): ", StringComparison.Ordinal);
            text = colon < 0 ? text : text[(colon + 3)..];
        }

        if (text.StartsWith("No more variables left in this MIB View", StringComparison.Ordinal))
        {
            return null;                                    // the end of a walk, not a record
        }

        if (text.StartsWith("No Such Object", StringComparison.Ordinal))
        {
            return NoSuchObject.Instance;
        }

        if (text.StartsWith("No Such Instance", StringComparison.Ordinal))
        {
            return NoSuchInstance.Instance;
        }

        if (text is "\"\"" or "")
        {
            return OctetString.Empty;
        }

        if (text == "NULL")
        {
            return Null.Instance;
        }

        int colonAt = text.IndexOf(':');
        if (colonAt < 0 && text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            // -Ot prints TimeTicks as a bare number, without its type.
            return new TimeTicks(uint.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        if (colonAt <= 0)
        {
            throw new FormatException($"'{Shorten(text)}' has no 'TYPE:' of snmpwalk output");
        }

        var type = text[..colonAt];
        var value = text[(colonAt + 1)..].TrimStart(' ');
        var invariant = CultureInfo.InvariantCulture;
        switch (type)
        {
            case "STRING":
                // Unquoted colon-separated hex is a DISPLAY-HINT's rendering ("1x:", a MAC address): its octets, as snmpsim reads it.
                return IsColonHex(value) ? new OctetString(value.Split(':').Select(h => Convert.ToByte(h, 16)).ToArray()) : new OctetString(Bytes.GetBytes(Unquote(value)));
            case "Hex-STRING":
            case "BITS":
                return new OctetString(type == "BITS" ? BitsOctets(value) : HexOctets(value));
            case "Opaque":
                return OpaqueValue(value);
            case "OID":
                var oidText = value.Trim().TrimStart('.');
                return ObjectIdentifier.TryParse(oidText, out var oid) && oid is not null ? oid
                    : throw new FormatException($"'{Shorten(value)}' is not a numeric OID (record the walk with -On)");
            case "INTEGER":
                return new Integer32(int.Parse(Number(value, enumerated: true), NumberStyles.AllowLeadingSign, invariant));
            case "Counter32":
                return new Counter32(uint.Parse(Number(value), NumberStyles.None, invariant));
            case "Gauge32":
            case "UInteger32":
            case "Unsigned32":
                return new Gauge32(uint.Parse(Number(value), NumberStyles.None, invariant));
            case "Counter64":
                return new Counter64(ulong.Parse(Number(value), NumberStyles.None, invariant));
            case "Timeticks":
                var ticks = value.Trim();
                if (ticks.StartsWith('('))
                {
                    int close = ticks.IndexOf(')');
                    ticks = close < 0 ? ticks : ticks[1..close];
                }

                return new TimeTicks(uint.Parse(ticks, NumberStyles.None, invariant));
            case "IpAddress":
                return ParseIpAddress(value);
            case "Network Address":
                var octets = value.Trim().Split(':');
                return octets.Length == 4 ? new IpAddress(octets.Select(o => Convert.ToByte(o, 16)).ToArray()) : throw new FormatException($"'{value}' is not a Network Address");
            default:
                throw new FormatException($"the type '{type}' of snmpwalk output is not known");
        }
    }

    // Net-SNMP prints its Opaque-wrapped float and double (9F 78 / 9F 79, RFC-less but what
    // UCD-SNMP-MIB's laLoadFloat sends) as "Float: 0.05" / "Double: 0.05"; anything else in hex.
    private static Opaque OpaqueValue(string value)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (value.StartsWith("Float: ", StringComparison.Ordinal))
        {
            var octets = new byte[7] { 0x9f, 0x78, 0x04, 0, 0, 0, 0 };
            System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(octets.AsSpan(3), float.Parse(value[7..], NumberStyles.Float, invariant));
            return new Opaque(octets);
        }

        if (value.StartsWith("Double: ", StringComparison.Ordinal))
        {
            var octets = new byte[11];
            octets[0] = 0x9f;
            octets[1] = 0x79;
            octets[2] = 0x08;
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(octets.AsSpan(3), double.Parse(value[8..], NumberStyles.Float, invariant));
            return new Opaque(octets);
        }

        return new Opaque(HexOctets(value));
    }

    private static bool IsColonHex(string value) =>
        value.Contains(':') && value.Split(':').All(h => h.Length is 1 or 2 && h.All(Uri.IsHexDigit));

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;

    // INTEGER: up(1), INTEGER: 60 seconds, Gauge32: 10 milli-seconds: the number alone.
    private static string Number(string value, bool enumerated = false)
    {
        var text = value.Trim();
        if (enumerated && text.EndsWith(')') && text.IndexOf('(') is int open and > 0)
        {
            return text[(open + 1)..^1];
        }

        int space = text.IndexOf(' ');
        return space > 0 ? text[..space] : text;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;                                   // a DISPLAY-HINT's rendering, taken as it is
        }

        var inner = value[1..^1];
        if (!inner.Contains('\\'))
        {
            return inner;
        }

        var unescaped = new StringBuilder(inner.Length);
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length && inner[i + 1] is '"' or '\\')
            {
                i++;
            }

            unescaped.Append(inner[i]);
        }

        return unescaped.ToString();
    }

    // Net-SNMP prints BITS (snmplib/mib.c, sprint_realloc_bitstring) as its octets, each two hex
    // digits, then each bit set: its number, or "name(number)" with a MIB ("BITS: A0 0 2" is the
    // one octet A0, bits 0 and 2 set; "BITS: 80 00 linkUp(0)" two octets). A bit number can look
    // like an octet ("00 20 10": bit 10 of 00 20), so the octets are the first tokens after which
    // the rest name exactly the bits those octets set; a text that no split explains (written by
    // hand, or older Net-SNMP's one-digit octets) is hex octets up to the first other token.
    private static byte[] BitsOctets(string value)
    {
        var tokens = value.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (int count = 0; count <= tokens.Length; count++)
        {
            if (count > 0 && (tokens[count - 1].Length != 2 || !tokens[count - 1].All(Uri.IsHexDigit)))
            {
                break;
            }

            var octets = tokens.Take(count).Select(t => Convert.ToByte(t, 16)).ToArray();
            var bits = Enumerable.Range(0, count * 8).Where(b => (octets[b / 8] & (0x80 >> (b % 8))) != 0).ToList();
            if (tokens.Length - count == bits.Count && tokens.Skip(count).Select(BitNumber).SequenceEqual(bits.Cast<int?>()))
            {
                return octets;
            }
        }

        return HexOctets(string.Join(' ', tokens.TakeWhile(p => p.Length is 1 or 2 && p.All(Uri.IsHexDigit))));
    }

    // "10" or "linkUp(0)": the bit's number; anything else null.
    private static int? BitNumber(string token)
    {
        int open = token.LastIndexOf('(');
        var number = open >= 0 && token.EndsWith(')') ? token[(open + 1)..^1] : token;
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
    }

    private static byte[] HexOctets(string value)
    {
        var parts = value.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var octets = new byte[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            // Older Net-SNMP prints an octet below 0x10 with one digit ("BITS: 80 0").
            if (parts[i].Length is not (1 or 2) || !parts[i].All(Uri.IsHexDigit))
            {
                throw new FormatException($"'{Shorten(parts[i])}' is not a hexadecimal octet");
            }

            octets[i] = Convert.ToByte(parts[i], 16);
        }

        return octets;
    }
}
