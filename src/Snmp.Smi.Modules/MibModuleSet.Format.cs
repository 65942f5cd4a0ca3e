using System.Text;

namespace Snmp.Smi.Modules;

// A variable binding as a user reads it, the way Net-SNMP's tools print one by default.
public sealed partial class MibModuleSet
{
    /// <summary>
    /// A variable binding the way Net-SNMP's snmpget prints it by default:
    /// <c>IF-MIB::ifOperStatus.3 = INTEGER: up(1)</c>. The name is <see cref="FormatInstance"/>'s
    /// (the index decoded), the value <see cref="MibValueFormat"/>'s by the object's syntax
    /// (enumerations, BITS, DISPLAY-HINT, UNITS), after Net-SNMP's type tag ("INTEGER:",
    /// "STRING:", "Hex-STRING:", "OID:", "Timeticks:", ...). An octet string with no DISPLAY-HINT
    /// is quoted, as Net-SNMP quotes it; the exceptions of RFC 3416 read as Net-SNMP's do.
    /// </summary>
    public string Format(VarBind varBind)
    {
        var sb = new StringBuilder(FormatInstance(varBind.Oid)).Append(" = ");
        var value = varBind.Value;
        switch (value)
        {
            case NoSuchObject:
                return sb.Append("No Such Object available on this agent at this OID").ToString();
            case NoSuchInstance:
                return sb.Append("No Such Instance currently exists at this OID").ToString();
            case EndOfMibView:
                return sb.Append("No more variables left in this MIB View (It is past the end of the MIB tree)").ToString();
            case Null:
                return sb.Append("NULL").ToString();
            case ObjectIdentifier oid:
                return sb.Append("OID: ").Append(FormatInstance(oid)).ToString();
        }

        var node = FindLongestPrefix(varBind.Oid, out _);
        var syntax = node?.Syntax;
        var text = node is null ? MibValueFormat.Format(syntax, value) : MibValueFormat.Format(node, value);
        switch (value.Type)
        {
            case SnmpType.Integer32:
                sb.Append("INTEGER: ");
                break;
            case SnmpType.OctetString when syntax is { BaseType: MibBaseType.Bits }:
                sb.Append("BITS: ");
                break;
            case SnmpType.OctetString when syntax?.DisplayHint is not null:
                sb.Append("STRING: ");
                break;
            case SnmpType.OctetString:
                var plain = MibValueFormat.Format((MibSyntax?)null, value);
                var printable = value is OctetString s && IsPrintable(s.Span);
                sb.Append(printable ? "STRING: \"" : "Hex-STRING: ").Append(plain).Append(printable ? "\"" : "");
                if (node?.Units is { Length: > 0 } units)
                {
                    sb.Append(' ').Append(units);
                }

                return sb.ToString();
            case SnmpType.IpAddress when syntax?.TypeName == "NetworkAddress" && value is IpAddress address:
                // RFC 1155's NetworkAddress (RFC1213-MIB's atNetAddress): Net-SNMP prints the octets in hex with colons.
                return sb.Append("Network Address: ")
                    .AppendJoin(':', address.GetAddressBytes().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))
                    .ToString();
            case SnmpType.IpAddress:
                sb.Append("IpAddress: ");
                break;
            case SnmpType.Counter32:
                sb.Append("Counter32: ");
                break;
            case SnmpType.Gauge32:
                sb.Append("Gauge32: ");
                break;
            case SnmpType.TimeTicks:
                sb.Append("Timeticks: ");
                break;
            case SnmpType.Counter64:
                sb.Append("Counter64: ");
                break;
            case SnmpType.Opaque:
                sb.Append("OPAQUE: ");
                break;
        }

        return sb.Append(text).ToString();
    }

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
