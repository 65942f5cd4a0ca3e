using Autofac;
using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;

namespace Snmp;

/// <summary>
/// A plug-in: a transport, a security model, a message processing model or counters of your own,
/// added to an engine through <see cref="EngineOptions.Modules"/>, <see cref="AgentOptions.Modules"/>
/// or <see cref="TrapReceiverOptions.Modules"/>. Modules are registered after the library's own
/// subsystems, in the order given, so a module adds a transport domain or a security model, or
/// takes one over (the last transport factory registered for a domain, and the last security
/// model of a number, wins). See ARCHITECTURE.md, "Plugging in a transport or a security model".
/// </summary>
/// <example>
/// <code>
/// sealed class MyTransportModule : SnmpModule
/// {
///     public override void Register(SnmpModuleRegistrations registrations) =>
///         registrations.AddTransportMappingFactory(services => new MyTransportMappingFactory(services.LoggerFactory));
/// }
/// </code>
/// </example>
public abstract class SnmpModule
{
    /// <summary>
    /// Registers the module's parts with an engine being built: called once for every engine
    /// whose options list the module, so the factories registered make that engine's instances.
    /// </summary>
    /// <param name="registrations">Where the parts are registered.</param>
    public abstract void Register(SnmpModuleRegistrations registrations);
}

/// <summary>
/// The parts an <see cref="SnmpModule"/> registers with one engine, each as a factory of one of
/// the abstract service interfaces (<see cref="Snmp.AbstractServices"/>). Each factory is called
/// at most once per engine, while the engine is built, with <see cref="SnmpEngineServices"/>;
/// what it returns lives as long as the engine and, when disposable, is disposed with it.
/// A factory that throws makes the engine's constructor throw <see cref="SnmpConfigurationException"/>.
/// </summary>
public sealed class SnmpModuleRegistrations
{
    private readonly ContainerBuilder _builder;

    internal SnmpModuleRegistrations(ContainerBuilder builder) => _builder = builder;

    /// <summary>
    /// Adds a transport (RFC 3417, RFC 5590): its domains, its address syntax and its mappings.
    /// The last factory registered for a domain makes its mappings; a factory that is also an
    /// <see cref="ISnmpCounterProvider"/> has its counters in the engine's registry.
    /// </summary>
    /// <param name="factory">Makes the engine's transport mapping factory.</param>
    public void AddTransportMappingFactory(Func<SnmpEngineServices, ITransportMappingFactory> factory) => Add(factory);

    /// <summary>
    /// Adds a security model (RFC 3411 section 4.4), which SNMPv3 messages name by its number;
    /// one of a number already registered (USM's 3, TSM's 4) is taken over. Implementing
    /// <see cref="IOriginatorSecurityModel"/> tells the facade how to originate with it, and
    /// <see cref="ISnmpCounterProvider"/> declares its counters.
    /// </summary>
    /// <param name="factory">Makes the engine's security model.</param>
    public void AddSecurityModel(Func<SnmpEngineServices, ISecurityModel> factory) => Add(factory);

    /// <summary>
    /// Adds a message processing model (RFC 3411 section 4.2), which the dispatcher picks by the
    /// messageProcessingModel number a message carries; one of a number the engine already has
    /// (SNMPv1, SNMPv2c, SNMPv3) is a configuration error.
    /// </summary>
    /// <param name="factory">Makes the engine's message processing model.</param>
    public void AddMessageProcessingModel(Func<SnmpEngineServices, IMessageProcessingModel> factory) => Add(factory);

    /// <summary>
    /// Declares counters (instance OID, name, description) that the module's parts count, so that
    /// Reports and snapshots name them and an agent serves them; a transport factory or security
    /// model that is itself an <see cref="ISnmpCounterProvider"/> needs no separate declaration.
    /// </summary>
    /// <param name="factory">Makes the engine's counter provider.</param>
    public void AddCounterProvider(Func<SnmpEngineServices, ISnmpCounterProvider> factory) => Add(factory);

    private void Add<T>(Func<SnmpEngineServices, T> factory)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        _builder.Register(c => factory(c.Resolve<SnmpEngineServices>())
                ?? throw new SnmpConfigurationException($"A module's {typeof(T).Name} factory returned null."))
            .As<T>().SingleInstance();
    }
}

/// <summary>What an engine being built offers the factories of its <see cref="SnmpModule"/>s.</summary>
public sealed class SnmpEngineServices
{
    internal SnmpEngineServices(ILoggerFactory loggerFactory, TimeProvider timeProvider, LocalEngine localEngine)
    {
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider;
        LocalEngine = localEngine;
    }

    /// <summary>Where the engine logs (a null logger factory unless the engine was given one).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The engine's clock: for timeouts, timeliness and anything a part must measure.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// The engine's snmpEngineID, snmpEngineBoots and snmpEngineTime: the authoritative identity
    /// a security model gives what it receives (RFC 3414 2.3, RFC 5591 5.2).
    /// </summary>
    public LocalEngine LocalEngine { get; }
}
