namespace Snmp.Hosting;

/// <summary>
/// Reads the USM protocol names configuration may use: Net-SNMP's ("SHA-256", "AES-192C"), this
/// library's property names ("HmacSha256", "Aes192Reeder"), the RFCs' ("HMAC-192-SHA-256") and
/// OIDs, ignoring case, hyphens, underscores and spaces.
/// </summary>
internal static class ProtocolNames
{
    private static readonly Dictionary<string, AuthenticationProtocol> Authentication = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MD5"] = AuthenticationProtocol.HmacMd5,
        ["HMACMD5"] = AuthenticationProtocol.HmacMd5,
        ["SHA"] = AuthenticationProtocol.HmacSha1,
        ["SHA1"] = AuthenticationProtocol.HmacSha1,
        ["HMACSHA"] = AuthenticationProtocol.HmacSha1,
        ["HMACSHA1"] = AuthenticationProtocol.HmacSha1,
        ["SHA224"] = AuthenticationProtocol.HmacSha224,
        ["HMACSHA224"] = AuthenticationProtocol.HmacSha224,
        ["SHA256"] = AuthenticationProtocol.HmacSha256,
        ["HMACSHA256"] = AuthenticationProtocol.HmacSha256,
        ["SHA384"] = AuthenticationProtocol.HmacSha384,
        ["HMACSHA384"] = AuthenticationProtocol.HmacSha384,
        ["SHA512"] = AuthenticationProtocol.HmacSha512,
        ["HMACSHA512"] = AuthenticationProtocol.HmacSha512,
    };

    // Net-SNMP's "AES-192"/"AES-256" are the Blumenthal extension, its "AES-192C"/"AES-256C" Reeder's.
    private static readonly Dictionary<string, PrivacyProtocol> Privacy = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DES"] = PrivacyProtocol.Des,
        ["3DES"] = PrivacyProtocol.TripleDes,
        ["3DESEDE"] = PrivacyProtocol.TripleDes,
        ["TRIPLEDES"] = PrivacyProtocol.TripleDes,
        ["AES"] = PrivacyProtocol.Aes128,
        ["AES128"] = PrivacyProtocol.Aes128,
        ["AES192"] = PrivacyProtocol.Aes192,
        ["AES256"] = PrivacyProtocol.Aes256,
        ["AES192C"] = PrivacyProtocol.Aes192Reeder,
        ["AES256C"] = PrivacyProtocol.Aes256Reeder,
        ["AES192REEDER"] = PrivacyProtocol.Aes192Reeder,
        ["AES256REEDER"] = PrivacyProtocol.Aes256Reeder,
    };

    /// <summary>The names a message suggests.</summary>
    internal const string AuthenticationChoices = "MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512 (or HmacMd5 ... HmacSha512, the RFC name or the OID)";

    /// <summary>The names a message suggests.</summary>
    internal const string PrivacyChoices = "DES, 3DES, AES (AES-128), AES-192, AES-256, AES-192C, AES-256C (or Aes128 ... Aes256Reeder, the OID)";

    /// <summary>Whether <paramref name="name"/> names no protocol (null, empty, "none").</summary>
    internal static bool IsNone(string? name) => string.IsNullOrWhiteSpace(name) || string.Equals(name.Trim(), "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>The authentication protocol <paramref name="name"/> names; null for none. False when it names none known.</summary>
    internal static bool TryAuthentication(string? name, out AuthenticationProtocol? protocol)
    {
        protocol = null;
        if (IsNone(name))
        {
            return true;
        }

        protocol = AuthenticationProtocol.Find(name!.Trim())
            ?? (Authentication.TryGetValue(Normalize(name), out var known) ? known : null);
        return protocol is not null;
    }

    /// <summary>The privacy protocol <paramref name="name"/> names; null for none. False when it names none known.</summary>
    internal static bool TryPrivacy(string? name, out PrivacyProtocol? protocol)
    {
        protocol = null;
        if (IsNone(name))
        {
            return true;
        }

        protocol = PrivacyProtocol.Find(name!.Trim())
            ?? (Privacy.TryGetValue(Normalize(name), out var known) ? known : null);
        return protocol is not null;
    }

    private static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not ('-' or '_' or ' ')));
}
