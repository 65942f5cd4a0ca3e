using Snmp.AbstractServices;

namespace Snmp.Security.Tsm;

/// <summary>
/// The snmpTsmStats counters of SNMP-TSM-MIB (RFC 5591 section 7, snmpTsmMIB = mib-2 190), as the
/// instance OIDs the Transport Security Model names in its <see cref="Snmp.AbstractServices.MessageDroppedException"/>s.
/// The dispatcher counts them in <see cref="Snmp.AbstractServices.SnmpStatistics"/> like any
/// plug-in counter, and a Report carries them.
/// </summary>
public static class SnmpTsmStats
{
    /// <summary>snmpTsmInvalidCaches.0 (1.3.6.1.2.1.190.1.1.1.0): the tmStateReference lacked what a secure transport fills in (RFC 5591 5.2 step 2).</summary>
    public static readonly ObjectIdentifier InvalidCaches = new(1, 3, 6, 1, 2, 1, 190, 1, 1, 1, 0);

    /// <summary>snmpTsmInadequateSecurityLevels.0 (1.3.6.1.2.1.190.1.1.2.0): msgFlags asked for more than the transport provided (RFC 5591 5.2 step 4).</summary>
    public static readonly ObjectIdentifier InadequateSecurityLevels = new(1, 3, 6, 1, 2, 1, 190, 1, 1, 2, 0);

    /// <summary>snmpTsmUnknownPrefixes.0 (1.3.6.1.2.1.190.1.1.3.0): with the transport prefix in use, the domain has no known prefix (RFC 5591 4.2 step 2, 5.2 step 3).</summary>
    public static readonly ObjectIdentifier UnknownPrefixes = new(1, 3, 6, 1, 2, 1, 190, 1, 1, 3, 0);

    /// <summary>snmpTsmInvalidPrefixes.0 (1.3.6.1.2.1.190.1.1.4.0): an outgoing securityName without its domain's prefix (RFC 5591 4.2 step 2).</summary>
    public static readonly ObjectIdentifier InvalidPrefixes = new(1, 3, 6, 1, 2, 1, 190, 1, 1, 4, 0);

    /// <summary>
    /// The four counters as the engine's counter registry knows them (<see cref="Snmp.AbstractServices.ISnmpCounterProvider"/>):
    /// named in Reports, timeouts and snapshots, and served by an agent like usmStats.
    /// </summary>
    public static IReadOnlyList<SnmpCounterDefinition> Definitions { get; } =
    [
        new(InvalidCaches, "snmpTsmInvalidCaches", "a message the transport did not authenticate"),
        new(InadequateSecurityLevels, "snmpTsmInadequateSecurityLevels", "a security level above what the transport provides"),
        new(UnknownPrefixes, "snmpTsmUnknownPrefixes", "a transport domain with no securityName prefix"),
        new(InvalidPrefixes, "snmpTsmInvalidPrefixes", "a securityName without its transport's prefix"),
    ];

    /// <summary>What a snmpTsmStats counter means, in words (for a Report or a log); null for any other OID.</summary>
    public static string? Describe(ObjectIdentifier counterInstance) =>
        Definitions.FirstOrDefault(d => d.Instance.Equals(counterInstance))?.Describe();
}
