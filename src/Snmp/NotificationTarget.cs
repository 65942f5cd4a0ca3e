using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp;

/// <summary>
/// Where an <see cref="Agent"/> sends its notifications: one row of SNMP-TARGET-MIB's
/// snmpTargetAddrTable and snmpTargetParamsTable together with its SNMP-NOTIFICATION-MIB
/// snmpNotifyTable type and snmpNotifyFilterTable subtrees (RFC 3413 sections 4.1 and 4.2),
/// in one record. SNMPv1 and SNMPv2c name a community; SNMPv3 names a USM user and level.
/// </summary>
/// <remarks>
/// SNMPv3 (USM, RFC 3414 2.3): a trap is sent with the agent as its authoritative engine, so the
/// user's keys are localised for the agent's own snmpEngineID and the message carries the agent's
/// snmpEngineBoots and snmpEngineTime (the receiver knows the user at that engine ID, as with
/// Net-SNMP's <c>createUser -e</c>); an inform goes to the receiver as its authoritative engine,
/// whose snmpEngineID and clock the agent discovers on first use (RFC 3414 section 4). The user is
/// the agent's usmUserTable row of <see cref="UserName"/>: added with <see cref="Agent.AddUser"/>,
/// or from the protocols and passwords given here (the row is then added without any VACM access,
/// as Net-SNMP's <c>trapsess</c> does). Give them here for coldStart: it is sent as the agent
/// starts, before <see cref="Agent.AddUser"/> can be called.
/// </remarks>
/// <param name="Address">The notification receiver: "host", "host:port" or "[IPv6]:port" (port 162 when omitted).</param>
public sealed record NotificationTarget(string Address)
{
    /// <summary>snmpTargetParamsMPModel: SNMPv1, SNMPv2c or SNMPv3 (SNMPv2c unless set).</summary>
    public SnmpVersion Version { get; init; } = SnmpVersion.SNMPv2c;

    /// <summary>snmpTargetParamsSecurityName for community-based targets: the community ("public" unless set).</summary>
    public string Community { get; init; } = "public";

    /// <summary>
    /// snmpTargetParamsSecurityModel for SNMPv3: <see cref="Snmp.AbstractServices.SecurityModel.Usm"/>
    /// unless set; <see cref="Snmp.AbstractServices.SecurityModel.Tsm"/> (RFC 5591) for a secure
    /// transport ("tls:host:port"), or a plug-in model's number.
    /// </summary>
    public Snmp.AbstractServices.SecurityModel SecurityModel { get; init; } = Snmp.AbstractServices.SecurityModel.Usm;

    /// <summary>snmpTargetParamsSecurityName for SNMPv3: the USM user (usmUserName), or the TSM or plug-in securityName, the notifications are sent as.</summary>
    public string? UserName { get; init; }

    /// <summary>snmpTargetParamsSecurityLevel for SNMPv3: unless set, the highest the USM user supports, or the model's default (TSM: authPriv).</summary>
    public SecurityLevel? SecurityLevel { get; init; }

    /// <summary>SNMPv3: the user's authentication protocol, when the user is given here rather than with <see cref="Agent.AddUser"/>.</summary>
    public AuthenticationProtocol? AuthProtocol { get; init; }

    /// <summary>SNMPv3: its password (at least 8 characters).</summary>
    public string? AuthPassword { get; init; }

    /// <summary>SNMPv3: the user's privacy protocol (needs authentication), when the user is given here.</summary>
    public PrivacyProtocol? PrivProtocol { get; init; }

    /// <summary>SNMPv3: its password (at least 8 characters).</summary>
    public string? PrivPassword { get; init; }

    /// <summary>snmpNotifyType: inform(2) when true (SNMPv2c and SNMPv3; retransmitted until acknowledged), trap(1) otherwise.</summary>
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

    /// <summary>The type, version and address, and the SNMPv3 user and level: never a password, nor the community.</summary>
    public override string ToString() =>
        $"{(Inform ? "inform" : "trap")} {Version} to {Address}" +
        (Version == SnmpVersion.SNMPv3
            ? $" as {UserName}{(SecurityModel == Snmp.AbstractServices.SecurityModel.Usm ? "" : $" over {SecurityModel}")} ({SecurityLevel?.ToString() ?? "the user's level"}{(AuthProtocol is null ? "" : $", {AuthProtocol.Name}/{PrivProtocol?.Name ?? "noPriv"}")})"
            : "");
}
