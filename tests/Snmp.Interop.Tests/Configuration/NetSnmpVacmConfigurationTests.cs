using Snmp.Interop.Tests.NetSnmp;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Configuration;

/// <summary>
/// SNMP-VIEW-BASED-ACM-MIB (RFC 3415 section 4) managed with Net-SNMP's snmpvacm
/// (createSec2Group, createView, createAccess and their deletes) against our Agent and against
/// snmpd configured alike: a user made over SNMP (snmpusm) is refused until its group, view and
/// access rows exist, then reads what the view holds and nothing it excludes, then is refused
/// again once they are deleted; snmptable prints the rows made over SNMP the same from both.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpVacmConfigurationTests
{
    private const string AdminAuth = "admin-auth-pass";
    private const string AdminPriv = "admin-priv-pass";
    private const string TemplateAuth = "tmpl-auth-pass";
    private const string TemplatePriv = "tmpl-priv-pass";

    private SnmpdFixture _snmpd = null!;
    private Snmp.Agent _agent = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _snmpd = await SnmpdFixture.StartAsync(
        [
            $"createUser admin SHA {AdminAuth} AES {AdminPriv}",
            "rwuser admin priv",
            $"createUser tmpl SHA {TemplateAuth} AES {TemplatePriv}",
        ]);
        _agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        _agent.AddUser("admin", AuthenticationProtocol.HmacSha1, AdminAuth, PrivacyProtocol.Aes128, AdminPriv, writable: true);
        _agent.AddUser("tmpl", AuthenticationProtocol.HmacSha1, TemplateAuth, PrivacyProtocol.Aes128, TemplatePriv, view: "none");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _agent.DisposeAsync();
        await _snmpd.DisposeAsync();
    }

    private string OurAgent => $"udp:127.0.0.1:{_agent.Endpoints[0].Port}";

    private IEnumerable<string> Peers() => [OurAgent, _snmpd.Peer];

    private static string[] Admin(string peer) => ["-v3", "-u", "admin", "-l", "authPriv", "-a", "SHA", "-A", AdminAuth, "-x", "AES", "-X", AdminPriv, "-t", "2", "-r", "1", peer];

    private static Task<NetSnmpResult> Run(string tool, string peer, params string[] command) =>
        NetSnmpTools.RunAsync(tool, TimeSpan.FromSeconds(30), outputOptions: false, [.. Admin(peer), .. command]);

    private static async Task<string> GetAs(string peer, string user, string oid)
    {
        var result = await NetSnmpTools.RunAsync("snmpget", ["-v3", "-u", user, "-l", "authPriv", "-a", "SHA", "-A", TemplateAuth, "-x", "AES", "-X", TemplatePriv, "-t", "1", "-r", "0", peer, oid]);
        if (result.ExitCode == 0 && result.VarBinds.Count == 1)
        {
            return result.VarBinds[0].Type.StartsWith("No Such", StringComparison.Ordinal) ? result.VarBinds[0].Type : "answered";
        }

        var reason = (result.StandardOutput + result.StandardError).Split('\n').FirstOrDefault(l => l.StartsWith("Reason:", StringComparison.Ordinal));
        return reason ?? result.Complaints.Trim();
    }

    private static async Task<IReadOnlyList<string>> Rows(string peer, string table, string containing)
    {
        var result = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
            [.. Admin(peer), "-M", MibModules.MibValueRenderingTests.FindIetf(), "-m", "SNMP-VIEW-BASED-ACM-MIB", "-Ci", "-Cf", "|", "-CH", table]);
        Assert.That(result.ExitCode, Is.Zero, $"{peer} {table}: {result.StandardError}");
        return [.. result.StandardOutput.Split('\n').Where(l => l.Contains(containing, StringComparison.Ordinal)).Order()];
    }

    [Test]
    public async Task GroupViewAndAccessMadeWithSnmpvacmDecideWhatAUserReads()
    {
        var tables = new List<string>();
        foreach (var peer in Peers())
        {
            Assert.That((await Run("snmpusm", peer, "create", "viewer", "tmpl")).StandardOutput.Trim(), Is.EqualTo("User successfully created."), peer);
            Assert.That(await GetAs(peer, "viewer", "1.3.6.1.2.1.1.5.0"), Does.Contain("authorizationError"), $"{peer}: no group yet");

            foreach (var command in new[]
            {
                new[] { "createSec2Group", "3", "viewer", "viewergroup" },
                ["createView", "viewerview", ".1.3.6.1.2.1.1"],
                ["-Ce", "createView", "viewerview", ".1.3.6.1.2.1.1.5"],
                ["createAccess", "viewergroup", "3", "3", "1", "viewerview", "none", "viewerview"],
            })
            {
                var result = await Run("snmpvacm", peer, command);
                Assert.That(result.StandardOutput + result.StandardError, Does.Contain("successfully created"), $"{peer}: snmpvacm {string.Join(' ', command)}");
            }

            Assert.That(await GetAs(peer, "viewer", "1.3.6.1.2.1.1.1.0"), Is.EqualTo("answered"), peer);
            Assert.That(await GetAs(peer, "viewer", "1.3.6.1.2.1.1.5.0"), Does.StartWith("No Such Object"), $"{peer}: excluded by the -Ce family");

            foreach (var (table, key) in new[] { ("vacmSecurityToGroupTable", "viewer"), ("vacmAccessTable", "viewergroup"), ("vacmViewTreeFamilyTable", "viewerview") })
            {
                tables.Add($"{table}: {string.Join(" / ", await Rows(peer, table, key))}");
            }

            foreach (var command in new[]
            {
                new[] { "deleteAccess", "viewergroup", "3", "3" },
                ["deleteSec2Group", "3", "viewer"],
                ["deleteView", "viewerview", ".1.3.6.1.2.1.1"],
                ["deleteView", "viewerview", ".1.3.6.1.2.1.1.5"],
            })
            {
                var result = await Run("snmpvacm", peer, command);
                Assert.That(result.StandardOutput + result.StandardError, Does.Contain("successfully deleted"), $"{peer}: snmpvacm {string.Join(' ', command)}");
            }

            Assert.That(await GetAs(peer, "viewer", "1.3.6.1.2.1.1.1.0"), Does.Contain("authorizationError"), $"{peer}: rows deleted");
        }

        // The rows made over SNMP, as snmptable prints them, are the same on both agents.
        Assert.That(tables.Take(3), Is.EqualTo(tables.Skip(3)));
        Assert.That(tables[0], Does.Contain("viewergroup|nonVolatile|active"));
    }

    [Test]
    public async Task ContextTableListsTheDefaultContext()
    {
        foreach (var peer in Peers())
        {
            var result = await NetSnmpTools.RunAsync("snmpwalk", [.. Admin(peer), "1.3.6.1.6.3.16.1.1.1.1"]);
            Assert.That(result.VarBinds.Select(v => v.Oid), Does.Contain("1.3.6.1.6.3.16.1.1.1.1.0"), peer);
        }
    }
}
