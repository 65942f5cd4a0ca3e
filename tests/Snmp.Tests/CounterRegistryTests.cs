using System.Net;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Testing;
using Snmp.Tests.Plugins;

namespace Snmp.Tests;

/// <summary>
/// One counter registry: a plug-in model that declares its counters (<see cref="ISnmpCounterProvider"/>)
/// has them named in the engine's snapshot and served in the agent's MIB, like USM's.
/// </summary>
public class CounterRegistryTests
{
    private static readonly SnmpCounterDefinition WrongTokens = new(TokenSecurityModel.WrongTokens, "tokenWrongTokens", "a message with the wrong token");

    [Test]
    public async Task A_plug_in_models_declared_counter_is_named_in_the_snapshot_and_served_by_the_agent()
    {
        var network = new InMemoryNetwork();
        var engineId = OctetString.FromHex("80001F8880AABBCCDDEEFF0031");
        var agentModel = new DeclaringTokenModel(new TokenSecurityModel("right", engineId));
        using var telemetry = TelemetryRecorder.ForEngines(engineId);
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["mem:agent", "127.0.0.1:0"], EngineId = engineId,
            Modules = [new InMemoryTransportModule(network), new DeclaringModule(agentModel)],
        });
        agent.AddCommunity("public");
        await using var engine = new Engine(new EngineOptions { Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(new TokenSecurityModel("wrong"))] });
        var intruder = engine.Manager("mem:agent", securityModel: TokenSecurityModel.Number, defaultUserName: "ops", engineId: engineId);
        Assert.ThrowsAsync<SnmpTimeoutException>(async () =>
            await intruder.GetAsync(["1.3.6.1.2.1.1.5.0"], new RequestOptions { Timeout = TimeSpan.FromMilliseconds(300), RefreshPeriod = TimeSpan.FromSeconds(1) }));
        Assert.That(SpinWait.SpinUntil(() => agent.Statistics[TokenSecurityModel.WrongTokens] == 1, TimeSpan.FromSeconds(10)), Is.True);

        var udp = agent.ListeningAddresses.OfType<IPEndPoint>().Single();
        var reader = engine.Manager(udp, version: SnmpVersion.SNMPv2c, community: new OctetString("public"));
        var served = await reader.GetAsync([TokenSecurityModel.WrongTokens], new RequestOptions { Timeout = TimeSpan.FromSeconds(10) });

        Assert.Multiple(() =>
        {
            Assert.That(agent.Statistics.SnapshotByName()["tokenWrongTokens"], Is.EqualTo(1));
            Assert.That(agent.Statistics.Registry.Describe(TokenSecurityModel.WrongTokens), Is.EqualTo("a message with the wrong token (tokenWrongTokens)"));
            Assert.That(served[0], Is.EqualTo(new VarBind(TokenSecurityModel.WrongTokens, new Counter32(1))), "the agent serves the plug-in's counter like usmStats");
        });
        telemetry.Collect();
        Assert.Multiple(() =>
        {
            Assert.That(telemetry.Latest("snmp.token_wrong_tokens", engineId), Is.EqualTo(1), "an instrument of the agent's meter, named like the library's");
            Assert.That(telemetry.Latest("snmp.messages.dropped", engineId, (SnmpTelemetry.DropCauseTag, "tokenWrongTokens")), Is.EqualTo(1), "a drop by its cause");
        });
    }

    [Test]
    public async Task The_agent_serves_snmpTsmStats_and_the_snapshot_names_them()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("public");
        await using var engine = new Engine();
        var reader = engine.Manager(agent.ListeningAddresses.OfType<IPEndPoint>().Single(), version: SnmpVersion.SNMPv2c, community: new OctetString("public"));
        var invalidCaches = new ObjectIdentifier("1.3.6.1.2.1.190.1.1.1.0");
        var walked = new List<VarBind>();
        await foreach (var vb in reader.WalkAsync("1.3.6.1.2.1.190"))
        {
            walked.Add(vb);
        }

        Assert.Multiple(() =>
        {
            Assert.That(walked.Select(v => v.Oid.ToString()), Is.EqualTo(new[] { "1.3.6.1.2.1.190.1.1.1.0", "1.3.6.1.2.1.190.1.1.2.0", "1.3.6.1.2.1.190.1.1.3.0", "1.3.6.1.2.1.190.1.1.4.0" }),
                "SNMP-TSM-MIB snmpTsmStats (RFC 5591 section 7)");
            Assert.That(walked[0], Is.EqualTo(new VarBind(invalidCaches, new Counter32(0))));
            Assert.That(agent.Statistics.SnapshotByName().Keys, Does.Contain("snmpTsmInadequateSecurityLevels"));
        });
    }

    /// <summary>The token model, declaring its counter as a plug-in author would.</summary>
    private sealed class DeclaringTokenModel(TokenSecurityModel inner) : ISecurityModel, ISnmpCounterProvider
    {
        public SecurityModel SecurityModel => inner.SecurityModel;

        public IReadOnlyCollection<SnmpCounterDefinition> Counters { get; } = [WrongTokens];

        public SecuredMessage GenerateRequestMsg(OutgoingSecurityParameters parameters) => inner.GenerateRequestMsg(parameters);

        public SecuredMessage GenerateResponseMsg(OutgoingSecurityParameters parameters, object securityStateReference) => inner.GenerateResponseMsg(parameters, securityStateReference);

        public IncomingSecurityResult ProcessIncomingMsg(IncomingSecurityParameters parameters) => inner.ProcessIncomingMsg(parameters);
    }

    private sealed class DeclaringModule(DeclaringTokenModel model) : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations) => registrations.AddSecurityModel(_ => model);
    }
}
