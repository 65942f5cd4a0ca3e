using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Snmp.HostedSample;

namespace Snmp.Extensions.Hosting.Tests;

/// <summary>
/// samples/Snmp.HostedSample, run in this process through its own host builder and run loop
/// (no child process to find, start and stop), from its appsettings.json with a free loopback
/// port and a poll count: it polls its agent through the hosted Engine over SNMPv3 authPriv,
/// prints the poller's metric through OpenTelemetry's console exporter, and stops by itself.
/// </summary>
[TestFixture]
[NonParallelizable] // it redirects Console.Out to read the exporter's output
public class HostedSampleTests
{
    [Test]
    public async Task The_sample_polls_its_agent_from_appsettings_and_exits()
    {
        var directory = Directory.CreateTempSubdirectory("snmp-hosted-sample-").FullName;
        var console = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(TextWriter.Synchronized(console));
        int exitCode;
        long succeeded;
        try
        {
            using var host = Program.CreateBuilder(
            [
                "--Snmp:Agent:ListenOn:0=127.0.0.1:0",
                $"--Snmp:Agent:EngineBootsFile={Path.Combine(directory, "agent.boots")}",
                "--Poller:Count=3",
                "--Poller:Interval=00:00:00",
                "--Poller:Timeout=00:00:20",
            ]).Build();
            var results = host.Services.GetRequiredService<PollResults>();
            var settings = host.Services.GetRequiredService<IOptions<AgentSettings>>().Value;
            Assert.That(settings.SysDescr, Is.EqualTo("Snmp.HostedSample agent"), "read from appsettings.json beside the sample");
            Assert.That(settings.ListenOn, Is.EqualTo(new[] { "127.0.0.1:0" }), "the command line overrides appsettings.json");

            // A bound, not a pause: the sample stops itself after three polls long before this.
            using var bound = new CancellationTokenSource(TestHosts.Patience);
            exitCode = await Program.RunAsync(host, bound.Token);
            Assert.That(bound.IsCancellationRequested, Is.False, "the sample stopped by itself");
            succeeded = results.Succeeded;
        }
        finally
        {
            Console.SetOut(previous);
        }

        var output = console.ToString();
        TestContext.Out.WriteLine(output);
        Assert.That(exitCode, Is.Zero, "every poll succeeded");
        Assert.That(succeeded, Is.EqualTo(3));
        Assert.That(File.ReadAllText(Path.Combine(directory, "agent.boots")), Does.Contain("engineBoots 1"));
        Assert.That(output, Does.Contain("Metric Name: snmp.sample.polls"), "the console exporter printed the poller's metric");
        Assert.That(output, Does.Match(@"outcome: success\s+Value: 3"));
        Assert.That(output, Does.Not.Contain("sample-auth-secret").And.Not.Contain("sample-priv-secret"));
        Directory.Delete(directory, recursive: true);
    }
}
