using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Applications;
using Snmp.Applications.Proxy;
using Snmp.Composition;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.MessageProcessing;
using Snmp.Security.Community;
using Snmp.Security.Usm;
using Snmp.Transport.Udp;

namespace Snmp;

/// <summary>
/// An SNMP agent: an SNMP engine that is authoritative for the requests it receives, with the
/// Command Responder (RFC 3413 section 3.2), VACM (RFC 3415) and a MIB you fill with
/// <see cref="MibScalar"/>s and <see cref="MibTable"/>s. Serves SNMPv1, SNMPv2c and SNMPv3 (USM,
/// and the Transport Security Model over a secure transport, <see cref="AddSecurityName"/>) on
/// every address in <see cref="AgentOptions.ListenOn"/> from construction until disposal; SNMPv3
/// requests to the RFC 5343 localEngineID are answered as to its own snmpEngineID.
/// </summary>
/// <example>
/// <code>
/// await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:1161"], EngineBootsFile = "agent.boots" });
/// agent.AddCommunity("public");
/// agent.AddUser("admin", AuthenticationProtocol.HmacSha256, "auth-secret", PrivacyProtocol.Aes128, "priv-secret", writable: true);
/// agent.Mib.AddScalar("1.3.6.1.4.1.99999.1", new Integer32(42));
/// </code>
/// </example>
public sealed class Agent : IDisposable, IAsyncDisposable
{
    /// <summary>The view every agent defines: the whole internet subtree (1.3.6.1).</summary>
    public const string AllView = "all";

    private readonly SnmpEngineHost _host;
    private readonly SnmpDispatcher _dispatcher;
    private readonly UserBasedSecurityModel _usm;
    private readonly AgentContexts _contexts;
    private readonly ILogger _logger;
    private readonly AgentNotifications _notifications;
    private readonly MibScalar? _enableAuthenTraps;
    private readonly AgentProxy _proxy;

    /// <summary>coldStart (SNMPv2-MIB, RFC 3418): 1.3.6.1.6.3.1.1.5.1, sent to the notification targets once the agent listens.</summary>
    public static readonly ObjectIdentifier ColdStart = new(1, 3, 6, 1, 6, 3, 1, 1, 5, 1);

    /// <summary>authenticationFailure (SNMPv2-MIB, RFC 3418): 1.3.6.1.6.3.1.1.5.5.</summary>
    public static readonly ObjectIdentifier AuthenticationFailure = AuthenticationFailureTrap.AuthenticationFailure;

    /// <summary>Starts an agent.</summary>
    /// <exception cref="SnmpConfigurationException">An address cannot be parsed or bound, the boots file is unusable, MaxMessageSize or EngineId is out of range, a notification target is unusable, or a module does not compose.</exception>
    public Agent(AgentOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, timeProvider: null)
    {
    }

    /// <summary>
    /// Starts an agent with <paramref name="timeProvider"/> in place of the system clock (tests):
    /// it drives snmpEngineTime and sysUpTime, USM's timeliness, the retransmission of informs and
    /// the rate of authenticationFailure notifications.
    /// </summary>
    internal Agent(AgentOptions? options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        Options = options ?? new AgentOptions();
        if (Options.MaxMessageSize is < MessageSize.Minimum or > MessageSize.Default)
        {
            throw new SnmpConfigurationException($"MaxMessageSize {Options.MaxMessageSize} is outside {MessageSize.Minimum} .. {MessageSize.Default} (RFC 3417 3.1; the UDP maximum).");
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<Agent>();
        _host = new SnmpEngineHost(new SnmpEngineHostSettings(Options.Identity)
        {
            LoggerFactory = loggerFactory,
            TimeProvider = timeProvider ?? TimeProvider.System,
            Tls = Options.Tls,
            MaxMessageSize = Options.MaxMessageSize,
            Communities = Communities,
            Applications = EngineApplications.Originator | EngineApplications.Responder,
            Modules = Options.Modules,
        });
        LocalEngine = _host.LocalEngine;
        _dispatcher = _host.Dispatcher;
        _usm = _host.Usm;
        _contexts = _host.Contexts;
        Vacm = _host.Vacm;
        Mib = AddContext("");
        Vacm.AddView(AllView, new ObjectIdentifier(1, 3, 6, 1));
        if (Options.BuiltInObjects)
        {
            _enableAuthenTraps = BuiltInObjects.Register(Mib, Options, LocalEngine, _dispatcher.Statistics);
        }

        _notifications = new AgentNotifications(_host.NotificationOriginator, _host.CommandGenerator, _usm, _host.SecurityModels, LocalEngine,
            _host.Transports, () => new TimeTicks(LocalEngine.UpTimeTicks), _logger);
        _proxy = new AgentProxy(_notifications.Tables, _usm, _host.SecurityModels, LocalEngine, _host.CommandGenerator, _host.NotificationOriginator,
            _host.Transports, _dispatcher, loggerFactory.CreateLogger<ProxyForwarder>());
        if (Options.BuiltInObjects)
        {
            // The configuration MIBs (RFC 3413-3415, 3584): the same rows the methods below write;
            // their nonVolatile rows kept in the configuration file, read back before anything else.
            var path = Options.ConfigurationFile ?? (Options.EngineBootsFile is { } boots ? boots + ".config" : null);
            var file = path is null ? null : new Configuration.ConfigurationFile(path, _usm, Vacm, _notifications.Tables, Communities);
            Action? changed = file is null ? null : file.Save;
            Configuration.UsmUserMib.Register(Mib, _usm, changed);
            Configuration.VacmMib.Register(Mib, Vacm, changed);
            Configuration.TargetMib.Register(Mib, _notifications.Tables, _notifications.EffectiveLevel, changed);
            Configuration.CommunityMib.Register(Mib, Communities, _notifications.Tables, LocalEngine.EngineId, changed);
            // SNMP-PROXY-MIB: a change to the rows also changes what the forwarder registers for.
            Configuration.ProxyMib.Register(Mib, _notifications.Tables, () =>
            {
                _proxy.Sync();
                changed?.Invoke();
            });
            _host.StartUp(() => file?.Load());
            _proxy.Sync();
        }

        _host.StartUp(() =>
        {
            foreach (var target in Options.NotificationTargets)
            {
                _notifications.Add(target);
            }
        });

        var authenticationFailure = new AuthenticationFailureTrap(AuthenticationTrapsEnabled,
            trapOid => _notifications.SendAsync(trapOid, null, throwOnFailure: false, CancellationToken.None), _host.TimeProvider);
        _dispatcher.MessageDropped += authenticationFailure.OnMessageDropped;

        if (Options.AgentXAddress is { } agentXAddress)
        {
            AgentX = StartAgentXMaster(agentXAddress, loggerFactory);
        }

        // The responder serves the agent's own engine ID, except for the contexts a proxy entry forwards.
        _host.Serve(LocalEngine.EngineId, CommandResponder.PduTypes, new LocalContextRouter(_host.CommandResponder, _proxy));
        _host.StartUp(() => Telemetry.EngineTelemetry.Attach(_host, this));
        var endpoints = _host.Listen(Options.ListenOn, SnmpEntityRole.CommandResponder, "agent");
        ListeningAddresses = endpoints;
        Endpoints = [.. endpoints.OfType<IPEndPoint>()];
        _logger.LogInformation("SNMP agent {EngineId} (boots {Boots}) listening on {Endpoints}", LocalEngine.EngineId.ToHex(), LocalEngine.Boots, string.Join(", ", endpoints));
        // RFC 3418 coldStart: the agent is (re)initialising; sent once it listens (informs acknowledged there).
        _ = _notifications.SendAsync(ColdStart, null, throwOnFailure: false, CancellationToken.None);
    }

    /// <summary>The community table (RFC 3584 5.2.1): what each SNMPv1/v2c community stands for. <see cref="AddCommunity"/> fills it.</summary>
    public CommunityTable Communities { get; } = new();

    /// <summary>What the agent was started with.</summary>
    public AgentOptions Options { get; }

    /// <summary>snmpEngineID, snmpEngineBoots and snmpEngineTime of this agent.</summary>
    public LocalEngine LocalEngine { get; }

    /// <summary>The IP addresses actually bound (with the ports chosen for port 0), in the order of <see cref="AgentOptions.ListenOn"/>.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <summary>Every local address the agent listens on, of every transport (plug-ins included).</summary>
    public IReadOnlyList<EndPoint> ListeningAddresses { get; }

    /// <summary>The MIB of the default context "" (with the built-in objects).</summary>
    public MibTree Mib { get; }

    /// <summary>The access control configuration (RFC 3415): groups, access entries, views, contexts.</summary>
    public ViewBasedAccessControlModel Vacm { get; }

    /// <summary>
    /// The agent's USM (its usmUserTable), for a caller that adds users whose keys it derived once
    /// for many agents (the load tool's simulated agents).
    /// </summary>
    internal UserBasedSecurityModel UserBasedSecurityModel => _usm;

    /// <summary>The agent's counters (snmp group, MPD, usmStats, contexts), the same the built-in MIB objects serve.</summary>
    public SnmpStatistics Statistics => _dispatcher.Statistics;

    /// <summary>
    /// Adds (or returns) the MIB of a non-default context (SNMPv3 contextName) and makes the
    /// context known to VACM. Its <see cref="MibTree.Mibs"/> are <see cref="AgentOptions.Mibs"/>,
    /// so objects may be registered by name.
    /// </summary>
    public MibTree AddContext(string contextName)
    {
        ArgumentNullException.ThrowIfNull(contextName);
        var name = new OctetString(contextName);
        Vacm.AddContext(name);
        var tree = _contexts.GetOrAdd(name);
        tree.Mibs ??= Options.Mibs;
        return tree;
    }

    /// <summary>
    /// Lets SNMPv1 and SNMPv2c requests with <paramref name="community"/> read
    /// <paramref name="view"/>, and write it when <paramref name="writable"/> (the usual
    /// rocommunity / rwcommunity), in <paramref name="context"/> (the default context unless
    /// given, as a community per VLAN context does). The community table row maps it to the
    /// securityName <paramref name="securityName"/> (the community itself unless given) for VACM
    /// (RFC 3584 5.2.1); communities not added get no answer and count in snmpInBadCommunityNames.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">The context was not added with <see cref="AddContext"/>.</exception>
    public void AddCommunity(string community, string view = AllView, bool writable = false, string context = "", string? securityName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(community);
        ArgumentNullException.ThrowIfNull(context);
        var contextName = new OctetString(context);
        if (_contexts.Find(contextName) is null)
        {
            throw new SnmpConfigurationException($"Community \"{community}\" names the context \"{context}\", which the agent does not serve: call AddContext first.");
        }

        var principal = new OctetString(securityName ?? community);
        Communities.Set(new OctetString(community), new CommunityEntry(principal, contextName));
        var group = "community:" + principal;
        Vacm.AddGroup(SecurityModel.SNMPv1, principal, group);
        Vacm.AddGroup(SecurityModel.SNMPv2c, principal, group);
        Vacm.AddAccess(group, contextName, SecurityModel.Any, SecurityLevel.NoAuthNoPriv, ContextMatch.Exact, view, writable ? view : "", view);
    }

    /// <summary>
    /// Adds an SNMPv3 user (usmUserTable row localised to this agent's engine ID) allowed to read
    /// <paramref name="view"/> (and write it when <paramref name="writable"/>) in every context at
    /// <paramref name="minimumLevel"/> or above (the user's highest level when null). Passwords as
    /// in the reference: <paramref name="secret"/> stands in for a missing one; at least 8 characters.
    /// SNMPv3 notification targets naming <paramref name="userName"/> send as this user (a row of
    /// the same name, from a target, is replaced).
    /// </summary>
    /// <exception cref="SnmpConfigurationException">Privacy without authentication, a missing or short password, or a level the user cannot do.</exception>
    public void AddUser(string userName, AuthenticationProtocol? authProtocol = null, string? authSecret = null, PrivacyProtocol? privProtocol = null,
        string? privSecret = null, string? secret = null, SecurityLevel? minimumLevel = null, string view = AllView, bool writable = false)
    {
        var credentials = Usm.CreateUser(userName, authProtocol, authSecret, privProtocol, privSecret, secret);
        var level = minimumLevel ?? credentials.MaxSecurityLevel;
        if (level > credentials.MaxSecurityLevel)
        {
            throw new SnmpConfigurationException($"User \"{userName}\" cannot use {level}: its configuration supports at most {credentials.MaxSecurityLevel}.");
        }

        _usm.AddUser(LocalEngine.EngineId, credentials);
        var group = "user:" + userName;
        Vacm.AddGroup(SecurityModel.Usm, new OctetString(userName), group);
        Vacm.AddAccess(group, OctetString.Empty, SecurityModel.Usm, level, ContextMatch.Prefix, view, writable ? view : "", view);
    }

    /// <summary>
    /// Lets the principal <paramref name="securityName"/> of a security model without users of its
    /// own here read <paramref name="view"/> (and write it when <paramref name="writable"/>) in
    /// every context at <paramref name="minimumLevel"/> or above: a VACM group of
    /// (<paramref name="securityModel"/>, <paramref name="securityName"/>) and its access entry
    /// (RFC 3415 vacmSecurityToGroupTable, vacmAccessTable), as <see cref="AddUser"/> does for USM.
    /// For the Transport Security Model (RFC 5591) the securityName is what the secure transport
    /// authenticated (a certificate's mapped name for TLS and DTLS, "tls:name" when the model
    /// uses transport prefixes), and the level defaults to authPriv; a plug-in model's default
    /// level is its own.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">
    /// The model is not registered, or is USM or a community model (use <see cref="AddUser"/> or
    /// <see cref="AddCommunity"/>).
    /// </exception>
    public void AddSecurityName(SecurityModel securityModel, string securityName, SecurityLevel? minimumLevel = null, string view = AllView, bool writable = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(securityName);
        if (securityModel == SecurityModel.Usm || securityModel == SecurityModel.SNMPv1 || securityModel == SecurityModel.SNMPv2c || securityModel == SecurityModel.Any)
        {
            throw new SnmpConfigurationException($"{securityModel} principals are added with AddUser (USM) or AddCommunity (SNMPv1/v2c).");
        }

        var name = new OctetString(securityName);
        var level = minimumLevel ?? _host.SecurityModels.For(securityModel).DefaultSecurityLevel(new SecurityPrincipal(name));
        var group = $"{securityModel.Value}:{securityName}";
        Vacm.AddGroup(securityModel, name, group);
        Vacm.AddAccess(group, OctetString.Empty, securityModel, level, ContextMatch.Prefix, view, writable ? view : "", view);
    }

    /// <summary>
    /// Adds a rule of the agent's Proxy Forwarder (RFC 3413 section 3.5): an snmpProxyEntry of
    /// SNMP-PROXY-MIB, permanent and active, that a manager reads in snmpProxyTable. From now on a
    /// request or notification naming its contextEngineID (and contextName), sent with the
    /// parameters of <see cref="ProxyEntry.TargetParamsIn"/>, is forwarded to the target(s) it
    /// names (RFC 3413 section 7), translated between versions as RFC 3584 section 4.2 says. A
    /// message no entry forwards, or whose target does not exist or cannot be reached other than
    /// by a timeout, counts in snmpProxyDrops (<see cref="Statistics"/>; SNMPv3 requesters get a
    /// Report of it). An entry of the same name is replaced.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">A name or contextEngineID outside the MIB's sizes, or a tag with a space.</exception>
    public void AddProxy(ProxyEntry entry) => _proxy.Add(entry);

    /// <summary>
    /// Adds a management target's address (an snmpTargetAddrEntry of SNMP-TARGET-MIB, RFC 3413
    /// 4.1.1, permanent and active), for proxy entries to name (<see cref="ProxyEntry.SingleTargetOut"/>,
    /// <see cref="ProxyEntry.MultipleTargetOut"/> by tag). A target of the same name is replaced.
    /// Tagged targets also receive the agent's notifications that an snmpNotifyEntry selects by tag.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">A name out of range, an address no transport reads, an empty tag or one with a space, or a timeout or retry count out of range.</exception>
    public void AddTargetAddress(TargetAddress target) => _proxy.AddTargetAddress(target);

    /// <summary>
    /// Adds target parameters (an snmpTargetParamsEntry of SNMP-TARGET-MIB, RFC 3413 4.1.2,
    /// permanent and active): how a target is sent to, or, named by <see cref="ProxyEntry.TargetParamsIn"/>,
    /// which incoming messages a proxy entry takes. An entry of the same name is replaced.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">A name out of range, an unknown version, or a level above noAuthNoPriv for SNMPv1/v2c.</exception>
    public void AddTargetParameters(TargetParameters parameters) => _proxy.AddTargetParameters(parameters);

    /// <summary>
    /// Lets SNMPv1 and SNMPv2c messages with <paramref name="community"/> name a proxied context
    /// (RFC 3584 5.1, snmpCommunityContextEngineID and snmpCommunityContextName): their
    /// contextEngineID is <paramref name="contextEngineId"/>, their contextName
    /// <paramref name="contextName"/>, and their securityName <paramref name="securityName"/> (the
    /// community itself unless given), which a proxy entry's <see cref="ProxyEntry.TargetParamsIn"/>
    /// matches. The agent does not serve such a context itself; without a proxy entry for it the
    /// messages are counted (snmpProxyDrops, or snmpUnknownPDUHandlers) and dropped.
    /// </summary>
    public void AddProxiedCommunity(string community, OctetString contextEngineId, string contextName = "", string? securityName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(community);
        ArgumentNullException.ThrowIfNull(contextEngineId);
        ArgumentNullException.ThrowIfNull(contextName);
        Communities.Set(new OctetString(community), new CommunityEntry(new OctetString(securityName ?? community), new OctetString(contextName)) { ContextEngineId = contextEngineId });
    }

    /// <summary>What the agent's Proxy Forwarder did: requests answered, forwarded requests that timed out, notifications sent on (snmpProxyDrops is in <see cref="Statistics"/>).</summary>
    public (long RequestsForwarded, long Timeouts, long NotificationsForwarded) ProxyActivity =>
        (_proxy.Forwarder.RequestsForwarded, _proxy.Forwarder.Timeouts, _proxy.Forwarder.NotificationsForwarded);

    /// <summary>Notifications that did not reach a target: a failed send or an inform never acknowledged (each is also logged).</summary>
    public long NotificationFailures => _notifications.Failures;

    /// <summary>
    /// Adds a notification target (RFC 3413 section 4). Targets added here get the notifications
    /// from now on; coldStart, sent at start, goes only to <see cref="AgentOptions.NotificationTargets"/>.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">
    /// An SNMPv1 inform, an SNMPv3 target without a user name, a user given in the target that the
    /// agent has with other protocols or passwords, or an unusable address.
    /// </exception>
    public void AddNotificationTarget(NotificationTarget target) => _notifications.Add(target);

    /// <summary>
    /// Sends the notification <paramref name="trapOid"/> (sysUpTime.0, snmpTrapOID.0, then
    /// <paramref name="varBinds"/>; RFC 3416 section 4.2.6) to every notification target whose
    /// filter includes it (RFC 3413 section 4.2.3): a trap, or an inform retransmitted until
    /// acknowledged. Returns how many targets got it. A target that did not is logged and counted
    /// in <see cref="NotificationFailures"/>, and thrown only when <paramref name="throwOnFailure"/>.
    /// </summary>
    /// <exception cref="AggregateException">Only with <paramref name="throwOnFailure"/>: why each failed target failed.</exception>
#pragma warning disable RS0026 // the string overload below cannot make a call ambiguous
    public Task<int> SendNotificationAsync(ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds = null, bool throwOnFailure = false, CancellationToken cancellationToken = default) =>
        _notifications.SendAsync(trapOid, varBinds, throwOnFailure, cancellationToken);

    /// <summary>
    /// <see cref="SendNotificationAsync(ObjectIdentifier, IEnumerable{VarBind}?, bool, CancellationToken)"/>
    /// of a notification given as dotted text or a name (<c>"IF-MIB::linkDown"</c>, resolved through <see cref="AgentOptions.Mibs"/>).
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="AgentOptions.Mibs"/>, or one it does not know.</exception>
    public Task<int> SendNotificationAsync(string trapOid, IEnumerable<VarBind>? varBinds = null, bool throwOnFailure = false, CancellationToken cancellationToken = default) =>
        SendNotificationAsync(Resolve(trapOid), varBinds, throwOnFailure, cancellationToken);
#pragma warning restore RS0026

    /// <summary>
    /// The OID <paramref name="name"/> stands for, for registering objects by name
    /// (<c>agent.Mib.AddScalar(agent.Resolve("MY-MIB::myCounter.0"), ...)</c>): dotted text parsed,
    /// anything else resolved through <see cref="AgentOptions.Mibs"/>.
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="AgentOptions.Mibs"/>, or one it does not know.</exception>
    public ObjectIdentifier Resolve(string name) => ObjectNames.Resolve(name, Options.Mibs);

    /// <summary>
    /// Adds a subtree given as dotted text or a name (<c>"IF-MIB::interfaces"</c>) to the VACM view
    /// <paramref name="viewName"/> (RFC 3415 vacmViewTreeFamilyTable); see
    /// <see cref="ViewBasedAccessControlModel.AddView"/>.
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="AgentOptions.Mibs"/>, or one it does not know.</exception>
    public void AddView(string viewName, string subtree, ViewFamilyType type = ViewFamilyType.Included, byte[]? mask = null) =>
        Vacm.AddView(viewName, Resolve(subtree), type, mask);

    /// <summary>snmpEnableAuthenTraps is enabled(1): the MIB object, or the option without built-in objects.</summary>
    private bool AuthenticationTrapsEnabled() =>
        _enableAuthenTraps is null ? Options.EnableAuthenticationTraps : _enableAuthenTraps.Value is Integer32 { Value: 1 };

    /// <summary>The AgentX master (RFC 2741) when <see cref="AgentOptions.AgentXAddress"/> is set: its sessions and counters.</summary>
    public Snmp.AgentX.AgentXMaster? AgentX { get; }

    private Snmp.AgentX.AgentXMaster StartAgentXMaster(string address, ILoggerFactory loggerFactory)
    {
        try
        {
            return new Snmp.AgentX.AgentXMaster(new Snmp.AgentX.AgentXMasterOptions { Address = address, DefaultTimeout = Options.AgentXTimeout },
                context => _contexts.Find(new OctetString(context)),
                (trapOid, varBinds, cancellationToken) => _notifications.SendAsync(trapOid, varBinds, throwOnFailure: false, cancellationToken),
                () => LocalEngine.UpTimeTicks, loggerFactory, _host.TimeProvider);
        }
        catch (Exception e) when (e is FormatException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new SnmpConfigurationException($"The AgentX address '{address}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Stops listening and releases the sockets.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _notifications.Stop();
        _proxy.Dispose();
        if (AgentX is not null)
        {
            await AgentX.DisposeAsync().ConfigureAwait(false);
        }

        await _host.DisposeAsync().ConfigureAwait(false);
    }
}
