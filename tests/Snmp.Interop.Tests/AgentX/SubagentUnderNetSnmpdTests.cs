using Snmp.AgentX;
using Snmp.Tool.Demo;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Interop.Tests.Notifications;
using Snmp.Testing;

namespace Snmp.Interop.Tests.AgentX;

/// <summary>
/// Our <see cref="AgentXSubagent"/> under Net-SNMP's snmpd as the AgentX master (RFC 2741):
/// snmpd is started with <c>master agentx</c> and <c>agentXSocket</c> on a Unix socket in a temp
/// directory and a private UDP port; Net-SNMP's own tools read and write our objects through it
/// (beside snmpd's own), a notification the subagent sends through snmpd reaches snmptrapd, and
/// snmpd restarted under the live subagent gets its objects back once the subagent reconnects.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SubagentUnderNetSnmpdTests
{
    private const int Rows = 20;
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly TimeSpan ReconnectInterval = TimeSpan.FromSeconds(15);
    private string _socketDirectory = null!;
    private SnmptrapdFixture _trapd = null!;
    private SnmpdFixture _snmpd = null!;
    private SteppedClock _clock = null!;
    private AgentXSubagent _subagent = null!;
    private MibTable _table = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _socketDirectory = Directory.CreateTempSubdirectory("agentx-master-").FullName;
        _trapd = await SnmptrapdFixture.StartAsync();
        _snmpd = await SnmpdFixture.StartAsync(
        [
            "master agentx",
            $"agentXSocket {Socket}",
            $"trap2sink {_trapd.Address} {SnmptrapdFixture.Community}",
        ]);
        _clock = new SteppedClock();
        _subagent = new AgentXSubagent(new AgentXSubagentOptions { MasterAddress = "unix:" + Socket, Description = "Snmp.AgentX interop subagent", ReconnectInterval = ReconnectInterval }, null, _clock);
        _table = InstallDemoObjects(_subagent.Mib);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _subagent.StartAsync(patience.Token);
    }

    private string Socket => Path.Combine(_socketDirectory, "master");

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_subagent is not null)
        {
            await _subagent.DisposeAsync();
        }

        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }

        if (_trapd is not null)
        {
            await _trapd.DisposeAsync();
        }

        Directory.Delete(_socketDirectory, recursive: true);
    }

    // The demo agent's objects (SNMP-ARCHITECTURE-DEMO-MIB), in the subagent's MibTree.
    private static MibTable InstallDemoObjects(MibTree mib)
    {
        var table = mib.AddTable(DemoMib.Entry,
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),
            new MibColumn(2, SnmpType.OctetString, MibAccess.ReadCreate),
            new MibColumn(3, SnmpType.Integer32, MibAccess.ReadCreate, new Integer32(0)),
            new MibColumn(4, SnmpType.Counter32, MibAccess.ReadOnly, new Counter32(0)),
            MibColumn.RowStatus(5));
        for (int i = 1; i <= Rows; i++)
        {
            table.SetRow(new ObjectIdentifier((uint)i), new Integer32(i), new OctetString($"row-{i}"), new Integer32(i * 10), new Counter32((uint)(i * 7)), new Integer32((int)RowStatus.Active));
        }

        mib.AddScalar(DemoMib.Message, new OctetString("hello through AgentX"), writable: true);
        return table;
    }

    private Task<NetSnmpResult> Run(string tool, params string[] arguments) => NetSnmpTools.RunAsync(tool, arguments);

    [Test]
    public async Task Snmpget_reads_our_objects_beside_snmpds_own()
    {
        var result = await Run("snmpget", "-v2c", "-c", "public", _snmpd.Peer, SysDescr.ToString(), DemoMib.Message.Append(0).ToString(), $"{DemoMib.Entry}.3.7");

        Assert.That(result.ExitCode, Is.Zero, result.StandardError + _snmpd.Log);
        Assert.That(result.VarBinds[0].Type, Is.EqualTo("Hex-STRING"), "snmpd's own sysDescr");
        Assert.That(result.VarBinds[1], Is.EqualTo(new NetSnmpVarBind(DemoMib.Message.Append(0).ToString(), "Hex-STRING", NetSnmpTools.Render(new OctetString("hello through AgentX")).Value)));
        Assert.That(result.VarBinds[2], Is.EqualTo(new NetSnmpVarBind($"{DemoMib.Entry}.3.7", "INTEGER", "70")));
    }

    [TestCase("snmpwalk")]
    [TestCase("snmpbulkwalk")]
    public async Task Walks_through_snmpd_see_every_instance_we_serve(string tool)
    {
        var result = await Run(tool, "-v2c", "-c", "public", _snmpd.Peer, DemoMib.Root.ToString());

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        var expected = new List<string>();
        foreach (var column in new[] { 2, 3, 4, 5 })
        {
            for (int row = 1; row <= Rows; row++)
            {
                var value = _table.GetCell(new ObjectIdentifier((uint)row), (uint)column)!;
                expected.Add($"{DemoMib.Entry}.{column}.{row} {NetSnmpTools.Render(value).Value}");
            }
        }

        expected.Add($"{DemoMib.Message}.0 {NetSnmpTools.Render(new OctetString("hello through AgentX")).Value}");
        Assert.That(result.VarBinds.Select(v => $"{v.Oid} {v.Value}"), Is.EqualTo(expected));
    }

    [Test]
    public async Task Snmpset_through_snmpd_writes_our_scalar_and_our_table()
    {
        var message = DemoMib.Message.Append(0);
        try
        {
            var set = await Run("snmpset", "-v2c", "-c", "private", _snmpd.Peer, message.ToString(), "s", "written via snmpd", $"{DemoMib.Entry}.3.4", "i", "444");

            Assert.That(set.ExitCode, Is.Zero, set.StandardError);
            Assert.That(await _subagent.Mib.GetAsync(message), Is.EqualTo(new OctetString("written via snmpd")));
            Assert.That(_table.GetCell(new ObjectIdentifier(4), 3), Is.EqualTo(new Integer32(444)));

            // A value our column's type refuses: our TestSet answer (wrongType) comes back through snmpd.
            var wrong = await Run("snmpset", "-v2c", "-c", "private", _snmpd.Peer, $"{DemoMib.Entry}.3.4", "s", "not a number");
            Assert.That(wrong.ExitCode, Is.Not.Zero);
            Assert.That(wrong.StandardError, Does.Contain("wrongType"));
            Assert.That(_table.GetCell(new ObjectIdentifier(4), 3), Is.EqualTo(new Integer32(444)));
        }
        finally
        {
            await Run("snmpset", "-v2c", "-c", "private", _snmpd.Peer, message.ToString(), "s", "hello through AgentX", $"{DemoMib.Entry}.3.4", "i", "40");
        }
    }

    [Test]
    public async Task Snmptable_through_snmpd_shows_our_table()
    {
        var mibs = Path.Combine(TestContext.CurrentContext.TestDirectory, "mibs");
        var table = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
            ["-v2c", "-c", "public", "-Cf", ",", "-Ci", "-M", mibs, "-m", "SNMP-ARCHITECTURE-DEMO-MIB", _snmpd.Peer, "SNMP-ARCHITECTURE-DEMO-MIB::demoTable"]);

        Assert.That(table.ExitCode, Is.Zero, table.StandardError);
        var lines = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Some.EqualTo("index,demoName,demoValue,demoCounter,demoRowStatus"));
        Assert.That(lines, Has.Some.EqualTo("7,\"row-7\",70,49,active"));
        Assert.That(lines.Count(l => char.IsDigit(l[0])), Is.EqualTo(Rows));
    }

    [Test]
    public async Task A_notification_sent_through_snmpd_reaches_snmptrapd()
    {
        var trapOid = new ObjectIdentifier("1.3.6.1.4.1.8072.9999.9999.0.77");

        await _subagent.NotifyAsync(trapOid, [new VarBind(DemoMib.Message.Append(0), new OctetString("agentx-notify"))]);

        var entry = await _trapd.WaitForEntryAsync($"OID: .{trapOid}\t");
        Assert.That(entry, Does.Contain($".1.3.6.1.6.3.1.1.4.1.0 = OID: .{trapOid}"));
        Assert.That(entry, Does.Contain($".{DemoMib.Message}.0 = STRING: \"agentx-notify\""));
        Assert.That(entry, Does.Contain(".1.3.6.1.2.1.1.3.0 = Timeticks:"), "snmpd adds sysUpTime.0");
    }

    [Test]
    public async Task Snmpd_allocates_index_values_and_answers_a_ping()
    {
        var index = DemoMib.Root.Append(5, 1, 1);

        var mine = await _subagent.AllocateIndexAsync([new VarBind(index, new Integer32(17))]);
        var again = Assert.ThrowsAsync<AgentXResponseException>(() => _subagent.AllocateIndexAsync([new VarBind(index, new Integer32(17))]));
        var any = await _subagent.AllocateIndexAsync([new VarBind(index, new Integer32(0))], AgentXIndexAllocation.AnyIndex);
        await _subagent.DeallocateIndexAsync([new VarBind(index, new Integer32(17))]);
        var released = Assert.ThrowsAsync<AgentXResponseException>(() => _subagent.DeallocateIndexAsync([new VarBind(index, new Integer32(17))]));
        await _subagent.PingAsync();

        Assert.That(mine.Single(), Is.EqualTo(new VarBind(index, new Integer32(17))));
        // RFC 2741 7.1.4.1 names indexAlreadyAllocated; Net-SNMP's master answers indexNoneAvailable
        // for a value already taken. Either way the refusal reaches the caller typed.
        Assert.That(again!.Error, Is.EqualTo(AgentXError.IndexNoneAvailable));
        Assert.That(any.Single().Value, Is.InstanceOf<Integer32>().And.Not.EqualTo(new Integer32(17)), "ANY_INDEX: a value not allocated");
        Assert.That(released!.Error, Is.EqualTo(AgentXError.IndexNotAllocated));
        await _subagent.DeallocateIndexAsync(any);
    }

    [Test]
    public async Task A_range_registration_made_while_running_is_served_through_snmpd()
    {
        // Three scalars added after the session opened (beside the demo objects, not under them),
        // registered as one range: r.subtree X.1, r.range_subid at the 1 (RFC 2741 6.2.3), r.upper_bound 3.
        var range = new ObjectIdentifier("1.3.6.1.4.1.8072.9999.9998.7");
        for (uint i = 1; i <= 3; i++)
        {
            _subagent.Mib.AddScalar(range.Append(i), new Integer32((int)(i * 100)));
        }

        var before = await Run("snmpget", "-v2c", "-c", "public", _snmpd.Peer, range.Append(2, 0).ToString());
        await _subagent.RegisterAsync(new AgentXRegistration(range.Append(1)) { RangeSubId = (byte)(range.Length + 1), UpperBound = 3 });
        var walk = await Run("snmpwalk", "-v2c", "-c", "public", _snmpd.Peer, range.ToString());

        Assert.That(before.VarBinds.Single().Type, Does.StartWith("No Such"), "not registered yet");
        Assert.That(walk.VarBinds.Select(v => $"{v.Oid}={v.Value}"), Is.EqualTo(new[] { $"{range}.1.0=100", $"{range}.2.0=200", $"{range}.3.0=300" }), walk.StandardError);
    }

    [Test]
    public async Task Snmpd_restarted_under_the_live_subagent_gets_our_objects_back()
    {
        long sessions = _subagent.SessionsOpened;

        await _snmpd.RestartAsync();
        // The subagent saw the master go, and waits its reconnect interval on its clock: the clock
        // moves once, to that timer (the new session's response timers must not expire).
        int advances = 0;
        await _clock.RunAsync(WaitUntilAsync(() => _subagent.SessionsOpened > sessions && _subagent.IsOpen), mayAdvance: () => advances++ == 0);

        var result = await Run("snmpget", "-v2c", "-c", "public", _snmpd.Peer, $"{DemoMib.Entry}.2.3");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError + _snmpd.Log);
        Assert.That(result.VarBinds.Single().Value, Is.EqualTo(NetSnmpTools.Render(new OctetString("row-3")).Value));
        Assert.That(_subagent.SessionsOpened, Is.EqualTo(sessions + 1));
    }

    // A bounded wait for an external peer (snmpd's restart): only a failure waits the whole 30 s.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The subagent did not open a new session with the restarted snmpd within 30 s.");
            }

            await Task.Delay(20);
        }
    }
}
