using System.Net;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Tsm;
using Snmp.Tests.Plugins;

namespace Snmp.Tests;

/// <summary>
/// Our Manager, Notifier, Agent and TrapReceiver with the Transport Security Model (RFC 5591)
/// over a stand-in secure transport (<see cref="FakeSecureNetwork"/>: "tls:" addresses,
/// tmSecurityName and authPriv filled in as TLS does): what goes on the wire, RFC 5343
/// contextEngineID discovery, Get, walk, Set, an inform and a trap, VACM under model 4, and the
/// snmpTsmStats counters.
/// </summary>
[TestFixture]
public class TransportSecurityModelTests
{
    private static readonly ObjectIdentifier SysName = "1.3.6.1.2.1.1.5.0";
    private static readonly ObjectIdentifier SysContact = "1.3.6.1.2.1.1.4.0";
    private static readonly ObjectIdentifier System = "1.3.6.1.2.1.1";
    private static readonly ObjectIdentifier LinkDown = "1.3.6.1.6.3.1.1.5.3";
    private static readonly OctetString AgentEngineId = OctetString.FromHex("80001F8880AABBCCDDEEFF0042");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static Agent TsmAgent(FakeSecureNetwork network, string address = "tls:127.0.0.1:10161") =>
        new(new AgentOptions { ListenOn = [address], EngineId = AgentEngineId, SysName = "tsm agent", Modules = [new FakeSecureTransportModule(network)] });

    private static RequestOptions Quick => new() { Timeout = Patience };

    [Test]
    public async Task A_Manager_over_TSM_discovers_the_agent_by_RFC_5343_and_sends_authPriv_with_empty_security_parameters()
    {
        var network = new FakeSecureNetwork();
        await using var agent = TsmAgent(network);
        agent.AddSecurityName(SecurityModel.Tsm, "manager");
        await using var engine = new Engine(new EngineOptions { Modules = [new FakeSecureTransportModule(network)] });

        var manager = engine.Manager("tls:127.0.0.1:10161", securityModel: SecurityModel.Tsm, defaultUserName: "manager");
        Assert.That(manager.SecurityModel, Is.EqualTo(SecurityModel.Tsm));
        Assert.That(manager.DefaultSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv), "TSM's default level");
        Assert.That(manager.EngineId, Is.Null);

        var result = await manager.GetAsync([SysName], Quick);

        Assert.That(result[0].Value, Is.EqualTo(new OctetString("tsm agent")));
        Assert.That(manager.EngineId, Is.EqualTo(AgentEngineId), "RFC 5343: the answer's contextEngineID");
        var sent = network.Carried.Where(m => m.To.Port == 10161).Select(m => SnmpMessageCodec.DecodeV3Message(m.Message)).ToList();
        Assert.That(sent, Has.Count.EqualTo(2), "the discovery request, then the Get");
        foreach (var message in sent)
        {
            Assert.That(message.GlobalData.MsgSecurityModel, Is.EqualTo(4));
            Assert.That((byte)message.GlobalData.MsgFlags, Is.EqualTo(0x07), "authPriv, reportable");
            Assert.That(message.SecurityParameters.Length, Is.Zero, "an empty OCTET STRING");
            Assert.That(message.ScopedPdu, Is.Not.Null, "a plaintext scopedPDU: the transport encrypts");
        }

        Assert.That(Convert.ToHexString(sent[0].ScopedPdu!.ContextEngineId.Span), Is.EqualTo("8000000006"), "RFC 5343 localEngineID");
        Assert.That(sent[0].ScopedPdu!.Pdu.VarBinds[0].Oid, Is.EqualTo(ContextEngineIdDiscovery.SnmpEngineIdInstance));
        Assert.That(sent[1].ScopedPdu!.ContextEngineId.ToArray(), Is.EqualTo(AgentEngineId.ToArray()));
        var answers = network.Carried.Where(m => m.From.Port == 10161).Select(m => SnmpMessageCodec.DecodeV3Message(m.Message)).ToList();
        Assert.That(Convert.ToHexString(answers[0].ScopedPdu!.ContextEngineId.Span), Is.EqualTo("8000000006"),
            "our agent processes localEngineID as its own snmpEngineID but echoes it in the Response's contextEngineID (RFC 3412 7.1 step 3), as Net-SNMP's probe requires");
        Assert.That(answers[0].ScopedPdu!.Pdu.VarBinds[0].Value, Is.EqualTo(AgentEngineId));
        Assert.That(engine.Statistics[SnmpCounter.SnmpInvalidMsgs], Is.Zero);
    }

    [Test]
    public async Task Walk_and_Set_over_TSM_are_authorised_by_VACM_under_model_4()
    {
        var network = new FakeSecureNetwork();
        await using var agent = TsmAgent(network);
        agent.AddSecurityName(SecurityModel.Tsm, "manager", writable: true);
        agent.AddSecurityName(SecurityModel.Tsm, "reader");
        await using var engine = new Engine(new EngineOptions { Modules = [new FakeSecureTransportModule(network)] });
        var manager = engine.Manager("tls:127.0.0.1:10161", securityModel: SecurityModel.Tsm, defaultUserName: "manager");

        var walked = new List<VarBind>();
        await foreach (var varBind in manager.WalkAsync(System, Quick))
        {
            walked.Add(varBind);
        }

        Assert.That(walked.Select(v => v.Oid), Does.Contain(SysName));
        Assert.That(walked.All(v => System.IsAncestorOf(v.Oid)), Is.True);

        await manager.SetAsync([new VarBind(SysContact, new OctetString("ops@example.test"))], Quick);
        Assert.That((await manager.GetAsync([SysContact], Quick))[0].Value, Is.EqualTo(new OctetString("ops@example.test")));

        // Another principal of the same transport, read-only; one with no group at all.
        var denied = Assert.ThrowsAsync<SnmpErrorResponseException>(async () =>
            await manager.SetAsync([new VarBind(SysContact, new OctetString("x"))], new RequestOptions { UserName = "reader", Timeout = Patience }));
        Assert.That(denied!.ErrorStatus, Is.EqualTo(ErrorStatus.NoAccess).Or.EqualTo(ErrorStatus.AuthorizationError).Or.EqualTo(ErrorStatus.NotWritable));
        var stranger = Assert.ThrowsAsync<SnmpErrorResponseException>(async () =>
            await manager.GetAsync([SysName], new RequestOptions { UserName = "stranger", Timeout = Patience }));
        Assert.That(stranger!.ErrorStatus, Is.EqualTo(ErrorStatus.AuthorizationError));
    }

    [Test]
    public async Task A_trap_and_an_inform_over_TSM_reach_our_TrapReceiver_as_the_transports_principal()
    {
        var network = new FakeSecureNetwork();
        await using var receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = ["tls:127.0.0.1:10162"], Modules = [new FakeSecureTransportModule(network)],
            Principals = [new TrapReceiverPrincipal(SecurityModel.Tsm, "manager")],
        });
        await using var engine = new Engine(new EngineOptions { Modules = [new FakeSecureTransportModule(network)] });
        var notifier = engine.Notifier("tls:127.0.0.1:10162", securityModel: SecurityModel.Tsm, defaultUserName: "manager");
        var stranger = engine.Notifier("tls:127.0.0.1:10162", securityModel: SecurityModel.Tsm, defaultUserName: "stranger");
        await stranger.SendTrapAsync(LinkDown);
        var ifIndex = new VarBind("1.3.6.1.2.1.2.2.1.1.3", new Integer32(3));

        await notifier.SendTrapAsync(LinkDown, [ifIndex]);
        var response = await notifier.InformAsync(LinkDown, [ifIndex], options: Quick).WaitAsync(Patience);

        using var reading = new CancellationTokenSource(Patience);
        var received = new List<ReceivedNotification>();
        await foreach (var notification in receiver.ReadAllAsync(reading.Token))
        {
            received.Add(notification);
            if (received.Count == 2)
            {
                break;
            }
        }

        Assert.That(received.Select(n => n.PduType), Is.EquivalentTo(new[] { PduType.SNMPv2Trap, PduType.InformRequest }));
        Assert.That(received.All(n => n.SecurityModel == SecurityModel.Tsm && n.Community.ToText() == "manager" && n.SecurityLevel == SecurityLevel.AuthPriv), Is.True);
        // The fake network delivers each message on the thread pool: the stranger's trap, sent
        // first, may still be on its way when the two accepted ones have been read.
        Assert.That(SpinWait.SpinUntil(() => receiver.RefusedPrincipals == 1, Patience), Is.True, "the stranger's trap: not a principal the receiver accepts");
        var trap = received.Single(n => n.PduType == PduType.SNMPv2Trap);
        Assert.That(trap.ContextEngineId, Is.EqualTo(engine.LocalEngine.EngineId), "RFC 3413 3.3: the trap's contextEngineID is its sender's snmpEngineID");
        Assert.That(trap.TrapOid, Is.EqualTo(LinkDown));
        Assert.That(response.Count, Is.GreaterThanOrEqualTo(2));
        var inform = network.Carried.Where(m => m.To.Port == 10162).Select(m => SnmpMessageCodec.DecodeV3Message(m.Message)).ToList();
        Assert.That(inform.Any(m => m.ScopedPdu!.Pdu.Type == PduType.GetRequest), Is.False,
            "no discovery request to a notification receiver (snmptrapd answers none; TSM needs no engine ID)");
        var informRequest = inform.Single(m => m.ScopedPdu!.Pdu.Type == PduType.InformRequest);
        Assert.That(informRequest.ScopedPdu!.ContextEngineId.ToArray(), Is.EqualTo(engine.LocalEngine.EngineId.ToArray()), "RFC 3413 3.3: the originator's");
        var answer = SnmpMessageCodec.DecodeV3Message(network.Carried.Single(m => m.From.Port == 10162).Message);
        Assert.That(answer.ScopedPdu!.Pdu.Type, Is.EqualTo(PduType.Response));
        Assert.That(answer.GlobalData.MsgSecurityModel, Is.EqualTo(4));
    }

    [Test]
    public async Task Our_agent_sends_TSM_notifications_to_a_target_of_model_4()
    {
        var network = new FakeSecureNetwork();
        await using var receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = ["tls:127.0.0.1:10162"], Modules = [new FakeSecureTransportModule(network)],
            Principals = [new TrapReceiverPrincipal(SecurityModel.Tsm, "agent")],
        });
        await using var agent = TsmAgent(network);
        agent.AddNotificationTarget(new NotificationTarget("tls:127.0.0.1:10162") { Version = SnmpVersion.SNMPv3, SecurityModel = SecurityModel.Tsm, UserName = "agent" });
        agent.AddNotificationTarget(new NotificationTarget("tls:127.0.0.1:10162") { Version = SnmpVersion.SNMPv3, SecurityModel = SecurityModel.Tsm, UserName = "agent", Inform = true });

        Assert.That(await agent.SendNotificationAsync(LinkDown, throwOnFailure: true).WaitAsync(Patience), Is.EqualTo(2));

        using var reading = new CancellationTokenSource(Patience);
        var received = new List<ReceivedNotification>();
        await foreach (var notification in receiver.ReadAllAsync(reading.Token))
        {
            received.Add(notification);
            if (received.Count == 2)
            {
                break;
            }
        }

        Assert.That(received.All(n => n.SecurityModel == SecurityModel.Tsm && n.Community.ToText() == "agent"), Is.True);
        Assert.That(received.Single(n => n.PduType == PduType.SNMPv2Trap).ContextEngineId, Is.EqualTo(AgentEngineId));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddNotificationTarget(new NotificationTarget("tls:127.0.0.1:10162")
        {
            Version = SnmpVersion.SNMPv3, SecurityModel = SecurityModel.Tsm, UserName = "agent", AuthProtocol = Snmp.AuthenticationProtocol.HmacSha1, AuthPassword = "12345678",
        }));
    }

    [Test]
    public async Task A_level_above_the_transports_is_reported_as_snmpTsmInadequateSecurityLevels()
    {
        var network = new FakeSecureNetwork { TransportSecurityLevel = SecurityLevel.AuthNoPriv };
        await using var agent = TsmAgent(network);
        agent.AddSecurityName(SecurityModel.Tsm, "manager", SecurityLevel.AuthNoPriv);
        await using var engine = new Engine(new EngineOptions { Modules = [new FakeSecureTransportModule(network)] });
        var manager = engine.Manager("tls:127.0.0.1:10161", securityModel: SecurityModel.Tsm, defaultUserName: "manager", engineId: AgentEngineId);

        // The Report comes at the transport's level, below the request's: it cannot end the request, but the timeout names it.
        Assert.ThrowsAsync<SnmpTimeoutException>(async () =>
            await manager.GetAsync([SysName], new RequestOptions { Timeout = TimeSpan.FromMilliseconds(400), RefreshPeriod = TimeSpan.FromSeconds(5) }));
        Assert.That(SpinWait.SpinUntil(() => agent.Statistics[SnmpTsmStats.InadequateSecurityLevels] == 1, Patience), Is.True);
        Assert.That(SpinWait.SpinUntil(() => engine.Statistics[SnmpCounter.SnmpInPkts] == 1, Patience), Is.True, "the Report reached the manager");
        var report = SnmpMessageCodec.DecodeV3Message(network.Carried.Single(m => m.From.Port == 10161).Message);
        Assert.That(report.ScopedPdu!.Pdu.Type, Is.EqualTo(PduType.Report));
        Assert.That(report.ScopedPdu.Pdu.VarBinds[0].Oid, Is.EqualTo(SnmpTsmStats.InadequateSecurityLevels));
        Assert.That(report.GlobalData.SecurityLevel, Is.EqualTo(SecurityLevel.AuthNoPriv), "at the level the transport provided");

        // At the transport's level it works.
        var result = await manager.GetAsync([SysName], new RequestOptions { SecurityLevel = SecurityLevel.AuthNoPriv, Timeout = Patience });
        Assert.That(result[0].Value, Is.EqualTo(new OctetString("tsm agent")));
    }

    [Test]
    public async Task A_TSM_message_over_plain_UDP_is_counted_in_snmpTsmInvalidCaches()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        await using var engine = new Engine();
        var manager = engine.Manager(agent.Endpoints[0], securityModel: SecurityModel.Tsm, defaultUserName: "manager", engineId: agent.LocalEngine.EngineId);

        // UDP fills no tmSecurityName: our own UDP mapping refuses to send as one it cannot authenticate...
        Assert.ThrowsAsync(Is.InstanceOf<Exception>(), async () => await manager.GetAsync([SysName], new RequestOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        // ...and a TSM message that arrives over UDP anyway is dropped and counted.
        var message = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(1, 65507, MsgFlags.Reportable, 4), ReadOnlyMemory<byte>.Empty,
            new ScopedPdu(agent.LocalEngine.EngineId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 1, VarBindList.ForRequest(SysName)))));
        using var socket = new global::System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendAsync(message, agent.Endpoints[0]);
        Assert.That(SpinWait.SpinUntil(() => agent.Statistics[SnmpTsmStats.InvalidCaches] == 1, Patience), Is.True);
    }

    [Test]
    public async Task An_outgoing_securityName_without_its_prefix_fails_the_request_and_is_counted()
    {
        var network = new FakeSecureNetwork();
        await using var engine = new Engine(new EngineOptions { Modules = [new FakeSecureTransportModule(network), new TsmWithPrefixModule()] });
        var manager = engine.Manager("tls:127.0.0.1:10161", securityModel: SecurityModel.Tsm, defaultUserName: "manager", engineId: AgentEngineId);

        var e = Assert.ThrowsAsync<MessageDroppedException>(async () => await manager.GetAsync([SysName], Quick));
        Assert.That(e!.CounterInstance, Is.EqualTo(SnmpTsmStats.InvalidPrefixes));
        Assert.That(engine.Statistics[SnmpTsmStats.InvalidPrefixes], Is.EqualTo(1));
        Assert.That(network.Carried, Is.Empty);
    }

    [Test]
    public void TSM_needs_a_securityName_and_the_agent_adds_principals_of_registered_models_only()
    {
        using var engine = new Engine();
        Assert.Throws<SnmpConfigurationException>(() => engine.Manager("127.0.0.1", securityModel: SecurityModel.Tsm));
        Assert.Throws<SnmpConfigurationException>(() => engine.Notifier("127.0.0.1", SnmpVersion.SNMPv3, securityModel: SecurityModel.Tsm));
        using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        Assert.Throws<SnmpConfigurationException>(() => agent.AddSecurityName(SecurityModel.Usm, "user"));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddSecurityName(new SecurityModel(12345), "user"));
    }

    /// <summary>TSM with snmpTsmConfigurationUsePrefix on, taking over the library's.</summary>
    private sealed class TsmWithPrefixModule : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations) =>
            registrations.AddSecurityModel(_ => new TransportSecurityModel { UseTransportPrefix = true });
    }
}
