namespace Snmp.Tool.Output;

/// <summary>
/// Net-SNMP's output options (<c>-O</c> letters, snmpcmd(1)): how names and values are printed.
/// Letters Net-SNMP knows that this tool does not follow yet (<c>E X 0 p</c>) are accepted and
/// change nothing; see the README's list of differences.
/// </summary>
internal sealed class OutputOptions
{
    /// <summary>How an OID is named.</summary>
    public OidStyle OidStyle { get; set; } = OidStyle.Module;

    /// <summary>-Oq: no " = " and no type tag; -OQ: " = " kept, no type tag.</summary>
    public bool Quick { get; set; }

    /// <summary>-OQ (with <see cref="Quick"/>): keep " = " between name and value.</summary>
    public bool QuickEquals { get; set; }

    /// <summary>-Ov: the value only.</summary>
    public bool ValueOnly { get; set; }

    /// <summary>-Ox: octet strings without a DISPLAY-HINT in hexadecimal.</summary>
    public bool Hex { get; set; }

    /// <summary>-Oe: enumerations as numbers.</summary>
    public bool NumericEnums { get; set; }

    /// <summary>-OU: no UNITS after values.</summary>
    public bool NoUnits { get; set; }

    /// <summary>-Ot: TimeTicks as a plain number of hundredths.</summary>
    public bool NumericTimeTicks { get; set; }

    /// <summary>-Oa: octet strings that are not printable as text, with a '.' for each octet that is not.</summary>
    public bool Ascii { get; set; }

    /// <summary>-Ob: instance indexes as numbers, not broken down by the INDEX clause.</summary>
    public bool NumericIndex { get; set; }

    /// <summary>-OT: each line of hexadecimal followed by its octets as text.</summary>
    public bool HexWithText { get; set; }

    /// <summary>Applies one -O letter; false when Net-SNMP does not know it.</summary>
    public bool Apply(char letter)
    {
        switch (letter)
        {
            case 'n':
                OidStyle = OidStyle.Numeric;
                break;
            case 'f':
                OidStyle = OidStyle.Full;
                break;
            case 's':
                OidStyle = OidStyle.Suffix;
                break;
            case 'S':
                OidStyle = OidStyle.Module;
                break;
            case 'q':
                Quick = true;
                break;
            case 'Q':
                Quick = true;
                QuickEquals = true;
                break;
            case 'v':
                ValueOnly = true;
                break;
            case 'x':
                Hex = true;
                break;
            case 'e':
                NumericEnums = true;
                break;
            case 'U':
                NoUnits = true;
                break;
            case 't':
                NumericTimeTicks = true;
                break;
            case 'u':
                OidStyle = OidStyle.Ucd;
                break;
            case 'a':
                Ascii = true;
                break;
            case 'b':
                NumericIndex = true;
                break;
            case 'T':
                HexWithText = true;
                break;
            case 'E' or 'X' or '0' or 'p':
                break;
            default:
                return false;
        }

        return true;
    }
}

/// <summary>The OID naming styles of -On, -Of, -Os and -OS (the default).</summary>
internal enum OidStyle
{
    /// <summary>MODULE::name.index (Net-SNMP's default, -OS).</summary>
    Module,

    /// <summary>name.index (-Os).</summary>
    Suffix,

    /// <summary>.iso.org.dod... (-Of).</summary>
    Full,

    /// <summary>.1.3.6... (-On).</summary>
    Numeric,

    /// <summary>-Ou, UCD style: the full path of names, without ".iso.org.dod.internet.mgmt.mib-2." or ".iso.org.dod.internet.private." when it starts so.</summary>
    Ucd,
}
