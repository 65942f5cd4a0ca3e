using System.Xml.Linq;

namespace Snmp.Tests;

/// <summary>
/// Keeps the dependency direction of ARCHITECTURE.md true: applications -> dispatcher -> message
/// processing -> security, transport beneath the dispatcher, everything on the core, and only the
/// facade composing them all.
/// </summary>
public class ArchitectureTests
{
    // Exactly the references each project has: a new one (or one dropped) is a reviewed change here
    // and in ARCHITECTURE.md. The subsystems meet only through the core's abstract service interfaces.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Snmp.Core"] = [],
        ["Snmp.Transport.Udp"] = ["Snmp.Core"],
        ["Snmp.Transport.Tcp"] = ["Snmp.Core"],
        ["Snmp.Transport.Tls"] = ["Snmp.Core"],
        ["Snmp.Security.Tsm"] = ["Snmp.Core"],
        ["Snmp.Security.Usm"] = ["Snmp.Core"],
        ["Snmp.Security.Community"] = ["Snmp.Core"],
        ["Snmp.MessageProcessing"] = ["Snmp.Core"],
        ["Snmp.Dispatcher"] = ["Snmp.Core"],
        ["Snmp.AccessControl.Vacm"] = ["Snmp.Core"],
        ["Snmp.Applications"] = ["Snmp.Core"],
        ["Snmp.Smi.Modules"] = ["Snmp.Core"],
        // AgentX (RFC 2741) serves the Command Responder's MIB instrumentation (MibTree) to a master agent.
        ["Snmp.AgentX"] = ["Snmp.Core", "Snmp.Applications"],
        ["Snmp"] = ["Snmp.Core", "Snmp.Transport.Udp", "Snmp.Transport.Tcp", "Snmp.Transport.Tls", "Snmp.Security.Usm", "Snmp.Security.Tsm", "Snmp.Security.Community", "Snmp.MessageProcessing", "Snmp.Dispatcher", "Snmp.Applications", "Snmp.AccessControl.Vacm", "Snmp.AgentX"],
        // Above the facade, on its public API only: the generic host's registrations and settings.
        ["Snmp.Extensions.Hosting"] = ["Snmp"],
        // The agent conformance checker: crafts its own messages with the core's codec and USM's primitives.
        ["Snmp.Conformance"] = ["Snmp.Core", "Snmp.Security.Usm"],
        // The snmp command: over the facade, the MIB compiler, the checker and the simulator, their public API only.
        ["Snmp.Tool"] = ["Snmp", "Snmp.Smi.Modules", "Snmp.Conformance", "Snmp.Simulator"],
        // The device simulator (`snmp sim`): recordings served through an Agent, on the facade's public API only.
        ["Snmp.Simulator"] = ["Snmp"],
    };

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Snmp.Architecture.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Snmp.Architecture.sln not found above the test directory.");
    }

    private static IEnumerable<(string Project, string[] References, string[] Packages)> SourceProjects()
    {
        foreach (var csproj in Directory.GetFiles(Path.Combine(RepoRoot(), "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var doc = XDocument.Load(csproj);
            var refs = doc.Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray();
            var packages = doc.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToArray();
            yield return (Path.GetFileNameWithoutExtension(csproj), refs, packages);
        }
    }

    [Test]
    public void EverySourceProjectIsKnownToTheLayering()
    {
        var projects = SourceProjects().Select(p => p.Project).ToArray();
        Assert.That(projects, Is.EquivalentTo(Allowed.Keys), "A new project under src/ needs its place in ARCHITECTURE.md and in this table.");
    }

    [Test]
    public void ProjectReferencesPointOnlyDownTheLayers()
    {
        foreach (var (project, references, _) in SourceProjects())
        {
            Assert.That(references, Is.EquivalentTo(Allowed[project]), $"{project} references a layer above it or beside it, or the table names a reference it no longer has.");
        }
    }

    [Test]
    public void NoSubsystemSeesAnotherOnesInternals()
    {
        // A first-party module (USM, TSM, a transport) uses only what a third party could use:
        // no assembly under src/ grants its internals to another one, not even to the facade,
        // which composes them through their public API. Tests, benchmarks and Moq's proxies may
        // see internals.
        var sourceProjects = SourceProjects().Select(p => p.Project).ToHashSet();
        foreach (var csproj in Directory.GetFiles(Path.Combine(RepoRoot(), "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var project = Path.GetFileNameWithoutExtension(csproj);
            var grants = XDocument.Load(csproj).Descendants("InternalsVisibleTo").Select(e => e.Attribute("Include")!.Value);
            Assert.That(grants.Where(sourceProjects.Contains), Is.Empty,
                $"{project} grants its internals to another subsystem; make what it needs public API instead.");
        }
    }

    [Test]
    public void OnlyTheFacadeKnowsTheContainer()
    {
        foreach (var (project, _, packages) in SourceProjects().Where(p => p.Project != "Snmp"))
        {
            Assert.That(packages, Does.Not.Contain("Autofac"), $"{project} must not know the container exists.");
        }
    }

    [Test]
    public void NoPublicApiNamesTheContainer()
    {
        // Plug-ins are SnmpModules: the container is the facade's own business, so that it can
        // change without breaking a plug-in (ARCHITECTURE.md, "Composition").
        foreach (var directory in Directory.GetFiles(Path.Combine(RepoRoot(), "src"), "PublicAPI.Shipped.txt", SearchOption.AllDirectories).Select(Path.GetDirectoryName))
        {
            var shipped = File.ReadAllLines(Path.Combine(directory!, "PublicAPI.Shipped.txt"));
            var unshipped = File.ReadAllLines(Path.Combine(directory!, "PublicAPI.Unshipped.txt"));
            const string Removed = "*REMOVED*";
            var removed = unshipped.Where(l => l.StartsWith(Removed, StringComparison.Ordinal)).Select(l => l[Removed.Length..]).ToHashSet();
            var surface = shipped.Concat(unshipped).Where(l => !l.StartsWith(Removed, StringComparison.Ordinal) && !removed.Contains(l));
            Assert.That(surface.Where(l => l.Contains("Autofac", StringComparison.Ordinal)), Is.Empty, directory);
        }
    }
}
