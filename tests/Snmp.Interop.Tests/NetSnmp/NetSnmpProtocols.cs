using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.NetSnmp;

/// <summary>The USM protocols Debian's Net-SNMP build supports, by its names (its -a and -x arguments) and ours.</summary>
internal static class NetSnmpProtocols
{
    public static readonly (string NetSnmp, AuthenticationProtocol Ours)[] Auths =
    [
        ("MD5", AuthenticationProtocol.HmacMd5), ("SHA", AuthenticationProtocol.HmacSha1), ("SHA-224", AuthenticationProtocol.HmacSha224),
        ("SHA-256", AuthenticationProtocol.HmacSha256), ("SHA-384", AuthenticationProtocol.HmacSha384), ("SHA-512", AuthenticationProtocol.HmacSha512),
    ];

    public static readonly (string NetSnmp, PrivacyProtocol Ours)[] Privs =
    [
        ("DES", PrivacyProtocol.Des), ("AES", PrivacyProtocol.Aes128), ("AES-192", PrivacyProtocol.Aes192), ("AES-256", PrivacyProtocol.Aes256),
    ];
}
