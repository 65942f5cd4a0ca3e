using System.Globalization;
using System.Text;
using Snmp.Smi.Modules;

namespace Snmp.Tool.Output;

/// <summary>
/// A variable binding printed as Net-SNMP 5.9's tools print it (snmpget, snmpwalk, snmptrapd):
/// <c>IF-MIB::ifType.1 = INTEGER: softwareLoopback(24)</c>, under the -O output options. Names and
/// values come from the library's MIB lookups (<see cref="MibModuleSet.FormatInstance"/>,
/// <see cref="MibValueFormat"/>); this type adds only the layout: type tags, quoting, Net-SNMP's
/// 16-octet lines of hexadecimal, and the -O variants.
/// </summary>
internal sealed class VarBindPrinter(MibModuleSet mibs, OutputOptions options)
{
    private static readonly string[] TopArcs = ["ccitt", "iso", "joint-iso-ccitt"];

    public MibModuleSet Mibs { get; } = mibs;

    public OutputOptions Options { get; } = options;

    /// <summary>The whole line (it may span several lines for a long Hex-STRING), without a final newline.</summary>
    public string Format(VarBind varBind)
    {
        var (tag, value) = FormatValue(varBind.Oid, varBind.Value);
        var typed = tag is null || Options.Quick ? value : tag + ": " + value;
        if (Options.ValueOnly)
        {
            return typed;
        }

        var name = FormatName(varBind.Oid);
        return Options.Quick && !Options.QuickEquals ? name + " " + typed : name + " = " + typed;
    }

    /// <summary>
    /// Writes <see cref="Format"/>'s line and a newline to <paramref name="writer"/> in parts,
    /// without building the line (a walk writes thousands).
    /// </summary>
    public void Write(TextWriter writer, VarBind varBind)
    {
        var (tag, value) = FormatValue(varBind.Oid, varBind.Value);
        if (!Options.ValueOnly)
        {
            if (Options.OidStyle == OidStyle.Numeric)
            {
                writer.Write('.');
                writer.Write(varBind.Oid.ToString());
            }
            else
            {
                writer.Write(FormatName(varBind.Oid));
            }

            writer.Write(Options.Quick && !Options.QuickEquals ? " " : " = ");
        }

        if (tag is not null && !Options.Quick)
        {
            writer.Write(tag);
            writer.Write(": ");
        }

        writer.Write(value);
        writer.Write('\n');
    }

    /// <summary>An OID named by the -O style (default MODULE::name.index).</summary>
    public string FormatName(ObjectIdentifier oid)
    {
        if (Options.NumericIndex && Options.OidStyle != OidStyle.Numeric && Mibs.FindLongestPrefix(oid, out int known) is not null && known < oid.Length)
        {
            // -Ob: the object's name, then the rest of the OID as numbers.
            var ids = oid.SubIdentifiers;
            var sb = new StringBuilder(StyledName(new ObjectIdentifier(ids[..known])));
            for (int i = known; i < ids.Length; i++)
            {
                sb.Append('.').Append(ids[i].ToString(CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        return StyledName(oid);
    }

    // What -Ou (UCD style) leaves out of a full name, as Net-SNMP does.
    private static readonly string[] UcdPrefixes = [".iso.org.dod.internet.mgmt.mib-2.", ".iso.org.dod.internet.private."];

    private string StyledName(ObjectIdentifier oid)
    {
        switch (Options.OidStyle)
        {
            case OidStyle.Ucd:
                var full = FullName(oid);
                var prefix = Array.Find(UcdPrefixes, p => full.StartsWith(p, StringComparison.Ordinal));
                return prefix is null ? full : full[prefix.Length..];
            case OidStyle.Numeric:
                return "." + oid;
            case OidStyle.Full:
                return FullName(oid);
            case OidStyle.Suffix:
                var text = NamedOrIso(Mibs.FormatInstance(oid));
                int sep = text.IndexOf("::", StringComparison.Ordinal);
                return sep < 0 ? text : text[(sep + 2)..];
            default:
                return NamedOrIso(Mibs.FormatInstance(oid));
        }
    }

    // Net-SNMP names the three top arcs even with no MIB module loaded.
    private static string NamedOrIso(string name)
    {
        if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
        {
            return name;
        }

        int dot = name.IndexOf('.', StringComparison.Ordinal);
        var first = dot < 0 ? name : name[..dot];
        return uint.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var arc) && arc < 3
            ? TopArcs[arc] + (dot < 0 ? "" : name[dot..])
            : name;
    }

    private string FullName(ObjectIdentifier oid)
    {
        var node = Mibs.FindLongestPrefix(oid, out int length);
        var sb = new StringBuilder();
        var ids = oid.SubIdentifiers;
        for (int i = 1; i <= length; i++)
        {
            var prefix = new ObjectIdentifier(ids[..i]);
            var label = Mibs.FindNode(prefix)?.Name ?? (i == 1 && ids[0] < 3 ? TopArcs[ids[0]] : ids[i - 1].ToString(CultureInfo.InvariantCulture));
            sb.Append('.').Append(label);
        }

        if (node is null)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                sb.Append('.').Append(i == 0 && ids[0] < 3 ? TopArcs[ids[0]] : ids[i].ToString(CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        var instance = Mibs.FormatInstance(oid);
        var qualified = node.QualifiedName;
        return instance.StartsWith(qualified, StringComparison.Ordinal)
            ? sb.Append(instance[qualified.Length..]).ToString()
            : sb.ToString();
    }

    /// <summary>The type tag (null where Net-SNMP prints none) and the value text.</summary>
    public (string? Tag, string Value) FormatValue(ObjectIdentifier oid, SnmpValue value)
    {
        switch (value)
        {
            case NoSuchObject:
                return (null, "No Such Object available on this agent at this OID");
            case NoSuchInstance:
                return (null, "No Such Instance currently exists at this OID");
            case EndOfMibView:
                return (null, "No more variables left in this MIB View (It is past the end of the MIB tree)");
            case Null:
                return (null, "NULL");
            case ObjectIdentifier o:
                return ("OID", FormatName(o));
        }

        var node = Mibs.FindLongestPrefix(oid, out _);
        var syntax = node?.Syntax;
        var units = Options.NoUnits || node?.Units is not { Length: > 0 } u ? "" : " " + u;
        switch (value)
        {
            case Integer32 i:
                if (Options.NumericEnums || syntax is null)
                {
                    return ("INTEGER", i.Value.ToString(CultureInfo.InvariantCulture) + units);
                }

                var text = MibValueFormat.Format(syntax, i);
                if (Options.Quick && syntax.NamedNumbers.Count > 0 && text.EndsWith(')'))
                {
                    text = text[..text.IndexOf('(', StringComparison.Ordinal)];
                }

                return ("INTEGER", text + units);
            case OctetString s:
                return FormatOctets(s, syntax, units);
            case TimeTicks t:
                if (Options.NumericTimeTicks)
                {
                    return (null, t.Value.ToString(CultureInfo.InvariantCulture));
                }

                return Options.Quick ? (null, QuickTicks(t.Value)) : ("Timeticks", MibValueFormat.FormatTimeTicks(t.Value));
            case IpAddress a when syntax?.TypeName == "NetworkAddress":
                // RFC 1155's NetworkAddress (RFC1213-MIB's atNetAddress, ipNetToMediaNetAddress): Net-SNMP
                // prints its octets in hex with colons, under its own tag.
                return ("Network Address", string.Join(':', a.GetAddressBytes().Select(b => b.ToString("X2", CultureInfo.InvariantCulture))));
            case IpAddress a:
                return ("IpAddress", a.ToString());
            case Counter32 c:
                return ("Counter32", c.Value.ToString(CultureInfo.InvariantCulture) + units);
            case Gauge32 g:
                return ("Gauge32", (syntax is null ? g.Value.ToString(CultureInfo.InvariantCulture) : MibValueFormat.Format(syntax, g)) + units);
            case Counter64 c:
                return ("Counter64", c.Value.ToString(CultureInfo.InvariantCulture) + units);
            case Opaque o when OpaqueFloat(o.Span) is { } number:
                // Net-SNMP's Opaque-wrapped float and double (its 0x9F78 and 0x9F79 tags).
                return ("Opaque", number);
            case Opaque o:
                return ("OPAQUE", Hex(o.Span, quoted: false));
            default:
                return (value.Type.ToString(), value.ToString() ?? "");
        }
    }

    private (string? Tag, string Value) FormatOctets(OctetString s, MibSyntax? syntax, string units)
    {
        if (syntax is { BaseType: MibBaseType.Bits })
        {
            return ("BITS", MibValueFormat.Format(syntax, s) + units);
        }

        if (syntax?.DisplayHint is { } hint && MibValueFormat.TryFormatOctets(s.Span, hint, out var hinted))
        {
            return ("STRING", hinted + units);
        }

        if (s.Length == 0)
        {
            return (null, "\"\"");
        }

        if (!Options.Hex && Options.Ascii && !IsPrintable(s.Span))
        {
            // -Oa: as text anyway, a '.' for each octet that is not printable.
            var sb = new StringBuilder(s.Length + 2).Append('"');
            foreach (var b in s.Span)
            {
                char c = (char)b;
                if (b is (byte)'\\' or (byte)'"')
                {
                    sb.Append('\\').Append(c);
                }
                else
                {
                    sb.Append(IsPrintOrSpace(b) ? c : '.');
                }
            }

            return ("STRING", sb.Append('"') + units);
        }

        if (!Options.Hex && IsPrintable(s.Span))
        {
            // Net-SNMP escapes a backslash and a double quote inside the quotes it adds.
            var escaped = Encoding.Latin1.GetString(s.Span).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            return ("STRING", "\"" + escaped + "\"" + units);
        }

        return Options.Quick ? (null, Hex(s.Span, quoted: true)) : ("Hex-STRING", Options.HexWithText ? HexWithText(s.Span) : Hex(s.Span, quoted: false));
    }

    // -OT: each line of up to 16 octets in hexadecimal, then "  [" the octets as text "]" ('.' for
    // an octet that is not printable).
    private static string HexWithText(ReadOnlySpan<byte> octets)
    {
        var sb = new StringBuilder(octets.Length * 4 + 8);
        for (int line = 0; line < octets.Length; line += 16)
        {
            if (line > 0)
            {
                sb.Append('\n');
            }

            var part = octets[line..Math.Min(line + 16, octets.Length)];
            foreach (var b in part)
            {
                sb.Append(b.ToString("X2", CultureInfo.InvariantCulture)).Append(' ');
            }

            sb.Append("  [");
            foreach (var b in part)
            {
                sb.Append(IsPrintOrSpace(b) ? (char)b : '.');
            }

            sb.Append(']');
        }

        return sb.ToString();
    }

    /// <summary>Net-SNMP's hexadecimal: "XX " per octet, a new line after every 16 when more follow.</summary>
    private static string Hex(ReadOnlySpan<byte> octets, bool quoted)
    {
        var sb = new StringBuilder(octets.Length * 3 + 4);
        if (quoted)
        {
            sb.Append('"');
        }

        for (int i = 0; i < octets.Length; i++)
        {
            if (i > 0 && i % 16 == 0)
            {
                sb.Append('\n');
            }

            sb.Append(octets[i].ToString("X2", CultureInfo.InvariantCulture)).Append(' ');
        }

        if (quoted)
        {
            sb.Append('"');
        }

        return sb.ToString();
    }

    private static string? OpaqueFloat(ReadOnlySpan<byte> octets)
    {
        if (octets.Length == 7 && octets[0] == 0x9F && octets[1] == 0x78 && octets[2] == 4)
        {
            return "Float: " + System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(octets[3..]).ToString("F6", CultureInfo.InvariantCulture);
        }

        if (octets.Length == 11 && octets[0] == 0x9F && octets[1] == 0x79 && octets[2] == 8)
        {
            return "Double: " + System.Buffers.Binary.BinaryPrimitives.ReadDoubleBigEndian(octets[3..]).ToString("F6", CultureInfo.InvariantCulture);
        }

        return null;
    }

    // -Oq prints TimeTicks as days:hours:minutes:seconds.hundredths.
    private static string QuickTicks(uint hundredths)
    {
        uint days = hundredths / 8_640_000, rest = hundredths % 8_640_000;
        return string.Create(CultureInfo.InvariantCulture, $"{days}:{rest / 360_000}:{rest / 6000 % 60:00}:{rest / 100 % 60:00}.{rest % 100:00}");
    }

    // The octets -Oa and -OT show as themselves, as C's isprint or isspace in the C locale: Net-SNMP
    // 5.9.3 prints a form feed (0x0C) raw in both (seen in an engine ID), not as '.'.
    private static bool IsPrintOrSpace(byte b) => b is >= 0x20 and < 0x7f or >= 0x09 and <= 0x0d;

    private static bool IsPrintable(ReadOnlySpan<byte> octets)
    {
        foreach (var b in octets)
        {
            if (b is < 0x20 or >= 0x7f && b is not ((byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }
}
