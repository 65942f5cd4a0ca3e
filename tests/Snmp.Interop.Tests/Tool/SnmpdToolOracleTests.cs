using Snmp.Interop.Tests.MibModules;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Tool;

/// <summary>
/// Our <c>snmp</c> beside Net-SNMP's programs against one private snmpd, over SNMPv1, v2c and v3
/// (noAuthNoPriv, authNoPriv MD5, authPriv SHA-256/AES): for each command line below, stdout,
/// stderr and the exit code must be the same (see <see cref="ToolOracle"/> for what is masked).
/// The cases cover the subcommands, the -O output options with and without MIB modules, the -C
/// options, and bad input: wrong flags, unknown users, wrong pass phrases, unreachable agents,
/// unparseable values and names that do not resolve.
/// </summary>
[NonParallelizable]
public class SnmpdToolOracleTests
{
    private static SnmpdFixture? _snmpd;
    private static string _mibs = "";

    private const string Stable = "1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.2.0 1.3.6.1.2.1.1.3.0 1.3.6.1.2.1.1.7.0 1.3.6.1.2.1.1.9.1.2.1 1.3.6.1.2.1.1.9.1.3.1 1.3.6.1.6.3.10.2.1.1.0 1.3.6.1.2.1.2.2.1.2.1 1.3.6.1.2.1.2.2.1.3.1 1.3.6.1.2.1.2.2.1.6.1 1.3.6.1.2.1.25.2.3.1.4.1 1.3.6.1.2.1.4.20.1.1.127.0.0.1 1.3.6.1.2.1.1.9.9 1.3.6.1.2.1.1.1.1";
    private const string V3Priv = "-v3 -u authPrivUser -l authPriv -a SHA-256 -A authpass123 -x AES -X privpass123";
    private const string V3Auth = "-v3 -u authUser -l authNoPriv -a MD5 -A authpass123";
    private const string V3NoAuth = "-v3 -u noAuthUser -l noAuthNoPriv";

    [OneTimeSetUp]
    public async Task StartSnmpd()
    {
        _mibs = MibValueRenderingTests.FindIetf();
        _snmpd = await SnmpdFixture.StartAsync(
        [
            "createUser authPrivUser SHA-256 \"authpass123\" AES \"privpass123\"",
            "createUser authUser MD5 \"authpass123\"",
            "createUser noAuthUser",
            "rwuser authPrivUser priv",
            "rwuser authUser auth",
            "rouser noAuthUser noauth",
        ], tcp: true);
    }

    [OneTimeTearDown]
    public async Task StopSnmpd()
    {
        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }
    }

    private static string[] Args(string line) => ToolOracle.Words(line
        .Replace("{agent}", _snmpd!.Peer, StringComparison.Ordinal)
        .Replace("{agent6}", _snmpd.Peer6, StringComparison.Ordinal)
        .Replace("{tcp}", _snmpd.TcpPeer, StringComparison.Ordinal)
        .Replace("{port}", _snmpd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{mibs}", $"-M {_mibs} -m ALL", StringComparison.Ordinal));

    public static IEnumerable<TestCaseData> Commands()
    {
        // Every version and level, numeric names (no modules).
        foreach (var credentials in new[] { "-v1 -c public", "-v2c -c public", V3NoAuth, V3Auth, V3Priv })
        {
            yield return Case("snmpget", $"{credentials} {{agent}} {Stable}");
            yield return Case("snmpgetnext", $"{credentials} {{agent}} 1.3.6.1.2.1.1 1.3.6.1.2.1.1.9.1.2 1.3.6.1.2.1.2.2.1.2");
            yield return Case("snmpwalk", $"{credentials} {{agent}} 1.3.6.1.2.1.1");
        }

        foreach (var credentials in new[] { "-v2c -c public", V3Priv })
        {
            yield return Case("snmpbulkget", $"{credentials} -Cn1 -Cr5 {{agent}} 1.3.6.1.2.1.1.1 1.3.6.1.2.1.1.9.1.3");
            yield return Case("snmpbulkwalk", $"{credentials} {{agent}} 1.3.6.1.2.1.1.9");
            yield return Case("snmptable", $"{credentials} {{mibs}} {{agent}} SNMPv2-MIB::sysORTable");
        }

        // The output options, with and without MIB modules.
        foreach (var o in new[] { "", "-On", "-Of", "-Os", "-OS", "-Oq", "-Ov", "-OQ", "-Ox", "-Oe", "-OU", "-Ovq", "-OnQ", "-Ofn", "-Oqe", "-OsQ", "-Oxv",
            "-Oa", "-Ob", "-OT", "-Ou", "-Oub", "-OaT", "-Oaq", "-Obs", "-Obf", "-OuQ" })
        {
            yield return Case("snmpget", $"-v2c -c public {{mibs}} {o} {{agent}} {Stable}".Replace("  ", " ", StringComparison.Ordinal));
        }

        foreach (var o in new[] { "-On", "-Of", "-Oq", "-Ov", "-Ox", "-Oa", "-Ob", "-OT", "-Ou" })
        {
            yield return Case("snmpget", $"-v2c -c public {o} {{agent}} {Stable}");
        }

        // -Ot prints sysUpTime as a bare number, which moves between the two reads: left out.
        yield return Case("snmpget", $"-v2c -c public -Ot {{agent}} {Stable.Replace("1.3.6.1.2.1.1.3.0 ", "", StringComparison.Ordinal)}");
        yield return Case("snmpget", $"-v2c -c public -Ot {{mibs}} {{agent}} {Stable.Replace("1.3.6.1.2.1.1.3.0 ", "", StringComparison.Ordinal)}");

        // Names as input, and the modules' names in the output of every command.
        yield return Case("snmpget", "-v2c -c public {mibs} {agent} SNMPv2-MIB::sysDescr.0 IF-MIB::ifDescr.1 sysObjectID.0");
        yield return Case("snmpwalk", "-v2c -c public {mibs} {agent} SNMPv2-MIB::system");
        yield return Case("snmpwalk", "-v2c -c public {mibs} -Cp {agent} SNMPv2-MIB::sysORTable");
        yield return Case("snmpwalk", "-v2c -c public {mibs} -Ci {agent} SNMPv2-MIB::sysDescr.0");
        yield return Case("snmpwalk", "-v2c -c public {mibs} -CI {agent} SNMPv2-MIB::sysDescr.0");
        yield return Case("snmpwalk", "-v2c -c public {mibs} -CE SNMPv2-MIB::sysORUpTime {agent} SNMPv2-MIB::sysORTable");
        yield return Case("snmpwalk", "-v2c -c public {mibs} -OnQ {agent} IF-MIB::ifDescr");
        // -Ob: indexes as numbers (string and IP address indexes), -Ou: UCD-style names.
        yield return Case("snmpwalk", "-v2c -c public {mibs} -Ob {agent} SNMP-VIEW-BASED-ACM-MIB::vacmSecurityToGroupTable");
        yield return Case("snmpwalk", "-v2c -c public {mibs} -Ob {agent} IP-MIB::ipAddressIfIndex");
        yield return Case("snmpwalk", "-v2c -c public {mibs} -Ou {agent} SNMPv2-MIB::system");
        yield return Case("snmpget", "-v2c -c public {mibs} -Ou {agent} 1.3.6.1.4.1.2021.4.1.0 1.3.6.1.4.1.2021.4.2.0");
        yield return Case("snmpwalk", "-v1 -c public {mibs} -Of {agent} IP-MIB::ipAddrTable");
        yield return Case("snmpbulkwalk", "-v2c -c public {mibs} -Cr3 {agent} SNMPv2-MIB::sysORTable");
        yield return Case("snmpbulkwalk", "-v2c -c public {mibs} -Cr50 -Os {agent} IP-MIB::ipAddressTable");
        yield return Case("snmpbulkget", "-v2c -c public {mibs} -Cn0 -Cr3 {agent} IF-MIB::ifDescr IF-MIB::ifType");
        yield return Case("snmpwalk", "-v2c -c public {agent} 1.3.6.1.2.1.1.9.9");
        yield return Case("snmpwalk", "-v1 -c public {agent} 1.3.6.1.2.1.1.9.9");
        yield return Case("snmpwalk", "-v2c -c public {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c public {agent6} 1.3.6.1.2.1.1.1.0");

        // RFC 3430 TCP, and -E: a contextEngineID other than the agent's (snmpd serves it).
        foreach (var credentials in new[] { "-v1 -c public", "-v2c -c public", V3Priv })
        {
            yield return Case("snmpget", $"{credentials} {{tcp}} {Stable}");
            yield return Case("snmpwalk", $"{credentials} {{tcp}} 1.3.6.1.2.1.1");
        }

        yield return Case("snmpbulkwalk", $"{V3Priv} -Cr7 {{tcp}} 1.3.6.1.2.1.1.9");
        yield return Case("snmpget", "-v2c -c public -t 0.3 -r 0 tcp:127.0.0.1:9 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", $"{V3Priv} -E 800000020109840301 {{agent}} 1.3.6.1.2.1.1.5.0 1.3.6.1.2.1.1.7.0");
        yield return Case("snmpwalk", $"{V3Auth} -E 800000020109840301 {{agent}} 1.3.6.1.2.1.1.9.1.2");
        yield return Case("snmpget", $"{V3Priv} -E zz {{agent}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpget", $"-v2c -c public -E 800000020109840301 {{agent}} 1.3.6.1.2.1.1.5.0");
        // Walks that run to the end of snmpd's MIB view print the endOfMibView varbind.
        yield return Case("snmpbulkwalk", "-v2c -c public {agent} 1.3.6.1.6.3.16");
        yield return Case("snmpwalk", $"{V3Priv} {{agent}} 1.3.6.1.6.3.16");
        // ... and an SNMPv1 walk there ends with snmpwalk's "End of MIB" (noSuchName), also past the end.
        yield return Case("snmpwalk", "-v1 -c public {agent} 1.3.6.1.6.3.16");
        yield return Case("snmpwalk", "-v1 -c public -Cp {agent} 1.3.6.1.6.3.16.1.5.2");
        yield return Case("snmpwalk", "-v1 -c public {agent} 1.3.6.1.6.3.20");

        // Tables.
        foreach (var c in new[] { "", "-Ci", "-Cb", "-Ci -Cb", "-Cf ,", "-Cf:", "-CH", "-Ch", "-Cl", "-Ci -Cl", "-Cr 2", "-Cr2", "-Cbf ;",
            "-Cw 60", "-Cw 60 -Ci", "-Cw 30 -Cb", "-Cw 100 -Cf , -Ci", "-Cw 1", "-Cw 60 -CH -Ci", "-Cw 50 -Cl -Ci", "-Cw 80 -Cb -Ci" })
        {
            yield return Case("snmptable", $"-v2c -c public {{mibs}} {c} {{agent}} SNMPv2-MIB::sysORTable".Replace("  ", " ", StringComparison.Ordinal));
        }

        yield return Case("snmptable", "-v2c -c public {mibs} -Ci -Cb {agent} IP-MIB::ipAddressTable");
        yield return Case("snmptable", "-v1 -c public {mibs} {agent} IP-MIB::ipAddrTable");
        yield return Case("snmptable", "-v2c -c public {agent} 1.3.6.1.2.1.2.2");
        yield return Case("snmptable", "-v2c -c public {mibs} {agent} SNMPv2-MIB::sysDescr");

        // Set: values and the errors an agent answers.
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.6.0 s 'rack 7'");
        yield return Case("snmpset", "-v1 -c private {mibs} {agent} SNMPv2-MIB::sysLocation.0 s lab");
        yield return Case("snmpset", $"{V3Priv} {{mibs}} {{agent}} SNMPv2-MIB::sysContact.0 s ops SNMPv2-MIB::sysLocation.0 x '61 62 63'");
        yield return Case("snmpset", "-v2c -c private {mibs} {agent} SNMPv2-MIB::sysName.0 = tool-oracle");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.5.0 d 104.105");
        yield return Case("snmpset", "-v2c -c public {agent} 1.3.6.1.2.1.1.4.0 s denied");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.4.0 i 5");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.1.0 s readonly");
        yield return Case("snmpset", "-v1 -c private {agent} 1.3.6.1.2.1.1.1.0 s readonly");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.4.0 x '00 01 02'");
    }

    public static IEnumerable<TestCaseData> BadInput()
    {
        yield return Case("snmpget", "-v4 -c public {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-k -v2c -c public {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c public {agent} -c");
        yield return Case("snmpget", "-v2c -c public {agent}");
        yield return Case("snmpget", "-v2c -c public");
        yield return Case("snmpget", "-v2c {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "{agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c public {agent} foo.0");
        yield return Case("snmpget", "-v2c -c public {agent} 1.3.6.1.2.1.1.1.0 .1.3.6.1.2.1.1.1.0.999.x");
        yield return Case("snmpget", "-v2c -c public {mibs} {agent} NO-SUCH-MIB::thing.0");
        yield return Case("snmpget", "-v2c -c public -Oz {agent} 1.3.6.1.2.1.1.1.0");
        // snmptable's -Cw: 0 or no number is refused after the usage; a negative width is accepted.
        yield return Case("snmptable", "-v2c -c public {mibs} -Cw 0 {agent} SNMPv2-MIB::sysORTable");
        yield return Case("snmptable", "-v2c -c public {mibs} -Cw x {agent} SNMPv2-MIB::sysORTable");
        yield return Case("snmptable", "-v2c -c public {mibs} -Cw -5 {agent} SNMPv2-MIB::sysORTable");
        yield return Case("snmpget", "-v2c -c public -t abc {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c public -r x {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u nobody {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u authUser -l authNoPriv -a MD5 -A wrongpass12 -t 0.5 -r 0 {agent} 1.3.6.1.2.1.1.1.0");
        // Ended by the first (unauthenticated) usmStatsWrongDigests Report, as snmpget does: with a
        // 120 s timeout, waiting for it would run into the oracle's 60 s bound and differ.
        yield return Case("snmpget", "-v3 -u authUser -l authNoPriv -a MD5 -A wrongpass12 -t 120 -r 0 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpwalk", "-v3 -u authPrivUser -l authPriv -a SHA-256 -A wrongpass12 -x AES -X privpass123 -t 120 -r 0 {agent} 1.3.6.1.2.1.1");
        yield return Case("snmpget", "-v3 -u authUser -l authNoPriv -a MD5 -A short {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u authUser -l authNoPriv -a FOO -A authpass123 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u authUser -l bogus {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u authUser -l authNoPriv {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u authPrivUser -l authPriv -a SHA-256 -A authpass123 -x ROT13 -X privpass123 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v3 -u authPrivUser -l authPriv -a SHA-256 -A authpass123 -x AES -X wrongpass1 -t 0.3 -r 0 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c wrong -t 0.3 -r 1 {agent} 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c public -t 0.3 -r 0 udp:127.0.0.1:9 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c public foo:bar:baz 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v2c -c public no-such-host.invalid 1.3.6.1.2.1.1.1.0");
        yield return Case("snmpget", "-v1 -c public {agent} 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.9.9");
        yield return Case("snmpget", "-v1 -c public -Cf {agent} 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.9.9");
        yield return Case("snmpgetnext", "-v2c -c public -Cx {agent} 1.3.6.1.2.1.1");
        yield return Case("snmpwalk", "-v2c -c public -Cz {agent} 1.3.6.1.2.1.1");
        yield return Case("snmpbulkwalk", "-v1 -c public {agent} 1.3.6.1.2.1.1");
        yield return Case("snmpbulkget", "-v1 -c public {agent} 1.3.6.1.2.1.1");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.4.0 i abc");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.4.0 z abc");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.4.0");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.4.0 s");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.4.0 u abc");
        yield return Case("snmpset", "-v2c -c private {agent} 1.3.6.1.2.1.1.4.0 i -1");
        yield return Case("snmptable", "-v2c -c public {mibs} -Cz {agent} SNMPv2-MIB::sysORTable");
    }

    private static TestCaseData Case(string program, string line) => new TestCaseData(program, line).SetArgDisplayNames(program, line);

    [TestCaseSource(nameof(Commands))]
    public Task Same_output_as_Net_SNMP(string program, string line) => ToolOracle.AssertSameAsync(program, Args(line));

    [TestCaseSource(nameof(BadInput))]
    public Task Same_complaint_and_exit_code_as_Net_SNMP(string program, string line) => ToolOracle.AssertSameAsync(program, Args(line));

    [TestCase("-Cw 0", "Bad -Cw option: 0")]
    [TestCase("-Cw", "Bad -Cw option: {agent}")]
    public async Task Table_with_a_bad_width_prints_its_complaint_after_the_usage_as_snmptable_does(string width, string complaint)
    {
        // The oracle compares standard error up to the usage text; here the line after it.
        var args = Args($"-v2c -c public {{mibs}} {width} {{agent}} SNMPv2-MIB::sysORTable");
        var theirs = await ToolOracle.RunTheirsAsync("snmptable", args);
        var ours = await ToolOracle.RunOursAsync(["table", .. args]);
        var expected = complaint.Replace("{agent}", _snmpd!.Peer, StringComparison.Ordinal);
        foreach (var (who, result) in new[] { ("snmptable", theirs), ("ours", ours) })
        {
            var lines = result.Complaints.TrimEnd('\n').Split('\n');
            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(1), who);
                Assert.That(lines[0], Does.StartWith("USAGE: "), who);
                Assert.That(lines[^1], Is.EqualTo(expected), who);
            });
        }
    }

    [Test]
    public async Task Json_has_one_object_per_varbind_with_the_type_Net_SNMP_names()
    {
        var args = Args($"-v2c -c public {{agent}} {Stable}");
        var theirs = await NetSnmpTools.RunAsync("snmpget", args);
        var ours = await ToolOracle.RunOursAsync(["get", "--json", .. args]);
        Assert.That(ours.ExitCode, Is.Zero, ours.StandardError);
        var lines = ours.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(theirs.VarBinds.Count));
        var tags = new Dictionary<string, string>
        {
            ["OctetString"] = "Hex-STRING", ["ObjectIdentifier"] = "OID", ["TimeTicks"] = "Timeticks", ["Integer32"] = "INTEGER",
            ["IpAddress"] = "IpAddress", ["noSuchObject"] = "No Such Object available on this agent at this OID",
            ["noSuchInstance"] = "No Such Instance currently exists at this OID",
        };
        for (int i = 0; i < lines.Length; i++)
        {
            using var json = System.Text.Json.JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            Assert.That(root.GetProperty("oid").GetString(), Is.EqualTo(theirs.VarBinds[i].Oid));
            var type = root.GetProperty("type").GetString()!;
            Assert.That(tags[type], Is.EqualTo(theirs.VarBinds[i].Type is "STRING" or "\"\"" ? "Hex-STRING" : theirs.VarBinds[i].Type), lines[i]);
            if (type == "OctetString" && theirs.VarBinds[i].Value.Length > 0 && theirs.VarBinds[i].Type == "Hex-STRING")
            {
                Assert.That(root.GetProperty("hex").GetString(), Is.EqualTo(theirs.VarBinds[i].Value.Replace(" ", "", StringComparison.Ordinal)));
            }
        }
    }
}
