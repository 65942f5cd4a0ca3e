using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Composition;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp;

/// <summary>
/// An agent's notification generation (RFC 3413 section 3.3 with the target selection of
/// section 4): sends each notification to every <see cref="NotificationTarget"/> whose filter
/// passes it, as a trap or a retransmitted inform. A failed target is logged and counted, never
/// thrown unless asked. SNMPv3 targets of any security model go through its originator side
/// (<see cref="IOriginatorSecurityModel"/>, as a Notifier's do): traps with the agent as the
/// authoritative engine (its own snmpEngineID; with USM its boots and time and the agent's
/// usmUserTable row; RFC 3414 2.3), informs with the receiver as the authoritative engine,
/// discovered on first use (USM: RFC 3414 section 4; TSM asks none and uses the agent's own). Thread-safe.
/// </summary>
internal sealed class AgentNotifications(NotificationOriginator originator, CommandGenerator commandGenerator, UserBasedSecurityModel usm, OriginatorSecurityModels securityModels,
    LocalEngine localEngine, TransportMappingFactories transports, Func<TimeTicks> sysUpTime, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private List<(NotificationTarget Target, SnmpTarget Snmp, V3Target? V3)> _targets = [];
    private long _failures;

    /// <summary>Notifications that did not reach a target (a send that failed, an inform not acknowledged).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Adds a target (snmpTargetAddrEntry + snmpTargetParamsEntry + snmpNotifyEntry).</summary>
    /// <exception cref="SnmpConfigurationException">An unknown version, an SNMPv1 inform, an SNMPv3 target without a user, or a user given here that the agent's USM has with other keys.</exception>
    public void Add(NotificationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Version is not (SnmpVersion.SNMPv1 or SnmpVersion.SNMPv2c or SnmpVersion.SNMPv3))
        {
            throw new SnmpConfigurationException($"Notification target {target.Address}: {target.Version} is not an SNMP version the agent speaks.");
        }

        if (target.Inform && target.Version == SnmpVersion.SNMPv1)
        {
            throw new SnmpConfigurationException($"Notification target {target.Address}: SNMPv1 has no InformRequest (RFC 3584 section 3).");
        }

        var (domain, endPoint) = transports.Parse(target.Address, preferredDomain: null, SnmpEntityRole.NotificationReceiver, forListening: false);
        SnmpTarget snmp;
        V3Target? v3 = null;
        if (target.Version == SnmpVersion.SNMPv3)
        {
            if (string.IsNullOrEmpty(target.UserName))
            {
                throw new SnmpConfigurationException($"Notification target {target.Address}: SNMPv3 needs the UserName its notifications are sent as.");
            }

            securityModels.For(target.SecurityModel);
            if (target.AuthProtocol is not null || target.PrivProtocol is not null)
            {
                if (target.SecurityModel != SecurityModel.Usm)
                {
                    throw new SnmpConfigurationException($"Notification target {target.Address}: authentication and privacy protocols are USM's; {target.SecurityModel} takes its security from elsewhere.");
                }

                AddTargetUser(target);
            }

            snmp = new SnmpTarget(domain, endPoint, SnmpVersion.SNMPv3, target.SecurityModel, new OctetString(target.UserName), target.SecurityLevel ?? SecurityLevel.NoAuthNoPriv,
                OctetString.Empty, OctetString.Empty);
            v3 = new V3Target();
        }
        else
        {
            ArgumentException.ThrowIfNullOrEmpty(target.Community);
            snmp = SnmpTarget.Community(domain, endPoint, target.Version, new OctetString(target.Community));
        }

        lock (_lock)
        {
            _targets = [.. _targets, (target, snmp, v3)];
        }
    }

    /// <summary>
    /// The usmUserTable row at the agent's snmpEngineID for a user whose protocols and passwords
    /// the target gives (an authoritative sender's traps are secured with keys localised for its
    /// own engine ID, RFC 3414 2.6). A row of that name already there must have the same keys.
    /// </summary>
    private void AddTargetUser(NotificationTarget target)
    {
        var credentials = Usm.CreateUser(target.UserName!, target.AuthProtocol, target.AuthPassword, target.PrivProtocol, target.PrivPassword, secret: null);
        if (target.SecurityLevel > credentials.MaxSecurityLevel)
        {
            throw new SnmpConfigurationException($"Notification target {target.Address}: user \"{target.UserName}\" cannot use {target.SecurityLevel}: its configuration supports at most {credentials.MaxSecurityLevel}.");
        }

        lock (_lock)
        {
            var existing = usm.FindUser(localEngine.EngineId, credentials.UserName);
            if (existing is null)
            {
                usm.AddUser(localEngine.EngineId, credentials);
            }
            else if (!existing.SameKeysAs(credentials.Localize(localEngine.EngineId)))
            {
                throw new SnmpConfigurationException($"Notification target {target.Address}: the agent already has a USM user \"{target.UserName}\" with other protocols or passwords.");
            }
        }
    }
    /// <summary>
    /// Sends <paramref name="trapOid"/> to every target it passes the filter of and returns how
    /// many got it (traps sent, informs acknowledged).
    /// </summary>
    /// <exception cref="AggregateException">Only with <paramref name="throwOnFailure"/>: the failures of the targets that did not get it.</exception>
    public async Task<int> SendAsync(ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds, bool throwOnFailure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trapOid);
        List<(NotificationTarget Target, SnmpTarget Snmp, V3Target? V3)> targets;
        lock (_lock)
        {
            targets = _targets;
        }

        var notification = NotificationOriginator.Notification(sysUpTime(), trapOid, varBinds?.ToList());
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var sends = targets.Where(t => t.Target.Accepts(trapOid)).Select(t => SendOneAsync(t.Target, t.Snmp, t.V3, trapOid, notification, linked.Token)).ToList();
        var failures = (await Task.WhenAll(sends).ConfigureAwait(false)).OfType<Exception>().ToList();
        if (throwOnFailure && failures.Count > 0)
        {
            throw new AggregateException($"Notification {trapOid} did not reach {failures.Count} of {sends.Count} targets.", failures);
        }

        return sends.Count - failures.Count;
    }

    /// <summary>The SNMPv3 target's user as the agent's usmUserTable has it now, and the level to send at.</summary>
    /// <exception cref="SnmpConfigurationException">The agent has no such user, or the user cannot do the target's level.</exception>
    private (UsmUser User, SecurityLevel Level) User(NotificationTarget target)
    {
        var row = usm.FindUser(localEngine.EngineId, new OctetString(target.UserName!))
            ?? throw new SnmpConfigurationException($"The agent has no USM user \"{target.UserName}\" for notification target {target.Address}: add it with AddUser, or give its protocols and passwords in the target.");
        var level = target.SecurityLevel ?? row.User.MaxSecurityLevel;
        if (level > row.User.MaxSecurityLevel)
        {
            throw new SnmpConfigurationException($"User \"{target.UserName}\" cannot send {level} notifications: its configuration supports at most {row.User.MaxSecurityLevel}.");
        }

        return (row.User, level);
    }

    /// <summary>
    /// Who an SNMPv3 target sends as: a USM user as the agent's usmUserTable has it now (its
    /// credentials and the level to send at), or another model's securityName and level.
    /// </summary>
    private (SecurityPrincipal Principal, SecurityLevel? Level) Principal(NotificationTarget target)
    {
        if (target.SecurityModel != SecurityModel.Usm)
        {
            return (new SecurityPrincipal(new OctetString(target.UserName!)), target.SecurityLevel);
        }

        var (user, level) = User(target);
        return (new SecurityPrincipal(user.UserName) { Credentials = user, DefaultSecurityLevel = level, MaxSecurityLevel = user.MaxSecurityLevel }, level);
    }

    /// <summary>Cancels the informs still retransmitting (the agent is stopping).</summary>
    public void Stop() => _stopping.Cancel();

    private async Task<Exception?> SendOneAsync(NotificationTarget target, SnmpTarget snmp, V3Target? v3, ObjectIdentifier trapOid, VarBindList notification, CancellationToken cancellationToken)
    {
        try
        {
            if (v3 is not null)
            {
                var (principal, level) = Principal(target);
                var session = v3.SessionFor(securityModels.For(target.SecurityModel), principal, level);
                snmp = target.Inform
                    // The receiver is the authoritative engine of an inform (RFC 3414 2.3): discovered once, the principal readied for it.
                    ? await session.PrepareTargetAsync(commandGenerator, snmp, null, RetransmissionPolicy.Default, cancellationToken).ConfigureAwait(false)
                    // The agent is the authoritative engine of its traps: its own snmpEngineID as
                    // securityEngineID and contextEngineID (RFC 3413 3.3), with USM its boots and time.
                    : session.PrepareTrapTarget(snmp, localEngine.EngineId);
            }

            if (target.Inform)
            {
                await originator.InformAsync(snmp, notification, RetransmissionPolicy.Default, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await originator.SendTrapAsync(snmp, notification, cancellationToken).ConfigureAwait(false);
            }

            logger.LogDebug("Sent notification {TrapOid} to {Target}", trapOid, target.Address);
            return null;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            logger.LogWarning("Notification {TrapOid} did not reach {Target}: {Reason}", trapOid, target.Address, e.Message);
            return e;
        }
    }
}

/// <summary>
/// What an SNMPv3 notification target keeps between informs: the session of its principal, which
/// remembers the receiver's discovered snmpEngineID; a new one when the principal changes (AddUser
/// replaced a USM user).
/// </summary>
internal sealed class V3Target
{
    private readonly Lock _lock = new();
    private (SecurityPrincipal Principal, SecurityLevel? Level, V3Session Session)? _current;

    public V3Session SessionFor(IOriginatorSecurityModel model, SecurityPrincipal principal, SecurityLevel? level)
    {
        lock (_lock)
        {
            if (_current is { } current && current.Principal == principal && current.Level == level)
            {
                return current.Session;
            }

            var session = new V3Session(model, _ => principal, principal, level, _current?.Session.EngineId, SnmpEntityRole.NotificationReceiver);
            _current = (principal, level, session);
            return session;
        }
    }
}
