using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Tool;

/// <summary>
/// <c>snmp usm</c> beside Net-SNMP's snmpusm on one agent (snmpd, or our own <see cref="Snmp.Agent"/>):
/// bad input compared as every oracle case is; then scenarios that change the agent's
/// usmUserTable, run first with snmpusm, the users they made deleted again, then with ours, step
/// by step the same stdout, stderr and exit code. After ours, the users must work as the scenario
/// says: a Get (by Net-SNMP's snmpget, independent of our tool) as the new or re-keyed user
/// answers, and one with the old pass phrase is refused.
/// </summary>
[NonParallelizable]
public abstract class UsmToolOracleTests
{
    /// <summary>The template user every agent has: SHA-1 + AES-128, one pass phrase for both keys.</summary>
    protected const string TemplatePass = "tmplpass123";

    private const string NewPass = "newpass1234";

    /// <summary>The agent ("udp:127.0.0.1:port").</summary>
    protected abstract string Agent { get; }

    /// <summary>A user with write access to usmUserTable (SHA-256 + AES-128, authPriv).</summary>
    protected abstract string Admin { get; }

    private string AdminArgs => $"{Admin} {Agent}";

    private static string As(string user, string pass, string? privPass = null) =>
        $"-v3 -u {user} -l authPriv -a SHA -A {pass} -x AES -X {privPass ?? pass}";

    private string[] Args(string line) => ToolOracle.Words(line.Replace("{admin}", AdminArgs, StringComparison.Ordinal).Replace("{agent}", Agent, StringComparison.Ordinal));

    public static IEnumerable<TestCaseData> BadInput()
    {
        foreach (var line in new[]
        {
            "{admin}",
            "{admin} frob",
            "{admin} create",
            "{admin} delete",
            "{admin} activate",
            "{admin} deactivate",
            "{admin} cloneFrom",
            "{admin} cloneFrom wes",
            "{admin} passwd short",
            "{admin} passwd short newpass1234",
            "{admin} -Ca -Ck passwd 0x1234 newpass1234 tmpl",
            "{admin} -Cz create wes",
            "{admin} -CE zz create wes",
            "{admin} -CE",
            "{admin} -Cp",
            "{admin} changekey",
            "{admin} changekey tmpl",
            "-v3 -u tmpl -l authNoPriv -a SHA -A tmplpass123 {agent} passwd tmplpass123 newpass1234",
            "-v3 -u nobody {agent} create wes tmpl",
            "-v3 -u admin -l authPriv -a SHA-256 -A wrongpass123 -x AES -X adminpriv123 -t 0.5 -r 0 {agent} create wes tmpl",
            "-v3 -u admin -l authPriv -a SHA-256 -A adminpass123 -x AES -X adminpriv123 -t 0.3 -r 0 udp:127.0.0.1:9 create wes",
            "-v3 -u admin -l authPriv -a SHA-256 -A adminpass123 -x AES -X adminpriv123 -e 8000000001020304 -t 0.3 -r 0 udp:127.0.0.1:9 create wes",
            "{admin} create tmpl",
            "{admin} create admin tmpl",
            "{admin} cloneFrom nosuch tmpl",
            "{admin} passwd tmplpass123 newpass1234 tmpl",
        })
        {
            yield return new TestCaseData(line).SetArgDisplayNames(line);
        }
    }

    [TestCaseSource(nameof(BadInput))]
    public Task Same_as_snmpusm(string line) => ToolOracle.AssertSameAsync("snmpusm", Args(line));

    [Test]
    public async Task Create_from_a_template_then_the_new_user_answers_with_its_pass_phrase()
    {
        await AssertScenarioSameAsync(["wes"], "{admin} create wes tmpl", "{admin} create wes tmpl");
        await AssertGetAsync(As("wes", TemplatePass), works: true);
        await AssertGetAsync(As("wes", "wrongpass123"), works: false);
    }

    [Test]
    public async Task Create_and_wait_activate_deactivate_delete()
    {
        await AssertScenarioSameAsync(["wes"],
            "{admin} -Cw create wes tmpl", "{admin} activate wes", "{admin} deactivate wes", "{admin} activate wes");
        await AssertGetAsync(As("wes", TemplatePass), works: true);
        await AssertScenarioSameAsync(["wes"], "{admin} -Cw create wes tmpl", "{admin} delete wes", "{admin} delete wes");
        await AssertGetAsync(As("wes", TemplatePass), works: false);
    }

    [Test]
    public async Task Create_without_keys_then_clone()
    {
        await AssertScenarioSameAsync(["wes"], "{admin} create wes", "{admin} cloneFrom wes tmpl");
        await AssertGetAsync(As("wes", TemplatePass), works: true);
    }

    [Test]
    public async Task A_user_changes_its_own_keys_and_the_old_pass_phrase_fails()
    {
        await AssertScenarioSameAsync(["wes"], "{admin} create wes tmpl", $"{As("wes", TemplatePass)} {{agent}} passwd {TemplatePass} {NewPass}");
        await AssertGetAsync(As("wes", NewPass), works: true);
        await AssertGetAsync(As("wes", TemplatePass), works: false);
    }

    [Test]
    public async Task Another_user_changes_only_the_authentication_key()
    {
        // The keys are hashed with the caller's -a, so the caller names the template's SHA.
        await AssertScenarioSameAsync(["wes"], "{admin} create wes tmpl", $"{As("tmpl", TemplatePass)} -Ca {{agent}} passwd {TemplatePass} {NewPass} wes");
        await AssertGetAsync(As("wes", NewPass, TemplatePass), works: true);
        await AssertGetAsync(As("wes", TemplatePass), works: false);
    }

    [Test]
    public async Task Public_value_and_a_foreign_engine_id()
    {
        await AssertScenarioSameAsync(["wes"], "{admin} -Cp hello create wes tmpl", "{admin} -CE 800000020109840301 create wes", "{admin} -CE 800000020109840301 delete wes");
    }

    // Runs the steps with snmpusm, deletes the users they made, runs them with ours, and compares
    // each step; the users ours made stay for the checks that follow (and go at the next start).
    private async Task AssertScenarioSameAsync(string[] users, params string[] steps)
    {
        await DeleteAsync(users);
        var theirs = new List<NetSnmpResult>();
        foreach (var step in steps)
        {
            theirs.Add(await ToolOracle.RunTheirsAsync("snmpusm", Args(step)));
        }

        await DeleteAsync(users);
        var differences = new List<string>();
        for (int i = 0; i < steps.Length; i++)
        {
            var ours = await ToolOracle.RunOursAsync(["usm", .. Args(steps[i])]);
            var found = ToolOracle.Differences("snmpusm", theirs[i], ours);
            TestContext.Out.WriteLine($"snmpusm {steps[i]}: {(found.Count == 0 ? "same" : "DIFFERENT")}\n  {theirs[i].StandardOutput.TrimEnd()}{theirs[i].Complaints.TrimEnd()}");
            differences.AddRange(found.Select(d => $"step {i + 1} ({steps[i]}): {d}"));
        }

        Assert.That(differences, Is.Empty, string.Join("\n", differences));
    }

    private async Task DeleteAsync(string[] users)
    {
        foreach (var user in users)
        {
            var result = await ToolOracle.RunTheirsAsync("snmpusm", Args($"{{admin}} delete {user}"));
            Assert.That(result.StandardOutput, Does.Contain("User successfully deleted."), result.StandardError);
        }
    }

    private async Task AssertGetAsync(string credentials, bool works)
    {
        var result = await ToolOracle.RunTheirsAsync("snmpget", Args($"{credentials} -t 0.5 -r 0 {{agent}} 1.3.6.1.2.1.1.3.0"));
        if (works)
        {
            Assert.That(result.ExitCode, Is.Zero, $"{credentials}: {result.StandardError}");
            Assert.That(result.StandardOutput, Does.Contain("Timeticks"), credentials);
        }
        else
        {
            Assert.That(result.ExitCode, Is.Not.Zero, $"{credentials} still works: {result.StandardOutput}");
            Assert.That(result.StandardError, Does.Contain("Authentication failure").Or.Contain("Unknown user name"), credentials);
        }
    }
}

/// <summary><see cref="UsmToolOracleTests"/> on a private snmpd.</summary>
public sealed class SnmpdUsmToolOracleTests : UsmToolOracleTests
{
    private SnmpdFixture? _snmpd;

    protected override string Agent => _snmpd!.Peer;

    protected override string Admin => "-v3 -u admin -l authPriv -a SHA-256 -A adminpass123 -x AES -X adminpriv123";

    [OneTimeSetUp]
    public async Task StartSnmpd() => _snmpd = await SnmpdFixture.StartAsync(
    [
        "createUser admin SHA-256 \"adminpass123\" AES \"adminpriv123\"",
        $"createUser tmpl SHA \"{TemplatePass}\" AES \"{TemplatePass}\"",
        "rwuser admin priv",
        "rwuser tmpl auth",
        "rwuser wes auth",
    ]);

    [OneTimeTearDown]
    public async Task StopSnmpd()
    {
        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }
    }

    [Test]
    public Task Community_versions_reach_the_table_with_an_empty_engine_id() =>
        ToolOracle.AssertSameAsync("snmpusm", "-v2c", "-c", "private", Agent, "create", "wes");
}

/// <summary><see cref="UsmToolOracleTests"/> on our own <see cref="Snmp.Agent"/> (its usmUserTable, RFC 3414 section 5).</summary>
public sealed class AgentUsmToolOracleTests : UsmToolOracleTests
{
    private Snmp.Agent? _agent;

    protected override string Agent => "udp:" + _agent!.Endpoints[0];

    protected override string Admin => "-v3 -u admin -l authPriv -a SHA-256 -A adminpass123 -x AES -X adminpriv123";

    [OneTimeSetUp]
    public void StartAgent()
    {
        _agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        _agent.AddUser("admin", AuthenticationProtocol.HmacSha256, "adminpass123", PrivacyProtocol.Aes128, "adminpriv123", writable: true);
        _agent.AddUser("tmpl", AuthenticationProtocol.HmacSha1, TemplatePass, PrivacyProtocol.Aes128, TemplatePass, writable: true);
        // The users the scenarios make read and write as admin does (snmpd.conf's rwuser).
        _agent.Vacm.AddGroup(SecurityModel.Usm, new OctetString("wes"), "user:admin");
    }

    [OneTimeTearDown]
    public async Task StopAgent()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }
}
