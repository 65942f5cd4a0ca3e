using Autofac;
using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Applications;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.MessageProcessing;
using Snmp.Security.Community;
using Snmp.Security.Tsm;
using Snmp.Security.Usm;
using Snmp.Transport.Tcp;
using Snmp.Transport.Tls;
using Snmp.Transport.Udp;

namespace Snmp.Composition;

// One Autofac module per RFC 3411 subsystem, composed by SnmpEngineHost alone: nothing else
// knows the container exists. The modules take plain settings (a size, a table), never the
// facade's option types; the subsystems take their collaborators as constructor parameters.

/// <summary>
/// Transport mappings (RFC 3417, RFC 3419, RFC 3430): the UDP and TCP factories, and the dispatcher's way to a
/// mapping for a domain: the last registered factory that makes it, so a plug-in module can
/// take over a domain as well as add one.
/// </summary>
internal sealed class TransportModule : Module
{
    private readonly TlsTransportOptions? _tls;

    public TransportModule()
    {
    }

    /// <summary>
    /// With <paramref name="tls"/>, also RFC 6353's TLS and DTLS domains (<see cref="TlsTransportMappingFactory"/>);
    /// the options are checked here, so a bad certificate is named when the engine is built.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">The TLS options cannot work.</exception>
    public TransportModule(TlsTransportOptions? tls)
    {
        tls?.Validate();
        _tls = tls;
    }

    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c => new UdpTransportMappingFactory(c.Resolve<ILoggerFactory>())).As<ITransportMappingFactory>().SingleInstance();
        // SNMP over TCP (RFC 3430): "tcp:host:port" and "tcp6:[address]:port", after UDP so that it reads its prefixes first.
        builder.Register(c => new TcpTransportMappingFactory(c.Resolve<ILoggerFactory>(), c.Resolve<TimeProvider>())).As<ITransportMappingFactory>().SingleInstance();
        if (_tls is { } tls)
        {
            builder.Register(c => new TlsTransportMappingFactory(tls, c.Resolve<ILoggerFactory>())).As<ITransportMappingFactory>().SingleInstance();
        }

        builder.Register(c => new TransportMappingFactories(c.Resolve<IEnumerable<ITransportMappingFactory>>())).SingleInstance();
        builder.Register<Func<TransportDomain, ITransportMapping>>(c =>
        {
            var factories = c.Resolve<TransportMappingFactories>();
            return domain => factories.For(domain).CreateTransportMapping(domain, localAddress: null);
        }).SingleInstance();
    }
}

/// <summary>
/// The security subsystem: the User-based Security Model (RFC 3414), the Transport Security
/// Model (RFC 5591; it accepts only what a secure transport authenticated, so it is harmless
/// over UDP) and the Community-based Security Model (RFC 3584) for securityModels 1 and 2; and
/// the originator side of every registered model (<see cref="OriginatorSecurityModels"/>).
/// All of them around the engine's <see cref="LocalEngine"/>: USM is authoritative for what
/// it receives, and incoming community messages get its snmpEngineID as contextEngineID.
/// </summary>
/// <param name="communities">The community table incoming SNMPv1/v2c requests and notifications are checked against (an engine that listens); null: none.</param>
/// <param name="trapSenders">The users whose SNMPv3 trap senders' engines USM learns (a trap receiver); null: none.</param>
internal sealed class SecurityModule(CommunityTable? communities, UsmTrapSenderUsers? trapSenders) : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c => new UserBasedSecurityModel(c.Resolve<TimeProvider>(), c.Resolve<ILoggerFactory>().CreateLogger<UserBasedSecurityModel>(), c.Resolve<LocalEngine>(), trapSenders))
            .AsSelf().As<ISecurityModel>().SingleInstance();
        builder.Register(c => new TransportSecurityModel(c.Resolve<LocalEngine>())).AsSelf().As<ISecurityModel>().SingleInstance();
        builder.Register(c => new OriginatorSecurityModels(c.Resolve<IEnumerable<ISecurityModel>>())).SingleInstance();
        builder.Register(c => new CommunityBasedSecurityModel(SecurityModel.SNMPv1, c.Resolve<LocalEngine>().EngineId, communities))
            .As<ISecurityModel>().SingleInstance();
        builder.Register(c => new CommunityBasedSecurityModel(SecurityModel.SNMPv2c, c.Resolve<LocalEngine>().EngineId, communities))
            .As<ISecurityModel>().SingleInstance();
    }
}

/// <summary>Message processing models (RFC 3412 section 7, RFC 3584 section 5): SNMPv1, SNMPv2c and SNMPv3, over every registered security model.</summary>
/// <param name="maxMessageSize">snmpEngineMaxMessageSize: an agent's from its options, else the UDP maximum.</param>
internal sealed class MessageProcessingModule(int maxMessageSize) : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c => new MessageProcessingModelV3(c.Resolve<IEnumerable<ISecurityModel>>(), c.Resolve<LocalEngine>().EngineId,
                maxMessageSize, c.Resolve<ILoggerFactory>().CreateLogger<MessageProcessingModelV3>()))
            .As<IMessageProcessingModel>().SingleInstance();
        builder.Register(c => new CommunityMessageProcessingModel(SnmpVersion.SNMPv1, c.Resolve<IEnumerable<ISecurityModel>>(),
                c.Resolve<ILoggerFactory>().CreateLogger<CommunityMessageProcessingModel>(), maxMessageSize))
            .As<IMessageProcessingModel>().SingleInstance();
        builder.Register(c => new CommunityMessageProcessingModel(SnmpVersion.SNMPv2c, c.Resolve<IEnumerable<ISecurityModel>>(),
                c.Resolve<ILoggerFactory>().CreateLogger<CommunityMessageProcessingModel>(), maxMessageSize))
            .As<IMessageProcessingModel>().SingleInstance();
    }
}

/// <summary>The dispatcher (RFC 3412 section 4) and the statistics it keeps.</summary>
internal sealed class DispatcherModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        // One counter registry: the library's counters and those every security model and
        // transport declares (ISnmpCounterProvider), and a module's declared providers, so a plug-in's counters are named in
        // Reports and snapshots and served by an agent like USM's.
        builder.Register(c => new SnmpStatistics(new SnmpCounterRegistry(
                c.Resolve<IEnumerable<ISecurityModel>>().Cast<object>()
                    .Concat(c.Resolve<IEnumerable<ITransportMappingFactory>>())
                    .Concat(c.Resolve<IEnumerable<ISnmpCounterProvider>>())
                    .OfType<ISnmpCounterProvider>()
                    .Distinct()
                    .SelectMany(p => p.Counters))))
            .SingleInstance();
        builder.Register(c => new SnmpDispatcher(
                c.Resolve<IEnumerable<IMessageProcessingModel>>(),
                c.Resolve<Func<TransportDomain, ITransportMapping>>(),
                c.Resolve<SnmpStatistics>(),
                c.Resolve<ILoggerFactory>().CreateLogger<SnmpDispatcher>()))
            .AsSelf().As<IDispatcher>().SingleInstance()
            .ExternallyOwned(); // SnmpEngineHost disposes it asynchronously, after the applications.
    }
}

/// <summary>Applications (RFC 3413): the Command Generator and the Notification Originator, which sends informs through it.</summary>
internal sealed class ApplicationsModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c =>
            {
                return new CommandGenerator(
                    c.Resolve<IDispatcher>(),
                    c.Resolve<OriginatorSecurityModels>().All,
                    c.Resolve<TimeProvider>(),
                    c.Resolve<ILoggerFactory>().CreateLogger<CommandGenerator>())
                {
                    Statistics = c.Resolve<SnmpStatistics>(),
                };
            })
            .AsSelf().SingleInstance();
        builder.Register(c => new NotificationOriginator(
                c.Resolve<IDispatcher>(),
                c.Resolve<CommandGenerator>(),
                c.Resolve<ILoggerFactory>().CreateLogger<NotificationOriginator>()))
            .AsSelf().SingleInstance();
    }
}

/// <summary>
/// The originator side (<see cref="IOriginatorSecurityModel"/>) of every SNMPv3 security model
/// the engine has, by number: the <see cref="ISecurityModel"/> itself when it implements the
/// interface, else the interface's defaults (RFC 5343 discovery, noAuthNoPriv); the last model
/// registered for a number wins, as in message processing. What the facade does per security
/// model goes through it, so USM, TSM and a plug-in's model are used alike.
/// </summary>
internal sealed class OriginatorSecurityModels
{
    private readonly Dictionary<SecurityModel, IOriginatorSecurityModel> _models = [];

    public OriginatorSecurityModels(IEnumerable<ISecurityModel> securityModels)
    {
        foreach (var model in securityModels)
        {
            // RFC 3584 ties 1 and 2 to the community message formats: not SNMPv3 models.
            if (model.SecurityModel != SecurityModel.SNMPv1 && model.SecurityModel != SecurityModel.SNMPv2c)
            {
                _models[model.SecurityModel] = model as IOriginatorSecurityModel ?? new Defaults(model.SecurityModel);
            }
        }
    }

    public IReadOnlyCollection<IOriginatorSecurityModel> All => _models.Values;

    /// <exception cref="SnmpConfigurationException">No SNMPv3 security model of that number is registered.</exception>
    public IOriginatorSecurityModel For(SecurityModel model) =>
        _models.TryGetValue(model, out var originator)
            ? originator
            : throw new SnmpConfigurationException($"SNMPv3 needs a registered security model; {model} is not (add its module to the options' Modules).");

    private sealed class Defaults(SecurityModel model) : IOriginatorSecurityModel
    {
        public SecurityModel SecurityModel => model;
    }
}

/// <summary>The access control subsystem (RFC 3415): VACM.</summary>
internal sealed class AccessControlModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterType<ViewBasedAccessControlModel>().AsSelf().As<IAccessControlModel>().SingleInstance();
    }
}

/// <summary>The Command Responder application (RFC 3413 section 3.2) over the agent's contexts.</summary>
internal sealed class CommandResponderModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterType<AgentContexts>().SingleInstance();
        builder.Register(c =>
            {
                var contexts = c.Resolve<AgentContexts>();
                return new CommandResponder(c.Resolve<IDispatcher>(), contexts.Find, c.Resolve<IAccessControlModel>(), c.Resolve<SnmpStatistics>(),
                    c.Resolve<ILoggerFactory>().CreateLogger<CommandResponder>());
            })
            .AsSelf().SingleInstance();
    }
}

/// <summary>The MIB of each context name the agent serves.</summary>
internal sealed class AgentContexts
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<OctetString, MibTree> _trees = new();

    public MibTree GetOrAdd(OctetString contextName) => _trees.GetOrAdd(contextName, _ => new MibTree());

    public MibTree? Find(OctetString contextName) => _trees.TryGetValue(contextName, out var tree) ? tree : null;
}

/// <summary>
/// Every registered transport mapping factory, asked in reverse order of registration so that
/// a plug-in module's factory (registered after the library's) wins.
/// </summary>
internal sealed class TransportMappingFactories(IEnumerable<ITransportMappingFactory> factories)
{
    private readonly ITransportMappingFactory[] _factories = [.. factories.Reverse()];

    public ITransportMappingFactory For(TransportDomain domain) =>
        _factories.FirstOrDefault(f => f.TransportDomains.Contains(domain))
        ?? throw new SnmpConfigurationException($"No transport is registered for the {domain} domain ({domain.Oid}); add its module to the options.");

    /// <summary>The domain and address of a user's address text, read by the first factory that claims it.</summary>
    /// <exception cref="FormatException">No factory reads the text, or the one that claims it finds it malformed.</exception>
    public (TransportDomain Domain, System.Net.EndPoint Address) Parse(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening)
    {
        foreach (var factory in _factories)
        {
            if (factory.TryParseAddress(address, preferredDomain, role, forListening, out var domain, out var endPoint))
            {
                RequireValueEquality(factory, address, preferredDomain, role, forListening, endPoint);
                return (domain, endPoint);
            }
        }

        throw new FormatException($"No registered transport reads the address \"{address}\".");
    }

    // Responses are matched to their requests by address (EndPoint.Equals, RFC 3412 7.2 step 12
    // and RFC 3413 3.1.3), so a transport whose addresses compare by reference would see every
    // answer dropped as coming "from loop:agent, not loop:agent": the plug-in contract, checked
    // where the address is read rather than discovered as timeouts.
    private static void RequireValueEquality(ITransportMappingFactory factory, string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening, System.Net.EndPoint endPoint)
    {
        if (!factory.TryParseAddress(address, preferredDomain, role, forListening, out _, out var again)
            || !endPoint.Equals(again) || endPoint.GetHashCode() != again.GetHashCode())
        {
            throw new SnmpConfigurationException(
                $"The transport {factory.GetType().Name} reads \"{address}\" as a {endPoint.GetType().Name} that does not equal the same address read again: " +
                "a transport's addresses must compare by value (Equals and GetHashCode), because responses are matched to requests by address.");
        }
    }

    /// <summary>
    /// Gives <paramref name="dispatcher"/> a listening transport mapping for each address, of
    /// whichever registered transport reads it (a domain may have several), and returns the local
    /// addresses bound.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">An address cannot be parsed or bound.</exception>
    public IReadOnlyList<System.Net.EndPoint> Listen(Snmp.Dispatcher.SnmpDispatcher dispatcher, IEnumerable<string> addresses, SnmpEntityRole role, string listener)
    {
        var endpoints = new List<System.Net.EndPoint>();
        try
        {
            foreach (var address in addresses)
            {
                var (domain, endPoint) = Parse(address, preferredDomain: null, role, forListening: true);
                var mapping = For(domain).CreateTransportMapping(domain, endPoint);
                dispatcher.AddTransportMapping(mapping);
                endpoints.Add(mapping.LocalAddress);
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Net.Sockets.SocketException or SnmpTransportException)
        {
            throw new SnmpConfigurationException($"The {listener} cannot listen: {e.Message}", e);
        }

        return endpoints;
    }
}
