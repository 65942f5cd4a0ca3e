using System.Globalization;

namespace Snmp.Simulator;

/// <summary>
/// Writes variables as snmpsim's <c>.snmprec</c> records (<c>OID|TAG|VALUE</c>), as
/// <c>snmp sim record</c> does: text that is printable ASCII without leading or trailing blanks
/// as it is, any other OCTET STRING (and every Opaque) in hexadecimal with the <c>x</c> tag.
/// The exceptions (noSuchObject, ...) are not values of a device and are not written.
/// </summary>
public static class RecordingWriter
{
    /// <summary>The record of <paramref name="varBind"/>, or null for an exception value.</summary>
    public static string? Format(VarBind varBind)
    {
        var oid = varBind.Oid.ToString();
        var invariant = CultureInfo.InvariantCulture;
        return varBind.Value switch
        {
            Integer32 i => $"{oid}|2|{i.Value.ToString(invariant)}",
            OctetString s when IsPlain(s.Span) => $"{oid}|4|{System.Text.Encoding.ASCII.GetString(s.Span)}",
            OctetString s => $"{oid}|4x|{Convert.ToHexStringLower(s.Span)}",
            Null => $"{oid}|5|",
            ObjectIdentifier o => $"{oid}|6|{o}",
            IpAddress a => $"{oid}|64x|{Convert.ToHexStringLower(a.GetAddressBytes())}",
            Counter32 c => $"{oid}|65|{c.Value.ToString(invariant)}",
            Gauge32 g => $"{oid}|66|{g.Value.ToString(invariant)}",
            TimeTicks t => $"{oid}|67|{t.Value.ToString(invariant)}",
            Opaque q => $"{oid}|68x|{Convert.ToHexStringLower(q.Span)}",
            Counter64 c => $"{oid}|70|{c.Value.ToString(invariant)}",
            _ => null,
        };
    }

    private static bool IsPlain(ReadOnlySpan<byte> octets) =>
        !octets.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E) && (octets.Length == 0 || octets[0] != ' ' && octets[^1] != ' ');
}
