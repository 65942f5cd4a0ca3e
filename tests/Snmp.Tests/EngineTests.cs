using System.Net;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Testing;
using Snmp.Tests.Fakes;

namespace Snmp.Tests;

/// <summary>The Engine facade end to end over a simulated network and a scripted agent.</summary>
[TestFixture]
public class EngineTests
{
    private static readonly ObjectIdentifier System = "1.3.6.1.2.1.1";
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier SysContact = "1.3.6.1.2.1.1.4.0";
    private static readonly ObjectIdentifier IfDescr = "1.3.6.1.2.1.2.2.1.2";
    private static readonly ObjectIdentifier IfType = "1.3.6.1.2.1.2.2.1.3";

    private static SimulatedNetwork NewNetwork(int seed = 1)
    {
        var network = new SimulatedNetwork(seed);
        network.Mib[SysDescr] = new OctetString("simulated agent");
        network.Mib["1.3.6.1.2.1.1.2.0"] = new ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10");
        network.Mib["1.3.6.1.2.1.1.3.0"] = new TimeTicks(12345);
        network.Mib[SysContact] = new OctetString("root");
        for (uint i = 1; i <= 50; i++)
        {
            network.Mib[IfDescr.Append(i)] = new OctetString($"eth{i}");
            network.Mib[IfType.Append(i)] = new Integer32(6);
        }

        return network;
    }

    private static Engine NewEngine(SimulatedNetwork network, SnmpVersion version = SnmpVersion.SNMPv2c, bool autowait = true, TimeProvider? clock = null) =>
        new(new EngineOptions { DefaultVersion = version, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = new OctetString("public"), Autowait = autowait }, null, network.CreateTransport, clock);

    [TestCase(SnmpVersion.SNMPv1)]
    [TestCase(SnmpVersion.SNMPv2c)]
    public async Task Get_GetNext_and_Set_work_in_both_community_versions(SnmpVersion version)
    {
        var network = NewNetwork();
        await using var engine = NewEngine(network, version);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        var get = await manager.GetAsync(SysDescr, "1.3.6.1.2.1.1.3.0");
        Assert.That(get[0], Is.EqualTo(new VarBind(SysDescr, new OctetString("simulated agent"))));
        Assert.That(get[1].Value, Is.EqualTo(new TimeTicks(12345)));

        var next = manager.GetNext(SysDescr);
        Assert.That(next[0].Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.1.2.0")));

        var set = manager.Set(new VarBind(SysContact, new OctetString("ops@example.org")));
        Assert.That(set[0].Value, Is.EqualTo(new OctetString("ops@example.org")), "the blocking Set returns the Response's varbinds");
        Assert.That(manager.Get(SysContact)[0].Value, Is.EqualTo(new OctetString("ops@example.org")));
        var handle = manager.BeginGet(SysContact);
        Assert.That(handle.IsDone, Is.True, "with autowait (the reference's default) the handle form returns a completed handle");
        Assert.That(handle.Wait()[0].Value, Is.EqualTo(new OctetString("ops@example.org")));
        Assert.That(manager.Version, Is.EqualTo(version));
    }

    [Test]
    public void SNMPv1_noSuchName_is_a_typed_error()
    {
        var network = NewNetwork();
        using var engine = NewEngine(network, SnmpVersion.SNMPv1);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        var error = Assert.Throws<SnmpNoSuchNameException>(() => manager.Get(SysDescr, "1.3.6.1.2.1.1.99.0"));
        Assert.That(error!.ErrorIndex, Is.EqualTo(2));
    }

    [Test]
    public async Task GetBulk_returns_whole_repetitions()
    {
        var network = NewNetwork();
        await using var engine = NewEngine(network);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        var result = await manager.GetBulkAsync(1, 3, SysDescr, IfDescr, IfType);

        Assert.That(result.Select(vb => vb.Oid.ToString()), Is.EqualTo(new[]
        {
            "1.3.6.1.2.1.1.2.0",
            "1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.3.1",
            "1.3.6.1.2.1.2.2.1.2.2", "1.3.6.1.2.1.2.2.1.3.2",
            "1.3.6.1.2.1.2.2.1.2.3", "1.3.6.1.2.1.2.2.1.3.3",
        }));
    }

    [Test]
    public void GetBulk_cut_inside_a_repetition_returns_the_varbinds_the_agent_sent()
    {
        var network = NewNetwork();
        network.CutBulkRepetition = true;
        using var engine = NewEngine(network);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        var result = manager.GetBulk(0, 3, IfDescr, IfType);
        Assert.That(result.Select(vb => vb.Oid.ToString()), Is.EqualTo(new[]
        {
            "1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.3.1",
            "1.3.6.1.2.1.2.2.1.2.2", "1.3.6.1.2.1.2.2.1.3.2",
            "1.3.6.1.2.1.2.2.1.2.3",
        }));
    }

    [Test]
    public void GetBulk_is_refused_for_SNMPv1()
    {
        var network = NewNetwork();
        using var engine = NewEngine(network, SnmpVersion.SNMPv1);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);
        Assert.Throws<NotSupportedException>(() => manager.GetBulk(0, 3, IfDescr));
    }

    [TestCase(SnmpVersion.SNMPv1, 1)]
    [TestCase(SnmpVersion.SNMPv2c, 7)]
    [TestCase(SnmpVersion.SNMPv2c, 50)]
    public async Task A_walk_returns_exactly_the_subtree(SnmpVersion version, int maxRepetitions)
    {
        var network = NewNetwork();
        await using var engine = NewEngine(network, version);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);
        manager.WalkMaxRepetitions = maxRepetitions;

        var walked = new List<VarBind>();
        await foreach (var varBind in manager.WalkAsync(IfDescr))
        {
            walked.Add(varBind);
        }

        var expected = network.Mib.Where(kv => IfDescr.IsAncestorOf(kv.Key)).Select(kv => new VarBind(kv.Key, kv.Value)).ToList();
        Assert.That(walked, Is.EqualTo(expected));
        // The blocking Walk is a loop of its own over blocking requests: the same objects.
        Assert.That(manager.Walk(IfDescr).ToList(), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_walk_with_max_repetitions_0_sends_one_GetNext_per_object_as_snmpwalk_does()
    {
        var network = NewNetwork();
        await using var engine = NewEngine(network, SnmpVersion.SNMPv2c);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);
        manager.WalkMaxRepetitions = 0;

        var walked = new List<VarBind>();
        await foreach (var varBind in manager.WalkAsync(IfDescr))
        {
            walked.Add(varBind);
        }

        var expected = network.Mib.Where(kv => IfDescr.IsAncestorOf(kv.Key)).Select(kv => new VarBind(kv.Key, kv.Value)).ToList();
        Assert.That(walked, Is.EqualTo(expected));
        // One request per object, and one more that finds the end of the subtree.
        Assert.That(network.GetNextRequestsReceived, Is.EqualTo(expected.Count + 1));
        Assert.That(network.RequestsReceived, Is.EqualTo(expected.Count + 1));
        Assert.That(manager.Walk(IfDescr).ToList(), Is.EqualTo(expected));
    }

    [TestCase(SnmpVersion.SNMPv1)]
    [TestCase(SnmpVersion.SNMPv2c)]
    public void A_walk_stops_at_the_end_of_the_mib_view(SnmpVersion version)
    {
        var network = NewNetwork();
        using var engine = NewEngine(network, version);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        var walked = manager.Walk("1.3.6.1.2.1.2.2.1.3").ToList();

        Assert.That(walked, Has.Count.EqualTo(50));
        Assert.That(walked[^1].Oid, Is.EqualTo(IfType.Append(50)));
    }

    [Test]
    public void A_walk_of_the_system_group_stops_at_its_end()
    {
        var network = NewNetwork();
        using var engine = NewEngine(network);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        Assert.That(manager.Walk(System).Select(vb => vb.Oid.ToString()),
            Is.EqualTo(new[] { "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.4.0" }));
    }

    [TestCase(SnmpVersion.SNMPv1)]
    [TestCase(SnmpVersion.SNMPv2c)]
    public void Walking_a_leaf_instance_returns_the_instance_and_a_missing_one_nothing(SnmpVersion version)
    {
        var network = NewNetwork();
        using var engine = NewEngine(network, version);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        Assert.That(manager.Walk(SysContact).ToList(), Is.EqualTo(new[] { new VarBind(SysContact, new OctetString("root")) }));
        Assert.That(manager.Walk("1.3.6.1.2.1.1.99.0").ToList(), Is.Empty);
    }

    [Test]
    public void An_agent_that_does_not_advance_ends_the_walk_with_an_improper_response()
    {
        var network = NewNetwork();
        network.AnswerGetNextWithSameOid = true;
        using var engine = NewEngine(network, SnmpVersion.SNMPv1);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        Assert.Throws<SnmpImproperResponseException>(() => manager.Walk(System).ToList());
    }

    [Test]
    public async Task A_wrong_community_times_out()
    {
        var network = NewNetwork();
        var clock = new SteppedClock();
        await using var engine = NewEngine(network, clock: clock);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress, community: "wrong");
        manager.Timeout = TimeSpan.FromMilliseconds(300);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(100);

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(manager.GetAsync(SysDescr)));
        Assert.That(error!.Transmissions, Is.EqualTo(3), "at 0, 100 and 200 ms of a 300 ms timeout");
        // Every transmission reached the agent, which stayed silent; the network carries them on threads of its own.
        await WaitUntil(() => network.RequestsReceived == error.Transmissions);
    }

    [Test]
    public async Task A_per_request_community_overrides_the_managers()
    {
        var network = NewNetwork();
        network.Community = "secret";
        await using var engine = NewEngine(network);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        var result = await manager.GetAsync([SysDescr], new RequestOptions { Community = "secret", Timeout = TimeSpan.FromSeconds(20) });
        Assert.That(result[0].Value, Is.EqualTo(new OctetString("simulated agent")));
    }

    [Test]
    public async Task Answers_from_the_wrong_address_with_unknown_ids_or_malformed_are_dropped_and_counted()
    {
        var network = NewNetwork();
        network.AlsoAnswerFromWrongAddress = true;
        network.AlsoAnswerWithUnknownRequestId = true;
        network.AlsoSendMalformed = true;
        await using var engine = NewEngine(network);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        for (int i = 0; i < 5; i++)
        {
            var result = await manager.GetAsync(SysDescr);
            Assert.That(result[0].Value, Is.EqualTo(new OctetString("simulated agent")));
        }

        // The last request's extra datagrams may still be in flight; wait for all of them.
        await WaitUntil(() => engine.Statistics[SnmpCounter.SnmpInPkts] == 20);
        Assert.That(engine.Statistics[EngineCounter.ResponsesFromUnexpectedAddress], Is.EqualTo(5));
        Assert.That(engine.Statistics[SnmpCounter.SnmpUnknownPDUHandlers], Is.EqualTo(5));
        Assert.That(engine.Statistics[SnmpCounter.SnmpInASNParseErrs], Is.EqualTo(5));
    }

    [Test]
    public async Task Every_request_completes_through_loss_duplication_and_reordering()
    {
        var network = NewNetwork(seed: 42);
        network.RequestLoss = 0.3;
        network.ResponseLoss = 0.3;
        network.Duplication = 0.3;
        network.MaxDelayMilliseconds = 40;
        await using var engine = NewEngine(network);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(100);
        manager.Timeout = TimeSpan.FromSeconds(20);

        var oids = network.Mib.Keys.ToArray();
        var tasks = Enumerable.Range(0, 300).Select(i => manager.GetAsync(oids[i % oids.Length])).ToArray();
        var results = await Task.WhenAll(tasks);

        for (int i = 0; i < results.Length; i++)
        {
            Assert.That(results[i][0], Is.EqualTo(new VarBind(oids[i % oids.Length], network.Mib[oids[i % oids.Length]])), $"request {i}");
        }

        Assert.That(network.RequestsReceived, Is.GreaterThan(300), "loss forced retransmissions");
    }

    [Test]
    public async Task Without_autowait_a_handle_returns_at_once_and_a_poller_collects_it()
    {
        var network = NewNetwork();
        network.MaxDelayMilliseconds = 50;
        await using var engine = NewEngine(network, autowait: false);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);
        var poller = engine.Poller();

        var handles = Enumerable.Range(0, 10).Select(_ => manager.BeginGet(SysDescr)).ToList();
        handles.ForEach(poller.Register);
        var collected = new List<RequestHandle>();
        while (poller.Count > 0)
        {
            collected.AddRange(await poller.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.That(collected, Is.EquivalentTo(handles));
        Assert.That(collected.All(h => h.IsDone && h.Wait()[0].Value.Equals(new OctetString("simulated agent"))), Is.True);
    }

    [Test]
    public async Task Disposing_the_engine_fails_pending_requests_and_closes_its_transports()
    {
        var network = NewNetwork();
        network.RequestLoss = 1.0;
        var engine = NewEngine(network);
        var manager = engine.Manager(SimulatedNetwork.AgentAddress);
        var pending = manager.GetAsync(SysDescr);
        await WaitUntil(() => network.Transports.Count == 1);

        engine.Dispose();

        Assert.CatchAsync<ObjectDisposedException>(() => pending);
        Assert.That(network.Transports.Single().Disposed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => engine.Manager(SimulatedNetwork.AgentAddress));
        engine.Dispose(); // idempotent
    }

    [Test]
    public void An_SNMPv3_manager_without_a_user_is_a_clear_configuration_error()
    {
        var network = NewNetwork();
        using var engine = NewEngine(network, SnmpVersion.SNMPv3);
        var error = Assert.Throws<SnmpConfigurationException>(() => engine.Manager(SimulatedNetwork.AgentAddress));
        Assert.That(error!.Message, Does.Contain("AddUser"));
        var unknown = Assert.Throws<SnmpConfigurationException>(() => engine.Manager(SimulatedNetwork.AgentAddress, @namespace: "lab"));
        Assert.That(unknown!.Message, Does.Contain("\"lab\""));
    }

    [Test]
    public void The_public_constructor_has_the_references_defaults()
    {
        using var engine = new Engine();
        Assert.That(engine.Options, Is.EqualTo(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv3, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = OctetString.Empty, Autowait = true }));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not reached within 10 s");
            }

            await Task.Delay(10);
        }
    }
}
