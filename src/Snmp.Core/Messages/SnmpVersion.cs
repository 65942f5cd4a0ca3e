using Snmp.Messages;

namespace Snmp;

/// <summary>
/// SNMP versions, and the one name this library uses for a messageProcessingModel (RFC 3411
/// section 5, SnmpMessageProcessingModel): the numbers are both the model's number and its
/// messages' msgVersion (RFC 3412 section 6, RFC 3584 section 2).
/// </summary>
public enum SnmpVersion
{
    /// <summary>SNMPv1 (RFC 1157).</summary>
    SNMPv1 = 0,
    /// <summary>Community-based SNMPv2 (RFC 1901).</summary>
    SNMPv2c = 1,
    /// <summary>SNMPv3 (RFC 3412).</summary>
    SNMPv3 = 3,
}

/// <summary>The three securityLevel values of RFC 3411 section 3.4.3.</summary>
public enum SecurityLevel
{
    /// <summary>Neither authenticated nor encrypted.</summary>
    NoAuthNoPriv = 1,
    /// <summary>Authenticated, not encrypted.</summary>
    AuthNoPriv = 2,
    /// <summary>Authenticated and encrypted.</summary>
    AuthPriv = 3,
}

/// <summary>Conversions between <see cref="SecurityLevel"/> and msgFlags.</summary>
public static class SecurityLevelExtensions
{
    /// <summary>The authFlag and privFlag bits of msgFlags for <paramref name="level"/> (RFC 3412 section 6.4), without reportableFlag.</summary>
    public static MsgFlags ToMsgFlags(this SecurityLevel level) => level switch
    {
        SecurityLevel.AuthPriv => MsgFlags.Auth | MsgFlags.Priv,
        SecurityLevel.AuthNoPriv => MsgFlags.Auth,
        _ => MsgFlags.None,
    };
}
