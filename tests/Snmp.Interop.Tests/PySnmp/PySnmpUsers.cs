using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.PySnmp;

/// <summary>
/// The USM users of notifier.py and ntfrcv.py (both at authPriv) with our protocols: 3DES-EDE,
/// AES-192/256 with the Reeder key extension (pysnmp's usmAesCfb192/256Protocol) and with the
/// Blumenthal one (usmAesBlumenthalCfb192/256Protocol).
/// </summary>
internal static class PySnmpUsers
{
    public static readonly (string Name, AuthenticationProtocol Auth, PrivacyProtocol Priv)[] All =
    [
        ("des3-md5", AuthenticationProtocol.HmacMd5, PrivacyProtocol.TripleDes),
        ("des3-sha", AuthenticationProtocol.HmacSha1, PrivacyProtocol.TripleDes),
        ("des3-sha224", AuthenticationProtocol.HmacSha224, PrivacyProtocol.TripleDes),
        ("aes192r-sha", AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes192Reeder),
        ("aes256r-md5", AuthenticationProtocol.HmacMd5, PrivacyProtocol.Aes256Reeder),
        ("aes256r-sha256", AuthenticationProtocol.HmacSha256, PrivacyProtocol.Aes256Reeder),
        ("aes192b-sha", AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes192),
        ("aes256b-sha224", AuthenticationProtocol.HmacSha224, PrivacyProtocol.Aes256),
    ];
}
