namespace Snmp;

/// <summary>
/// A management target's transport address: one snmpTargetAddrEntry of SNMP-TARGET-MIB
/// (RFC 3413 section 4.1.1), which proxy entries name (<see cref="ProxyEntry.SingleTargetOut"/>,
/// <see cref="ProxyEntry.MultipleTargetOut"/>) and notification entries select by tag.
/// </summary>
public sealed record TargetAddress
{
    /// <summary>snmpTargetAddrName: 1 to 32 octets.</summary>
    public required string Name { get; init; }

    /// <summary>snmpTargetAddrTDomain and TAddress as the agent's transports read them: "host:port", "[::1]:161", "tcp:host:port", ...</summary>
    public required string Address { get; init; }

    /// <summary>snmpTargetAddrParams: the snmpTargetParamsName to send with (<see cref="Agent.AddTargetParameters"/>).</summary>
    public required string Params { get; init; }

    /// <summary>snmpTargetAddrTagList: the tags that select this target.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>snmpTargetAddrTimeout: how long one try waits for an answer (1 s unless set; kept in hundredths of a second).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>snmpTargetAddrRetryCount: how many times an unanswered message is sent again (3 unless set; 0 to 255).</summary>
    public int RetryCount { get; init; } = 3;
}

/// <summary>
/// How messages to (or from) a management target are secured: one snmpTargetParamsEntry of
/// SNMP-TARGET-MIB (RFC 3413 section 4.1.2). An outgoing target sends with it; a proxy entry's
/// <see cref="ProxyEntry.TargetParamsIn"/> matches incoming messages against it.
/// </summary>
public sealed record TargetParameters
{
    /// <summary>snmpTargetParamsName: 1 to 32 octets.</summary>
    public required string Name { get; init; }

    /// <summary>snmpTargetParamsMPModel: SNMPv1, SNMPv2c or SNMPv3.</summary>
    public required SnmpVersion Version { get; init; }

    /// <summary>snmpTargetParamsSecurityName: a community's securityName for SNMPv1/v2c (the community itself unless its row maps it), the user for SNMPv3.</summary>
    public required string SecurityName { get; init; }

    /// <summary>snmpTargetParamsSecurityModel: SNMPv1 or SNMPv2c for those versions, USM for SNMPv3, unless set.</summary>
    public Snmp.AbstractServices.SecurityModel? SecurityModel { get; init; }

    /// <summary>snmpTargetParamsSecurityLevel (noAuthNoPriv unless set; always noAuthNoPriv for SNMPv1/v2c).</summary>
    public SecurityLevel SecurityLevel { get; init; } = SecurityLevel.NoAuthNoPriv;
}
