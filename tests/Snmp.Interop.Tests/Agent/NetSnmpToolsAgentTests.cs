using Snmp.Tool.Demo;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Agent;

/// <summary>
/// Our Command Responder (the demo agent's MIB in an <see cref="Snmp.Agent"/>) queried by
/// Net-SNMP's command-line tools as the independent client: snmpget, snmpgetnext, snmpbulkget,
/// snmpwalk, snmpbulkwalk, snmpset and snmptable over SNMPv1, SNMPv2c and SNMPv3 with every
/// authentication x privacy combination Debian's Net-SNMP supports, with the answers compared to
/// the values the agent serves, and VACM denials as the RFCs spell them.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpToolsAgentTests
{
    private const int Rows = 200;
    private const string AuthPassword = "agent-auth-pass";
    private const string PrivPassword = "agent-priv-pass";
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier System = "1.3.6.1.2.1.1";

    // The system group as the agent serves it: sysDescr.0 .. sysORLastChange.0, then the
    // sysORTable's three columns for its five rows (RFC 3418).
    private static readonly string[] SystemGroup =
    [
        .. Enumerable.Range(1, 8).Select(i => $"1.3.6.1.2.1.1.{i}.0"),
        .. from column in new[] { 2, 3, 4 } from row in Enumerable.Range(1, 5) select $"1.3.6.1.2.1.1.9.1.{column}.{row}",
    ];

    private static readonly (string NetSnmp, AuthenticationProtocol Ours)[] Auths = NetSnmpProtocols.Auths;
    private static readonly (string NetSnmp, PrivacyProtocol Ours)[] Privs = NetSnmpProtocols.Privs;

    private Snmp.Agent _agent = null!;
    private MibTable _table = null!;
    private string _bootsFile = null!;
    private string _peer = null!;
    private string _peer6 = null!;

    public static IEnumerable<TestCaseData> Users()
    {
        yield return new TestCaseData("v3-noauth", null, null).SetArgDisplayNames("noAuthNoPriv");
        foreach (var auth in Auths)
        {
            yield return new TestCaseData(UserName(auth.NetSnmp, null), auth.NetSnmp, null).SetArgDisplayNames(auth.NetSnmp);
            foreach (var priv in Privs)
            {
                yield return new TestCaseData(UserName(auth.NetSnmp, priv.NetSnmp), auth.NetSnmp, priv.NetSnmp).SetArgDisplayNames($"{auth.NetSnmp}+{priv.NetSnmp}");
            }
        }
    }

    private static string UserName(string auth, string? priv) => $"v3-{auth}-{priv ?? "nopriv"}".ToLowerInvariant();

    [OneTimeSetUp]
    public void StartAgent()
    {
        _bootsFile = Path.Combine(Path.GetTempPath(), $"snmp-agent-tests-{Guid.NewGuid():N}.boots");
        _agent = StartAgent(0, 0);
    }

    private Snmp.Agent StartAgent(int port, int port6)
    {
        var agent = new Snmp.Agent(new AgentOptions { ListenOn = [$"127.0.0.1:{port}", $"[::1]:{port6}"], EngineBootsFile = _bootsFile, SysDescr = "agent under test" });
        _table = DemoMib.Install(agent, Rows);
        agent.AddUser("v3-noauth", writable: true);
        foreach (var auth in Auths)
        {
            agent.AddUser(UserName(auth.NetSnmp, null), auth.Ours, AuthPassword, writable: true);
            foreach (var priv in Privs)
            {
                agent.AddUser(UserName(auth.NetSnmp, priv.NetSnmp), auth.Ours, AuthPassword, priv.Ours, PrivPassword, writable: true);
            }
        }

        // VACM: a community and a user that see only the system group, and read only.
        agent.Vacm.AddView("systemOnly", System);
        agent.AddCommunity("restricted", "systemOnly");
        agent.AddUser("viewer", AuthenticationProtocol.HmacSha1, AuthPassword, view: "systemOnly");
        agent.AddUser("sysadmin", AuthenticationProtocol.HmacSha1, AuthPassword, view: "systemOnly", writable: true);
        _peer = $"udp:{agent.Endpoints[0]}";
        _peer6 = $"udp6:{agent.Endpoints[1]}";
        return agent;
    }

    [OneTimeTearDown]
    public async Task StopAgent()
    {
        await _agent.DisposeAsync();
        File.Delete(_bootsFile);
    }

    private static string[] Credentials(string user, string? auth, string? priv) =>
        auth is null ? ["-v3", "-l", "noAuthNoPriv", "-u", user]
        : priv is null ? ["-v3", "-l", "authNoPriv", "-u", user, "-a", auth, "-A", AuthPassword]
        : ["-v3", "-l", "authPriv", "-u", user, "-a", auth, "-A", AuthPassword, "-x", priv, "-X", PrivPassword];

    private static async Task<NetSnmpResult> Run(string tool, params string[] arguments)
    {
        // Patient tools: these tests expect answers, and a loaded machine (load average 40 and
        // more, seen here) can starve our agent for seconds; only a missing answer fails them.
        var result = await NetSnmpTools.RunAsync(tool, ["-t", "5", "-r", "2", .. arguments]);
        return result;
    }

    private static string Hex(string text) => NetSnmpTools.Render(new OctetString(text)).Value;

    [TestCase("1")]
    [TestCase("2c")]
    public async Task Get_returns_the_served_values(string version)
    {
        var result = await Run("snmpget", "-v", version, "-c", "public", _peer, SysDescr.ToString(), "1.3.6.1.4.1.8072.9999.9999.1.1.2.7", "1.3.6.1.4.1.8072.9999.9999.1.1.3.7");

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.VarBinds.Select(v => (v.Type, v.Value)), Is.EqualTo(new[]
        {
            ("Hex-STRING", Hex("agent under test")), ("Hex-STRING", Hex("row-7")), ("INTEGER", "70"),
        }));
    }

    [Test]
    public async Task Get_of_missing_objects_gives_the_v2_exceptions_and_the_v1_error()
    {
        var v2 = await Run("snmpget", "-v2c", "-c", "public", _peer, "1.3.6.1.2.1.1.1.1", "1.3.6.1.4.1.8072.9999.9999.1.1.2.99999", "1.3.6.1.9.9.9.0");
        Assert.That(v2.VarBinds.Select(v => v.Type), Is.EqualTo(new[]
        {
            "No Such Instance currently exists at this OID", "No Such Instance currently exists at this OID", "No Such Object available on this agent at this OID",
        }));

        var v1 = await Run("snmpget", "-v1", "-c", "public", _peer, SysDescr.ToString(), "1.3.6.1.9.9.9.0");
        Assert.That(v1.StandardError + v1.StandardOutput, Does.Contain("noSuchName").And.Contain("1.3.6.1.9.9.9.0"));
    }

    [TestCase("1")]
    [TestCase("2c")]
    public async Task GetNext_and_walk_of_the_system_group_follow_the_MIB_order(string version)
    {
        var next = await Run("snmpgetnext", "-v", version, "-c", "public", _peer, System.ToString(), "1.3.6.1.4.1.8072.9999.9999.1.1.2.7");
        Assert.That(next.VarBinds.Select(v => v.Oid), Is.EqualTo(new[] { SysDescr.ToString(), "1.3.6.1.4.1.8072.9999.9999.1.1.2.8" }));

        var walk = await Run("snmpwalk", "-v", version, "-c", "public", _peer, System.ToString());
        Assert.That(walk.ExitCode, Is.Zero, walk.StandardError);
        Assert.That(walk.VarBinds.Select(v => v.Oid), Is.EqualTo(SystemGroup));
        Assert.That(walk.VarBinds.Single(v => v.Oid == "1.3.6.1.2.1.1.9.1.2.1").Value, Is.EqualTo(".1.3.6.1.6.3.1"), "sysORID.1 is SNMPv2-MIB");
    }

    [Test]
    public async Task Bulk_walk_of_the_demo_table_returns_every_cell_in_order()
    {
        var walk = await Run("snmpbulkwalk", "-v2c", "-c", "public", "-Cr50", _peer, DemoMib.Entry.ToString());

        Assert.That(walk.ExitCode, Is.Zero, walk.StandardError);
        var expected = new List<(string, string)>();
        foreach (uint column in new uint[] { 2, 3, 4, 5 })
        {
            foreach (var index in _table.RowIndexes())
            {
                var (type, value) = NetSnmpTools.Render(_table.GetCell(index, column)!);
                expected.Add(($"{DemoMib.Entry}.{column}.{index}", value));
            }
        }

        Assert.That(walk.VarBinds.Select(v => (v.Oid, v.Value)), Is.EqualTo(expected));
    }

    [Test]
    public async Task GetBulk_honours_non_repeaters_and_max_repetitions_and_a_huge_max_repetitions_is_cut_to_fit()
    {
        var bulk = await Run("snmpbulkget", "-v2c", "-c", "public", "-Cn1", "-Cr3", _peer, System.ToString(), DemoMib.Entry.Append(2).ToString());
        Assert.That(bulk.VarBinds.Select(v => v.Oid), Is.EqualTo(new[]
        {
            SysDescr.ToString(), $"{DemoMib.Entry}.2.1", $"{DemoMib.Entry}.2.2", $"{DemoMib.Entry}.2.3",
        }));

        var huge = await Run("snmpbulkget", "-v2c", "-c", "public", "-Cr2147483647", _peer, DemoMib.Entry.ToString());
        Assert.That(huge.ExitCode, Is.Zero, huge.StandardError);
        Assert.That(huge.VarBinds.Count, Is.GreaterThan(Rows * 4), "repetitions continue to the end of the MIB view");
        Assert.That(huge.VarBinds[0].Oid, Is.EqualTo($"{DemoMib.Entry}.2.1"));
    }

    [Test]
    public async Task Set_writes_and_the_v2_and_v1_errors_are_the_RFCs()
    {
        var message = DemoMib.Message.Append(0).ToString();
        var set = await Run("snmpset", "-v2c", "-c", "private", _peer, message, "s", "written by snmpset");
        Assert.That(set.ExitCode, Is.Zero, set.StandardError);
        Assert.That(await _agent.Mib.GetAsync(DemoMib.Message.Append(0)), Is.EqualTo(new OctetString("written by snmpset")));

        var wrongType = await Run("snmpset", "-v2c", "-c", "private", _peer, message, "i", "5");
        Assert.That(wrongType.StandardError, Does.Contain("wrongType"));
        var badValue = await Run("snmpset", "-v1", "-c", "private", _peer, message, "i", "5");
        Assert.That(badValue.StandardError, Does.Contain("badValue"));

        var wrongLength = await Run("snmpset", "-v2c", "-c", "private", _peer, "1.3.6.1.2.1.1.4.0", "s", new string('x', 300));
        Assert.That(wrongLength.StandardError, Does.Contain("wrongLength"), "sysContact is a DisplayString, at most 255 octets");

        var readOnly = await Run("snmpset", "-v2c", "-c", "private", _peer, $"{DemoMib.Entry}.4.1", "i", "5");
        Assert.That(readOnly.StandardError, Does.Contain("notWritable"));
        var noCreation = await Run("snmpset", "-v2c", "-c", "private", _peer, "1.3.6.1.4.1.8072.9999.9999.77.0", "i", "5");
        Assert.That(noCreation.StandardError, Does.Contain("noCreation"));

        var denied = await Run("snmpset", "-v2c", "-c", "public", _peer, message, "s", "x");
        Assert.That(denied.StandardError, Does.Contain("authorizationError"));
        var deniedV1 = await Run("snmpset", "-v1", "-c", "public", _peer, message, "s", "x");
        Assert.That(deniedV1.StandardError, Does.Contain("noSuchName"));
        Assert.That(await _agent.Mib.GetAsync(DemoMib.Message.Append(0)), Is.EqualTo(new OctetString("written by snmpset")), "nothing changed");
    }

    [Test]
    public async Task Set_is_all_or_nothing()
    {
        var name5 = $"{DemoMib.Entry}.2.5";
        var before = _table.GetCell(new ObjectIdentifier(5), 2);
        // The second varbind fails its test (a negative demoValue is wrongValue), so the first must not be applied.
        var set = await Run("snmpset", "-v2c", "-c", "private", _peer, name5, "s", "changed", $"{DemoMib.Entry}.3.5", "i", "-1");

        Assert.That(set.StandardError, Does.Contain("wrongValue"));
        Assert.That(set.StandardError, Does.Contain($"{DemoMib.Entry}.3.5"), "the error index names the second varbind");
        Assert.That(_table.GetCell(new ObjectIdentifier(5), 2), Is.EqualTo(before));
    }

    [Test]
    public async Task Rows_are_created_with_createAndGo_and_destroyed_with_destroy()
    {
        var index = new ObjectIdentifier(9001);
        var create = await Run("snmpset", "-v2c", "-c", "private", _peer, $"{DemoMib.Entry}.5.9001", "i", "4", $"{DemoMib.Entry}.2.9001", "s", "created");
        Assert.That(create.ExitCode, Is.Zero, create.StandardError);
        Assert.That(_table.GetCell(index, 2), Is.EqualTo(new OctetString("created")));
        Assert.That(_table.GetCell(index, 5), Is.EqualTo(new Integer32(1)), "active");
        Assert.That(_table.GetCell(index, 3), Is.EqualTo(new Integer32(0)), "DEFVAL");

        var again = await Run("snmpset", "-v2c", "-c", "private", _peer, $"{DemoMib.Entry}.5.9001", "i", "4");
        Assert.That(again.StandardError, Does.Contain("inconsistentValue"));

        var destroy = await Run("snmpset", "-v2c", "-c", "private", _peer, $"{DemoMib.Entry}.5.9001", "i", "6");
        Assert.That(destroy.ExitCode, Is.Zero, destroy.StandardError);
        Assert.That(_table.GetCell(index, 2), Is.Null);

        var incomplete = await Run("snmpset", "-v2c", "-c", "private", _peer, $"{DemoMib.Entry}.5.9002", "i", "4");
        Assert.That(incomplete.StandardError, Does.Contain("inconsistentValue"), "createAndGo without demoName cannot become active");
    }

    [Test]
    public async Task Snmptable_shows_the_demo_table()
    {
        var mibs = Path.Combine(TestContext.CurrentContext.TestDirectory, "mibs");
        var table = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false, ["-v2c", "-c", "public", "-Cf", ",", "-Ci", "-M", mibs, "-m", "SNMP-ARCHITECTURE-DEMO-MIB", _peer, "SNMP-ARCHITECTURE-DEMO-MIB::demoTable"]);

        Assert.That(table.ExitCode, Is.Zero, table.StandardError);
        var lines = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Some.EqualTo("index,demoName,demoValue,demoCounter,demoRowStatus"));
        Assert.That(lines, Has.Some.EqualTo("7,\"row-7\",70,49,active"));
        Assert.That(lines.Count(l => char.IsDigit(l[0])), Is.EqualTo(_table.RowCount));
    }

    [Test]
    public async Task Snmptable_works_over_SNMPv3_authPriv()
    {
        var mibs = Path.Combine(TestContext.CurrentContext.TestDirectory, "mibs");
        var table = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
            [.. Credentials("v3-sha-512-aes-256", "SHA-512", "AES-256"), "-Cf", ",", "-M", mibs, "-m", "SNMP-ARCHITECTURE-DEMO-MIB", _peer, "SNMP-ARCHITECTURE-DEMO-MIB::demoTable"]);

        Assert.That(table.ExitCode, Is.Zero, table.StandardError);
        Assert.That(table.StandardOutput.Split('\n'), Has.Some.EqualTo("\"row-200\",2000,1400,active"));
    }

    [Test]
    public async Task Net_SNMP_with_a_stale_engine_clock_resynchronises_through_our_notInTimeWindow_report()
    {
        // -e and -Z give snmpget the engine ID and a wrong boots/time, so it skips discovery and
        // sends an authenticated request our agent must reject with an authenticated
        // usmStatsNotInTimeWindows Report (RFC 3414 3.2 7a); Net-SNMP then adopts the clock the
        // Report carries and sends again.
        long before = _agent.Statistics[AbstractServices.SnmpCounter.UsmStatsNotInTimeWindows];
        var engineId = "0x" + _agent.LocalEngine.EngineId.ToHex();
        var stale = $"{_agent.LocalEngine.Boots + 7},12345";

        var get = await Run("snmpget", [.. Credentials("v3-sha-aes", "SHA", "AES"), "-e", engineId, "-Z", stale, _peer, SysDescr.ToString()]);

        Assert.That(get.ExitCode, Is.Zero, get.StandardError);
        Assert.That(get.VarBinds.Single().Value, Is.EqualTo(Hex("agent under test")));
        Assert.That(_agent.Statistics[AbstractServices.SnmpCounter.UsmStatsNotInTimeWindows], Is.EqualTo(before + 1));
    }

    [Test]
    public async Task A_restricted_view_hides_what_is_outside_it()
    {
        var get = await Run("snmpget", "-v2c", "-c", "restricted", _peer, SysDescr.ToString(), $"{DemoMib.Entry}.2.1");
        Assert.That(get.VarBinds.Select(v => v.Type), Is.EqualTo(new[] { "Hex-STRING", "No Such Object available on this agent at this OID" }));

        var getV1 = await Run("snmpget", "-v1", "-c", "restricted", _peer, $"{DemoMib.Entry}.2.1");
        Assert.That(getV1.StandardError, Does.Contain("noSuchName"));

        var walk = await Run("snmpwalk", "-v2c", "-c", "restricted", _peer, "1.3.6.1");
        Assert.That(walk.VarBinds.Where(v => !v.Type.StartsWith("No more variables", StringComparison.Ordinal)).Select(v => v.Oid), Is.EqualTo(SystemGroup), "the walk ends with the view");

        var viewer = await Run("snmpget", ["-v3", "-l", "authNoPriv", "-u", "viewer", "-a", "SHA", "-A", AuthPassword, _peer, SysDescr.ToString(), $"{DemoMib.Entry}.2.1"]);
        Assert.That(viewer.VarBinds.Select(v => v.Type), Is.EqualTo(new[] { "Hex-STRING", "No Such Object available on this agent at this OID" }));
        var viewerSet = await Run("snmpset", ["-v3", "-l", "authNoPriv", "-u", "viewer", "-a", "SHA", "-A", AuthPassword, _peer, "1.3.6.1.2.1.1.4.0", "s", "x"]);
        Assert.That(viewerSet.StandardError, Does.Contain("authorizationError"), "no write view");
        var outsideWriteView = await Run("snmpset", ["-v3", "-l", "authNoPriv", "-u", "sysadmin", "-a", "SHA", "-A", AuthPassword, _peer, DemoMib.Message.Append(0).ToString(), "s", "x"]);
        Assert.That(outsideWriteView.StandardError, Does.Contain("noAccess"), "a write view that does not hold the variable");
        var insideWriteView = await Run("snmpset", ["-v3", "-l", "authNoPriv", "-u", "sysadmin", "-a", "SHA", "-A", AuthPassword, _peer, "1.3.6.1.2.1.1.4.0", "s", "sysadmin@example.org"]);
        Assert.That(insideWriteView.ExitCode, Is.Zero, insideWriteView.StandardError);
    }

    [Test]
    public async Task Wrong_credentials_get_the_RFC_reports_or_silence()
    {
        long badCommunities = _agent.Statistics[AbstractServices.SnmpCounter.SnmpInBadCommunityNames];
        var community = await NetSnmpTools.RunAsync("snmpget", ["-t", "0.5", "-r", "0", "-v2c", "-c", "wrong", _peer, SysDescr.ToString()]);
        Assert.That(community.StandardError, Does.Contain("Timeout"));
        Assert.That(_agent.Statistics[AbstractServices.SnmpCounter.SnmpInBadCommunityNames], Is.EqualTo(badCommunities + 1));

        var password = await Run("snmpget", ["-v3", "-l", "authNoPriv", "-u", "v3-sha-nopriv", "-a", "SHA", "-A", "not-the-password", _peer, SysDescr.ToString()]);
        Assert.That(password.StandardError, Does.Contain("Authentication failure"));
        var user = await Run("snmpget", ["-v3", "-l", "authNoPriv", "-u", "nobody", "-a", "SHA", "-A", AuthPassword, _peer, SysDescr.ToString()]);
        Assert.That(user.StandardError, Does.Contain("Unknown user name"));
        var level = await Run("snmpget", ["-v3", "-l", "authPriv", "-u", "v3-sha-nopriv", "-a", "SHA", "-A", AuthPassword, "-x", "AES", "-X", PrivPassword, _peer, SysDescr.ToString()]);
        Assert.That(level.StandardError, Does.Contain("Unsupported security level"));
        long unknownContexts = _agent.Statistics[AbstractServices.SnmpCounter.SnmpUnknownContexts];
        var context = await Run("snmpget", ["-v3", "-l", "authNoPriv", "-u", "v3-sha-nopriv", "-a", "SHA", "-A", AuthPassword, "-n", "no-such-context", _peer, SysDescr.ToString()]);
        Assert.That(context.StandardError, Does.Contain("Bad context specified"), "Net-SNMP's words for an snmpUnknownContexts Report");
        Assert.That(_agent.Statistics[AbstractServices.SnmpCounter.SnmpUnknownContexts], Is.EqualTo(unknownContexts + 1));
    }

    [TestCaseSource(nameof(Users))]
    public async Task Every_v3_user_can_get_getnext_getbulk_walk_and_set(string user, string? auth, string? priv)
    {
        var credentials = Credentials(user, auth, priv);
        var get = await Run("snmpget", [.. credentials, _peer, SysDescr.ToString()]);
        Assert.That(get.ExitCode, Is.Zero, get.StandardError);
        Assert.That(get.VarBinds.Single().Value, Is.EqualTo(Hex("agent under test")));

        var next = await Run("snmpgetnext", [.. credentials, _peer, $"{DemoMib.Entry}.2.10"]);
        Assert.That(next.VarBinds.Single().Oid, Is.EqualTo($"{DemoMib.Entry}.2.11"));

        var bulk = await Run("snmpbulkget", [.. credentials, "-Cr5", _peer, $"{DemoMib.Entry}.3"]);
        Assert.That(bulk.VarBinds.Select(v => v.Value), Is.EqualTo(new[] { "10", "20", "30", "40", "50" }));

        var walk = await Run("snmpbulkwalk", [.. credentials, _peer, System.ToString()]);
        Assert.That(walk.VarBinds.Select(v => v.Oid), Is.EqualTo(SystemGroup));

        var text = $"set by {user}";
        var set = await Run("snmpset", [.. credentials, _peer, "1.3.6.1.2.1.1.6.0", "s", text]);
        Assert.That(set.ExitCode, Is.Zero, set.StandardError);
        Assert.That(await _agent.Mib.GetAsync("1.3.6.1.2.1.1.6.0"), Is.EqualTo(new OctetString(text)));
    }

    [Test]
    public async Task IPv6_serves_v1_v2c_and_v3()
    {
        foreach (var credentials in new[] { new[] { "-v1", "-c", "public" }, ["-v2c", "-c", "public"], Credentials("v3-sha-256-aes", "SHA-256", "AES") })
        {
            var get = await Run("snmpget", [.. credentials, _peer6, SysDescr.ToString()]);
            Assert.That(get.ExitCode, Is.Zero, $"{string.Join(' ', credentials)}: {get.StandardError}");
            Assert.That(get.VarBinds.Single().Value, Is.EqualTo(Hex("agent under test")));
        }
    }

    [Test]
    public async Task A_Manager_that_knew_the_agent_before_a_restart_resynchronises_through_the_notInTimeWindow_report()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv3);
        engine.Usm.AddUser("v3-sha-aes", AuthenticationProtocol.HmacSha1, AuthPassword, PrivacyProtocol.Aes128, PrivPassword);
        var manager = engine.Manager(_agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);
        Assert.That((await manager.GetAsync(SysDescr))[0].Value, Is.EqualTo(new OctetString("agent under test")));

        var endpoint = _agent.Endpoints;
        long reportsBefore = 0;
        await _agent.DisposeAsync();
        _agent = StartAgent(endpoint[0].Port, endpoint[1].Port);

        // The manager still sends the old boots: the agent answers with an authenticated
        // usmStatsNotInTimeWindows Report, the manager adopts the new clock and retries once.
        Assert.That((await manager.GetAsync(SysDescr))[0].Value, Is.EqualTo(new OctetString("agent under test")));
        Assert.That(_agent.Statistics[AbstractServices.SnmpCounter.UsmStatsNotInTimeWindows], Is.EqualTo(reportsBefore + 1));
    }

    [Test]
    public async Task A_restart_counts_a_boot_and_the_engine_group_says_so()
    {
        int boots = _agent.LocalEngine.Boots;
        var endpoint = _agent.Endpoints;
        await _agent.DisposeAsync();
        _agent = StartAgent(endpoint[0].Port, endpoint[1].Port);

        Assert.That(_agent.LocalEngine.Boots, Is.EqualTo(boots + 1));
        var engine = await Run("snmpget", [.. Credentials("v3-sha-aes", "SHA", "AES"), _peer, "1.3.6.1.6.3.10.2.1.1.0", "1.3.6.1.6.3.10.2.1.2.0"]);
        Assert.That(engine.ExitCode, Is.Zero, engine.StandardError);
        Assert.That(engine.VarBinds[0].Value.Replace(" ", ""), Is.EqualTo(_agent.LocalEngine.EngineId.ToHex()));
        Assert.That(engine.VarBinds[1].Value, Is.EqualTo((boots + 1).ToString(global::System.Globalization.CultureInfo.InvariantCulture)));
    }
}
