namespace Snmp;

/// <summary>
/// snmpProxyType (SNMP-PROXY-MIB, RFC 3413 section 4.3): the kind of message an snmpProxyEntry
/// forwards. Read and write entries forward requests to a single target (snmpProxySingleTargetOut);
/// trap and inform entries forward notifications to every target of a tag (snmpProxyMultipleTargetOut).
/// </summary>
public enum ProxyType
{
    /// <summary>read(1): GetRequest, GetNextRequest and GetBulkRequest.</summary>
    Read = 1,

    /// <summary>write(2): SetRequest.</summary>
    Write = 2,

    /// <summary>trap(3): SNMPv1 Trap-PDU and SNMPv2-Trap-PDU.</summary>
    Trap = 3,

    /// <summary>inform(4): InformRequest-PDU.</summary>
    Inform = 4,
}
