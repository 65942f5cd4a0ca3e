using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Ber;
using Snmp.Tests.Plugins;

namespace Snmp.Tests;

/// <summary>
/// The architecture is open: a transport and a security model of the user's own, each a
/// module (<see cref="SnmpModule"/>) given to <see cref="EngineOptions.Modules"/> and <see cref="AgentOptions.Modules"/>,
/// carry a Get from our Manager to our Agent without either knowing the other's plumbing; and
/// one agent listens on two addresses of one domain, answering each from where it was asked.
/// </summary>
[TestFixture]
public class PluginModuleTests
{
    private static readonly ObjectIdentifier SysName = "1.3.6.1.2.1.1.5.0";

    [Test]
    public async Task A_Get_travels_through_a_plugged_in_transport_and_security_model()
    {
        var network = new InMemoryNetwork();
        var engineId = OctetString.FromHex("80001F8880AABBCCDDEEFF0011");
        var agentModel = new TokenSecurityModel("s3cret", engineId);
        var managerModel = new TokenSecurityModel("s3cret");
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["mem:agent"],
            EngineId = engineId,
            SysName = "in-memory agent",
            Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(agentModel)],
        });
        agent.Vacm.AddGroup(TokenSecurityModel.Number, new OctetString("ops"), "token-users");
        agent.Vacm.AddAccess("token-users", OctetString.Empty, TokenSecurityModel.Number, SecurityLevel.NoAuthNoPriv, ContextMatch.Exact, Agent.AllView, "", Agent.AllView);
        await using var engine = new Engine(new EngineOptions { Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(managerModel)] });

        var manager = engine.Manager("mem:agent", securityModel: TokenSecurityModel.Number, defaultUserName: "ops", engineId: engineId);
        var result = await manager.GetAsync([SysName], new RequestOptions { Timeout = TimeSpan.FromSeconds(10) });

        Assert.That(agent.ListeningAddresses, Is.EqualTo(new EndPoint[] { new InMemoryEndPoint("agent") }));
        Assert.That(manager.Domain, Is.EqualTo(InMemoryNetwork.Domain));
        Assert.That(result[0], Is.EqualTo(new VarBind(SysName, new OctetString("in-memory agent"))));
        Assert.That(agentModel.Accepted, Is.GreaterThanOrEqualTo(1), "the agent's copy of the plug-in processed the request");
        Assert.That(managerModel.Accepted, Is.GreaterThanOrEqualTo(1), "the manager's copy processed the response");
        Assert.That(network.MessagesCarried, Is.GreaterThanOrEqualTo(2), "both messages went through the plug-in transport");
        Assert.That(engine.Statistics[SnmpCounter.SnmpUnknownSecurityModels], Is.Zero);
    }

    [Test]
    public async Task A_plugged_in_security_model_refuses_what_it_cannot_verify_and_the_drop_is_counted()
    {
        var network = new InMemoryNetwork();
        var engineId = OctetString.FromHex("80001F8880AABBCCDDEEFF0012");
        var agentModel = new TokenSecurityModel("right", engineId);
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["mem:agent"], EngineId = engineId,
            Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(agentModel)],
        });
        await using var engine = new Engine(new EngineOptions { Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(new TokenSecurityModel("wrong"))] });
        var manager = engine.Manager("mem:agent", securityModel: TokenSecurityModel.Number, defaultUserName: "ops", engineId: engineId);

        Assert.ThrowsAsync<SnmpTimeoutException>(async () =>
            await manager.GetAsync([SysName], new RequestOptions { Timeout = TimeSpan.FromMilliseconds(300), RefreshPeriod = TimeSpan.FromSeconds(1) }));
        // The agent takes the message on a thread of its own; wait (bounded) until it has counted it.
        Assert.That(SpinWait.SpinUntil(() => agent.Statistics[TokenSecurityModel.WrongTokens] == 1, TimeSpan.FromSeconds(10)), Is.True,
            "a plug-in's own MIB counter, counted by the dispatcher");
        Assert.That(agentModel.Refused, Is.EqualTo(1), "one transmission: the refresh period is longer than the timeout");
        Assert.That(agent.Statistics[SnmpCounter.SnmpInvalidMsgs], Is.Zero);
    }

    [Test]
    public async Task A_plugged_in_security_model_discovers_the_agent_through_the_same_interface_as_USM_and_TSM()
    {
        var network = new InMemoryNetwork();
        var engineId = OctetString.FromHex("80001F8880AABBCCDDEEFF0013");
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["mem:agent"], EngineId = engineId, SysName = "discovered",
            Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(new TokenSecurityModel("s3cret", engineId))],
        });
        agent.AddSecurityName(TokenSecurityModel.Number, "ops");
        var managerModel = new TokenSecurityModel("s3cret");
        await using var engine = new Engine(new EngineOptions { Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(managerModel)] });

        var manager = engine.Manager("mem:agent", securityModel: TokenSecurityModel.Number, defaultUserName: "ops");
        Assert.That(manager.DefaultSecurityLevel, Is.EqualTo(SecurityLevel.NoAuthNoPriv), "the model's default level");
        var first = await manager.GetAsync([SysName], new RequestOptions { Timeout = TimeSpan.FromSeconds(20) });
        var second = await manager.GetAsync([SysName], new RequestOptions { Timeout = TimeSpan.FromSeconds(20) });

        Assert.That(first[0].Value, Is.EqualTo(new OctetString("discovered")));
        Assert.That(second[0].Value, Is.EqualTo(new OctetString("discovered")));
        Assert.That(manager.EngineId, Is.EqualTo(engineId));
        Assert.That(managerModel.Discoveries, Is.EqualTo(1), "discovered once, by the model");
        Assert.That(managerModel.Prepared, Is.EquivalentTo(new[] { (engineId, new OctetString("ops")) }), "the principal readied for the agent's engine");
    }

    [Test]
    public async Task A_plugged_in_security_model_sends_traps_and_informs_to_our_TrapReceiver()
    {
        var network = new InMemoryNetwork();
        await using var receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = ["mem:receiver"],
            Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(new TokenSecurityModel("s3cret", OctetString.FromHex("80001F8880AABBCCDDEEFF0014")))],
            Principals = [new TrapReceiverPrincipal(TokenSecurityModel.Number, "ops") { MinimumLevel = SecurityLevel.NoAuthNoPriv }],
        });
        var senderModel = new TokenSecurityModel("s3cret");
        await using var engine = new Engine(new EngineOptions { Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(senderModel)] });
        var notifier = engine.Notifier("mem:receiver", SnmpVersion.SNMPv3, defaultUserName: "ops", securityModel: TokenSecurityModel.Number);
        ObjectIdentifier coldStart = "1.3.6.1.6.3.1.1.5.1";

        await notifier.SendTrapAsync(coldStart);
        await notifier.InformAsync(coldStart, options: new RequestOptions { Timeout = TimeSpan.FromSeconds(20) });

        using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<Snmp.ReceivedNotification>();
        await foreach (var notification in receiver.ReadAllAsync(reading.Token))
        {
            received.Add(notification);
            if (received.Count == 2)
            {
                break;
            }
        }

        Assert.That(received.Select(n => n.PduType), Is.EquivalentTo(new[] { PduType.SNMPv2Trap, PduType.InformRequest }));
        Assert.That(received.All(n => n.SecurityModel == TokenSecurityModel.Number && n.Community.ToText() == "ops"), Is.True);
        Assert.That(senderModel.Discoveries, Is.EqualTo(1), "the inform's receiver discovered by the model");
        Assert.That(senderModel.Prepared, Does.Contain((engine.LocalEngine.EngineId, new OctetString("ops"))), "the trap: this engine is authoritative");
        Assert.That(senderModel.Prepared, Does.Contain((receiver.LocalEngine.EngineId, new OctetString("ops"))), "the inform: the receiver is");
    }

    [Test]
    public async Task A_plugged_in_security_model_explains_a_timeout()
    {
        var network = new InMemoryNetwork();
        var engineId = OctetString.FromHex("80001F8880AABBCCDDEEFF0015");
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["mem:agent"], EngineId = engineId,
            Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(new TokenSecurityModel("s3cret", engineId))],
        });
        agent.AddSecurityName(TokenSecurityModel.Number, "ops");
        // It sends the agent's token but accepts only another: every answer is refused.
        var managerModel = new TokenSecurityModel("s3cret", acceptedToken: "other");
        var clock = new Snmp.Testing.SteppedClock();
        await using var engine = new Engine(new EngineOptions { Modules = [new InMemoryTransportModule(network), new TokenSecurityModule(managerModel)] }, null, null, clock);
        var manager = engine.Manager("mem:agent", securityModel: TokenSecurityModel.Number, defaultUserName: "ops", engineId: engineId);

        // The clock moves (to the timeout) only once the model has refused the answer.
        var get = manager.GetAsync([SysName], new RequestOptions { Timeout = TimeSpan.FromSeconds(2), RefreshPeriod = TimeSpan.FromSeconds(5) });
        var timeout = Assert.ThrowsAsync<SnmpTimeoutException>(async () => await clock.RunAsync(get,
            mayAdvance: () => SpinWait.SpinUntil(() => get.IsCompleted || managerModel.Refused > 0, TimeSpan.FromSeconds(20)) && !get.IsCompleted));

        Assert.That(timeout!.Detail, Is.EqualTo($"1 answer of engine {engineId.ToHex()} carried a token this model does not accept"));
        Assert.That(engine.Statistics[TokenSecurityModel.WrongTokens], Is.EqualTo(1));
    }

    [Test]
    public void An_unregistered_security_model_or_transport_is_a_configuration_error()
    {
        using var engine = new Engine(new EngineOptions());
        Assert.Throws<SnmpConfigurationException>(() => engine.Manager("127.0.0.1", securityModel: TokenSecurityModel.Number, defaultUserName: "ops"));
        Assert.Throws<FormatException>(() => engine.Manager("mem:agent"));
        Assert.Throws<SnmpConfigurationException>(() => engine.Manager(new IPEndPoint(IPAddress.Loopback, 161), domain: InMemoryNetwork.Domain));
    }

    [Test]
    public async Task An_agent_on_two_addresses_of_one_domain_answers_each_from_the_address_asked()
    {
        // 127.0.0.2 is loopback too on Linux (127.0.0.0/8).
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0", "127.0.0.2:0"], SysName = "two-homed" });
        agent.AddCommunity("public");
        Assert.That(agent.Endpoints, Has.Count.EqualTo(2));
        Assert.That(agent.Endpoints.Select(e => e.Address), Is.EqualTo(new[] { IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2") }));

        using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        foreach (var endPoint in agent.Endpoints)
        {
            // Our Manager drops answers from any other address (ResponsesFromUnexpectedAddress).
            var result = await engine.Manager(endPoint).GetAsync(SysName);
            Assert.That(result[0].Value, Is.EqualTo(new OctetString("two-homed")), $"via {endPoint}");

            // And a plain socket sees where the answer came from.
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var request = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new Pdu(PduType.GetRequest, 77, VarBindList.ForRequest(SysName))));
            await socket.SendToAsync(request, endPoint);
            var buffer = new byte[1500];
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var answer = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), patience.Token);
            Assert.That(answer.RemoteEndPoint, Is.EqualTo(endPoint));
            Assert.That(SnmpMessageCodec.DecodeCommunityMessage(buffer.AsMemory(0, answer.ReceivedBytes)).Pdu.RequestId, Is.EqualTo(77));
        }

        Assert.That(engine.Statistics[EngineCounter.ResponsesFromUnexpectedAddress], Is.Zero);
    }
}
