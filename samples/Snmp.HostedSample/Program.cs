using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        await host.RunAsync().ConfigureAwait(false);
        var results = host.Services.GetRequiredService<PollResults>();
        var settings = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PollerSettings>>().Value;
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
            agent.Mib.AddScalar("1.3.6.1.4.1.99999.42.1.0", SnmpType.Counter32, () => new Counter32((uint)services.GetRequiredService<PollResults>().Succeeded)));
        builder.Services.AddSnmpEngine();

        builder.Services.AddOptions<PollerSettings>().BindConfiguration(PollerSettings.SectionName);
        builder.Services.AddSingleton<PollResults>();
        builder.Services.AddHostedService<Poller>();

        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter("Snmp", Poller.MeterName).AddConsoleExporter())
            .WithTracing(t => t.AddSource("Snmp").AddConsoleExporter());
        return builder;
    }
}
