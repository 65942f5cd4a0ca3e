using Snmp.Smi;

namespace Snmp.AbstractServices;

/// <summary>
/// Transport domains (RFC 3417 section 2, RFC 3419): the kind of transport a transport address
/// belongs to.
/// </summary>
public enum TransportDomain
{
    /// <summary>snmpUDPDomain (RFC 3417 section 2): UDP over IPv4.</summary>
    UdpIpv4 = 1,
    /// <summary>transportDomainUdpIpv6 (RFC 3419): UDP over IPv6.</summary>
    UdpIpv6 = 2,
}

/// <summary>Well-known OIDs of the transport domains.</summary>
public static class TransportDomains
{
    /// <summary>snmpUDPDomain, 1.3.6.1.6.1.1 (RFC 3417 section 2).</summary>
    public static ObjectIdentifier SnmpUdpDomain { get; } = new(1, 3, 6, 1, 6, 1, 1);

    /// <summary>transportDomainUdpIpv6, 1.3.6.1.2.1.100.1.2 (RFC 3419).</summary>
    public static ObjectIdentifier TransportDomainUdpIpv6 { get; } = new(1, 3, 6, 1, 2, 1, 100, 1, 2);

    /// <summary>The registration OID of a domain.</summary>
    public static ObjectIdentifier ToObjectIdentifier(this TransportDomain domain) => domain switch
    {
        TransportDomain.UdpIpv4 => SnmpUdpDomain,
        TransportDomain.UdpIpv6 => TransportDomainUdpIpv6,
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "Unknown transport domain."),
    };
}

/// <summary>SnmpMessageProcessingModel values (RFC 3411 section 5).</summary>
public enum MessageProcessingModel
{
    /// <summary>SNMPv1 (RFC 3584).</summary>
    SNMPv1 = 0,
    /// <summary>SNMPv2c (RFC 3584).</summary>
    SNMPv2c = 1,
    /// <summary>SNMPv3 (RFC 3412 sections 6-7).</summary>
    SNMPv3 = 3,
}

/// <summary>SnmpSecurityModel values (RFC 3411 section 5).</summary>
public enum SecurityModel
{
    /// <summary>any (used in VACM to mean every model).</summary>
    Any = 0,
    /// <summary>SNMPv1 community-based security (RFC 3584).</summary>
    SNMPv1 = 1,
    /// <summary>SNMPv2c community-based security (RFC 3584).</summary>
    SNMPv2c = 2,
    /// <summary>User-based Security Model (RFC 3414).</summary>
    Usm = 3,
}

/// <summary>
/// sendPduHandle (RFC 3411 section 4.1.1): identifies one outgoing confirmed-class message so its
/// response can be routed back to the application that sent it.
/// </summary>
/// <param name="Value">A number unique among the handles of one dispatcher.</param>
public readonly record struct PduHandle(long Value)
{
    /// <summary>The &lt;none&gt; handle of a message that expects no response.</summary>
    public static PduHandle None => default;

    /// <summary>True unless this is <see cref="None"/>.</summary>
    public bool IsNone => Value == 0;
}

/// <summary>viewType of isAccessAllowed (RFC 3415 section 3.2).</summary>
public enum ViewType
{
    /// <summary>readView.</summary>
    Read,
    /// <summary>writeView.</summary>
    Write,
    /// <summary>notifyView.</summary>
    Notify,
}

/// <summary>The statusInformation results of isAccessAllowed (RFC 3415 section 3.2).</summary>
public enum AccessDecision
{
    /// <summary>accessAllowed.</summary>
    AccessAllowed,
    /// <summary>notInView.</summary>
    NotInView,
    /// <summary>noSuchView.</summary>
    NoSuchView,
    /// <summary>noSuchContext.</summary>
    NoSuchContext,
    /// <summary>noGroupName.</summary>
    NoGroupName,
    /// <summary>noAccessEntry.</summary>
    NoAccessEntry,
    /// <summary>otherError.</summary>
    OtherError,
}
