namespace Snmp;

/// <summary>
/// One rule of the agent's Proxy Forwarder (RFC 3413 section 3.5): an snmpProxyEntry of
/// SNMP-PROXY-MIB (section 4.3). A message of <see cref="Type"/> whose contextEngineID is
/// <see cref="ContextEngineId"/>, whose contextName is <see cref="ContextName"/>, and whose
/// version, security model, securityName and level are those of the snmpTargetParamsEntry
/// <see cref="TargetParamsIn"/> is forwarded: a request to the snmpTargetAddrEntry
/// <see cref="SingleTargetOut"/>, a notification to every snmpTargetAddrEntry tagged
/// <see cref="MultipleTargetOut"/> (section 7). The rows it names are added with
/// <see cref="Agent.AddTargetParameters"/> and <see cref="Agent.AddTargetAddress"/> (or over SNMP).
/// </summary>
/// <remarks>
/// A <see cref="ContextEngineId"/> other than the agent's own snmpEngineID is forwarded whatever
/// the contextName an SNMPv3 manager names with it (Net-SNMP: <c>snmpget -E</c>). The agent's own
/// snmpEngineID with a <see cref="ContextName"/> forwards that context instead of serving it, as
/// Net-SNMP's <c>proxy -Cn</c> does (<c>snmpget -n</c>); RFC 3413 registers a proxy only for other
/// engines, so this is the library's addition. SNMPv1 and SNMPv2c requests and traps name a
/// context through their community's row (<see cref="Agent.AddProxiedCommunity"/>, RFC 3584 5.1).
/// </remarks>
public sealed record ProxyEntry
{
    /// <summary>snmpProxyName: 1 to 32 characters, unique among the agent's proxy entries.</summary>
    public required string Name { get; init; }

    /// <summary>snmpProxyType: read or write requests, traps or informs.</summary>
    public required ProxyType Type { get; init; }

    /// <summary>snmpProxyContextEngineID: the contextEngineID the messages name (5 to 32 octets).</summary>
    public required OctetString ContextEngineId { get; init; }

    /// <summary>snmpProxyContextName: the contextName the messages name ("" unless set).</summary>
    public string ContextName { get; init; } = "";

    /// <summary>snmpProxyTargetParamsIn: the snmpTargetParamsName whose version, security model, securityName and level the incoming message must have.</summary>
    public required string TargetParamsIn { get; init; }

    /// <summary>snmpProxySingleTargetOut: the snmpTargetAddrName a read or write request is forwarded to.</summary>
    public string SingleTargetOut { get; init; } = "";

    /// <summary>snmpProxyMultipleTargetOut: the tag of the snmpTargetAddrEntries a trap or inform is forwarded to.</summary>
    public string MultipleTargetOut { get; init; } = "";
}
