using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Snmp;
using Snmp.Hosting;

// In the namespace of IServiceCollection, as Microsoft's own Add* methods are: the Worker and Web
// SDKs import it implicitly, so services.AddSnmpAgent() needs no using; the types these methods
// take (settings, handlers) are in Snmp, the one namespace of a first program.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds the Snmp library's engines to a .NET generic host: an <see cref="Engine"/> for pollers, an
/// <see cref="Agent"/> and a <see cref="TrapReceiver"/> that start and stop with the host, each
/// from settings bound from configuration ("Snmp:Engine", "Snmp:Agent", "Snmp:TrapReceiver") and
/// checked when the host starts: a bad setting fails <c>StartAsync</c> with a message naming its
/// key ("Snmp:Agent:Users:0:AuthPassword: ..."), never a password. Each is added once per container.
/// Every <see cref="SnmpModule"/> registered in the container (<c>services.AddSingleton&lt;SnmpModule&gt;(new MyTransportModule())</c>)
/// is plugged into each of them, as <see cref="EngineOptions.Modules"/> would be.
/// </summary>
public static class SnmpServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="Engine"/> singleton (Managers and Notifiers for pollers and
    /// notification senders) built from <see cref="EngineSettings"/> at <paramref name="configurationSection"/>
    /// when the host starts, and disposed with the host.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Called once with the engine before anyone else gets it (add users in code, for example).</param>
    /// <param name="configurationSection">The configuration section of its <see cref="EngineSettings"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSnmpEngine(this IServiceCollection services, Action<Engine, IServiceProvider>? configure = null,
        string configurationSection = EngineSettings.SectionName)
    {
        AddSettings<EngineSettings, EngineSettingsValidator>(services, configurationSection, provider => new EngineSettingsValidator(configurationSection, provider.GetService<IConfiguration>()));
        services.TryAddSingleton(provider =>
        {
            var engine = SettingsConversion.CreateEngine(provider.GetRequiredService<IOptions<EngineSettings>>().Value, provider.GetServices<SnmpModule>(), provider.GetService<ILoggerFactory>());
            return Configured(engine, configure, provider);
        });
        services.AddHostedService<EngineHostedService>();
        return services;
    }

    /// <summary>
    /// Adds an <see cref="Agent"/> built from <see cref="AgentSettings"/> at <paramref name="configurationSection"/>
    /// (listening, with its communities, users, contexts, views and notification targets) when the
    /// host starts, and disposed when it stops. Resolve <see cref="Agent"/> once the host has
    /// started for its <see cref="Agent.Endpoints"/>, MIB and notifications.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Called once with the agent as it starts: register MIB objects, add users or views in code.</param>
    /// <param name="configurationSection">The configuration section of its <see cref="AgentSettings"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSnmpAgent(this IServiceCollection services, Action<Agent, IServiceProvider>? configure = null,
        string configurationSection = AgentSettings.SectionName)
    {
        AddSettings<AgentSettings, AgentSettingsValidator>(services, configurationSection, provider => new AgentSettingsValidator(configurationSection, provider.GetService<IConfiguration>()));
        services.TryAddSingleton(provider =>
        {
            var agent = SettingsConversion.CreateAgent(provider.GetRequiredService<IOptions<AgentSettings>>().Value, provider.GetServices<SnmpModule>(), provider.GetService<ILoggerFactory>());
            return Configured(agent, configure, provider);
        });
        services.AddHostedService<AgentHostedService>();
        return services;
    }

    /// <summary>
    /// Adds a <see cref="TrapReceiver"/> built from <see cref="TrapReceiverSettings"/> at
    /// <paramref name="configurationSection"/> when the host starts, which calls
    /// <paramref name="handler"/> for each notification it accepts (in arrival order, one at a
    /// time; an exception is logged and the next is handled) and is disposed when the host stops.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="handler">What to do with each notification; its token is cancelled when the host stops before the queue is read.</param>
    /// <param name="configurationSection">The configuration section of its <see cref="TrapReceiverSettings"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The two overloads differ in how the handler is given (a type argument or a delegate) and can never be ambiguous.")]
    public static IServiceCollection AddSnmpTrapReceiver(this IServiceCollection services, Func<ReceivedNotification, CancellationToken, Task> handler,
        string configurationSection = TrapReceiverSettings.SectionName)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddTrapReceiver(services, configurationSection, new NotificationHandling((_, notification, token) => handler(notification, token)));
    }

    /// <summary>
    /// Adds a <see cref="TrapReceiver"/> as <see cref="AddSnmpTrapReceiver(IServiceCollection, Func{ReceivedNotification, CancellationToken, Task}, string)"/>
    /// does, whose notifications go to <typeparamref name="THandler"/>, resolved in a scope of its own for each one
    /// (registered as scoped unless already registered).
    /// </summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configurationSection">The configuration section of its <see cref="TrapReceiverSettings"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The two overloads differ in how the handler is given (a type argument or a delegate) and can never be ambiguous.")]
    public static IServiceCollection AddSnmpTrapReceiver<THandler>(this IServiceCollection services, string configurationSection = TrapReceiverSettings.SectionName)
        where THandler : class, IReceivedNotificationHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped<THandler>();
        return AddTrapReceiver(services, configurationSection, new NotificationHandling(async (provider, notification, token) =>
        {
            var scope = provider.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(notification, token).ConfigureAwait(false);
            }
        }));
    }

    private static IServiceCollection AddTrapReceiver(IServiceCollection services, string configurationSection, NotificationHandling handling)
    {
        AddSettings<TrapReceiverSettings, TrapReceiverSettingsValidator>(services, configurationSection, provider => new TrapReceiverSettingsValidator(configurationSection, provider.GetService<IConfiguration>()));
        services.TryAddSingleton(handling);
        services.TryAddSingleton(provider =>
            SettingsConversion.CreateTrapReceiver(provider.GetRequiredService<IOptions<TrapReceiverSettings>>().Value, provider.GetServices<SnmpModule>(), provider.GetService<ILoggerFactory>()));
        services.AddHostedService<TrapReceiverHostedService>();
        return services;
    }

    private static void AddSettings<TSettings, TValidator>(IServiceCollection services, string configurationSection, Func<IServiceProvider, TValidator> validator)
        where TSettings : class
        where TValidator : class, IValidateOptions<TSettings>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationSection);
        services.AddOptions<TSettings>().BindConfiguration(configurationSection).ValidateOnStart();
        // The validator also reads the section for keys no setting takes ("AuthPasword"), naming each.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TSettings>, TValidator>(validator));
    }

    private static T Configured<T>(T engine, Action<T, IServiceProvider>? configure, IServiceProvider provider)
        where T : IDisposable
    {
        try
        {
            configure?.Invoke(engine, provider);
            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }
}
