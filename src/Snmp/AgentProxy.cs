using System.Net;
using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Applications.Proxy;
using Snmp.Composition;
using Snmp.Configuration;
using Snmp.Dispatcher;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp;

/// <summary>
/// The agent's side of its Proxy Forwarder (RFC 3413 section 3.5): the management target
/// translation of section 7 over its snmpProxyTable and SNMP-TARGET-MIB rows (the same rows
/// <see cref="Agent.AddProxy"/> and a manager's Set write), the dispatcher registrations that
/// follow those rows (registerContextEngineID for each proxied contextEngineID, 3.5.1.1), and
/// the targets readied to send (an SNMPv3 target's engine discovered once, as for informs).
/// Thread-safe.
/// </summary>
internal sealed class AgentProxy : IProxyTargetTranslation, IDisposable
{
    private readonly NotificationTables _tables;
    private readonly UserBasedSecurityModel _usm;
    private readonly OriginatorSecurityModels _securityModels;
    private readonly LocalEngine _localEngine;
    private readonly CommandGenerator _commandGenerator;
    private readonly TransportMappingFactories _transports;
    private readonly SnmpDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, V3Target> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<(OctetString EngineId, bool Notifications), IDisposable> _registrations = [];
    private volatile HashSet<(OctetString ContextName, ProxyType Type)> _localContexts = [];

    public AgentProxy(NotificationTables tables, UserBasedSecurityModel usm, OriginatorSecurityModels securityModels, LocalEngine localEngine,
        CommandGenerator commandGenerator, NotificationOriginator originator, TransportMappingFactories transports, SnmpDispatcher dispatcher, ILogger logger)
    {
        _tables = tables;
        _usm = usm;
        _securityModels = securityModels;
        _localEngine = localEngine;
        _commandGenerator = commandGenerator;
        _transports = transports;
        _dispatcher = dispatcher;
        _logger = logger;
        Forwarder = new ProxyForwarder(dispatcher, commandGenerator, originator, this, dispatcher.Statistics, logger);
    }

    /// <summary>The Proxy Forwarder application this translation serves.</summary>
    public ProxyForwarder Forwarder { get; }

    /// <summary>
    /// Whether a request or notification to the agent's own snmpEngineID is for a context an
    /// active proxy entry forwards (the library's addition to RFC 3413, as Net-SNMP's <c>proxy -Cn</c>).
    /// </summary>
    public bool ForwardsLocally(ProcessPduParameters pdu)
    {
        var local = _localContexts;
        return local.Count > 0 && local.Contains((pdu.ContextName, TypeOf(pdu.Pdu.Type)));
    }

    /// <summary>The snmpProxyType of a PDU type (RFC 3413 section 7).</summary>
    public static ProxyType TypeOf(PduType type) => type switch
    {
        PduType.SetRequest => ProxyType.Write,
        PduType.TrapV1 or PduType.SNMPv2Trap => ProxyType.Trap,
        PduType.InformRequest => ProxyType.Inform,
        _ => ProxyType.Read,
    };

    /// <summary>Adds (or replaces) a proxy entry, permanent and active (the application adds it at every start).</summary>
    /// <exception cref="SnmpConfigurationException">A name or engine ID out of the MIB's range, or a tag with a delimiter in it.</exception>
    public void Add(ProxyEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CheckName(entry.Name, "snmpProxyName");
        CheckName(entry.TargetParamsIn, "snmpProxyTargetParamsIn");
        if (entry.ContextEngineId is null || entry.ContextEngineId.Length is < 5 or > 32)
        {
            throw new SnmpConfigurationException($"Proxy entry \"{entry.Name}\": snmpProxyContextEngineID must be 5 to 32 octets (SnmpEngineID).");
        }

        if (entry.Type is < ProxyType.Read or > ProxyType.Inform)
        {
            throw new SnmpConfigurationException($"Proxy entry \"{entry.Name}\": {entry.Type} is not an snmpProxyType.");
        }

        if (!TagLists.IsTagValue(entry.MultipleTargetOut))
        {
            throw new SnmpConfigurationException($"Proxy entry \"{entry.Name}\": snmpProxyMultipleTargetOut \"{entry.MultipleTargetOut}\" is not one tag (SnmpTagValue).");
        }

        _tables.Proxies.Put(entry.Name, new ProxyRow
        {
            Name = entry.Name, Type = entry.Type, ContextEngineId = entry.ContextEngineId, ContextName = entry.ContextName, TargetParamsIn = entry.TargetParamsIn,
            SingleTargetOut = entry.SingleTargetOut, MultipleTargetOut = entry.MultipleTargetOut, Status = RowStatus.Active, StorageType = StorageType.Permanent,
        });
        Sync();
    }

    /// <summary>Adds (or replaces) an snmpTargetAddrEntry, permanent and active.</summary>
    /// <exception cref="SnmpConfigurationException">A name out of range, an address no transport reads, a tag with a delimiter, or a timeout or retry count out of range.</exception>
    public void AddTargetAddress(TargetAddress target)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckName(target.Name, "snmpTargetAddrName");
        CheckName(target.Params, "snmpTargetAddrParams");
        if (target.Tags.Any(t => t.Length == 0 || !TagLists.IsTagValue(t)))
        {
            throw new SnmpConfigurationException($"Target \"{target.Name}\": a tag is empty or has a space in it (SnmpTagList).");
        }

        if (target.Timeout < TimeSpan.Zero || target.Timeout.TotalMilliseconds / 10 > int.MaxValue || target.RetryCount is < 0 or > 255)
        {
            throw new SnmpConfigurationException($"Target \"{target.Name}\": snmpTargetAddrTimeout must be positive and snmpTargetAddrRetryCount 0 to 255.");
        }

        TransportDomain domain;
        EndPoint endPoint;
        try
        {
            (domain, endPoint) = _transports.Parse(target.Address, preferredDomain: null, SnmpEntityRole.CommandResponder, forListening: false);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new SnmpConfigurationException($"Target \"{target.Name}\": the address \"{target.Address}\" cannot be used: {e.Message}", e);
        }

        _tables.Addresses.Put(target.Name, new TargetAddrRow
        {
            Name = target.Name, Domain = domain.Oid, Address = TransportAddresses.Encode(endPoint, target.Address), Parsed = (domain, endPoint),
            Timeout = (int)Math.Ceiling(target.Timeout.TotalMilliseconds / 10), RetryCount = target.RetryCount, TagList = string.Join(' ', target.Tags),
            Params = target.Params, Status = RowStatus.Active, StorageType = StorageType.Permanent,
        });
    }

    /// <summary>Adds (or replaces) an snmpTargetParamsEntry, permanent and active.</summary>
    /// <exception cref="SnmpConfigurationException">A name out of range, an unknown version, or a level a community cannot have.</exception>
    public void AddTargetParameters(TargetParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckName(parameters.Name, "snmpTargetParamsName");
        ArgumentException.ThrowIfNullOrEmpty(parameters.SecurityName);
        var model = parameters.SecurityModel ?? parameters.Version switch
        {
            SnmpVersion.SNMPv1 => SecurityModel.SNMPv1,
            SnmpVersion.SNMPv2c => SecurityModel.SNMPv2c,
            SnmpVersion.SNMPv3 => SecurityModel.Usm,
            var other => throw new SnmpConfigurationException($"Target parameters \"{parameters.Name}\": {other} is not an SNMP version the agent speaks."),
        };
        if (parameters.Version != SnmpVersion.SNMPv3 && parameters.SecurityLevel != SecurityLevel.NoAuthNoPriv)
        {
            throw new SnmpConfigurationException($"Target parameters \"{parameters.Name}\": {parameters.Version} messages are noAuthNoPriv (RFC 3584 5.2).");
        }

        _tables.Params.Put(parameters.Name, new TargetParamsRow
        {
            Name = parameters.Name, MessageProcessingModel = (int)parameters.Version, SecurityModel = model.Value, SecurityName = new OctetString(parameters.SecurityName),
            SecurityLevel = parameters.SecurityLevel, LevelGiven = true, Status = RowStatus.Active, StorageType = StorageType.Permanent,
        });
    }

    private static void CheckName(string? name, string column)
    {
        if (string.IsNullOrEmpty(name) || System.Text.Encoding.UTF8.GetByteCount(name) > 32)
        {
            throw new SnmpConfigurationException($"{column} \"{name}\" must be 1 to 32 octets (SnmpAdminString).");
        }
    }

    /// <summary>
    /// RFC 3413 3.5.1.1: registers the forwarder for the contextEngineIDs the active proxy entries
    /// name (and unregisters those none names any more); entries for the agent's own engine ID
    /// are routed by context name instead (read and write through the agent's own registration,
    /// notifications with a registration of the notification types, which the responder does not take).
    /// </summary>
    public void Sync()
    {
        lock (_lock)
        {
            var wanted = new HashSet<(OctetString, bool)>();
            var local = new HashSet<(OctetString, ProxyType)>();
            foreach (var row in _tables.Proxies.All())
            {
                if (row is not { Status: RowStatus.Active, ContextEngineId: { } engine, Type: { } type })
                {
                    continue;
                }

                if (engine.Equals(_localEngine.EngineId))
                {
                    local.Add((new OctetString(row.ContextName), type));
                    if (type is ProxyType.Trap or ProxyType.Inform)
                    {
                        wanted.Add((engine, true));
                    }
                }
                else
                {
                    wanted.Add((engine, false));
                }
            }

            _localContexts = local;
            foreach (var key in _registrations.Keys.Where(k => !wanted.Contains(k)).ToList())
            {
                _registrations[key].Dispose();
                _registrations.Remove(key);
            }

            foreach (var key in wanted.Where(k => !_registrations.ContainsKey(k)))
            {
                var types = key.Item2 ? ProxyForwarder.PduTypes.Where(t => t.IsNotification()).ToList() : ProxyForwarder.PduTypes;
                try
                {
                    _registrations[key] = _dispatcher.RegisterContextEngineId(key.Item1, types, Forwarder);
                }
                catch (ObjectDisposedException)
                {
                    return; // the agent is stopping
                }
                catch (InvalidOperationException e)
                {
                    _logger.LogWarning("The proxy forwarder cannot register for context engine {EngineId}: {Reason}", key.Item1.ToHex(), e.Message);
                }
            }
        }
    }

    /// <summary>
    /// RFC 3413 section 7 (7.1 and 7.2 share it): the active snmpProxyEntries of
    /// <paramref name="type"/> whose snmpProxyContextEngineID and snmpProxyContextName are the
    /// message's, and whose snmpProxyTargetParamsIn names an active snmpTargetParamsEntry with the
    /// message's messageProcessingModel, securityModel, securityName and securityLevel; in the
    /// table's order (by snmpProxyName).
    /// </summary>
    public static IEnumerable<ProxyRow> Matching(NotificationTables tables, ProxyType type, ProcessPduParameters incoming)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(incoming);
        var contextName = Configuration.IndexText.AdminString(incoming.ContextName);
        return tables.Proxies.All()
            .Where(row => row.Status == RowStatus.Active && row.Type == type && incoming.ContextEngineId.Equals(row.ContextEngineId) &&
                string.Equals(row.ContextName, contextName, StringComparison.Ordinal) &&
                row.TargetParamsIn is { } paramsIn && tables.Params.Find(paramsIn) is { Status: RowStatus.Active } parameters &&
                parameters.MessageProcessingModel == (int)incoming.MessageProcessingModel && parameters.SecurityModel == incoming.SecurityModel.Value &&
                incoming.SecurityName.Equals(parameters.SecurityName) && parameters.SecurityLevel == incoming.SecurityLevel)
            .OrderBy(row => row.Name, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async ValueTask<ProxyTranslation> TranslateRequestAsync(ProxyType type, ProcessPduParameters incoming, CancellationToken cancellationToken)
    {
        // 7.1: of the matching entries, the first; its snmpProxySingleTargetOut names the target.
        var row = Matching(_tables, type, incoming).FirstOrDefault();
        if (row is null)
        {
            return ProxyTranslation.None($"no active {type} proxy entry matches the request's context and parameters");
        }

        if (_tables.Addresses.Find(row.SingleTargetOut) is not { Status: RowStatus.Active } address)
        {
            return ProxyTranslation.None($"proxy entry {row.Name} names the target \"{row.SingleTargetOut}\", which is not an active snmpTargetAddrEntry");
        }

        var (target, reason) = await PrepareAsync(address, incoming, confirmed: true, cancellationToken).ConfigureAwait(false);
        return target is null ? ProxyTranslation.None($"proxy entry {row.Name}: {reason}") : ProxyTranslation.To(target);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ProxyTarget>> TranslateNotificationAsync(ProxyType type, ProcessPduParameters incoming, CancellationToken cancellationToken)
    {
        // 7.2: every matching entry's snmpProxyMultipleTargetOut selects the active targets of that tag; each target once.
        var addresses = new Dictionary<string, TargetAddrRow>(StringComparer.Ordinal);
        foreach (var row in Matching(_tables, type, incoming))
        {
            foreach (var address in _tables.Addresses.All().Where(a => a.Status == RowStatus.Active && row.MultipleTargetOut.Length > 0 && a.Tags.Contains(row.MultipleTargetOut, StringComparer.Ordinal)))
            {
                addresses.TryAdd(address.Name, address);
            }
        }

        var targets = new List<ProxyTarget>();
        foreach (var address in addresses.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            var (target, reason) = await PrepareAsync(address, incoming, confirmed: type == ProxyType.Inform, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                _logger.LogDebug("A notification is not forwarded to {Target}: {Reason}", address.Name, reason);
                continue;
            }

            targets.Add(target);
        }

        return targets;
    }

    /// <summary>
    /// The outgoing management target of an snmpTargetAddrEntry (its TDomain and TAddress, and
    /// its snmpTargetParamsEntry's version, model, securityName and level), ready to send: the
    /// contextEngineID and contextName the message came with (RFC 3413 3.5.1.1 step 4); an
    /// SNMPv3 target's securityName readied for its engine (for a trap: this engine, the
    /// authoritative one, RFC 3414 2.3).
    /// </summary>
    private async ValueTask<(ProxyTarget? Target, string? Reason)> PrepareAsync(TargetAddrRow address, ProcessPduParameters incoming, bool confirmed, CancellationToken cancellationToken)
    {
        if (address.Params is null || _tables.Params.Find(address.Params) is not { Status: RowStatus.Active } parameters)
        {
            return (null, $"target {address.Name} names the parameters \"{address.Params}\", which are not an active snmpTargetParamsEntry");
        }

        if ((address.Parsed ?? TransportAddresses.Decode(address.Domain!, address.Address!)) is not { } parsed)
        {
            return (null, $"target {address.Name}: the agent cannot send to that snmpTargetAddrTDomain/TAddress");
        }

        var (domain, endPoint) = parsed;

        var policy = AgentNotifications.Retransmission(address);
        SnmpTarget target;
        switch (parameters.MessageProcessingModel)
        {
            case (int)SnmpVersion.SNMPv1 or (int)SnmpVersion.SNMPv2c:
                target = SnmpTarget.Community(domain, endPoint, (SnmpVersion)parameters.MessageProcessingModel, parameters.SecurityName!);
                break;
            case (int)SnmpVersion.SNMPv3:
                var model = new SecurityModel(parameters.SecurityModel!.Value);
                var principal = Principal(model, parameters);
                var template = new SnmpTarget(domain, endPoint, SnmpVersion.SNMPv3, model, parameters.SecurityName!, parameters.SecurityLevel ?? SecurityLevel.NoAuthNoPriv,
                    OctetString.Empty, OctetString.Empty);
                var session = SessionOf(address.Name).SessionFor(_securityModels.For(model), principal, parameters.SecurityLevel);
                if (confirmed)
                {
                    // The downstream engine is authoritative (RFC 3414 2.3): discovered once, the principal readied for it.
                    target = await session.PrepareTargetAsync(_commandGenerator, template, null, policy, cancellationToken).ConfigureAwait(false);
                    if (incoming.Pdu.Type != PduType.InformRequest)
                    {
                        target = target with { ContextEngineId = incoming.ContextEngineId, ContextName = incoming.ContextName };
                    }
                }
                else
                {
                    target = session.PrepareTrapTarget(template, _localEngine.EngineId) with { ContextEngineId = incoming.ContextEngineId, ContextName = incoming.ContextName };
                }

                break;
            default:
                return (null, $"target {address.Name}: snmpTargetParamsMPModel {parameters.MessageProcessingModel} is not a message processing model the agent has");
        }

        return (new ProxyTarget(address.Name, target, policy), null);
    }

    /// <summary>Who an SNMPv3 target sends as: a USM user of the agent's usmUserTable (its credentials), or another model's securityName.</summary>
    private SecurityPrincipal Principal(SecurityModel model, TargetParamsRow parameters)
    {
        if (model != SecurityModel.Usm)
        {
            return new SecurityPrincipal(parameters.SecurityName!);
        }

        var user = _usm.FindUser(_localEngine.EngineId, parameters.SecurityName!)?.User
            ?? throw new SnmpConfigurationException($"The agent has no USM user \"{parameters.SecurityName}\" to send as (target parameters {parameters.Name}).");
        return new SecurityPrincipal(user.UserName) { Credentials = user, DefaultSecurityLevel = parameters.SecurityLevel ?? user.MaxSecurityLevel, MaxSecurityLevel = user.MaxSecurityLevel };
    }

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

    /// <summary>Stops forwarding and undoes the registrations.</summary>
    public void Dispose()
    {
        Forwarder.Stop();
        lock (_lock)
        {
            foreach (var registration in _registrations.Values)
            {
                registration.Dispose();
            }

            _registrations.Clear();
        }
    }
}

/// <summary>
/// What the agent registers under its own snmpEngineID for requests: the Command Responder,
/// except for a context an active proxy entry forwards (<see cref="AgentProxy.ForwardsLocally"/>),
/// which goes to the Proxy Forwarder. Without such entries, one read of an empty set per request.
/// </summary>
internal sealed class LocalContextRouter(CommandResponder responder, AgentProxy proxy) : IPduProcessor
{
    public void ProcessPdu(ProcessPduParameters pdu)
    {
        if (proxy.ForwardsLocally(pdu))
        {
            proxy.Forwarder.ProcessPdu(pdu);
        }
        else
        {
            responder.ProcessPdu(pdu);
        }
    }
}
