using Snmp.Tool.Demo;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Tcp;

/// <summary>
/// Net-SNMP's snmpget, snmpgetnext, snmpbulkget, snmpwalk, snmpbulkwalk and snmpset over
/// "tcp:127.0.0.1:port" and "tcp6:[::1]:port" (RFC 3430) against our Agent serving the demo
/// MIB, with SNMPv1, SNMPv2c and SNMPv3 USM authPriv; what they read over TCP is what they read
/// from the same agent over UDP.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpToolsToAgentOverTcpTests
{
    private const int Rows = 50;
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier System = "1.3.6.1.2.1.1";

    private Snmp.Agent _agent = null!;
    private string _udp = null!;
    private string _tcp = null!;
    private string _tcp6 = null!;

    [OneTimeSetUp]
    public void StartAgent()
    {
        _agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0", "tcp:127.0.0.1:0", "tcp6:[::1]:0"], SysDescr = "agent over tcp" });
        DemoMib.Install(_agent, Rows);
        _udp = $"udp:{_agent.Endpoints[0]}";
        _tcp = $"tcp:{_agent.Endpoints[1]}";
        _tcp6 = $"tcp6:{_agent.Endpoints[2]}";
    }

    [OneTimeTearDown]
    public async Task StopAgent() => await _agent.DisposeAsync();

    private static readonly string[] V3 = ["-v3", "-l", "authPriv", "-u", "demo-priv", "-a", "SHA-256", "-A", DemoMib.Password, "-x", "AES", "-X", DemoMib.Password];

    private static Task<NetSnmpResult> Run(string tool, params string[] arguments) =>
        // Patient tools (a loaded machine can starve the agent for seconds); only a missing answer fails.
        NetSnmpTools.RunAsync(tool, ["-t", "5", "-r", "2", .. arguments]);

    private static string Hex(string text) => NetSnmpTools.Render(new OctetString(text)).Value;

    private static IEnumerable<(string, string, string)> Stable(NetSnmpResult result) =>
        result.VarBinds.Select(v => (v.Oid, v.Type, NetSnmpTools.Stable(v.Type, v.Value)));

    [TestCase("1", false)]
    [TestCase("2c", false)]
    [TestCase("2c", true)]
    public async Task snmpget_over_tcp_reads_the_served_values(string version, bool ipv6)
    {
        var result = await Run("snmpget", "-v", version, "-c", DemoMib.ReadCommunity, ipv6 ? _tcp6 : _tcp, SysDescr.ToString(), $"{DemoMib.Entry}.2.7", $"{DemoMib.Entry}.3.7");

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.VarBinds.Select(v => (v.Type, v.Value)), Is.EqualTo(new[]
        {
            ("Hex-STRING", Hex("agent over tcp")), ("Hex-STRING", Hex("row-7")), ("INTEGER", "70"),
        }));
    }

    [TestCase("1", "snmpwalk")]
    [TestCase("2c", "snmpwalk")]
    [TestCase("2c", "snmpbulkwalk")]
    public async Task A_walk_over_tcp_reads_what_a_walk_over_udp_reads(string version, string tool)
    {
        string[] args = ["-v", version, "-c", DemoMib.ReadCommunity];
        var overTcp = await Run(tool, [.. args, _tcp, System.ToString()]);
        var overUdp = await Run(tool, [.. args, _udp, System.ToString()]);

        Assert.That(overTcp.ExitCode, Is.Zero, overTcp.StandardError);
        Assert.That(overTcp.VarBinds, Has.Count.GreaterThan(8));
        Assert.That(Stable(overTcp), Is.EqualTo(Stable(overUdp)));

        var table = await Run(tool, [.. args, _tcp, DemoMib.Entry.ToString()]);
        Assert.That(table.VarBinds, Has.Count.EqualTo(4 * Rows), "four readable columns of every row");
    }

    [Test]
    public async Task snmpbulkget_over_tcp_gets_a_large_answer_in_one_message()
    {
        // Max-repetitions 500 over four columns: an answer cut only by the agent's message size.
        var bulk = await Run("snmpbulkget", "-v2c", "-c", DemoMib.ReadCommunity, "-Cn0", "-Cr500", _tcp, DemoMib.Entry.ToString());

        Assert.That(bulk.ExitCode, Is.Zero, bulk.StandardError);
        Assert.That(bulk.VarBinds.Count, Is.GreaterThan(4 * Rows));
    }

    [Test]
    public async Task snmpset_over_tcp_writes_and_VACM_still_refuses_the_read_only_community()
    {
        string message = DemoMib.Message.Append(0).ToString();
        var set = await Run("snmpset", "-v2c", "-c", DemoMib.WriteCommunity, _tcp, message, "s", "written over tcp");
        Assert.That(set.ExitCode, Is.Zero, set.StandardError);
        Assert.That(await _agent.Mib.GetAsync(DemoMib.Message.Append(0)), Is.EqualTo(new OctetString("written over tcp")));

        var denied = await Run("snmpset", "-v2c", "-c", DemoMib.ReadCommunity, _tcp6, message, "s", "x");
        Assert.That(denied.StandardError, Does.Contain("authorizationError"));
        Assert.That(await _agent.Mib.GetAsync(DemoMib.Message.Append(0)), Is.EqualTo(new OctetString("written over tcp")));
    }

    [Test]
    public async Task SNMPv3_authPriv_tools_over_tcp_get_walk_and_set()
    {
        var get = await Run("snmpget", [.. V3, _tcp, SysDescr.ToString()]);
        Assert.That(get.ExitCode, Is.Zero, get.StandardError);
        Assert.That(get.VarBinds.Single().Value, Is.EqualTo(Hex("agent over tcp")));

        var walk = await Run("snmpwalk", [.. V3, _tcp, System.ToString()]);
        var overUdp = await Run("snmpwalk", [.. V3, _udp, System.ToString()]);
        Assert.That(walk.ExitCode, Is.Zero, walk.StandardError);
        Assert.That(Stable(walk), Is.EqualTo(Stable(overUdp)));

        var set = await Run("snmpset", [.. V3, _tcp6, DemoMib.Message.Append(0).ToString(), "s", "v3 over tcp6"]);
        Assert.That(set.ExitCode, Is.Zero, set.StandardError);
        Assert.That(await _agent.Mib.GetAsync(DemoMib.Message.Append(0)), Is.EqualTo(new OctetString("v3 over tcp6")));
    }
}
