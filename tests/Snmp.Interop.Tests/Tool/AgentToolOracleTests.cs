using System.Globalization;
using Snmp.Tool.Demo;

namespace Snmp.Interop.Tests.Tool;

/// <summary>
/// Our <c>snmp</c> beside Net-SNMP's programs against our own demo agent (the one <c>snmp agent</c>
/// serves, <see cref="DemoAgent"/>), over SNMPv1, v2c and v3 (the demo users at each level), with
/// the demo MIB module loaded for names, tables and enumerations: the same stdout, stderr and
/// exit code line by line.
/// </summary>
[NonParallelizable]
public class AgentToolOracleTests
{
    private const int Rows = 40;
    private static Snmp.Agent? _agent;
    private static string _agentAddress = "";
    private static readonly string DemoMibs = Path.Combine(TestContext.CurrentContext.TestDirectory, "mibs");

    private const string V3Priv = "-v3 -u demo-priv -l authPriv -a SHA-256 -A demo-pass-123 -x AES -X demo-pass-123";
    private const string V3Auth = "-v3 -u demo-auth -l authNoPriv -a SHA-256 -A demo-pass-123";
    private const string V3NoAuth = "-v3 -u demo-noauth";

    [OneTimeSetUp]
    public void StartAgent()
    {
        _agent = DemoAgent.Start(["127.0.0.1:0"], Rows, Path.Combine(Path.GetTempPath(), $"snmp-tool-oracle-{Guid.NewGuid():N}.boots"));
        _agentAddress = "udp:" + _agent.Endpoints[0].ToString();
    }

    [OneTimeTearDown]
    public async Task StopAgent()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }

    private static string[] Args(string line) => ToolOracle.Words(line
        .Replace("{agent}", _agentAddress, StringComparison.Ordinal)
        .Replace("{engine}", _agent!.LocalEngine.EngineId.ToHex(), StringComparison.Ordinal)
        .Replace("{mibs}", $"-M {DemoMibs}:{Ietf()} -m SNMP-ARCHITECTURE-DEMO-MIB:SNMPv2-MIB", StringComparison.Ordinal));

    private static string Ietf() => MibModules.MibValueRenderingTests.FindIetf();

    public static IEnumerable<TestCaseData> Commands()
    {
        var entry = DemoMib.Entry.ToString();
        foreach (var credentials in new[] { "-v1 -c public", "-v2c -c public", V3NoAuth, V3Auth, V3Priv })
        {
            yield return Case("snmpget", $"{credentials} {{agent}} 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.3.0 {entry}.2.7 {entry}.3.7 {entry}.4.7 {entry}.5.7 {DemoMib.Message}.0");
            yield return Case("snmpgetnext", $"{credentials} {{agent}} {entry}.2 {entry}.3.{Rows}");
            yield return Case("snmpwalk", $"{credentials} {{agent}} {entry}.2");
            yield return Case("snmpget", $"{credentials} {{mibs}} {{agent}} SNMP-ARCHITECTURE-DEMO-MIB::demoName.3 SNMP-ARCHITECTURE-DEMO-MIB::demoRowStatus.3 SNMPv2-MIB::sysContact.0");
        }

        foreach (var credentials in new[] { "-v2c -c public", V3Priv })
        {
            yield return Case("snmpbulkwalk", $"{credentials} -Cr17 {{agent}} {entry}");
            yield return Case("snmpbulkget", $"{credentials} -Cn1 -Cr4 {{agent}} 1.3.6.1.2.1.1.1 {entry}.2");
            yield return Case("snmptable", $"{credentials} {{mibs}} {{agent}} SNMP-ARCHITECTURE-DEMO-MIB::demoTable");
            yield return Case("snmpwalk", $"{credentials} {{mibs}} {{agent}} SNMPv2-MIB::system");
        }

        foreach (var o in new[] { "-On", "-Of", "-Os", "-Oq", "-Ov", "-OQ", "-Ox", "-Oe", "-Oqv" })
        {
            yield return Case("snmpwalk", $"-v2c -c public {{mibs}} {o} {{agent}} SNMP-ARCHITECTURE-DEMO-MIB::demoRowStatus");
        }

        foreach (var c in new[] { "-Ci", "-Cb", "-Ci -Cb -Cl", "-Cf |", "-CH" })
        {
            yield return Case("snmptable", $"-v2c -c public {{mibs}} {c} {{agent}} SNMP-ARCHITECTURE-DEMO-MIB::demoTable");
        }

        yield return Case("snmpwalk", "-v2c -c public -Cp {agent} 1.3.6.1.2.1.1");
        yield return Case("snmpbulkwalk", "-v2c -c public -Cp -Cr1000 {agent} " + entry);
        yield return Case("snmpset", $"-v2c -c private {{agent}} {DemoMib.Message}.0 s 'set by the oracle'");
        yield return Case("snmpset", $"{V3Priv} {{mibs}} {{agent}} SNMP-ARCHITECTURE-DEMO-MIB::demoValue.5 i 55 SNMP-ARCHITECTURE-DEMO-MIB::demoName.5 s five");
        yield return Case("snmpset", $"-v2c -c private {{agent}} {entry}.4.1 u 5");
        yield return Case("snmpset", $"-v2c -c private {{agent}} {entry}.3.1 s wrong-type");
        yield return Case("snmpset", $"-v2c -c private {{agent}} {entry}.3.1 i -1");
        yield return Case("snmpset", $"-v2c -c public {{agent}} {DemoMib.Message}.0 s read-only-community");
        yield return Case("snmpset", $"-v1 -c private {{agent}} {entry}.4.1 u 5");
        yield return Case("snmpget", "-v3 -u nobody -t 0.5 -r 0 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u demo-auth -l authNoPriv -a SHA-256 -A wrong-pass-1 -t 0.5 -r 0 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u demo-noauth -l authNoPriv -a SHA-256 -A demo-pass-123 -t 0.5 -r 0 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c nobody -t 0.3 -r 0 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmptable", "-v2c -c public {mibs} {agent} SNMP-ARCHITECTURE-DEMO-MIB::demoName");

        // -E: the agent's own snmpEngineID named as contextEngineID, and one it does not serve.
        yield return Case("snmpget", $"{V3Priv} -E {{engine}} {{agent}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpget", $"{V3Auth} -E 800000020109840301 -t 0.5 -r 0 {{agent}} 1.3.6.1.2.1.1.5.0");
    }

    private static TestCaseData Case(string program, string line) => new TestCaseData(program, line).SetArgDisplayNames(program, line);

    [TestCaseSource(nameof(Commands))]
    public Task Same_as_Net_SNMP_against_our_agent(string program, string line) => ToolOracle.AssertSameAsync(program, Args(line));

    [Test]
    public void The_demo_agent_serves_the_rows_asked_for() =>
        Assert.That(_agent!.Endpoints, Has.Count.EqualTo(1), Rows.ToString(CultureInfo.InvariantCulture));
}
