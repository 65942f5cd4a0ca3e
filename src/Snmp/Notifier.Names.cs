// New symbolic-name overloads take a string where the shipped ones take an ObjectIdentifier, so
// no call that compiled before becomes ambiguous (what RS0026 guards against).
#pragma warning disable RS0026
using Snmp.Pdus;

namespace Snmp;

// Symbolic notification OIDs (issue 11): "IF-MIB::linkDown" as well as "1.3.6.1.6.3.1.1.5.3".
public sealed partial class Notifier
{
    /// <summary>Resolves the notification names given as text: the Engine's <see cref="Engine.Mibs"/> when the Notifier was created.</summary>
    public IObjectNameResolver? Mibs { get; set; }

    /// <summary>Sends the notification given as dotted text or a name (<c>"IF-MIB::linkDown"</c>) as a trap; see <see cref="SendTrapAsync(ObjectIdentifier, IEnumerable{VarBind}?, TimeTicks?, CancellationToken)"/>.</summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one it does not know.</exception>
    public Task SendTrapAsync(string trapOid, IEnumerable<VarBind>? varBinds = null, TimeTicks? sysUpTime = null, CancellationToken cancellationToken = default) =>
        SendTrapAsync(ObjectNames.Resolve(trapOid, Mibs), varBinds, sysUpTime, cancellationToken);

    /// <summary>The blocking form of <see cref="SendTrapAsync(string, IEnumerable{VarBind}?, TimeTicks?, CancellationToken)"/>.</summary>
    public void SendTrap(string trapOid, params VarBind[] varBinds) => SendTrap(ObjectNames.Resolve(trapOid, Mibs), varBinds);

    /// <summary>Sends the notification given as dotted text or a name as an inform; see <see cref="InformAsync(ObjectIdentifier, IEnumerable{VarBind}?, TimeTicks?, RequestOptions?, CancellationToken)"/>.</summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one it does not know.</exception>
    public Task<VarBindList> InformAsync(string trapOid, IEnumerable<VarBind>? varBinds = null, TimeTicks? sysUpTime = null,
        RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        InformAsync(ObjectNames.Resolve(trapOid, Mibs), varBinds, sysUpTime, options, cancellationToken);

    /// <summary>The blocking inform of a notification given as dotted text or a name.</summary>
    public VarBindList Inform(string trapOid, params VarBind[] varBinds) => Inform(ObjectNames.Resolve(trapOid, Mibs), varBinds);

    /// <summary>Sends an inform of a notification given as dotted text or a name and returns its handle.</summary>
    public RequestHandle BeginInform(string trapOid, params VarBind[] varBinds) => BeginInform(ObjectNames.Resolve(trapOid, Mibs), varBinds);

    /// <summary>
    /// Sends an SNMPv1 Trap-PDU whose enterprise is given as dotted text or a name
    /// (<c>"NET-SNMP-MIB::netSnmpAgentOIDs"</c>); see
    /// <see cref="SendV1TrapAsync(ObjectIdentifier, GenericTrap, int, IEnumerable{VarBind}?, IpAddress?, TimeTicks?, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one it does not know.</exception>
    public Task SendV1TrapAsync(string enterprise, GenericTrap genericTrap, int specificTrap, IEnumerable<VarBind>? varBinds = null,
        IpAddress? agentAddress = null, TimeTicks? timeStamp = null, CancellationToken cancellationToken = default) =>
        SendV1TrapAsync(ObjectNames.Resolve(enterprise, Mibs), genericTrap, specificTrap, varBinds, agentAddress, timeStamp, cancellationToken);

    /// <summary>The blocking form of <see cref="SendV1TrapAsync(string, GenericTrap, int, IEnumerable{VarBind}?, IpAddress?, TimeTicks?, CancellationToken)"/>.</summary>
    public void SendV1Trap(string enterprise, GenericTrap genericTrap, int specificTrap, params VarBind[] varBinds) =>
        SendV1Trap(ObjectNames.Resolve(enterprise, Mibs), genericTrap, specificTrap, varBinds);
}
