using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp;

/// <summary>
/// A principal of an SNMPv3 security model other than USM (the Transport Security Model of RFC
/// 5591, or a plug-in's) whose notifications a <see cref="TrapReceiver"/> accepts: the model
/// authenticates it (for TSM, the secure transport: a TLS client certificate's mapped name), and
/// this says the receiver wants its notifications, as Net-SNMP's <c>authUser -s tsm name level</c> does.
/// </summary>
/// <param name="SecurityModel">securityModel (<see cref="SecurityModel.Tsm"/> for TLS and DTLS).</param>
/// <param name="SecurityName">securityName: what the model authenticated ("tls:name" when TSM uses transport prefixes).</param>
public sealed record TrapReceiverPrincipal(SecurityModel SecurityModel, string SecurityName)
{
    /// <summary>The lowest securityLevel accepted from it (authPriv unless set, as a secure transport provides).</summary>
    public SecurityLevel MinimumLevel { get; init; } = SecurityLevel.AuthPriv;
}
