using System.Net;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp;

/// <summary>
/// One notification as a Notification Receiver (RFC 3413 section 3.4) delivers it, in SNMPv2
/// form whatever the version it arrived in: an SNMPv1 Trap-PDU is presented through the mapping
/// of RFC 3584 section 3.1 and kept as it came in <see cref="V1Trap"/>.
/// </summary>
/// <param name="Version">The message's SNMP version.</param>
/// <param name="PduType">Trap (SNMPv1), SNMPv2-Trap or InformRequest.</param>
/// <param name="Source">The transport address the notification came from.</param>
/// <param name="Community">The community's securityName (RFC 3584 5.2.1; the community itself unless the table maps it).</param>
/// <param name="SysUpTime">sysUpTime.0: when the notification was generated, in the sender's uptime.</param>
/// <param name="TrapOid">snmpTrapOID.0: which notification this is.</param>
/// <param name="VarBinds">Every variable-binding, sysUpTime.0 and snmpTrapOID.0 first (RFC 3416 section 4.2.6).</param>
/// <param name="V1Trap">The SNMPv1 Trap-PDU (enterprise, agent-addr, generic-trap, specific-trap, time-stamp), or null.</param>
public sealed record ReceivedNotification(
    SnmpVersion Version,
    PduType PduType,
    EndPoint Source,
    OctetString Community,
    TimeTicks SysUpTime,
    ObjectIdentifier TrapOid,
    VarBindList VarBinds,
    TrapV1Pdu? V1Trap)
{
    /// <summary>
    /// securityModel of the message (RFC 3411): SNMPv1 or SNMPv2c for the community versions, USM,
    /// TSM (then <see cref="Community"/> is the securityName the secure transport authenticated)
    /// or a plug-in model.
    /// </summary>
    public Snmp.AbstractServices.SecurityModel SecurityModel { get; init; }

    /// <summary>
    /// securityLevel the message was authenticated and decrypted at (RFC 3411 section 3.4.3):
    /// noAuthNoPriv for SNMPv1 and SNMPv2c, the USM user's level for SNMPv3.
    /// </summary>
    public SecurityLevel SecurityLevel { get; init; }

    /// <summary>
    /// The SNMPv3 message's authoritative snmpEngineID (msgAuthoritativeEngineID, RFC 3414 2.3):
    /// for a trap its sender, whose keys the receiver localised; for an inform this receiver's own
    /// snmpEngineID. Empty for SNMPv1 and SNMPv2c.
    /// </summary>
    public OctetString SecurityEngineId { get; init; } = OctetString.Empty;

    /// <summary>
    /// contextEngineID of the scopedPDU (RFC 3411 section 3.3.2): for an SNMPv3 trap usually its
    /// sender's snmpEngineID, for an inform the engine it was addressed to; for SNMPv1/v2c this
    /// receiver's own snmpEngineID (RFC 3584 section 5.2.1).
    /// </summary>
    public OctetString ContextEngineId { get; init; } = OctetString.Empty;

    /// <summary>contextName of the scopedPDU (RFC 3411 section 3.3.3); empty for SNMPv1/v2c.</summary>
    public OctetString ContextName { get; init; } = OctetString.Empty;

    /// <summary>True for an InformRequest, which the receiver acknowledged once it was queued.</summary>
    public bool IsInform => PduType == PduType.InformRequest;

    /// <summary>The variable-bindings after sysUpTime.0 and snmpTrapOID.0: what the notification carries.</summary>
    public IEnumerable<VarBind> Payload => VarBinds.Skip(2);
}
