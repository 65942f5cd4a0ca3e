using Snmp.Messages;
using Snmp.Smi;

namespace Snmp;

/// <summary>
/// Where an <see cref="Agent"/> sends its notifications: one row of SNMP-TARGET-MIB's
/// snmpTargetAddrTable and snmpTargetParamsTable together with its SNMP-NOTIFICATION-MIB
/// snmpNotifyTable type and snmpNotifyFilterTable subtrees (RFC 3413 sections 4.1 and 4.2),
/// in one record. SNMPv1 and SNMPv2c only.
/// </summary>
/// <param name="Address">The notification receiver: "host", "host:port" or "[IPv6]:port" (port 162 when omitted).</param>
public sealed record NotificationTarget(string Address)
{
    /// <summary>snmpTargetParamsMPModel: SNMPv1 or SNMPv2c (SNMPv2c unless set).</summary>
    public SnmpVersion Version { get; init; } = SnmpVersion.SNMPv2c;

    /// <summary>snmpTargetParamsSecurityName for community-based targets: the community ("public" unless set).</summary>
    public string Community { get; init; } = "public";

    /// <summary>snmpNotifyType: inform(2) when true (SNMPv2c only; retransmitted until acknowledged), trap(1) otherwise.</summary>
    public bool Inform { get; init; }

    /// <summary>
    /// snmpNotifyFilterTable in spirit (RFC 3413 section 4.2.3): the included subtrees of
    /// snmpTrapOID. A notification goes to this target only if its snmpTrapOID is in one of them;
    /// an empty list lets every notification through.
    /// </summary>
    public IReadOnlyList<ObjectIdentifier> Filter { get; init; } = [];

    /// <summary>Whether the notification <paramref name="trapOid"/> passes <see cref="Filter"/>.</summary>
    public bool Accepts(ObjectIdentifier trapOid)
    {
        ArgumentNullException.ThrowIfNull(trapOid);
        return Filter.Count == 0 || Filter.Any(subtree => trapOid.StartsWith(subtree));
    }
}
