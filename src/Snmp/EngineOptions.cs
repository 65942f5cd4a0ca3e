using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Smi;

namespace Snmp;

/// <summary>The Engine's defaults for the Managers it creates (the reference's constructor arguments).</summary>
/// <param name="DefaultVersion">The SNMP version of a Manager created without one.</param>
/// <param name="DefaultDomain">The transport domain of a Manager created without one (when the address does not imply another).</param>
/// <param name="DefaultSecurityModel">The security model of SNMPv3 Managers.</param>
/// <param name="DefaultCommunity">The community of SNMPv1/v2c Managers created without one.</param>
/// <param name="Autowait">Whether Managers' non-async request methods wait for the response by default.</param>
public sealed record EngineOptions(
    SnmpVersion DefaultVersion,
    TransportDomain DefaultDomain,
    SecurityModel DefaultSecurityModel,
    OctetString DefaultCommunity,
    bool Autowait);
