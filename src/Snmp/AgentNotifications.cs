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
    private readonly Dictionary<string, V3Target> _sessions = new(StringComparer.Ordinal);
    private int _added;
    private long _failures;

    /// <summary>
    /// The SNMP-TARGET-MIB and SNMP-NOTIFICATION-MIB rows the notifications go by: what
    /// <see cref="Add"/> writes and what a manager's Set writes are the same rows.
    /// </summary>
    public Configuration.NotificationTables Tables { get; } = new();

    /// <summary>Notifications that did not reach a target (a send that failed, an inform not acknowledged).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Adds a target as rows of the tables (RFC 3413 4.1, 4.2): an snmpTargetAddrEntry tagged with its own
    /// name, its snmpTargetParamsEntry, an snmpNotifyEntry selecting the tag, and for a <see cref="NotificationTarget.Filter"/>
    /// a filter profile including those subtrees; all permanent (the application adds them at every start).
    /// </summary>
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
        SecurityModel model;
        OctetString securityName;
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

            model = target.SecurityModel;
            securityName = new OctetString(target.UserName);
        }
        else
        {
            ArgumentException.ThrowIfNullOrEmpty(target.Community);
            model = target.Version == SnmpVersion.SNMPv1 ? SecurityModel.SNMPv1 : SecurityModel.SNMPv2c;
            securityName = new OctetString(target.Community);
        }

        string name;
        lock (_lock)
        {
            do
            {
                name = $"target{++_added}";
            }
            while (Tables.Addresses.Find(name) is not null || Tables.Params.Find(name) is not null || Tables.Notifications.Find(name) is not null);
        }

        // RetransmissionPolicy.Default as snmpTargetAddrTimeout (1 s) and snmpTargetAddrRetryCount (9).
        Tables.Params.Put(name, new Configuration.TargetParamsRow
        {
            Name = name, MessageProcessingModel = (int)target.Version, SecurityModel = model.Value, SecurityName = securityName,
            SecurityLevel = target.Version == SnmpVersion.SNMPv3 ? target.SecurityLevel : SecurityLevel.NoAuthNoPriv,
            Status = RowStatus.Active, StorageType = StorageType.Permanent,
        });
        if (target.Filter.Count > 0)
        {
            foreach (var subtree in target.Filter)
            {
                Tables.Filters.Put((name, subtree), new Configuration.FilterRow { ProfileName = name, Subtree = subtree, Status = RowStatus.Active, StorageType = StorageType.Permanent });
            }

            Tables.FilterProfiles.Put(name, new Configuration.FilterProfileRow { ParamsName = name, ProfileName = name, Status = RowStatus.Active, StorageType = StorageType.Permanent });
        }

        Tables.Addresses.Put(name, new Configuration.TargetAddrRow
        {
            Name = name, Domain = domain.Oid, Address = Configuration.TransportAddresses.Encode(endPoint, target.Address), Parsed = (domain, endPoint),
            Timeout = 100, RetryCount = 9, TagList = name, Params = name, Status = RowStatus.Active, StorageType = StorageType.Permanent,
        });
        Tables.Notifications.Put(name, new Configuration.NotifyRow { Name = name, Tag = name, Type = target.Inform ? 2 : 1, Status = RowStatus.Active, StorageType = StorageType.Permanent });
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
    /// The level an SNMPv3 target's parameters send at: the row's, or (an application target
    /// given none) the USM user's highest, or the model's default.
    /// </summary>
    public SecurityLevel EffectiveLevel(Configuration.TargetParamsRow row)
    {
        if (row.SecurityLevel is { } level)
        {
            return level;
        }

        var model = new SecurityModel(row.SecurityModel ?? 0);
        if (model == SecurityModel.Usm)
        {
            return usm.FindUser(localEngine.EngineId, row.SecurityName!)?.User.MaxSecurityLevel ?? SecurityLevel.NoAuthNoPriv;
        }

        return securityModels.For(model).DefaultSecurityLevel(new SecurityPrincipal(row.SecurityName!));
    }

    /// <summary>
    /// Sends <paramref name="trapOid"/> to every target the tables select and whose filter passes
    /// it (RFC 3413 sections 3.3, 4 and 6), and returns how many got it (traps sent, informs acknowledged).
    /// </summary>
    /// <exception cref="AggregateException">Only with <paramref name="throwOnFailure"/>: the failures of the targets that did not get it.</exception>
    public async Task<int> SendAsync(ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds, bool throwOnFailure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trapOid);
        var given = varBinds?.ToList();
        var notification = NotificationOriginator.Notification(sysUpTime(), trapOid, given);
        var names = given?.Select(v => v.Oid).ToList() ?? [];
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var sends = Select().Where(t => Tables.Passes(t.Params.Name, trapOid, names))
            .Select(t => SendOneAsync(t.Address, t.Params, t.Inform, trapOid, notification, linked.Token)).ToList();
        var failures = (await Task.WhenAll(sends).ConfigureAwait(false)).OfType<Exception>().ToList();
        if (throwOnFailure && failures.Count > 0)
        {
            throw new AggregateException($"Notification {trapOid} did not reach {failures.Count} of {sends.Count} targets.", failures);
        }

        return sends.Count - failures.Count;
    }

    /// <summary>
    /// RFC 3413 3.3: each active snmpNotifyEntry's tag selects the active snmpTargetAddrEntries
    /// whose tag list holds it, each with its active snmpTargetParamsEntry; a target selected
    /// more than once gets the notification once (an inform if any selecting entry says inform).
    /// </summary>
    private List<(Configuration.TargetAddrRow Address, Configuration.TargetParamsRow Params, bool Inform)> Select()
    {
        var selected = new Dictionary<string, (Configuration.TargetAddrRow, Configuration.TargetParamsRow, bool)>(StringComparer.Ordinal);
        var addresses = Tables.Addresses.All().Where(a => a.Status == RowStatus.Active).ToList();
        foreach (var notify in Tables.Notifications.All().Where(n => n.Status == RowStatus.Active && n.Tag.Length > 0).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            foreach (var address in addresses.Where(a => a.Tags.Contains(notify.Tag, StringComparer.Ordinal)))
            {
                if (address.Params is null || Tables.Params.Find(address.Params) is not { Status: RowStatus.Active } parameters)
                {
                    continue;
                }

                bool inform = notify.Type == 2 || selected.TryGetValue(address.Name, out var earlier) && earlier.Item3;
                selected[address.Name] = (address, parameters, inform);
            }
        }

        return [.. selected.Values];
    }

    /// <summary>The SNMPv3 target's user as the agent's usmUserTable has it now, and the level to send at.</summary>
    /// <exception cref="SnmpConfigurationException">The agent has no such user, or the user cannot do the target's level.</exception>
    private (UsmUser User, SecurityLevel Level) User(Configuration.TargetAddrRow address, Configuration.TargetParamsRow parameters)
    {
        var row = usm.FindUser(localEngine.EngineId, parameters.SecurityName!)
            ?? throw new SnmpConfigurationException($"The agent has no USM user \"{parameters.SecurityName}\" for notification target {address.Name}: add it with AddUser, or give its protocols and passwords in the target.");
        var level = parameters.SecurityLevel ?? row.User.MaxSecurityLevel;
        if (level > row.User.MaxSecurityLevel)
        {
            throw new SnmpConfigurationException($"User \"{parameters.SecurityName}\" cannot send {level} notifications: its configuration supports at most {row.User.MaxSecurityLevel}.");
        }

        return (row.User, level);
    }

    /// <summary>
    /// Who an SNMPv3 target sends as: a USM user as the agent's usmUserTable has it now (its
    /// credentials and the level to send at), or another model's securityName and level.
    /// </summary>
    private (SecurityPrincipal Principal, SecurityLevel? Level) Principal(Configuration.TargetAddrRow address, Configuration.TargetParamsRow parameters)
    {
        var model = new SecurityModel(parameters.SecurityModel!.Value);
        if (model != SecurityModel.Usm)
        {
            return (new SecurityPrincipal(parameters.SecurityName!), parameters.SecurityLevel);
        }

        var (user, level) = User(address, parameters);
        return (new SecurityPrincipal(user.UserName) { Credentials = user, DefaultSecurityLevel = level, MaxSecurityLevel = user.MaxSecurityLevel }, level);
    }

    /// <summary>Cancels the informs still retransmitting (the agent is stopping).</summary>
    public void Stop() => _stopping.Cancel();

    private V3Target SessionOf(string addressName)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(addressName, out var session))
            {
                _sessions[addressName] = session = new V3Target();
            }

            return session;
        }
    }

    private async Task<Exception?> SendOneAsync(Configuration.TargetAddrRow address, Configuration.TargetParamsRow parameters, bool inform, ObjectIdentifier trapOid,
        VarBindList notification, CancellationToken cancellationToken)
    {
        try
        {
            var (domain, endPoint) = address.Parsed ?? Configuration.TransportAddresses.Decode(address.Domain!, address.Address!)
                ?? throw new SnmpConfigurationException($"Notification target {address.Name}: the agent cannot send to that snmpTargetAddrTDomain/TAddress.");
            var version = parameters.MessageProcessingModel switch
            {
                0 => SnmpVersion.SNMPv1,
                1 => SnmpVersion.SNMPv2c,
                3 => SnmpVersion.SNMPv3,
                var other => throw new SnmpConfigurationException($"Notification target {address.Name}: snmpTargetParamsMPModel {other} is not a message processing model the agent has."),
            };
            if (inform && version == SnmpVersion.SNMPv1)
            {
                inform = false; // RFC 3584 section 3: an SNMPv1 target can only take a Trap
            }

            SnmpTarget snmp;
            if (version == SnmpVersion.SNMPv3)
            {
                var model = new SecurityModel(parameters.SecurityModel!.Value);
                var (principal, level) = Principal(address, parameters);
                snmp = new SnmpTarget(domain, endPoint, SnmpVersion.SNMPv3, model, parameters.SecurityName!, level ?? SecurityLevel.NoAuthNoPriv, OctetString.Empty, OctetString.Empty);
                var session = SessionOf(address.Name).SessionFor(securityModels.For(model), principal, level);
                snmp = inform
                    // The receiver is the authoritative engine of an inform (RFC 3414 2.3): discovered once, the principal readied for it.
                    ? await session.PrepareTargetAsync(commandGenerator, snmp, null, Retransmission(address), cancellationToken).ConfigureAwait(false)
                    // The agent is the authoritative engine of its traps: its own snmpEngineID as
                    // securityEngineID and contextEngineID (RFC 3413 3.3), with USM its boots and time.
                    : session.PrepareTrapTarget(snmp, localEngine.EngineId);
            }
            else
            {
                snmp = SnmpTarget.Community(domain, endPoint, version, parameters.SecurityName!);
            }

            if (inform)
            {
                await originator.InformAsync(snmp, notification, Retransmission(address), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await originator.SendTrapAsync(snmp, notification, cancellationToken).ConfigureAwait(false);
            }

            logger.LogDebug("Sent notification {TrapOid} to {Target}", trapOid, address.Name);
            return null;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            logger.LogWarning("Notification {TrapOid} did not reach {Target}: {Reason}", trapOid, address.Name, e.Message);
            return e;
        }
    }

    /// <summary>snmpTargetAddrTimeout (hundredths of a second, per try) and snmpTargetAddrRetryCount as the retransmission schedule.</summary>
    internal static RetransmissionPolicy Retransmission(Configuration.TargetAddrRow address)
    {
        var perTry = TimeSpan.FromMilliseconds(Math.Max(1, address.Timeout) * 10.0);
        return new RetransmissionPolicy(perTry * (address.RetryCount + 1), perTry);
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
