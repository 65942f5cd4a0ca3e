using System.Net;
using Snmp.Applications;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp;

/// <summary>
/// Sends notifications to one notification receiver on behalf of the Notification Originator of
/// RFC 3413 section 3.3, over SNMPv1, SNMPv2c or SNMPv3. Create it with <c>Engine.Notifier(...)</c>.
/// Traps are unconfirmed: they are sent once and nothing comes back. Informs (SNMPv2c, SNMPv3) are
/// retransmitted every <see cref="RefreshPeriod"/> until the receiver's Response arrives, and fail
/// like requests (<see cref="SnmpTimeoutException"/>, ...). Thread-safe.
/// </summary>
/// <remarks>
/// An SNMPv2 notification is sent with sysUpTime.0 and snmpTrapOID.0 first (RFC 3416 section
/// 4.2.6); sysUpTime.0 is the engine's uptime unless given. A Notifier of one version sends the
/// other version's form through the RFC 3584 section 3 mapping. Over SNMPv3 (USM) this engine is
/// the authoritative engine of its traps and the receiver that of its informs (RFC 3414 2.3).
/// </remarks>
public sealed partial class Notifier
{
    private readonly NotificationOriginator _originator;
    private readonly SnmpTarget _target;
    private readonly Func<TimeTicks> _sysUpTime;
    private readonly V3Notification? _v3;

    internal Notifier(NotificationOriginator originator, SnmpTarget target, Func<TimeTicks> sysUpTime, bool autowait, V3Notification? v3 = null)
    {
        _originator = originator;
        _target = target;
        _sysUpTime = sysUpTime;
        Autowait = autowait;
        _v3 = v3;
    }

    /// <summary>The notification receiver's transport address.</summary>
    public EndPoint Address => _target.TransportAddress;

    /// <summary>SNMPv1, SNMPv2c or SNMPv3.</summary>
    public SnmpVersion Version => _target.MessageProcessingModel;

    /// <summary>The community notifications are sent with (SNMPv3: the securityName, the USM user).</summary>
    public OctetString Community => _target.SecurityName;

    /// <summary>Whether <see cref="BeginInform(ObjectIdentifier, VarBind[])"/> waits for the Response before returning the handle.</summary>
    public bool Autowait { get; }

    /// <summary>The total time allowed per inform (10 s unless changed).</summary>
    public TimeSpan Timeout { get; set; } = RetransmissionPolicy.Default.Timeout;

    /// <summary>The interval between retransmissions of an inform (1 s unless changed).</summary>
    public TimeSpan RefreshPeriod { get; set; } = RetransmissionPolicy.Default.RefreshPeriod;

    /// <summary>
    /// Sends the notification <paramref name="trapOid"/> with <paramref name="varBinds"/> as an
    /// SNMPv2-Trap-PDU (or, from an SNMPv1 Notifier, the Trap-PDU of RFC 3584 section 3.2).
    /// </summary>
    /// <param name="trapOid">snmpTrapOID.0: which notification.</param>
    /// <param name="varBinds">What it carries, after sysUpTime.0 and snmpTrapOID.0.</param>
    /// <param name="sysUpTime">sysUpTime.0 (the engine's uptime if null).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
#pragma warning disable RS0026 // the string overload beside it cannot make a call ambiguous
    public Task SendTrapAsync(ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds = null, TimeTicks? sysUpTime = null, CancellationToken cancellationToken = default) =>
        _originator.SendTrapAsync(TrapTarget(), NotificationOriginator.Notification(sysUpTime ?? _sysUpTime(), trapOid, varBinds), cancellationToken).AsTask();

#pragma warning restore RS0026

    /// <summary>
    /// Sends the notification as <see cref="SendTrapAsync(ObjectIdentifier, IEnumerable{VarBind}?, TimeTicks?, CancellationToken)"/>
    /// does, with this trap's Community (SNMPv1/v2c) or, over SNMPv3, the scopedPDU's
    /// contextEngineID and contextName (Net-SNMP snmptrap's -E and -n) from <paramref name="options"/>;
    /// the contextEngineID is this engine's snmpEngineID unless given.
    /// </summary>
    /// <param name="trapOid">snmpTrapOID.0: which notification.</param>
    /// <param name="varBinds">What it carries, after sysUpTime.0 and snmpTrapOID.0.</param>
    /// <param name="sysUpTime">sysUpTime.0 (the engine's uptime if null).</param>
    /// <param name="options">Community, or ContextEngineId and Context; the other options do not apply to a trap.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> names parameters of another version.</exception>
#pragma warning disable RS0026 // the string overload beside it cannot make a call ambiguous
    public Task SendTrapAsync(ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds, TimeTicks? sysUpTime, RequestOptions? options, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        if (_v3 is null && (options?.Context is not null || options?.ContextEngineId is not null))
        {
            throw new ArgumentException($"Context and ContextEngineId are SNMPv3 options; this Notifier speaks {Version}.", nameof(options));
        }

        if (_v3 is not null && options?.Community is not null)
        {
            throw new ArgumentException("Community is an SNMPv1/v2c option; this Notifier speaks SNMPv3.", nameof(options));
        }

        var target = TrapTarget();
        if (options is not null)
        {
            target = _v3 is null
                ? options.Community is { } community ? target with { SecurityName = community } : target
                : target with { ContextEngineId = options.ContextEngineId ?? target.ContextEngineId, ContextName = options.Context ?? target.ContextName };
        }

        return _originator.SendTrapAsync(target, NotificationOriginator.Notification(sysUpTime ?? _sysUpTime(), trapOid, varBinds), cancellationToken).AsTask();
    }

    /// <summary>The blocking form of <see cref="SendTrapAsync(ObjectIdentifier, IEnumerable{VarBind}?, TimeTicks?, CancellationToken)"/>.</summary>
    public void SendTrap(ObjectIdentifier trapOid, params VarBind[] varBinds) => SendTrapAsync(trapOid, varBinds).GetAwaiter().GetResult();

    /// <summary>
    /// Sends an SNMPv1 Trap-PDU (RFC 1157 section 4.1.6), or, from an SNMPv2c Notifier, the
    /// SNMPv2-Trap-PDU of RFC 3584 section 3.1.
    /// </summary>
    /// <param name="enterprise">enterprise: the sysObjectID-like identity of the source.</param>
    /// <param name="genericTrap">generic-trap.</param>
    /// <param name="specificTrap">specific-trap (for <see cref="GenericTrap.EnterpriseSpecific"/>).</param>
    /// <param name="varBinds">variable-bindings.</param>
    /// <param name="agentAddress">agent-addr (0.0.0.0 if null).</param>
    /// <param name="timeStamp">time-stamp (the engine's uptime if null).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
#pragma warning disable RS0026 // the string overload beside it cannot make a call ambiguous
    public Task SendV1TrapAsync(ObjectIdentifier enterprise, GenericTrap genericTrap, int specificTrap, IEnumerable<VarBind>? varBinds = null,
        IpAddress? agentAddress = null, TimeTicks? timeStamp = null, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(enterprise);
        if (!Enum.IsDefined(genericTrap))
        {
            throw new ArgumentOutOfRangeException(nameof(genericTrap), genericTrap, "generic-trap is 0 .. 6 (RFC 1157 section 4.1.6).");
        }

        var trap = new TrapV1Pdu(enterprise, agentAddress ?? new IpAddress(IPAddress.Any), genericTrap, specificTrap, timeStamp ?? _sysUpTime(),
            varBinds is null ? VarBindList.Empty : new VarBindList(varBinds));
        return _originator.SendV1TrapAsync(TrapTarget(), trap, cancellationToken).AsTask();
    }

    /// <summary>The blocking form of <see cref="SendV1TrapAsync(ObjectIdentifier, GenericTrap, int, IEnumerable{VarBind}?, IpAddress?, TimeTicks?, CancellationToken)"/>.</summary>
    public void SendV1Trap(ObjectIdentifier enterprise, GenericTrap genericTrap, int specificTrap, params VarBind[] varBinds) =>
        SendV1TrapAsync(enterprise, genericTrap, specificTrap, varBinds).GetAwaiter().GetResult();

    /// <summary>
    /// Sends the notification <paramref name="trapOid"/> as an InformRequest (RFC 3416 section
    /// 4.2.7, SNMPv2c) and returns the variable-bindings of the receiver's Response.
    /// </summary>
    /// <param name="trapOid">snmpTrapOID.0: which notification.</param>
    /// <param name="varBinds">What it carries, after sysUpTime.0 and snmpTrapOID.0.</param>
    /// <param name="sysUpTime">sysUpTime.0 (the engine's uptime if null).</param>
    /// <param name="options">Timeout, RefreshPeriod and Community (SNMPv1/v2c) or UserName, SecurityLevel and Context (SNMPv3) for this inform.</param>
    /// <param name="cancellationToken">Cancels the inform.</param>
    /// <exception cref="NotSupportedException">The Notifier speaks SNMPv1, which has no InformRequest.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> names parameters of another version (SNMPv3's UserName, SecurityLevel, Context; SNMPv1/v2c's Community).</exception>
    /// <exception cref="SnmpTimeoutException">No Response within the timeout.</exception>
    /// <exception cref="SnmpErrorResponseException">The receiver answered with an error-status.</exception>
#pragma warning disable RS0026 // the string overload beside it cannot make a call ambiguous
    public async Task<VarBindList> InformAsync(ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds = null, TimeTicks? sysUpTime = null,
        RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (_v3 is null && (options?.UserName is not null || options?.SecurityLevel is not null || options?.Context is not null || options?.ContextEngineId is not null))
        {
            throw new ArgumentException($"UserName, SecurityLevel, Context and ContextEngineId are SNMPv3 options; this Notifier speaks {Version}.", nameof(options));
        }

        if (_v3 is not null && options?.Community is not null)
        {
            throw new ArgumentException("Community is an SNMPv1/v2c option; this Notifier speaks SNMPv3.", nameof(options));
        }

        var policy = new RetransmissionPolicy(options?.Timeout ?? Timeout, options?.RefreshPeriod ?? RefreshPeriod);
        var target = _v3 is not null
            // The receiver is the authoritative engine of an inform (RFC 3414 2.3): discovered on first use.
            ? await _v3.Session.PrepareTargetAsync(_v3.CommandGenerator, _target, options, policy, cancellationToken).ConfigureAwait(false)
            : options?.Community is { } community ? _target with { SecurityName = community } : _target;
        var response = await _originator.InformAsync(target, NotificationOriginator.Notification(sysUpTime ?? _sysUpTime(), trapOid, varBinds), policy, cancellationToken)
            .ConfigureAwait(false);
        return response.VarBinds;
    }
#pragma warning restore RS0026

    /// <summary>The blocking form of <see cref="InformAsync(ObjectIdentifier, IEnumerable{VarBind}?, TimeTicks?, RequestOptions?, CancellationToken)"/>: returns the Response's variable-bindings.</summary>
    public VarBindList Inform(ObjectIdentifier trapOid, params VarBind[] varBinds) => InformAsync(trapOid, varBinds).GetAwaiter().GetResult();

    /// <summary>Sends an InformRequest and returns its handle (see <see cref="Autowait"/>), as <c>Manager.BeginGet</c> does.</summary>
    public RequestHandle BeginInform(ObjectIdentifier trapOid, params VarBind[] varBinds)
    {
        var handle = new RequestHandle(InformAsync(trapOid, varBinds), $"Inform {trapOid} to {Address}");
        if (Autowait)
        {
            handle.Wait();
        }

        return handle;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Version} Notifier for {Address}";

    /// <summary>
    /// A trap's target: over SNMPv3 this engine is its authoritative engine (RFC 3414 2.3), so the
    /// user's keys are localised for this engine's snmpEngineID.
    /// </summary>
    private SnmpTarget TrapTarget() => _v3 is null ? _target : _v3.Session.PrepareTrapTarget(_target, _v3.LocalEngineId);
}

/// <summary>What an SNMPv3 Notifier needs beyond its target: the USM session of its user, the command generator that discovers an inform receiver's engine, and this engine's snmpEngineID.</summary>
internal sealed record V3Notification(V3Session Session, CommandGenerator CommandGenerator, OctetString LocalEngineId);
