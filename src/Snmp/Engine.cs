using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Composition;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.Security.Usm;
using Snmp.Transport.Udp;

namespace Snmp;

/// <summary>
/// The facade of the SNMP engine (RFC 3411 section 3.1.1): it owns the sockets and background
/// work of the dispatcher, message processing models and applications, and creates a
/// <see cref="Snmp.Manager"/> per remote agent. Dispose it (or call <see cref="Shutdown"/>) at the end
/// of its life: that completes every pending request with <see cref="ObjectDisposedException"/>
/// and closes every socket.
/// </summary>
/// <example>
/// <code>
/// using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
/// var manager = engine.Manager("127.0.0.1:1161");
/// VarBindList result = manager.Get("1.3.6.1.2.1.1.1.0");
/// </code>
/// </example>
public sealed class Engine : IDisposable, IAsyncDisposable
{
    private readonly SnmpEngineHost _host;
    private readonly CommandGenerator _commandGenerator;
    private readonly long _started;
    private readonly ILogger _logger;
    private int _shutdown;

    /// <summary>Creates an engine with the reference's defaults.</summary>
    /// <param name="defaultVersion">The version of Managers created without one (SNMPv3 unless told otherwise).</param>
    /// <param name="defaultDomain">The transport domain of Managers created without one: UDP over IPv4 when null; an IPv6 address selects UDP over IPv6.</param>
    /// <param name="defaultSecurityModel">The security model of SNMPv3 Managers: USM when null.</param>
    /// <param name="defaultCommunity">The community of SNMPv1/v2c Managers created without one (empty by default).</param>
    /// <param name="autowait">The reference's autowait: whether Managers' handle forms (<c>BeginGet</c>, ...) wait for the response before returning the handle.</param>
    /// <param name="loggerFactory">Where the engine logs; nothing per packet is logged above Debug.</param>
    public Engine(
        SnmpVersion defaultVersion = SnmpVersion.SNMPv3,
        TransportDomain? defaultDomain = null,
        SecurityModel? defaultSecurityModel = null,
        OctetString? defaultCommunity = null,
        bool autowait = true,
        ILoggerFactory? loggerFactory = null)
        : this(new EngineOptions { DefaultVersion = defaultVersion, DefaultDomain = defaultDomain ?? TransportDomain.UdpIpv4, DefaultSecurityModel = defaultSecurityModel ?? SecurityModel.Usm, DefaultCommunity = defaultCommunity ?? OctetString.Empty, Autowait = autowait }, loggerFactory, transportFactory: null)
    {
    }

    /// <summary>
    /// Creates an engine from <paramref name="options"/>, including your own modules
    /// (<see cref="EngineOptions.Modules"/>: a transport or a security model).
    /// </summary>
    /// <exception cref="SnmpConfigurationException">A module's registrations do not compose, the engine ID is not 5 to 32 octets, or the boots file is unusable.</exception>
    public Engine(EngineOptions options)
        : this(options, loggerFactory: null, transportFactory: null)
    {
    }

    /// <summary>Creates an engine from <paramref name="options"/> that logs to <paramref name="loggerFactory"/>.</summary>
    /// <exception cref="SnmpConfigurationException">A module's registrations do not compose, the engine ID is not 5 to 32 octets, or the boots file is unusable.</exception>
    public Engine(EngineOptions options, ILoggerFactory? loggerFactory)
        : this(options, loggerFactory, transportFactory: null)
    {
    }

    /// <summary>Creates an engine; <paramref name="transportFactory"/> replaces every transport (the simulated network of the tests), <paramref name="timeProvider"/> the system clock (tests).</summary>
    internal Engine(EngineOptions options, ILoggerFactory? loggerFactory, Func<TransportDomain, ITransportMapping>? transportFactory, TimeProvider? timeProvider = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Mibs = options.Mibs;
        if (!Enum.IsDefined(options.DefaultVersion))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DefaultVersion, "Unknown SNMP version.");
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<Engine>();
        // This engine's identity: authoritative for the SNMPv3 traps it sends (RFC 3414 2.3).
        _host = new SnmpEngineHost(new SnmpEngineHostSettings(options.Identity)
        {
            LoggerFactory = loggerFactory,
            TimeProvider = timeProvider ?? TimeProvider.System,
            Tls = options.Tls,
            Applications = EngineApplications.Originator,
            Modules = options.Modules,
            TransportOverride = transportFactory,
        });
        LocalEngine = _host.LocalEngine;
        _commandGenerator = _host.CommandGenerator;
        _started = _host.TimeProvider.GetTimestamp();
        Usm = new Usm(_host.Usm);
        Telemetry.EngineTelemetry.Attach(_host, this);
    }

    /// <summary>
    /// snmpEngineID, snmpEngineBoots and snmpEngineTime of this engine (from
    /// <see cref="EngineOptions.EngineId"/> and <see cref="EngineOptions.EngineBootsFile"/>): the
    /// authoritative engine of the SNMPv3 traps its Notifiers send.
    /// </summary>
    public LocalEngine LocalEngine { get; }

    /// <summary>The USM administration: add users here before creating SNMPv3 Managers.</summary>
    public Usm Usm { get; }

    /// <summary>The defaults this engine gives its Managers.</summary>
    public EngineOptions Options { get; }

    /// <summary>
    /// The engine's statistics: the SNMPv2-MIB snmp group and SNMP-MPD-MIB counters (messages
    /// received, parse errors, unknown PDU handlers, ...), including every dropped message.
    /// </summary>
    public SnmpStatistics Statistics => _host.Dispatcher.Statistics;

    /// <summary>How many requests were sent again because a refresh period passed without an answer.</summary>
    public long Retransmissions => _commandGenerator.Retransmissions;

    /// <summary>The Command Generator, whose table of requests awaiting a response the tests check empties.</summary>
    internal CommandGenerator CommandGenerator => _commandGenerator;

    /// <summary>The dispatcher, whose outstanding sendPduHandles the tests check are all released.</summary>
    internal SnmpDispatcher Dispatcher => _host.Dispatcher;

    /// <summary>
    /// Creates the Manager for one remote engine. <paramref name="address"/> is "host",
    /// "host:port", "[IPv6]:port" or an IPv6 literal; the port defaults to 161.
    /// </summary>
    /// <param name="address">The agent's address.</param>
    /// <param name="version">The SNMP version (the engine's default if null).</param>
    /// <param name="domain">The transport domain (from the address family, else the engine's default, if null).</param>
    /// <param name="autowait">Whether the handle forms (BeginGet, ...) wait for the response before returning the handle (the engine's setting if null).</param>
    /// <param name="community">The community for SNMPv1/v2c (the engine's default if null).</param>
    /// <param name="engineId">SNMPv3: the agent's snmpEngineID, if you must fix it; otherwise it is discovered.</param>
    /// <param name="securityModel">
    /// SNMPv3: the security model (the engine's default if null): <see cref="SecurityModel.Usm"/>,
    /// <see cref="SecurityModel.Tsm"/> (RFC 5591, over a secure transport such as "tls:host:port";
    /// authPriv by default, the agent found by RFC 5343 contextEngineID discovery) or a plug-in's.
    /// </param>
    /// <param name="defaultSecurityLevel">SNMPv3: the level of requests that name none (the default user's default level, or the model's, if null).</param>
    /// <param name="defaultUserName">SNMPv3: the user of requests that name none (USM: the namespace's default user if null; other models: the securityName, required).</param>
    /// <param name="namespace">SNMPv3 with USM: the namespace whose users this agent knows.</param>
    /// <exception cref="FormatException">The address cannot be parsed.</exception>
    /// <exception cref="SnmpConfigurationException">
    /// SNMPv3 without a user added to the namespace, an unknown namespace or user, or a level the
    /// user cannot do.
    /// </exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The reference's keyword-argument factory: every option is optional and named, in both address forms.")]
    public Manager Manager(
        string address,
        SnmpVersion? version = null,
        TransportDomain? domain = null,
        bool? autowait = null,
        OctetString? community = null,
        OctetString? engineId = null,
        SecurityModel? securityModel = null,
        SecurityLevel? defaultSecurityLevel = null,
        string? defaultUserName = null,
        string @namespace = "")
    {
        ArgumentNullException.ThrowIfNull(address);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _shutdown) != 0, this);
        var (addressDomain, endPoint) = _host.Transports.Parse(address, domain ?? Options.DefaultDomain, SnmpEntityRole.CommandResponder, forListening: false);
        if (domain is { } requested && requested != addressDomain)
        {
            throw new ArgumentException($"The address {address} is not in the {requested} domain.", nameof(domain));
        }

        var manager = CreateManager(addressDomain, endPoint, version, autowait, community, engineId, securityModel, defaultSecurityLevel, defaultUserName, @namespace);
        manager.Mibs = Mibs;
        return manager;
    }

    /// <summary>
    /// Creates the Manager for the remote engine at <paramref name="address"/>: UDP over IPv4 or
    /// IPv6 by its family, unless <paramref name="domain"/> names another (plug-in) transport whose
    /// addresses are IP end points.
    /// </summary>
    /// <inheritdoc cref="Manager(string, SnmpVersion?, TransportDomain?, bool?, OctetString?, OctetString?, SecurityModel?, SecurityLevel?, string?, string)" />
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The reference's keyword-argument factory: every option is optional and named, in both address forms.")]
    public Manager Manager(
        IPEndPoint address,
        SnmpVersion? version = null,
        TransportDomain? domain = null,
        bool? autowait = null,
        OctetString? community = null,
        OctetString? engineId = null,
        SecurityModel? securityModel = null,
        SecurityLevel? defaultSecurityLevel = null,
        string? defaultUserName = null,
        string @namespace = "")
    {
        ArgumentNullException.ThrowIfNull(address);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _shutdown) != 0, this);
        address = UdpAddress.Normalize(address);
        var addressDomain = UdpAddress.GetTransportDomain(address);
        if (domain is { } requested && requested != addressDomain)
        {
            if (requested == TransportDomain.UdpIpv4 || requested == TransportDomain.UdpIpv6)
            {
                throw new ArgumentException($"The address {address} is not in the {requested} domain.", nameof(domain));
            }

            _host.Transports.For(requested);
            addressDomain = requested;
        }

        var manager = CreateManager(addressDomain, address, version, autowait, community, engineId, securityModel, defaultSecurityLevel, defaultUserName, @namespace);
        manager.Mibs = Mibs;
        return manager;
    }

    private Manager CreateManager(TransportDomain addressDomain, EndPoint address, SnmpVersion? version, bool? autowait, OctetString? community, OctetString? engineId,
        SecurityModel? securityModel, SecurityLevel? defaultSecurityLevel, string? defaultUserName, string @namespace)
    {
        var snmpVersion = version ?? Options.DefaultVersion;
        switch (snmpVersion)
        {
            case SnmpVersion.SNMPv1:
            case SnmpVersion.SNMPv2c:
                var target = SnmpTarget.Community(addressDomain, address, snmpVersion, community ?? Options.DefaultCommunity);
                return new Manager(_commandGenerator, target, snmpVersion, autowait ?? Options.Autowait);
            case SnmpVersion.SNMPv3:
                var (v3Target, session) = CreateV3Session(addressDomain, address, securityModel ?? Options.DefaultSecurityModel, engineId, defaultSecurityLevel, defaultUserName, @namespace);
                return new Manager(_commandGenerator, v3Target, snmpVersion, autowait ?? Options.Autowait, session);
            default:
                throw new ArgumentOutOfRangeException(nameof(version), snmpVersion, "Unknown SNMP version.");
        }
    }

    /// <summary>
    /// An SNMPv3 target and the session that prepares it, for any registered security model: its
    /// originator side (<see cref="IOriginatorSecurityModel"/>) discovers and readies, and the
    /// principals come from the USM administration's namespaces for USM, from the name alone for
    /// every other model (TSM's securityName is what the secure transport authenticates).
    /// </summary>
    private (SnmpTarget Target, V3Session Session) CreateV3Session(TransportDomain addressDomain, EndPoint address, SecurityModel model, OctetString? engineId,
        SecurityLevel? defaultSecurityLevel, string? defaultUserName, string @namespace, SnmpEntityRole peerRole = SnmpEntityRole.CommandResponder)
    {
        var originator = _host.SecurityModels.For(model);
        Func<string, SecurityPrincipal> find;
        SecurityPrincipal principal;
        if (model == SecurityModel.Usm)
        {
            var space = Usm.GetNamespace(@namespace);
            find = name => space.Find(name).Principal;
            principal = (defaultUserName is null ? space.DefaultUser : space.Find(defaultUserName)).Principal;
        }
        else
        {
            if (defaultUserName is null)
            {
                throw new SnmpConfigurationException($"An SNMPv3 Manager or Notifier over {model} needs defaultUserName: the securityName its messages are sent as.");
            }

            find = name => new SecurityPrincipal(new OctetString(name));
            principal = find(defaultUserName);
        }

        var session = new V3Session(originator, find, principal, defaultSecurityLevel, engineId, peerRole);
        var target = new SnmpTarget(addressDomain, address, SnmpVersion.SNMPv3, model, principal.SecurityName, session.DefaultLevel, engineId ?? OctetString.Empty, OctetString.Empty);
        return (target, session);
    }

    /// <summary>
    /// The engine's sysUpTime: how long since it was created, in hundredths of a second (the
    /// default sysUpTime.0 and time-stamp of the notifications its Notifiers send).
    /// </summary>
    public TimeTicks SysUpTime => TimeTicks.FromTimeSpan(_host.TimeProvider.GetElapsedTime(_started));

    /// <summary>
    /// Creates the Notifier that sends notifications (traps and informs, RFC 3413 section 3.3) to
    /// one notification receiver. <paramref name="address"/> is "host", "host:port",
    /// "[IPv6]:port" or an IPv6 literal; the port defaults to 162.
    /// </summary>
    /// <remarks>
    /// SNMPv3: traps are sent with this engine as the authoritative engine (RFC 3414 2.3; with
    /// USM the user's keys localised for <see cref="LocalEngine"/>'s snmpEngineID and its boots
    /// and time) and its snmpEngineID as contextEngineID; informs go to the receiver as the
    /// authoritative engine, discovered on first use as a Manager discovers its agent (USM: RFC
    /// 3414 section 4; models without discovery: RFC 5343; TSM needs none and gives an inform
    /// this engine's snmpEngineID as contextEngineID, RFC 3413 3.3).
    /// </remarks>
    /// <param name="address">The notification receiver's address.</param>
    /// <param name="version">SNMPv1, SNMPv2c or SNMPv3 (the engine's default if null).</param>
    /// <param name="community">SNMPv1/v2c: the community (the engine's default if null).</param>
    /// <param name="autowait">Whether <see cref="Notifier.BeginInform(ObjectIdentifier, VarBind[])"/> waits for the Response before returning the handle (the engine's setting if null).</param>
    /// <param name="defaultSecurityLevel">SNMPv3: the level of its notifications (the user's default level, or the model's, if null).</param>
    /// <param name="defaultUserName">SNMPv3: the user its notifications are sent as (USM: the namespace's default user if null; other models: required).</param>
    /// <param name="namespace">SNMPv3 with USM: the namespace the user is in.</param>
    /// <param name="securityModel">SNMPv3: the security model (the engine's default if null), as for <see cref="Manager(string, SnmpVersion?, TransportDomain?, bool?, OctetString?, OctetString?, SecurityModel?, SecurityLevel?, string?, string)"/>.</param>
    /// <exception cref="FormatException">The address cannot be parsed.</exception>
    /// <exception cref="SnmpConfigurationException">
    /// SNMPv3 without a user added to the namespace, an unknown namespace or user, or a level the
    /// user cannot do.
    /// </exception>
    public Notifier Notifier(string address, SnmpVersion? version = null, OctetString? community = null, bool? autowait = null,
        SecurityLevel? defaultSecurityLevel = null, string? defaultUserName = null, string @namespace = "", SecurityModel? securityModel = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _shutdown) != 0, this);
        var snmpVersion = version ?? Options.DefaultVersion;
        if (!Enum.IsDefined(snmpVersion))
        {
            throw new ArgumentOutOfRangeException(nameof(version), snmpVersion, "Unknown SNMP version.");
        }

        var (domain, endPoint) = _host.Transports.Parse(address, Options.DefaultDomain, SnmpEntityRole.NotificationReceiver, forListening: false);

        if (snmpVersion == SnmpVersion.SNMPv3)
        {
            var (v3Target, session) = CreateV3Session(domain, endPoint, securityModel ?? Options.DefaultSecurityModel, engineId: null, defaultSecurityLevel, defaultUserName, @namespace,
                SnmpEntityRole.NotificationReceiver);
            return new Notifier(_host.NotificationOriginator, v3Target, () => SysUpTime, autowait ?? Options.Autowait,
                new V3Notification(session, _commandGenerator, LocalEngine.EngineId)) { Mibs = Mibs };
        }

        var target = SnmpTarget.Community(domain, endPoint, snmpVersion, community ?? Options.DefaultCommunity);
        return new Notifier(_host.NotificationOriginator, target, () => SysUpTime, autowait ?? Options.Autowait) { Mibs = Mibs };
    }

    /// <summary>
    /// The MIB modules (or any <see cref="IObjectNameResolver"/>) that resolve the symbolic names
    /// given to the Managers and Notifiers created from now on (<c>"IF-MIB::ifDescr.3"</c>):
    /// <see cref="EngineOptions.Mibs"/> unless changed. Dotted OIDs never consult it.
    /// </summary>
    public IObjectNameResolver? Mibs { get; set; }

    /// <summary>The OID <paramref name="name"/> stands for: dotted text parsed, anything else resolved through <see cref="Mibs"/>.</summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one it does not know.</exception>
    public ObjectIdentifier Resolve(string name) => ObjectNames.Resolve(name, Mibs);

    /// <summary>Creates a poller that waits on many <see cref="RequestHandle"/>s at once.</summary>
    public RequestPoller Poller() => new();

    /// <summary>
    /// Completes every pending request with <see cref="ObjectDisposedException"/>, then closes the
    /// sockets and stops the receive loops. Idempotent.
    /// </summary>
    public void Shutdown() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Shutdown" />
    public void Dispose() => Shutdown();

    /// <inheritdoc cref="Shutdown" />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _shutdown, 1) != 0)
        {
            return;
        }

        await _host.DisposeAsync().ConfigureAwait(false);
        _logger.LogDebug("SNMP engine shut down");
    }
}
