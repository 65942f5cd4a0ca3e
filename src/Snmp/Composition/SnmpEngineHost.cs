using System.Net;
using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Applications;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.Security.Community;
using Snmp.Security.Usm;
using Snmp.Transport.Tls;

namespace Snmp.Composition;

/// <summary>The RFC 3413 applications an engine is built with, beside its dispatcher.</summary>
[Flags]
internal enum EngineApplications
{
    /// <summary>None: the owner builds its own over the dispatcher (a TrapReceiver's Notification Receiver).</summary>
    None = 0,

    /// <summary>The Command Generator and the Notification Originator (an Engine's Managers and Notifiers, an agent's notifications).</summary>
    Originator = 1,

    /// <summary>VACM (RFC 3415) and the Command Responder over the agent's contexts.</summary>
    Responder = 2,
}

/// <summary>What an <see cref="SnmpEngineHost"/> is built from: plain values, read from a facade's options by the facade.</summary>
/// <param name="Identity">Who the engine is: its <see cref="LocalEngine"/> is booted from this.</param>
internal sealed record SnmpEngineHostSettings(EngineIdentity Identity)
{
    /// <summary>Where the engine's subsystems log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock of snmpEngineTime, sysUpTime, USM's timeliness, retransmissions and the transports' timers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>RFC 6353's TLS and DTLS transports, when set.</summary>
    public TlsTransportOptions? Tls { get; init; }

    /// <summary>snmpEngineMaxMessageSize: the largest message the engine sends or accepts.</summary>
    public int MaxMessageSize { get; init; } = MessageSize.Default;

    /// <summary>The community table incoming SNMPv1/v2c messages are checked against (an engine that listens); null for one that only originates.</summary>
    public CommunityTable? Communities { get; init; }

    /// <summary>The USM users whose trap senders' engines are learnt (a trap receiver).</summary>
    public UsmTrapSenderUsers? TrapSenders { get; init; }

    /// <summary>The applications built with the engine.</summary>
    public EngineApplications Applications { get; init; }

    /// <summary>The user's modules, registered last so that they may take a domain or a model over.</summary>
    public IReadOnlyList<SnmpModule> Modules { get; init; } = [];

    /// <summary>Replaces every transport the dispatcher asks for by domain (the simulated network of the tests).</summary>
    public Func<TransportDomain, ITransportMapping>? TransportOverride { get; init; }
}

/// <summary>
/// The one composition root of the facade: an Engine, an Agent and a TrapReceiver each build
/// one, and nothing else knows the container exists. It boots the engine's identity
/// (<see cref="LocalEngine"/>), composes one Autofac module per RFC 3411 subsystem, the
/// applications asked for and the user's modules, listens with rollback, and shuts everything
/// down in order.
/// </summary>
internal sealed class SnmpEngineHost : IDisposable, IAsyncDisposable
{
    private readonly IContainer _container;
    private readonly List<IDisposable> _disposables = [];
    private readonly List<IDisposable> _registrations = [];
    private readonly Lock _lock = new();
    private readonly SnmpDispatcher? _dispatcher;
    private readonly CommandGenerator? _commandGenerator;
    private readonly NotificationOriginator? _notificationOriginator;
    private readonly ViewBasedAccessControlModel? _vacm;
    private readonly AgentContexts? _contexts;
    private readonly CommandResponder? _commandResponder;
    private int _disposed;

    /// <summary>Boots the identity and composes the engine.</summary>
    /// <exception cref="SnmpConfigurationException">The identity is unusable (engine ID, boots file), the TLS options cannot work, or a module's registrations do not compose.</exception>
    public SnmpEngineHost(SnmpEngineHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        LoggerFactory = settings.LoggerFactory;
        TimeProvider = settings.TimeProvider;
        LocalEngine = settings.Identity.Boot(TimeProvider);
        Applications = settings.Applications;
        _container = Build(Compose(settings, LocalEngine));
        try
        {
            // Resolved now, so that a plug-in's registration that fails to resolve fails here
            // as a configuration error, and not at the first message.
            _dispatcher = _container.Resolve<SnmpDispatcher>();
            Usm = _container.Resolve<UserBasedSecurityModel>();
            SecurityModels = _container.Resolve<OriginatorSecurityModels>();
            Transports = _container.Resolve<TransportMappingFactories>();
            if (Applications.HasFlag(EngineApplications.Originator))
            {
                _commandGenerator = _container.Resolve<CommandGenerator>();
                _notificationOriginator = _container.Resolve<NotificationOriginator>();
            }

            if (Applications.HasFlag(EngineApplications.Responder))
            {
                _vacm = _container.Resolve<ViewBasedAccessControlModel>();
                _contexts = _container.Resolve<AgentContexts>();
                _commandResponder = _container.Resolve<CommandResponder>();
            }
        }
        catch (Autofac.Core.DependencyResolutionException e)
        {
            Dispose();
            ThrowNotComposing(e);
            throw;
        }
    }

    /// <summary>snmpEngineID, snmpEngineBoots and snmpEngineTime, on <see cref="TimeProvider"/>.</summary>
    public LocalEngine LocalEngine { get; }

    /// <summary>The engine's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Where the engine logs.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The applications built.</summary>
    public EngineApplications Applications { get; }

    /// <summary>The dispatcher (RFC 3412 section 4) and its statistics.</summary>
    public SnmpDispatcher Dispatcher => _dispatcher!;

    /// <summary>The User-based Security Model (its usmUserTable lives as long as the engine).</summary>
    public UserBasedSecurityModel Usm { get; } = null!;

    /// <summary>The originator side of every registered SNMPv3 security model.</summary>
    public OriginatorSecurityModels SecurityModels { get; } = null!;

    /// <summary>Every registered transport mapping factory.</summary>
    public TransportMappingFactories Transports { get; } = null!;

    /// <summary>The Command Generator: with <see cref="EngineApplications.Originator"/>.</summary>
    public CommandGenerator CommandGenerator => Composed(_commandGenerator, EngineApplications.Originator);

    /// <summary>The Notification Originator: with <see cref="EngineApplications.Originator"/>.</summary>
    public NotificationOriginator NotificationOriginator => Composed(_notificationOriginator, EngineApplications.Originator);

    /// <summary>VACM: with <see cref="EngineApplications.Responder"/>.</summary>
    public ViewBasedAccessControlModel Vacm => Composed(_vacm, EngineApplications.Responder);

    /// <summary>The MIB of each context: with <see cref="EngineApplications.Responder"/>.</summary>
    public AgentContexts Contexts => Composed(_contexts, EngineApplications.Responder);

    /// <summary>The Command Responder: with <see cref="EngineApplications.Responder"/>.</summary>
    public CommandResponder CommandResponder => Composed(_commandResponder, EngineApplications.Responder);

    /// <summary>
    /// Registers <paramref name="processor"/> for <paramref name="pduTypes"/> under
    /// <paramref name="contextEngineId"/> (registerContextEngineID, RFC 3412 4.3); undone first
    /// when the host shuts down, so nothing is delivered while the sockets close.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another processor is already registered there.</exception>
    public void Serve(OctetString contextEngineId, IReadOnlyCollection<PduType> pduTypes, IPduProcessor processor)
    {
        var registration = Dispatcher.RegisterContextEngineId(contextEngineId, pduTypes, processor);
        lock (_lock)
        {
            _registrations.Add(registration);
        }
    }

    /// <summary>
    /// Runs a step of the owner's start-up (adding users, targets, filters); if it throws, the
    /// host shuts down, so nothing stays bound or running, and the exception propagates.
    /// </summary>
    public T StartUp<T>(Func<T> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            return step();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="StartUp{T}(Func{T})" />
    public void StartUp(Action step)
    {
        ArgumentNullException.ThrowIfNull(step);
        StartUp(() =>
        {
            step();
            return 0;
        });
    }

    /// <summary>
    /// Listens on each address (RFC 3417 leaves an engine's addresses to it: one transport
    /// mapping per address, of whichever registered transport reads it) and returns the local
    /// addresses bound, in order. All or nothing: if an address cannot be read or bound, the host
    /// shuts down, which closes those already bound, and the error names the listener.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">An address cannot be parsed or bound.</exception>
    public IReadOnlyList<EndPoint> Listen(IEnumerable<string> addresses, SnmpEntityRole role, string listener) =>
        StartUp(() => Transports.Listen(Dispatcher, addresses, role, listener));

    /// <summary>Shuts the engine down: <see cref="DisposeAsync"/>.</summary>
    /// <summary>Something of the engine's (its telemetry) disposed with it, after the sockets close.</summary>
    public void AddForDisposal(IDisposable disposable)
    {
        lock (_lock)
        {
            _disposables.Add(disposable);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Shuts the engine down, once: the registrations are undone, every pending request fails
    /// (<see cref="Snmp.Applications.CommandGenerator.Dispose"/>), then the dispatcher closes the
    /// sockets and awaits the receive loops, then the container releases the rest.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        IDisposable[] registrations;
        lock (_lock)
        {
            registrations = [.. _registrations];
            _registrations.Clear();
        }

        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        _commandGenerator?.Dispose();
        if (_dispatcher is not null)
        {
            // Registered externally owned: it closes the sockets before the container goes.
            await _dispatcher.DisposeAsync().ConfigureAwait(false);
        }

        IDisposable[] owned;
        lock (_lock)
        {
            owned = [.. _disposables];
            _disposables.Clear();
        }

        foreach (var disposable in owned)
        {
            disposable.Dispose();
        }

        await _container.DisposeAsync().ConfigureAwait(false);
    }

    private static T Composed<T>(T? part, EngineApplications applications)
        where T : class =>
        part ?? throw new InvalidOperationException($"This engine was built without {applications}.");

    private static ContainerBuilder Compose(SnmpEngineHostSettings settings, LocalEngine localEngine)
    {
        var builder = new ContainerBuilder();
        builder.RegisterInstance(settings.LoggerFactory).As<ILoggerFactory>().ExternallyOwned();
        builder.RegisterInstance(settings.TimeProvider).As<TimeProvider>().ExternallyOwned();
        // Authoritative for the requests an agent receives, the informs a receiver receives and
        // the SNMPv3 traps an engine sends (RFC 3414 2.3); the contextEngineID of incoming
        // community messages (RFC 3584 5.2.1).
        builder.RegisterInstance(localEngine);
        builder.RegisterInstance(new SnmpEngineServices(settings.LoggerFactory, settings.TimeProvider, localEngine));
        builder.RegisterModule(new TransportModule(settings.Tls));
        builder.RegisterModule(new SecurityModule(settings.Communities, settings.TrapSenders));
        builder.RegisterModule(new MessageProcessingModule(settings.MaxMessageSize));
        builder.RegisterModule<DispatcherModule>();
        if (settings.Applications.HasFlag(EngineApplications.Responder))
        {
            builder.RegisterModule<AccessControlModule>();
            builder.RegisterModule<CommandResponderModule>();
        }

        if (settings.Applications.HasFlag(EngineApplications.Originator))
        {
            builder.RegisterModule<ApplicationsModule>();
        }

        builder.RegisterModule(new UserModules(settings.Modules));

        if (settings.TransportOverride is { } transports)
        {
            builder.RegisterInstance(transports);
        }

        return builder;
    }

    /// <summary>Builds the container, turning a composition failure (often a plug-in module's) into a configuration error.</summary>
    private static IContainer Build(ContainerBuilder builder)
    {
        try
        {
            return builder.Build();
        }
        catch (Autofac.Core.DependencyResolutionException e)
        {
            ThrowNotComposing(e);
            throw;
        }
    }

    /// <summary>
    /// The configuration error a composition failure stands for: a part's own
    /// <see cref="SnmpConfigurationException"/> (a plug-in checking its options) as it is, anything
    /// else named by its first cause rather than by the container's chain of activations.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowNotComposing(Autofac.Core.DependencyResolutionException e)
    {
        if (e.GetBaseException() is SnmpConfigurationException own)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(own);
        }

        throw new SnmpConfigurationException($"The engine's modules do not compose: {e.GetBaseException().Message}", e);
    }

    /// <summary>
    /// The user's <see cref="SnmpModule"/>s as one Autofac module, registered after the library's
    /// modules and so applied after them: the last transport factory of a domain, and the last
    /// security model of a number, is the user's. (Registered on the builder directly, they were
    /// enumerated before the library's, and a TSM module could not take TSM over.)
    /// </summary>
    private sealed class UserModules(IReadOnlyList<SnmpModule> modules) : Autofac.Module
    {
        protected override void Load(ContainerBuilder builder)
        {
            var registrations = new SnmpModuleRegistrations(builder);
            foreach (var module in modules)
            {
                ArgumentNullException.ThrowIfNull(module);
                module.Register(registrations);
            }
        }
    }
}
