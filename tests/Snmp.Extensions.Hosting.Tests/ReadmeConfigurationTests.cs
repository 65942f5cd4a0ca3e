using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Snmp.Extensions.Hosting.Tests;

/// <summary>The README's appsettings example binds, and lacks only the passwords it says come from secrets.</summary>
[TestFixture]
public partial class ReadmeConfigurationTests
{
    [GeneratedRegex(@"### Hosting and dependency injection.*?```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex HostingJson();

    [Test]
    public void The_README_configuration_lacks_only_its_passwords()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Snmp.Architecture.sln")))
        {
            dir = dir.Parent;
        }

        var readme = File.ReadAllText(Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "README.md"));
        var json = HostingJson().Match(readme);
        Assert.That(json.Success, Is.True, "the README's hosting section has an appsettings example");

        var directory = Directory.CreateTempSubdirectory("snmp-readme-").FullName;
        var boots = Path.Combine(directory, "engine.boots");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json.Groups[1].Value)));
        // Its boots file is a system path; the test's is its own.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Snmp:Agent:EngineBootsFile"] = boots });
        builder.Services.AddSnmpAgent().AddSnmpEngine().AddSnmpTrapReceiver((_, _) => Task.CompletedTask);
        using var host = builder.Build();

        var failure = Assert.CatchAsync(() => host.StartAsync().WaitAsync(TestHosts.Patience))!;
        var keys = Regex.Matches(failure.Message, @"(Snmp:[A-Za-z]+:[A-Za-z0-9:]+): ").Select(m => m.Groups[1].Value).Distinct();
        Assert.That(keys, Is.EquivalentTo(new[]
        {
            "Snmp:Agent:Users:0:AuthPassword", "Snmp:Agent:Users:0:PrivPassword",
            "Snmp:Engine:Users:0:AuthPassword", "Snmp:Engine:Users:0:PrivPassword",
        }), failure.Message);
        Directory.Delete(directory, recursive: true);
    }
}
