using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Snmp.HostedSample;

/// <summary>
/// A generic host that runs an SNMP agent and a poller of it, both from appsettings.json (section
/// "Snmp" for the library, "Poller" for the poller), with the library's metrics and traces (Meter
/// and ActivitySource "Snmp") and the poller's own counter printed by OpenTelemetry's console
/// exporter. The passwords in appsettings.json are the sample's; give real ones through user
/// secrets or environment variables (Snmp__Agent__Users__0__AuthPassword=...).
/// </summary>
public static class Program
{
    /// <summary>Runs the host until Ctrl+C, or until <c>Poller:Count</c> polls are done; 0 when every poll succeeded.</summary>
    /// <param name="args">Configuration overrides, for example <c>--Poller:Count=3 --Snmp:Agent:ListenOn:0=127.0.0.1:0</c>.</param>
    public static async Task<int> Main(string[] args)
    {
        using var host = CreateBuilder(args).Build();
        return await RunAsync(host).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="host"/> until it stops (Ctrl+C, the poller's last poll, or <paramref name="cancellationToken"/>), then disposes it; 0 when every poll succeeded.</summary>
    /// <param name="host">A host of <see cref="CreateBuilder"/>.</param>
    /// <param name="cancellationToken">Stops the host.</param>
    public static async Task<int> RunAsync(IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var results = host.Services.GetRequiredService<PollResults>();
        var settings = host.Services.GetRequiredService<IOptions<PollerSettings>>().Value;
        // RunAsync disposes the host when it stops (flushing the exporters), so ask before.
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return results.Failed == 0 && (settings.Count == 0 || results.Succeeded == settings.Count) ? 0 : 1;
    }

    /// <summary>The sample's host: the agent, the engine, the poller and OpenTelemetry, configured from appsettings.json beside the program and <paramref name="args"/>.</summary>
    /// <param name="args">Command-line configuration, which overrides appsettings.json and the environment.</param>
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        // appsettings.json is read from beside the program, wherever it is started from.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // The agent first: hosted services start in order, so it listens before the poller starts.
        builder.Services.AddSnmpAgent((agent, services) =>
            agent.Mib.AddScalar("1.3.6.1.4.1.99999.42.1", SnmpType.Counter32, () => new Counter32((uint)services.GetRequiredService<PollResults>().Succeeded)));
        builder.Services.AddSnmpEngine();
        // A relative boots file lives beside the program, not wherever it was started from.
        builder.Services.PostConfigure<AgentSettings>(agent =>
        {
            if (agent.EngineBootsFile is { Length: > 0 } file && !Path.IsPathRooted(file))
            {
                agent.EngineBootsFile = Path.Combine(builder.Environment.ContentRootPath, file);
            }
        });

        builder.Services.AddOptions<PollerSettings>().BindConfiguration(PollerSettings.SectionName);
        builder.Services.AddSingleton<PollResults>();
        builder.Services.AddHostedService<Poller>();

        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter("Snmp", Poller.MeterName).AddConsoleExporter())
            .WithTracing(t => t.AddSource("Snmp").AddConsoleExporter());
        return builder;
    }
}
