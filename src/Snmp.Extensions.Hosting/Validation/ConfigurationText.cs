using System.Globalization;

namespace Snmp.Hosting;

/// <summary>Reads the values configuration gives as text: engine IDs in hexadecimal.</summary>
internal static class ConfigurationText
{
    /// <summary>
    /// An snmpEngineID written in hexadecimal, optionally with "0x" and ':' or ' ' between octets
    /// (Net-SNMP's "0x80001f88..." or "80:00:1f:88:..."); null for null or empty text.
    /// </summary>
    /// <exception cref="FormatException">Not hexadecimal octets.</exception>
    internal static OctetString? EngineId(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var hex = text.Trim();
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }

        hex = hex.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return new OctetString(Convert.FromHexString(hex));
    }

    /// <summary>Why <paramref name="text"/> is no usable snmpEngineID (5 to 32 octets, RFC 3411), or null.</summary>
    internal static string? EngineIdProblem(string? text)
    {
        try
        {
            return EngineId(text) is { Length: < 5 or > 32 } id
                ? string.Create(CultureInfo.InvariantCulture, $"an snmpEngineID is 5 to 32 octets (RFC 3411), not {id.Length}")
                : null;
        }
        catch (FormatException)
        {
            return "not hexadecimal octets (for example 0x8000000001020304)";
        }
    }

    /// <summary>Why <paramref name="text"/> is no dotted OID, or null.</summary>
    internal static string? OidProblem(string? text) =>
        ObjectIdentifier.TryParse(text, out _) ? null : "not a dotted OID (for example 1.3.6.1.4.1.99999)";

    /// <summary>
    /// A security model by name ("Tsm", "USM", "SNMPv1", "SNMPv2c", case ignored) or by its
    /// RFC 3411 number (a plug-in model's); null when it is neither.
    /// </summary>
    internal static AbstractServices.SecurityModel? SecurityModel(string? text)
    {
        var name = text?.Trim() ?? "";
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number > 0 ? new AbstractServices.SecurityModel(number) : null;
        }

        return name.ToUpperInvariant() switch
        {
            "TSM" => AbstractServices.SecurityModel.Tsm,
            "USM" => AbstractServices.SecurityModel.Usm,
            "SNMPV1" => AbstractServices.SecurityModel.SNMPv1,
            "SNMPV2C" => AbstractServices.SecurityModel.SNMPv2c,
            _ => null,
        };
    }
}
