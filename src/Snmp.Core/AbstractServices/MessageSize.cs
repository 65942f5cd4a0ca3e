namespace Snmp.AbstractServices;

/// <summary>The message sizes every SNMP engine agrees on (snmpEngineMaxMessageSize, RFC 3411 section 5).</summary>
public static class MessageSize
{
    /// <summary>The smallest maximum an engine may declare: every engine accepts messages of 484 octets (RFC 3417 section 3.1, RFC 3412 section 6.2).</summary>
    public const int Minimum = 484;

    /// <summary>
    /// The default snmpEngineMaxMessageSize of this library: the largest UDP payload over IPv4
    /// (65535 minus the 20-octet IPv4 and 8-octet UDP headers).
    /// </summary>
    public const int Default = 65507;
}
