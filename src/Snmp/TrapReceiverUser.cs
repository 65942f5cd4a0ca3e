using Snmp.Security.Usm;

namespace Snmp;

/// <summary>
/// A USM user a <see cref="TrapReceiver"/> accepts SNMPv3 notifications from (RFC 3414 section
/// 2.1). Traps: its keys are localised for each sender's snmpEngineID when first seen (within the
/// bounds of <see cref="UsmTrapSenderUsers"/>), or only for <see cref="EngineId"/> when given
/// (Net-SNMP's <c>createUser -e</c>). Informs: its keys are localised for the receiver's own
/// snmpEngineID, the informs' authoritative engine.
/// </summary>
/// <param name="Name">usmUserName (the securityName).</param>
/// <param name="AuthProtocol">The authentication protocol (none if null).</param>
/// <param name="AuthPassword">Its password (at least 8 characters).</param>
/// <param name="PrivProtocol">The privacy protocol (none if null; needs authentication).</param>
/// <param name="PrivPassword">Its password (at least 8 characters).</param>
public sealed record TrapReceiverUser(string Name, AuthenticationProtocol? AuthProtocol = null, string? AuthPassword = null,
    PrivacyProtocol? PrivProtocol = null, string? PrivPassword = null)
{
    /// <summary>The one trap sender snmpEngineID this user is accepted from; any engine when null.</summary>
    public OctetString? EngineId { get; init; }

    /// <summary>The name and protocols, never the passwords.</summary>
    public override string ToString() =>
        $"{Name} ({AuthProtocol?.Name ?? "noAuth"}/{PrivProtocol?.Name ?? "noPriv"}{(EngineId is null ? "" : ", engine " + EngineId.ToHex())})";
}
