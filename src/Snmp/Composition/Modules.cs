using Autofac;
using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Mib;
using Snmp.Smi;
using Snmp.Applications;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.MessageProcessing;
using Snmp.Security.Usm;
using Snmp.Transport.Udp;

namespace Snmp.Composition;

// One Autofac module per RFC 3411 subsystem. Only the facade knows the container exists; the
// subsystems take their collaborators as constructor parameters.

/// <summary>Transport mappings (RFC 3417): a factory creating one UDP socket per domain on first use.</summary>
internal sealed class TransportModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register<Func<TransportDomain, ITransportMapping>>(c =>
        {
            var loggerFactory = c.Resolve<ILoggerFactory>();
            return domain => new UdpTransportMapping(domain, localEndPoint: null, loggerFactory.CreateLogger<UdpTransportMapping>());
        }).SingleInstance();
    }
}

/// <summary>The security subsystem (RFC 3414): the User-based Security Model.</summary>
internal sealed class SecurityModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        // With a LocalEngine registered (an agent), USM is authoritative for the requests it receives.
        builder.Register(c => new UserBasedSecurityModel(c.Resolve<TimeProvider>(), c.Resolve<ILoggerFactory>().CreateLogger<UserBasedSecurityModel>(), c.ResolveOptional<LocalEngine>()))
            .AsSelf().As<ISecurityModel>().SingleInstance();
    }
}

/// <summary>Message processing models (RFC 3412 section 7, RFC 3584 section 5): SNMPv1, SNMPv2c and SNMPv3.</summary>
internal sealed class MessageProcessingModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        // An agent's options set snmpEngineMaxMessageSize; an Engine uses the UDP maximum.
        builder.Register(c => new MessageProcessingModelV3(c.Resolve<IEnumerable<ISecurityModel>>(), c.ResolveOptional<LocalEngine>()?.EngineId,
                MaxMessageSize(c), c.Resolve<ILoggerFactory>().CreateLogger<MessageProcessingModelV3>()))
            .As<IMessageProcessingModel>().SingleInstance();
        builder.Register(c => new CommunityMessageProcessingModel(SnmpVersion.SNMPv1, c.ResolveOptional<LocalEngine>()?.EngineId,
                c.Resolve<ILoggerFactory>().CreateLogger<CommunityMessageProcessingModel>(), MaxMessageSize(c), c.ResolveOptional<CommunityTable>()))
            .As<IMessageProcessingModel>().SingleInstance();
        builder.Register(c => new CommunityMessageProcessingModel(SnmpVersion.SNMPv2c, c.ResolveOptional<LocalEngine>()?.EngineId,
                c.Resolve<ILoggerFactory>().CreateLogger<CommunityMessageProcessingModel>(), MaxMessageSize(c), c.ResolveOptional<CommunityTable>()))
            .As<IMessageProcessingModel>().SingleInstance();
    }

    private static int MaxMessageSize(IComponentContext c) => c.ResolveOptional<AgentOptions>()?.MaxMessageSize ?? 65507;
}

/// <summary>The dispatcher (RFC 3412 section 4) and the statistics it keeps.</summary>
internal sealed class DispatcherModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterType<SnmpStatistics>().SingleInstance();
        builder.Register(c => new SnmpDispatcher(
                c.Resolve<IEnumerable<IMessageProcessingModel>>(),
                c.Resolve<Func<TransportDomain, ITransportMapping>>(),
                c.Resolve<SnmpStatistics>(),
                c.Resolve<ILoggerFactory>().CreateLogger<SnmpDispatcher>()))
            .AsSelf().As<IDispatcher>().SingleInstance()
            .ExternallyOwned(); // The Engine disposes it asynchronously, after the applications.
    }
}

/// <summary>Applications (RFC 3413): the Command Generator.</summary>
internal sealed class ApplicationsModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c => new CommandGenerator(
                c.Resolve<IDispatcher>(),
                c.Resolve<TimeProvider>(),
                c.Resolve<ILoggerFactory>().CreateLogger<CommandGenerator>()))
            .AsSelf().SingleInstance();
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
