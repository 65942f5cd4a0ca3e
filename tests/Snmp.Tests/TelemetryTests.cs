using System.Diagnostics;
using System.Net;
using Snmp.AbstractServices;
using Snmp.Security.Usm;
using Snmp.Testing;

namespace Snmp.Tests;

/// <summary>
/// Metrics and traces end to end: an Engine, an Agent and a TrapReceiver on loopback, heard by a
/// MeterListener and an ActivityListener as OpenTelemetry would hear them (the meter and source
/// "Snmp", told apart by their snmp.engine.id tag), after real traffic.
/// </summary>
[TestFixture]
public class TelemetryTests
{
    private const string Community = "s3cret-ro-community";
    private const string WrongCommunity = "wrong-community-x";
    private const string UserName = "telemetry-user";
    private const string AuthPassword = "auth-pass-9876";
    private const string PrivPassword = "priv-pass-5432";
    private const string SysDescr = "sysdescr-value-never-tagged";
    private static readonly ObjectIdentifier SysDescrOid = "1.3.6.1.2.1.1.1.0";
    private static readonly OctetString AgentId = OctetString.FromHex("80001F8880AABBCCDDEEFF7101");
    private static readonly OctetString EngineId = OctetString.FromHex("80001F8880AABBCCDDEEFF7102");
    private static readonly OctetString ReceiverId = OctetString.FromHex("80001F8880AABBCCDDEEFF7103");
    private static readonly RequestOptions Unanswered = new() { Timeout = TimeSpan.FromMilliseconds(300), RefreshPeriod = TimeSpan.FromSeconds(1), Community = new OctetString(WrongCommunity) };

    private static Agent StartAgent(string listenOn = "127.0.0.1:0")
    {
        var agent = new Agent(new AgentOptions { ListenOn = [listenOn], EngineId = AgentId, SysDescr = SysDescr });
        agent.AddCommunity(Community, writable: true);
        agent.AddUser(UserName, AuthenticationProtocol.HmacSha256, AuthPassword, PrivacyProtocol.Aes128, PrivPassword);
        agent.Mib.Register(new MibScalar("1.3.6.1.4.1.99999.7", new Integer32(1), writable: true));
        return agent;
    }

    private static Engine StartEngine()
    {
        var engine = new Engine(new EngineOptions { EngineId = EngineId, DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = new OctetString(Community) });
        engine.Usm.AddUser(UserName, AuthenticationProtocol.HmacSha256, AuthPassword, PrivacyProtocol.Aes128, PrivPassword);
        return engine;
    }

    // One transmission per request, however slow the machine: what was sent and served is exact.
    private static Manager Patient(Manager manager)
    {
        manager.Timeout = TimeSpan.FromSeconds(10);
        manager.RefreshPeriod = TimeSpan.FromSeconds(10);
        return manager;
    }

    private static void WaitFor(Func<bool> condition, string what) =>
        Assert.That(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)), Is.True, what);

    private static bool Of(Activity activity, OctetString engineId) =>
        activity.Source.Tags?.Any(t => t.Key == SnmpTelemetry.EngineIdTag && Equals(t.Value, engineId.ToHex())) == true;

    [Test]
    public async Task Real_traffic_gives_the_counters_the_histograms_and_the_spans_of_both_engines()
    {
        using var recorder = TelemetryRecorder.ForEngines(AgentId, EngineId);
        await using var agent = StartAgent();
        await using var engine = StartEngine();
        var v2c = Patient(engine.Manager(agent.Endpoints[0]));
        var v3 = Patient(engine.Manager(agent.Endpoints[0], SnmpVersion.SNMPv3, defaultUserName: UserName));

        await v2c.GetAsync(SysDescrOid);
        await v2c.GetNextAsync("1.3.6.1.2.1.1");
        await v3.GetAsync(SysDescrOid);
        Assert.ThrowsAsync<SnmpTimeoutException>(() => v2c.GetAsync([SysDescrOid], Unanswered));
        WaitFor(() => agent.Statistics[SnmpCounter.SnmpInBadCommunityNames] == 1, "the agent counted the unknown community");
        recorder.Collect();

        Assert.Multiple(() =>
        {
            // The agent's counters, read from its statistics by the observable instruments.
            Assert.That(recorder.Latest("snmp.in_pkts", AgentId), Is.EqualTo(agent.Statistics[SnmpCounter.SnmpInPkts]).And.GreaterThanOrEqualTo(5));
            Assert.That(recorder.Latest("snmp.out_pkts", AgentId), Is.EqualTo(agent.Statistics[SnmpCounter.SnmpOutPkts]));
            Assert.That(recorder.Latest("snmp.in_bad_community_names", AgentId), Is.EqualTo(1));
            Assert.That(recorder.Latest("snmp.usm.stats.unknown_engine_ids", AgentId), Is.EqualTo(1), "the v3 Manager's discovery");
            Assert.That(recorder.Latest("snmp.messages.dropped", AgentId, (SnmpTelemetry.DropCauseTag, "snmpInBadCommunityNames")), Is.EqualTo(1));
            Assert.That(recorder.Latest("snmp.messages.dropped", AgentId, (SnmpTelemetry.DropCauseTag, "usmStatsUnknownEngineIDs")), Is.EqualTo(1));
            Assert.That(recorder.Latest("snmp.transport.messages.received", AgentId,
                    (SnmpTelemetry.TransportDomainTag, "snmpUDPDomain"), (SnmpTelemetry.LocalAddressTag, agent.Endpoints[0].ToString())),
                Is.EqualTo(agent.Statistics[SnmpCounter.SnmpInPkts]), "every message came through the one UDP mapping");
            var served = recorder.Of("snmp.server.request.duration").Select(m => (m[SnmpTelemetry.PduTypeTag], m[SnmpTelemetry.VersionTag], m[SnmpTelemetry.OutcomeTag]));
            Assert.That(served, Is.EquivalentTo(new[]
            {
                ((object?)"GetRequest", (object?)"SNMPv2c", (object?)"success"), ("GetNextRequest", "SNMPv2c", "success"), ("GetRequest", "SNMPv3", "success"),
            }), "the requests the responder served (the discovery and the unknown community were dropped before it)");

            // The manager's requests: the discovery ends in a Report, the unknown community in a timeout.
            var sent = recorder.Of("snmp.client.request.duration").Select(m => m[SnmpTelemetry.OutcomeTag]);
            Assert.That(sent, Is.EquivalentTo(new[] { "success", "success", "report", "success", "timeout" }));
            Assert.That(recorder.Of("snmp.client.request.duration"), Has.All.Property("Value").GreaterThanOrEqualTo(0));
            Assert.That(recorder.Of("snmp.client.request.retransmissions"), Has.Count.EqualTo(5));
            Assert.That(recorder.Latest("snmp.client.request.timeouts", EngineId), Is.EqualTo(1));
            Assert.That(recorder.Latest("snmp.out_pkts", EngineId), Is.EqualTo(engine.Statistics[SnmpCounter.SnmpOutPkts]).And.GreaterThanOrEqualTo(5));
        });

        var clientSpans = recorder.Activities.Where(a => Of(a, EngineId)).ToList();
        var serverSpans = recorder.Activities.Where(a => Of(a, AgentId)).ToList();
        Assert.That(clientSpans, Has.Count.EqualTo(5).And.All.Property("Kind").EqualTo(ActivityKind.Client));
        Assert.That(serverSpans, Has.Count.EqualTo(3).And.All.Property("Kind").EqualTo(ActivityKind.Server));
        var v3Get = clientSpans.Single(a => Equals(a.GetTagItem(SnmpTelemetry.SecurityLevelTag), "authPriv"));
        Assert.Multiple(() =>
        {
            Assert.That(v3Get.GetTagItem(SnmpTelemetry.SecurityModelTag), Is.EqualTo("USM"));
            Assert.That(v3Get.GetTagItem(SnmpTelemetry.OutcomeTag), Is.EqualTo("success"));
            Assert.That(v3Get.GetTagItem("server.address"), Is.EqualTo("127.0.0.1"));
            Assert.That(v3Get.GetTagItem("server.port"), Is.EqualTo(agent.Endpoints[0].Port));
            var served = serverSpans.Single(a => Equals(a.GetTagItem(SnmpTelemetry.VersionTag), "SNMPv3"));
            Assert.That(served.GetTagItem(SnmpTelemetry.RequestIdTag), Is.EqualTo(v3Get.GetTagItem(SnmpTelemetry.RequestIdTag)), "the server span is the same request's");
            Assert.That(served.GetTagItem("client.address"), Is.EqualTo("127.0.0.1"));
            var discovery = clientSpans.Single(a => Equals(a.GetTagItem(SnmpTelemetry.OutcomeTag), "report"));
            Assert.That(discovery.GetTagItem(SnmpTelemetry.ReportCounterTag), Is.EqualTo("usmStatsUnknownEngineIDs"));
            var timedOut = clientSpans.Single(a => Equals(a.GetTagItem(SnmpTelemetry.OutcomeTag), "timeout"));
            Assert.That(timedOut.Status, Is.EqualTo(ActivityStatusCode.Error));
        });
        Assert.That(recorder.AllText(), Has.None.Contains(Community).And.None.Contains(WrongCommunity).And.None.Contains(UserName)
            .And.None.Contains(AuthPassword).And.None.Contains(PrivPassword).And.None.Contains(SysDescr));
    }

    [Test]
    public async Task A_community_never_appears_in_any_tag_whatever_the_traffic()
    {
        using var recorder = TelemetryRecorder.ForEngines(AgentId, EngineId, ReceiverId);
        await using var agent = StartAgent();
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = [Community], EngineId = ReceiverId });
        await using var engine = StartEngine();
        var v1 = engine.Manager(agent.Endpoints[0], SnmpVersion.SNMPv1);
        var v2c = engine.Manager(agent.Endpoints[0]);
        foreach (var manager in new[] { v1, v2c })
        {
            Patient(manager);
            await manager.GetAsync(SysDescrOid);
            await manager.GetNextAsync("1.3.6.1.2.1.1");
            await manager.SetAsync(new VarBind("1.3.6.1.4.1.99999.7.0", new Integer32(2)));
            Assert.ThrowsAsync(Is.InstanceOf<SnmpErrorResponseException>(), () => manager.SetAsync(new VarBind(SysDescrOid, new OctetString("x"))), "a read-only object");
        }

        await v2c.GetBulkAsync(0, 5, "1.3.6.1.2.1.1");
        await foreach (var _ in v2c.WalkAsync("1.3.6.1.2.1.1"))
        {
        }

        Assert.ThrowsAsync<SnmpTimeoutException>(() => v2c.GetAsync([SysDescrOid], Unanswered));
        var notifier = engine.Notifier(receiver.Endpoints[0].ToString(), SnmpVersion.SNMPv2c);
        await notifier.SendTrapAsync("1.3.6.1.4.1.99999.0.1", [new VarBind("1.3.6.1.4.1.99999.1", new OctetString(SysDescr))]);
        await notifier.InformAsync("1.3.6.1.4.1.99999.0.2", [new VarBind("1.3.6.1.4.1.99999.1", new OctetString(SysDescr))]);
        var wrongNotifier = engine.Notifier(receiver.Endpoints[0].ToString(), SnmpVersion.SNMPv2c, community: new OctetString(WrongCommunity));
        await wrongNotifier.SendTrapAsync("1.3.6.1.4.1.99999.0.3");
        WaitFor(() => receiver.Statistics[SnmpCounter.SnmpInBadCommunityNames] == 1 && agent.Statistics[SnmpCounter.SnmpInBadCommunityNames] == 1, "both counted the unknown community");
        recorder.Collect();

        Assert.That(recorder.Latest("snmp.in_bad_community_names", ReceiverId), Is.EqualTo(1));
        Assert.That(recorder.Latest("snmp.receiver.notifications.dropped", ReceiverId), Is.Zero, "the trap receiver's own counters are instruments too");
        Assert.That(recorder.Published.Select(i => i.Meter.Tags!.Single(t => t.Key == SnmpTelemetry.EngineKindTag).Value).Distinct(),
            Is.EquivalentTo(new[] { "agent", "engine", "trap_receiver" }));
        Assert.That(recorder.Activities.Count, Is.GreaterThanOrEqualTo(20), "every request and served request was traced");
        var texts = recorder.AllText().ToList();
        Assert.That(texts, Has.None.Contains(Community).And.None.Contains(WrongCommunity).And.None.Contains(SysDescr));
        Assert.That(texts, Has.Some.Contains("snmpInBadCommunityNames"), "the check reads what the listeners saw");
    }

    [Test]
    public void Every_counter_of_the_registry_is_an_instrument_and_the_meter_ends_with_its_engine()
    {
        using var recorder = TelemetryRecorder.ForEngines(EngineId);
        var engine = StartEngine();
        var names = recorder.Published.Select(i => i.Name).ToList();

        Assert.That(names, Is.Unique);
        Assert.That(names, Is.SupersetOf(engine.Statistics.Registry.All.Select(d => SnmpTelemetry.InstrumentName(d.Name))));
        Assert.That(names, Does.Contain("snmp.tsm.invalid_caches"), "a module's declared counter (TSM's snmpTsmStats)");
        Assert.That(names, Is.SupersetOf(new[]
        {
            "snmp.messages.dropped", "snmp.engine.internal_errors", "snmp.client.request.duration", "snmp.client.request.retransmissions",
            "snmp.client.request.timeouts", "snmp.transport.messages.received", "snmp.tlstm.session.opens",
        }));

        engine.Dispose();

        Assert.That(recorder.Completed, Is.EquivalentTo(recorder.Published), "disposing the engine ends every instrument of its meter");
        int before = recorder.Measurements.Count;
        recorder.Collect();
        Assert.That(recorder.Measurements, Has.Count.EqualTo(before), "nothing is measured once the engine is gone");
    }

    [Test]
    public async Task TCP_counters_are_measured_per_mapping()
    {
        using var recorder = TelemetryRecorder.ForEngines(AgentId, EngineId);
        await using var agent = StartAgent("tcp:127.0.0.1:0");
        await using var engine = StartEngine();
        var address = (IPEndPoint)agent.ListeningAddresses[0];
        var manager = Patient(engine.Manager($"tcp:127.0.0.1:{address.Port}"));

        await manager.GetAsync(SysDescrOid);
        await manager.GetAsync(SysDescrOid);
        recorder.Collect();

        var agentTcp = (SnmpTelemetry.TransportDomainTag, (object)"transportDomainTcpIpv4");
        Assert.That(recorder.Latest("snmp.transport.connections.accepted", AgentId, agentTcp), Is.EqualTo(1), "one connection, reused");
        Assert.That(recorder.Latest("snmp.transport.connections.opened", EngineId, agentTcp), Is.EqualTo(1));
        Assert.That(recorder.Latest("snmp.transport.messages.received", AgentId, agentTcp), Is.EqualTo(2));
        Assert.That(recorder.Latest("snmp.transport.connections.open", AgentId, agentTcp), Is.EqualTo(1));
        Assert.That(recorder.Latest("snmp.transport.messages.received", EngineId, (SnmpTelemetry.TransportDomainTag, "snmpUDPDomain")), Is.Null,
            "the engine has no UDP mapping: it never sent over UDP");
    }
}
