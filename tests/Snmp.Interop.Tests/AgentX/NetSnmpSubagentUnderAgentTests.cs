using Snmp.Interop.Tests.NetSnmp;
using Snmp.Testing;

namespace Snmp.Interop.Tests.AgentX;

/// <summary>
/// Net-SNMP's snmpd as an AgentX subagent (<c>snmpd -X</c>) under our <see cref="Snmp.Agent"/> as
/// the master (<see cref="AgentOptions.AgentXAddress"/>): its system and interfaces groups walk
/// through our agent beside our own objects, with Net-SNMP's snmpwalk, snmpbulkwalk, snmpget and
/// snmpset as the manager, so both ends of every exchange but ours are Net-SNMP's.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NetSnmpSubagentUnderAgentTests
{
    private static readonly ObjectIdentifier Ours = "1.3.6.1.4.1.8072.9999.9999.2";
    private string _directory = null!;
    private Snmp.Agent _agent = null!;
    private NetSnmpSubagentFixture _subagent = null!;
    private string _peer = null!;
    private SteppedClock _clock = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _directory = Directory.CreateTempSubdirectory("agentx-ours-").FullName;
        var socket = Path.Combine(_directory, "master");
        // Without the built-in objects our agent serves only its own enterprise object, so the
        // subagent's system group is not refused as overlapping ours.
        // The agent's clock moves only when a test lets it (the subagent timeout test).
        _clock = new SteppedClock();
        _agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], BuiltInObjects = false, AgentXAddress = socket, AgentXTimeout = TimeSpan.FromSeconds(4) }, null, _clock);
        _agent.AddCommunity("public");
        _agent.AddCommunity("private", writable: true);
        _agent.Mib.AddScalar(Ours, new OctetString("ours, beside the subagent's"), writable: true);
        _peer = $"udp:127.0.0.1:{_agent.Endpoints[0].Port}";
        _subagent = await NetSnmpSubagentFixture.StartAsync(socket);
        // Bounded wait for the external peer: registered once sysDescr answers through us.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await _agent.Mib.GetAsync("1.3.6.1.2.1.1.1.0")).GetType().Equals(typeof(OctetString)))
        {
            if (DateTime.UtcNow > deadline || !_subagent.IsRunning)
            {
                Assert.Fail($"snmpd -X did not register sysDescr with our master within 30 s:\n{_subagent.Log}");
            }

            await Task.Delay(50);
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_subagent is not null)
        {
            await _subagent.DisposeAsync();
        }

        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static Task<NetSnmpResult> Run(string tool, params string[] arguments) => NetSnmpTools.RunAsync(tool, arguments);

    [TestCase("snmpwalk")]
    [TestCase("snmpbulkwalk")]
    public async Task The_subagents_system_and_interfaces_groups_walk_through_our_agent(string tool)
    {
        var system = await Run(tool, "-v2c", "-c", "public", _peer, "1.3.6.1.2.1.1");
        var interfaces = await Run(tool, "-v2c", "-c", "public", _peer, "1.3.6.1.2.1.2");

        Assert.That(system.ExitCode, Is.Zero, system.StandardError + _subagent.Log);
        var byOid = system.VarBinds.ToDictionary(v => v.Oid);
        Assert.That(byOid["1.3.6.1.2.1.1.2.0"].Value, Is.EqualTo(".1.3.6.1.4.1.8072.3.2.10"), "Net-SNMP's sysObjectID (linux)");
        Assert.That(byOid["1.3.6.1.2.1.1.6.0"].Value, Is.EqualTo(NetSnmpTools.Render(new OctetString(NetSnmpSubagentFixture.SysLocation)).Value));
        Assert.That(byOid.Keys, Has.Some.StartsWith("1.3.6.1.2.1.1.9.1.2."), "its sysORTable");
        Assert.That(system.VarBinds.Select(v => new ObjectIdentifier(v.Oid)), Is.Ordered, "a walk in lexicographic order across the subagent's regions");

        Assert.That(interfaces.ExitCode, Is.Zero, interfaces.StandardError);
        var ifNumber = int.Parse(interfaces.VarBinds.Single(v => v.Oid == "1.3.6.1.2.1.2.1.0").Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(ifNumber, Is.GreaterThanOrEqualTo(1));
        var descriptions = interfaces.VarBinds.Where(v => v.Oid.StartsWith("1.3.6.1.2.1.2.2.1.2.", StringComparison.Ordinal)).ToList();
        Assert.That(descriptions, Has.Count.EqualTo(ifNumber), "one ifDescr per interface");
        Assert.That(descriptions.Select(d => d.Value), Has.Some.EqualTo(NetSnmpTools.Render(new OctetString("lo")).Value), "the loopback interface");
    }

    [Test]
    public async Task Our_own_object_is_served_beside_the_subagents()
    {
        var get = await Run("snmpget", "-v2c", "-c", "public", _peer, "1.3.6.1.2.1.1.5.0", Ours + ".0");

        Assert.That(get.ExitCode, Is.Zero, get.StandardError);
        Assert.That(get.VarBinds[0].Type, Is.EqualTo("Hex-STRING").Or.EqualTo("STRING"), "sysName from the subagent");
        Assert.That(get.VarBinds[1].Value, Is.EqualTo(NetSnmpTools.Render(await _agent.Mib.GetAsync(Ours.Append(0))).Value), "ours, from our MibTree");
    }

    [Test]
    public async Task A_Set_through_our_agent_reaches_the_subagent_and_one_spanning_both_commits_both()
    {
        var contact = "1.3.6.1.2.1.1.4.0";

        var set = await Run("snmpset", "-v2c", "-c", "private", _peer, contact, "s", "ops@agentx.example", Ours + ".0", "s", "set with the subagent's");
        var read = await Run("snmpget", "-v2c", "-c", "public", _peer, contact);

        Assert.That(set.ExitCode, Is.Zero, set.StandardError + _subagent.Log);
        Assert.That(read.VarBinds.Single().Value, Is.EqualTo(NetSnmpTools.Render(new OctetString("ops@agentx.example")).Value), "the subagent's sysContact changed");
        Assert.That(await _agent.Mib.GetAsync(Ours.Append(0)), Is.EqualTo(new OctetString("set with the subagent's")));

        // sysLocation is fixed by the subagent's configuration: its TestSet refuses, and nothing of the Set is made.
        var refused = await Run("snmpset", "-v2c", "-c", "private", _peer, Ours + ".0", "s", "must not stay", "1.3.6.1.2.1.1.6.0", "s", "elsewhere");
        Assert.That(refused.ExitCode, Is.Not.Zero);
        Assert.That(refused.StandardError, Does.Contain("notWritable").Or.Contain("noAccess").Or.Contain("readOnly"));
        Assert.That(await _agent.Mib.GetAsync(Ours.Append(0)), Is.EqualTo(new OctetString("set with the subagent's")));
    }

    [Test]
    public async Task A_missing_instance_under_the_subagent_is_noSuchInstance_as_it_answers()
    {
        var get = await Run("snmpget", "-v2c", "-c", "public", _peer, "1.3.6.1.2.1.1.4.7", "1.3.6.1.2.1.2.2.1.2.999999");

        Assert.That(get.VarBinds.Select(v => v.Type), Has.All.StartWith("No Such"));
    }

    [Test]
    public async Task A_frozen_subagent_costs_genErr_after_the_masters_timeout_not_a_hang()
    {
        long timeouts = _agent.AgentX!.Timeouts;
        await _subagent.SignalAsync("STOP");
        try
        {
            // snmpget waits up to 30 s; our master gives up after the session's timeout (the
            // Open's o.timeout: agentXTimeout in the subagent's configuration, over our 4 s
            // default, RFC 2741 7.2.2), on its clock, which moves to that timer at once.
            var before = _clock.Elapsed;
            var get = await _clock.RunAsync(Run("snmpget", "-v2c", "-c", "public", "-t", "30", "-r", "0", _peer, "1.3.6.1.2.1.1.5.0"));

            Assert.That(get.StandardError, Does.Contain("genError").Or.Contain("General failure"), get.StandardOutput);
            Assert.That(_clock.Elapsed - before, Is.EqualTo(TimeSpan.FromSeconds(NetSnmpSubagentFixture.AgentXTimeoutSeconds)));
            Assert.That(_agent.AgentX.Timeouts, Is.EqualTo(timeouts + 1));
        }
        finally
        {
            await _subagent.SignalAsync("CONT");
        }

        // Thawed, it answers again (its late answer to the abandoned request is ignored).
        var again = await Run("snmpget", "-v2c", "-c", "public", _peer, "1.3.6.1.2.1.1.6.0");
        Assert.That(again.VarBinds.Single().Value, Is.EqualTo(NetSnmpTools.Render(new OctetString(NetSnmpSubagentFixture.SysLocation)).Value), again.StandardError);
    }
}
