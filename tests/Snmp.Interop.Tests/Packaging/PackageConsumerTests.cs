using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Packaging;

/// <summary>
/// The packages as a user meets them (issue 21): the solution's packable projects packed into a
/// local folder feed, and a fresh console project outside the repository that references only
/// the top-level <c>Snmp</c> package from that feed, with <c>using Snmp;</c> alone, builds and runs
/// the package README's first Get against Net-SNMP's snmpd and a trap from a Notifier to a
/// TrapReceiver in the same program.
/// </summary>
[TestFixture]
[Category("Packaging")]
public partial class PackageConsumerTests
{
    /// <summary>The address the package README's example asks; the test points it at its snmpd.</summary>
    private const string ReadmeAgentAddress = "\"127.0.0.1:161\"";

    private static readonly TimeSpan PackLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QueryLimit = TimeSpan.FromSeconds(60);

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^\s*E\s+(\S.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnabledSource();

    [Test]
    public async Task A_fresh_console_project_referencing_only_the_Snmp_package_gets_from_snmpd_and_receives_its_own_trap()
    {
        var dotnet = DotnetHost();
        var repository = RepositoryRoot();
        var marker = $"package-consumer-{Guid.NewGuid():N}";
        await using var snmpd = await SnmpdFixture.StartAsync([$"sysDescr {marker}"]);

        var work = Directory.CreateTempSubdirectory("snmp-package-consumer-").FullName;
        try
        {
            Assert.That(work.StartsWith(repository + Path.DirectorySeparatorChar, StringComparison.Ordinal), Is.False, "the consumer must live outside the repository");
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            var packages = Directory.CreateDirectory(Path.Combine(work, "packages")).FullName;
            var consumer = Directory.CreateDirectory(Path.Combine(work, "consumer")).FullName;

            // The build the tests run on is the one packed (--no-build): same configuration.
            var configuration = typeof(PackageConsumerTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var pack = await RunAsync(dotnet, ["pack", Path.Combine(repository, "Snmp.Architecture.sln"), "--no-build", "-c", configuration, "-o", feed, "-nologo", "-v", "q", "-nodeReuse:false"], repository, PackLimit);
            Assert.That(pack.ExitCode, Is.Zero, "dotnet pack failed:\n" + pack.Output);
            AssertOnePackagePerSourceProject(repository, feed);

            // Restore as this machine does (its sources and its global packages folder, read-only,
            // as a source of the third-party packages), but unpack into a private folder, so that
            // the Snmp packages come from this run's feed and never from an earlier run's cache.
            var sources = await MachineSourcesAsync(dotnet, consumer);
            await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), NuGetConfig(feed, packages, sources));
            foreach (var isolation in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                await File.WriteAllTextAsync(Path.Combine(consumer, isolation), "<Project />\n");
            }

            var version = PackageVersion();
            await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), ConsumerProject(version));
            var program = ConsumerProgram(repository, snmpd.Port);
            Assert.That(UsingDirectives(program), Is.EqualTo(new[] { "using Snmp;" }), "the consumer names one namespace");
            await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), program);

            // A public source that cannot be reached is no failure while the machine's folder has the package.
            var build = await RunAsync(dotnet, ["build", "-c", "Release", "-nologo", "-v", "q", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:RestoreIgnoreFailedSources=true"], consumer, BuildLimit, packages);
            Assert.That(build.ExitCode, Is.Zero, "the consumer did not build:\n" + build.Output);
            var restored = Directory.GetDirectories(packages).Select(Path.GetFileName).ToArray();
            Assert.That(restored, Does.Contain("snmp").And.Contain("snmp.core").And.Contain("snmp.transport.udp"), "the Snmp package and its dependencies come from this run's feed");

            var run = await RunAsync(dotnet, [Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll")], consumer, RunLimit, packages);
            Assert.That(run.ExitCode, Is.Zero, "the consumer failed:\n" + run.Output);
            Assert.That(run.Output, Does.Contain($"1.3.6.1.2.1.1.1.0 = OctetString: {marker}"), "the README's Get printed snmpd's sysDescr.0");
            Assert.That(run.Output, Does.Contain("trap SNMPv2c 1.3.6.1.6.3.1.1.5.3 payload 1.3.6.1.2.1.2.2.1.1.4 = Integer32: 4"), "the TrapReceiver got the Notifier's linkDown");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Every project under src/ is a package with its symbols, and nothing else is packed (no sample, test or tool).</summary>
    private static void AssertOnePackagePerSourceProject(string repository, string feed)
    {
        var version = PackageVersion();
        var expected = Directory.GetFiles(Path.Combine(repository, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        string[] Ids(string extension) =>
            [.. Directory.GetFiles(feed, "*" + extension).Select(Path.GetFileName)
                .Select(name => name!.EndsWith($".{version}{extension}", StringComparison.Ordinal) ? name[..^$".{version}{extension}".Length] : name)
                .Order(StringComparer.Ordinal)];

        Assert.That(expected, Does.Contain("Snmp").And.Contain("Snmp.Core"));
        Assert.That(Ids(".nupkg"), Is.EqualTo(expected), "one package per src project, version " + version);
        Assert.That(Ids(".snupkg"), Is.EqualTo(expected), "one symbol package per src project");
    }

    /// <summary>The version the packed build carries (the informational version without its source revision).</summary>
    private static string PackageVersion()
    {
        var informational = typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? throw new InvalidOperationException("Snmp.dll has no informational version.");
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }

    /// <summary>The enabled package sources this machine's restore uses (user and machine NuGet.Config, read in a folder without one of its own).</summary>
    private static async Task<IReadOnlyList<string>> MachineSourcesAsync(string dotnet, string folder)
    {
        var list = await RunAsync(dotnet, ["nuget", "list", "source", "--format", "Short"], folder, QueryLimit);
        Assert.That(list.ExitCode, Is.Zero, "dotnet nuget list source failed:\n" + list.Output);
        var locals = await RunAsync(dotnet, ["nuget", "locals", "global-packages", "--list"], folder, QueryLimit);
        Assert.That(locals.ExitCode, Is.Zero, "dotnet nuget locals failed:\n" + locals.Output);

        var sources = EnabledSource().Matches(list.Output).Select(m => m.Groups[1].Value).ToList();
        var globalPackages = locals.Output.Trim().Split(": ", 2) is [_, var path] ? path.Trim() : "";
        if (Directory.Exists(globalPackages))
        {
            sources.Insert(0, globalPackages);
        }

        Assert.That(sources, Is.Not.Empty, "no package source to restore Snmp's dependencies from:\n" + list.Output + locals.Output);
        return sources;
    }

    private static string NuGetConfig(string feed, string packages, IReadOnlyList<string> sources)
    {
        var config = new StringBuilder()
            .AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
            .AppendLine("<configuration>")
            .AppendLine("  <config>")
            .AppendLine($"    <add key=\"globalPackagesFolder\" value=\"{Escape(packages)}\" />")
            .AppendLine("  </config>")
            .AppendLine("  <packageSources>")
            .AppendLine("    <clear />")
            .AppendLine($"    <add key=\"snmp-feed\" value=\"{Escape(feed)}\" />");
        for (int i = 0; i < sources.Count; i++)
        {
            config.AppendLine($"    <add key=\"machine-{i}\" value=\"{Escape(sources[i])}\" />");
        }

        // Source mapping: Snmp and Snmp.* only from this run's feed, whatever a public source serves.
        config.AppendLine("  </packageSources>")
            .AppendLine("  <packageSourceMapping>")
            .AppendLine("    <packageSource key=\"snmp-feed\">")
            .AppendLine("      <package pattern=\"Snmp\" />")
            .AppendLine("      <package pattern=\"Snmp.*\" />")
            .AppendLine("    </packageSource>");
        for (int i = 0; i < sources.Count; i++)
        {
            config.AppendLine($"    <packageSource key=\"machine-{i}\">")
                .AppendLine("      <package pattern=\"*\" />")
                .AppendLine("    </packageSource>");
        }

        return config.AppendLine("  </packageSourceMapping>").AppendLine("</configuration>").ToString();
    }

    private static string Escape(string value) => System.Security.SecurityElement.Escape(value);

    /// <summary>What <c>dotnet new console</c> makes, with one package reference.</summary>
    private static string ConsumerProject(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Snmp" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// The package README's first Get as written (pointed at the test's snmpd), then a trap from a
    /// Notifier to a TrapReceiver on a port of its own choosing, printed as received.
    /// </summary>
    private static string ConsumerProgram(string repository, int snmpdPort)
    {
        var readme = File.ReadAllText(Path.Combine(repository, "docs", "nuget", "README.md")).Replace("\r", "");
        var example = CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).FirstOrDefault()
            ?? throw new AssertionException("docs/nuget/README.md has no C# example");
        Assert.That(example, Does.Contain(ReadmeAgentAddress), "the package README's Get asks 127.0.0.1:161, which the test points at its snmpd");
        example = example.Replace(ReadmeAgentAddress, $"\"127.0.0.1:{snmpdPort}\"", StringComparison.Ordinal);

        return example + """

            // The package test's own part: a trap from a Notifier to a TrapReceiver in this program.
            await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
            using var trapEngine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var notifications = receiver.ReadAllAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
            await trapEngine.Notifier(receiver.Endpoints[0].ToString())
                .SendTrapAsync("1.3.6.1.6.3.1.1.5.3", [new VarBind("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4))]);
            if (!await notifications.MoveNextAsync())
            {
                Console.WriteLine("no trap");
                return 1;
            }

            ReceivedNotification trap = notifications.Current;
            Console.WriteLine($"trap {trap.Version} {trap.TrapOid} payload {string.Join(", ", trap.Payload)}");
            return 0;
            """;
    }

    private static string[] UsingDirectives(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("using ", StringComparison.Ordinal) && l.EndsWith(';') && !l.Contains('=') && !l.Contains('('))];

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Snmp.Architecture.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Snmp.Architecture.sln not found above the test directory.");
    }

    /// <summary>The dotnet host running these tests (a test host is started by it), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var candidates = new[] { Environment.ProcessPath, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, "dotnet")));
        foreach (var candidate in candidates)
        {
            if (candidate is not null && Path.GetFileNameWithoutExtension(candidate) == "dotnet" && File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string message = "the dotnet host (the .NET SDK) is not found; the package consumer test packs and builds with it.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        throw new InvalidOperationException(message);
    }

    private sealed record ProcessResult(int ExitCode, string Output);

    /// <summary>
    /// Runs a dotnet command with a bounded wait (the whole process tree is killed past it). The
    /// test host's MSBuild variables are left out, so the child's SDK resolves as from a shell;
    /// <paramref name="packages"/>, when given, is the only global packages folder it may fill.
    /// </summary>
    private static async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, string directory, TimeSpan limit, string? packages = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        if (packages is not null)
        {
            start.Environment["NUGET_PACKAGES"] = packages;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"`dotnet {string.Join(' ', arguments)}` did not finish within {limit.TotalSeconds:0} s:\n{await output}{await error}");
        }

        return new ProcessResult(process.ExitCode, await output + await error);
    }
}
