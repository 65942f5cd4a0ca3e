
namespace Snmp.AbstractServices;

/// <summary>
/// A transport domain (RFC 2579 TDomain; RFC 3417 section 2, RFC 3419): the kind of transport a
/// transport address belongs to, identified by its registration OID. The set is open: the
/// well-known domains are properties here, and a transport mapping a user plugs in names its
/// own (equality is by <see cref="Oid"/>).
/// </summary>
public sealed class TransportDomain : IEquatable<TransportDomain>
{
    /// <summary>Creates (or names) the domain registered as <paramref name="oid"/>.</summary>
    /// <param name="oid">The domain's registration OID (its TDomain value).</param>
    /// <param name="name">A name for logs and messages, for example "snmpUDPDomain".</param>
    public TransportDomain(ObjectIdentifier oid, string name)
    {
        Oid = oid ?? throw new ArgumentNullException(nameof(oid));
        Name = string.IsNullOrEmpty(name) ? oid.ToString() : name;
    }

    /// <summary>snmpUDPDomain, 1.3.6.1.6.1.1 (RFC 3417 section 2, SNMPv2-TM): UDP over IPv4.</summary>
    public static TransportDomain UdpIpv4 { get; } = new(new ObjectIdentifier(1, 3, 6, 1, 6, 1, 1), "snmpUDPDomain");

    /// <summary>transportDomainUdpIpv6, 1.3.6.1.2.1.100.1.2 (RFC 3419, TRANSPORT-ADDRESS-MIB): UDP over IPv6.</summary>
    public static TransportDomain UdpIpv6 { get; } = new(new ObjectIdentifier(1, 3, 6, 1, 2, 1, 100, 1, 2), "transportDomainUdpIpv6");

    /// <summary>transportDomainTcpIpv4, 1.3.6.1.2.1.100.1.5 (RFC 3419): TCP over IPv4 (RFC 3430; Snmp.Transport.Tcp).</summary>
    public static TransportDomain TcpIpv4 { get; } = new(new ObjectIdentifier(1, 3, 6, 1, 2, 1, 100, 1, 5), "transportDomainTcpIpv4");

    /// <summary>transportDomainTcpIpv6, 1.3.6.1.2.1.100.1.6 (RFC 3419): TCP over IPv6 (RFC 3430; Snmp.Transport.Tcp).</summary>
    public static TransportDomain TcpIpv6 { get; } = new(new ObjectIdentifier(1, 3, 6, 1, 2, 1, 100, 1, 6), "transportDomainTcpIpv6");

    /// <summary>snmpTLSTCPDomain, 1.3.6.1.6.1.8 (RFC 6353, SNMP-TLS-TM-MIB): TLS over TCP (Snmp.Transport.Tls).</summary>
    public static TransportDomain TlsTcp { get; } = new(new ObjectIdentifier(1, 3, 6, 1, 6, 1, 8), "snmpTLSTCPDomain");

    /// <summary>snmpDTLSUDPDomain, 1.3.6.1.6.1.9 (RFC 6353, SNMP-TLS-TM-MIB): DTLS over UDP (Snmp.Transport.Tls, on BouncyCastle).</summary>
    public static TransportDomain DtlsUdp { get; } = new(new ObjectIdentifier(1, 3, 6, 1, 6, 1, 9), "snmpDTLSUDPDomain");

    /// <summary>The domain's registration OID.</summary>
    public ObjectIdentifier Oid { get; }

    /// <summary>The domain's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public bool Equals(TransportDomain? other) => other is not null && Oid.Equals(other.Oid);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TransportDomain other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Oid.GetHashCode();

    /// <summary>Equality by OID.</summary>
    public static bool operator ==(TransportDomain? left, TransportDomain? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by OID.</summary>
    public static bool operator !=(TransportDomain? left, TransportDomain? right) => !(left == right);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// SnmpSecurityModel (RFC 3411 section 5): a security model's number, 0..2147483647. The set is
/// open: the registered models are properties here, and a model a user plugs in uses its own
/// number (the enterprise-specific range is enterprise * 256 + n).
/// </summary>
/// <param name="Value">The number carried in msgSecurityModel.</param>
public readonly record struct SecurityModel(int Value)
{
    /// <summary>any (0): used in VACM to mean every model.</summary>
    public static SecurityModel Any => new(0);

    /// <summary>SNMPv1 (1): the Community-based Security Model of SNMPv1 (RFC 3584).</summary>
    public static SecurityModel SNMPv1 => new(1);

    /// <summary>SNMPv2c (2): the Community-based Security Model of SNMPv2c (RFC 3584).</summary>
    public static SecurityModel SNMPv2c => new(2);

    /// <summary>USM (3): the User-based Security Model (RFC 3414).</summary>
    public static SecurityModel Usm => new(3);

    /// <summary>TSM (4): the Transport Security Model (RFC 5591).</summary>
    public static SecurityModel Tsm => new(4);

    /// <summary>True for a number RFC 3411 allows (0..2147483647).</summary>
    public bool IsValid => Value >= 0;

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        0 => "any",
        1 => "SNMPv1",
        2 => "SNMPv2c",
        3 => "USM",
        4 => "TSM",
        _ => $"securityModel {Value}",
    };
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
