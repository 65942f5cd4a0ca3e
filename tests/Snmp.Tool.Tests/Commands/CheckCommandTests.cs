using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Snmp.Conformance;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Tests.Commands;

/// <summary>
/// <c>snmp check</c> end to end in process against our own Agent on loopback: options become the
/// target, the report is printed, and the exit code says 0 conformant, 1 a conformance failure,
/// 2 a configuration error or an agent that answers nothing.
/// </summary>
public class CheckCommandTests
{
    private static Agent StartAgent()
    {
        var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], SysContact = "ops@example.org", SysLocation = "loopback", SysName = "check" });
        agent.AddCommunity("public");
        agent.AddCommunity("private", writable: true);
        return agent;
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int exit = await SnmpTool.RunAsync(args, new ToolConsole(stdout, stderr, errorIsTerminal: false, _ => null), limit.Token);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task A_conformant_agent_exits_0_with_a_line_per_check_and_a_summary()
    {
        await using var agent = StartAgent();
        var (exit, output, error) = await RunAsync("check", "-c", "public", "--write-community=private", "--only=rfc3416/4.2.1,rfc3416/4.2.5", "--silence=100", agent.Endpoints[0].ToString());

        Assert.That(exit, Is.EqualTo(0), output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int expected = ConformanceSuite.Select(["rfc3416/4.2.1", "rfc3416/4.2.5"]).Count;
        Assert.That(lines.Count(l => l.StartsWith("pass  ", StringComparison.Ordinal) || l.StartsWith("skip  ", StringComparison.Ordinal)), Is.EqualTo(expected));
        Assert.That(lines[^1], Does.StartWith("summary: ").And.EndWith("; conformant"));
    }

    [Test]
    public async Task A_conformance_failure_exits_1_and_shows_requirement_expected_actual_and_the_octets()
    {
        // sysContact.0 is writable: given as the read-only object, the notWritable check fails.
        await using var agent = StartAgent();
        var junit = Path.Combine(Path.GetTempPath(), $"snmp-check-{Guid.NewGuid():N}.xml");
        try
        {
            var (exit, output, _) = await RunAsync("check", "--write-community=private", "--read-only=1.3.6.1.2.1.1.4.0", "--only=rfc3416/4.2.5/3", $"--junit={junit}", agent.Endpoints[0].ToString());

            Assert.That(exit, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("FAIL  rfc3416/4.2.5/3"));
            Assert.That(output, Does.Contain("requirement: \"Otherwise, if there are no variables which share the same OBJECT IDENTIFIER prefix"));
            Assert.That(output, Does.Contain("expected:    error-status NotWritable(17), error-index 1"));
            Assert.That(output, Does.Contain("actual:      Response"));
            Assert.That(output, Does.Match(@"\n      0000  30 [0-9a-f ]+\n"), "a hex dump of the reply");
            var failures = XDocument.Load(junit).Descendants("failure").ToArray();
            Assert.That(failures, Has.Length.EqualTo(1));
            Assert.That(failures[0].Parent!.Attribute("name")!.Value, Does.StartWith("rfc3416/4.2.5/3 [MUST]"));
        }
        finally
        {
            File.Delete(junit);
        }
    }

    [Test]
    public async Task Json_output_is_one_object_with_every_result()
    {
        await using var agent = StartAgent();
        var (exit, output, _) = await RunAsync("check", "--json", "--only=rfc3416/3", agent.Endpoints[0].ToString());

        Assert.That(exit, Is.EqualTo(0));
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(0));
        Assert.That(json.RootElement.GetProperty("results")[0].GetProperty("id").GetString(), Is.EqualTo("rfc3416/3/1"));
        Assert.That(json.RootElement.GetProperty("results")[0].GetProperty("outcome").GetString(), Is.EqualTo("pass"));
    }

    [Test]
    public async Task An_agent_that_answers_nothing_exits_2()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var (exit, _, error) = await RunAsync("check", "-t", "0.2", $"127.0.0.1:{port}");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("did not answer"));
    }

    [TestCase("--restricted=no-subtree")]
    [TestCase("--bogus")]
    [TestCase("--only=rfc9999")]
    [TestCase("--writable=not.an.oid")]
    public async Task A_configuration_error_exits_2(string option)
    {
        var (exit, _, error) = await RunAsync("check", option, "127.0.0.1:161");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("snmp check: "));
    }

    [Test]
    public async Task Dry_run_lists_every_check_and_sends_nothing()
    {
        var (exit, output, _) = await RunAsync("check", "--dry-run");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.EndWith($"{ConformanceSuite.Checks.Count} checks\n"));
        Assert.That(output, Does.Contain("rfc3416/4.2.3/1"));
    }
}
