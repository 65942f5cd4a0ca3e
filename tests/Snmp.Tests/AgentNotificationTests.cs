using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Messages;
using Snmp.Security.Usm;
using Snmp.Testing;

namespace Snmp.Tests;

/// <summary>An Agent's notification targets (RFC 3413 section 4) to our TrapReceiver on loopback: coldStart, authenticationFailure, filters, informs.</summary>
[TestFixture]
public class AgentNotificationTests
{
    private static readonly ObjectIdentifier Enterprise99 = "1.3.6.1.4.1.99";
    private static readonly ObjectIdentifier Enterprise77 = "1.3.6.1.4.1.77";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static async Task<ReceivedNotification> NextAsync(IAsyncEnumerator<ReceivedNotification> notifications)
    {
        Assert.That(await notifications.MoveNextAsync().AsTask().WaitAsync(Patience), Is.True);
        return notifications.Current;
    }

    private static TrapReceiver Receiver() => new(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });

    private static Agent AgentFor(TrapReceiver receiver, bool enableAuthenticationTraps = false, bool inform = false, IReadOnlyList<ObjectIdentifier>? filter = null)
    {
        var agent = new Agent(new AgentOptions
        {
            ListenOn = ["127.0.0.1:0"],
            EnableAuthenticationTraps = enableAuthenticationTraps,
            NotificationTargets = [new NotificationTarget(receiver.Endpoints[0].ToString()) { Inform = inform, Filter = filter ?? [] }],
        });
        agent.AddCommunity("public");
        return agent;
    }

    /// <summary>
    /// One request with a community the agent does not know: it stays silent, and the request
    /// times out on a fake clock after its single transmission (the refresh period is the timeout),
    /// so the agent has exactly one datagram to count, however slow the machine. The agent counts
    /// it on a thread of its own: wait (bounded) until it has.
    /// </summary>
    private static async Task SendBadCommunityRequestAsync(Agent agent)
    {
        long before = agent.Statistics[SnmpCounter.SnmpInBadCommunityNames];
        var clock = new SteppedClock();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = new OctetString("wrong"), Autowait = true }, null, null, clock);
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(1);
        manager.RefreshPeriod = TimeSpan.FromSeconds(1);

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(manager.GetAsync("1.3.6.1.2.1.1.1.0")));
        Assert.That(error!.Transmissions, Is.EqualTo(1));
        Assert.That(() => agent.Statistics[SnmpCounter.SnmpInBadCommunityNames] - before, Is.EqualTo(1).After(20_000, 10), "the one transmission was counted");
    }

    [Test]
    public async Task ColdStart_arrives_once_the_agent_listens()
    {
        await using var receiver = Receiver();
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = AgentFor(receiver);

        var n = await NextAsync(notifications);
        Assert.That(n.TrapOid, Is.EqualTo(Agent.ColdStart));
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv2c));
        Assert.That(n.Community, Is.EqualTo(new OctetString("public")));
    }

    [Test]
    public async Task AuthenticationFailure_follows_a_bad_community_when_snmpEnableAuthenTraps_is_enabled()
    {
        await using var receiver = Receiver();
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = AgentFor(receiver, enableAuthenticationTraps: true);
        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Agent.ColdStart));

        await SendBadCommunityRequestAsync(agent);

        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Agent.AuthenticationFailure));
    }

    [Test]
    public async Task No_authenticationFailure_when_snmpEnableAuthenTraps_is_disabled_by_a_Set()
    {
        await using var receiver = Receiver();
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = AgentFor(receiver, enableAuthenticationTraps: true);
        agent.AddCommunity("private", writable: true);
        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Agent.ColdStart));
        await using (var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private"))
        {
            var manager = engine.Manager(agent.Endpoints[0]);
            manager.Timeout = TimeSpan.FromSeconds(5);
            await manager.SetAsync(new VarBind("1.3.6.1.2.1.11.30.0", new Integer32(2))); // snmpEnableAuthenTraps: disabled(2)
        }

        await SendBadCommunityRequestAsync(agent);
        Assert.That(await agent.SendNotificationAsync(Enterprise99.Append(0, 1)), Is.EqualTo(1));

        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Enterprise99.Append(0, 1)), "the marker comes next: no authenticationFailure before it");
    }

    [Test]
    public async Task A_filter_passes_only_its_subtrees()
    {
        await using var receiver = Receiver();
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = AgentFor(receiver, filter: [Enterprise99]);

        Assert.That(await agent.SendNotificationAsync(Enterprise77.Append(0, 1)), Is.Zero, "not in the filter");
        Assert.That(await agent.SendNotificationAsync(Enterprise99.Append(0, 2), [new VarBind(Enterprise99.Append(1, 0), new Integer32(7))]), Is.EqualTo(1));

        var n = await NextAsync(notifications);
        Assert.That(n.TrapOid, Is.EqualTo(Enterprise99.Append(0, 2)), "neither coldStart nor 77 passed the filter");
        Assert.That(n.Payload, Is.EqualTo(new[] { new VarBind(Enterprise99.Append(1, 0), new Integer32(7)) }));
    }

    [Test]
    public async Task An_inform_target_acknowledges()
    {
        await using var receiver = Receiver();
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = AgentFor(receiver, inform: true);
        Assert.That((await NextAsync(notifications)).IsInform, Is.True, "coldStart as an inform");

        Assert.That(await agent.SendNotificationAsync(Enterprise99.Append(0, 1), throwOnFailure: true).WaitAsync(Patience), Is.EqualTo(1), "acknowledged");
        var n = await NextAsync(notifications);
        Assert.That(n.IsInform, Is.True);
        Assert.That(agent.NotificationFailures, Is.Zero);
    }

    [Test]
    public void Targets_the_agent_cannot_serve_are_configuration_errors()
    {
        using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        Assert.Throws<SnmpConfigurationException>(() => agent.AddNotificationTarget(new NotificationTarget("127.0.0.1:162") { Version = SnmpVersion.SNMPv3 }));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddNotificationTarget(new NotificationTarget("127.0.0.1:162") { Version = SnmpVersion.SNMPv1, Inform = true }));
    }

    [Test]
    public void The_filter_is_by_subtree()
    {
        var target = new NotificationTarget("127.0.0.1") { Filter = [Enterprise99] };
        Assert.That(target.Accepts(Enterprise99), Is.True);
        Assert.That(target.Accepts(Enterprise99.Append(0, 1)), Is.True);
        Assert.That(target.Accepts("1.3.6.1.4.1.990"), Is.False);
        Assert.That(new NotificationTarget("127.0.0.1").Accepts(Enterprise77), Is.True, "no filter: everything");
    }

    [Test]
    public async Task AuthenticationFailure_follows_a_USM_wrong_digest()
    {
        await using var receiver = Receiver();
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = AgentFor(receiver, enableAuthenticationTraps: true);
        agent.AddUser("ops", AuthenticationProtocol.HmacSha256, "ops-secret-1");
        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Agent.ColdStart));
        // The request's timing on a fake clock that stands still until the agent has answered the
        // discovery (in real time); then one transmission (the refresh period is the timeout).
        var clock = new SteppedClock();
        await using var engine = new Engine(new EngineOptions(), null, null, clock);
        engine.Usm.AddUser("ops", AuthenticationProtocol.HmacSha256, "not-the-secret");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(1);
        manager.RefreshPeriod = TimeSpan.FromSeconds(1);

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(manager.GetAsync("1.3.6.1.2.1.1.1.0"), mayAdvance: () => manager.EngineId is not null));
        Assert.That(error!.Transmissions, Is.EqualTo(1));

        Assert.That(() => agent.Statistics[SnmpCounter.UsmStatsWrongDigests], Is.EqualTo(1).After(20_000, 10), "the one transmission was counted");
        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Agent.AuthenticationFailure));
    }

    [Test]
    public void AuthenticationFailure_is_sent_at_most_once_per_second()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        int sent = 0;
        var trap = new AuthenticationFailureTrap(() => true, _ => { Interlocked.Increment(ref sent); return Task.CompletedTask; }, clock);
        var badCommunity = new MessageDroppedException(SnmpCounter.SnmpInBadCommunityNames, "unknown community");

        for (int i = 0; i < 1000; i++)
        {
            trap.OnMessageDropped(badCommunity);
        }

        trap.OnMessageDropped(new MessageDroppedException(SnmpCounter.SnmpInASNParseErrs, "not an authentication failure"));
        clock.Advance(AuthenticationFailureTrap.MinimumInterval);
        trap.OnMessageDropped(badCommunity);
        trap.OnMessageDropped(badCommunity);

        Assert.That(() => Volatile.Read(ref sent), Is.EqualTo(2).After(20_000, 10), "one per interval, of a flood of 1002");
    }

    private const string AuthPassword = "agent-auth-pass";
    private const string PrivPassword = "agent-priv-pass";
    private static readonly OctetString AgentEngineId = OctetString.FromHex("8000C0DE0801020304050607");

    /// <summary>A receiver that knows "alice" (SHA-1/AES-128) only at the agent's snmpEngineID for traps (createUser -e), and at its own for informs.</summary>
    private static TrapReceiver V3Receiver() => new(new TrapReceiverOptions
    {
        ListenOn = ["127.0.0.1:0"],
        Users = [new TrapReceiverUser("alice", AuthenticationProtocol.HmacSha1, AuthPassword, PrivacyProtocol.Aes128, PrivPassword) { EngineId = AgentEngineId }],
    });

    private static NotificationTarget V3Target(TrapReceiver receiver, bool inform = false) => new(receiver.Endpoints[0].ToString())
    {
        Version = SnmpVersion.SNMPv3,
        UserName = "alice",
        SecurityLevel = SecurityLevel.AuthPriv,
        AuthProtocol = AuthenticationProtocol.HmacSha1,
        AuthPassword = AuthPassword,
        PrivProtocol = PrivacyProtocol.Aes128,
        PrivPassword = PrivPassword,
        Inform = inform,
    };

    [Test]
    public async Task An_SNMPv3_trap_target_gets_coldStart_secured_as_the_agent_the_authoritative_engine()
    {
        await using var receiver = V3Receiver();
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], EngineId = AgentEngineId, NotificationTargets = [V3Target(receiver)] });

        var n = await NextAsync(notifications);
        Assert.That(n.TrapOid, Is.EqualTo(Agent.ColdStart));
        Assert.That((n.Version, n.PduType, n.Community), Is.EqualTo((SnmpVersion.SNMPv3, Snmp.PduType.SNMPv2Trap, new OctetString("alice"))));
        Assert.That(receiver.Statistics[SnmpCounter.UsmStatsWrongDigests] + receiver.Statistics[SnmpCounter.UsmStatsUnknownUserNames], Is.Zero,
            "keys localised for the agent's own snmpEngineID, where the receiver knows the user");
        Assert.That(agent.NotificationFailures, Is.Zero);
    }

    [Test]
    public async Task An_SNMPv3_inform_target_discovers_the_receiver_and_is_acknowledged()
    {
        await using var receiver = V3Receiver();
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], NotificationTargets = [V3Target(receiver, inform: true)] });

        var coldStart = await NextAsync(notifications);
        Assert.That((coldStart.TrapOid, coldStart.IsInform, coldStart.Version), Is.EqualTo((Agent.ColdStart, true, SnmpVersion.SNMPv3)));
        Assert.That(await agent.SendNotificationAsync(Enterprise99.Append(0, 3), [new VarBind(Enterprise99.Append(3, 0), new Integer32(3))], throwOnFailure: true).WaitAsync(Patience),
            Is.EqualTo(1), "acknowledged by the receiver, the authoritative engine of the inform");
        var n = await NextAsync(notifications);
        Assert.That((n.TrapOid, n.IsInform, n.Community), Is.EqualTo((Enterprise99.Append(0, 3), true, new OctetString("alice"))));
        Assert.That(n.Payload, Is.EqualTo(new[] { new VarBind(Enterprise99.Append(3, 0), new Integer32(3)) }));
        Assert.That(agent.NotificationFailures, Is.Zero);
    }

    [Test]
    public async Task An_SNMPv3_target_may_name_a_user_added_with_AddUser()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = ["127.0.0.1:0"],
            Users = [new TrapReceiverUser("ops", AuthenticationProtocol.HmacSha256, "ops-secret-1")],
        });
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["127.0.0.1:0"],
            // Filtered to enterprise 99: coldStart, sent before AddUser, is not for this target.
            NotificationTargets = [new NotificationTarget(receiver.Endpoints[0].ToString()) { Version = SnmpVersion.SNMPv3, UserName = "ops", Filter = [Enterprise99] }],
        });
        Assert.That(() => agent.SendNotificationAsync(Enterprise99.Append(0, 4), throwOnFailure: true),
            Throws.TypeOf<AggregateException>().With.InnerException.TypeOf<SnmpConfigurationException>(), "no user \"ops\" yet");

        agent.AddUser("ops", AuthenticationProtocol.HmacSha256, "ops-secret-1");
        Assert.That(await agent.SendNotificationAsync(Enterprise99.Append(0, 5), throwOnFailure: true), Is.EqualTo(1));

        var n = await NextAsync(notifications);
        Assert.That((n.TrapOid, n.Version, n.Community), Is.EqualTo((Enterprise99.Append(0, 5), SnmpVersion.SNMPv3, new OctetString("ops"))));
        Assert.That(receiver.LearnedEngines, Is.EqualTo(1), "the receiver learnt the agent's engine from its authenticated trap");
        Assert.That(agent.NotificationFailures, Is.EqualTo(1));
    }

    [Test]
    public void SNMPv3_targets_the_agent_cannot_serve_are_configuration_errors()
    {
        using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddUser("ops", AuthenticationProtocol.HmacSha256, "ops-secret-1");
        var v3 = new NotificationTarget("127.0.0.1:162") { Version = SnmpVersion.SNMPv3 };

        Assert.Throws<SnmpConfigurationException>(() => agent.AddNotificationTarget(v3), "no user name");
        Assert.Throws<SnmpConfigurationException>(() => agent.AddNotificationTarget(v3 with { UserName = "bob", AuthProtocol = AuthenticationProtocol.HmacSha1, AuthPassword = "bob-secret-1", SecurityLevel = SecurityLevel.AuthPriv }),
            "a level the given user cannot do");
        Assert.Throws<SnmpConfigurationException>(() => agent.AddNotificationTarget(v3 with { UserName = "bob", AuthProtocol = AuthenticationProtocol.HmacSha1, AuthPassword = "short" }),
            "a password under 8 characters");
        Assert.Throws<SnmpConfigurationException>(() => agent.AddNotificationTarget(v3 with { UserName = "ops", AuthProtocol = AuthenticationProtocol.HmacSha256, AuthPassword = "not-ops-secret" }),
            "the agent has \"ops\" with another password");
        Assert.DoesNotThrow(() => agent.AddNotificationTarget(v3 with { UserName = "ops", AuthProtocol = AuthenticationProtocol.HmacSha256, AuthPassword = "ops-secret-1" }),
            "the same user again");
    }

    [Test]
    public void A_target_prints_no_secret()
    {
        var text = new NotificationTarget("127.0.0.1") { Version = SnmpVersion.SNMPv3, UserName = "alice", AuthProtocol = AuthenticationProtocol.HmacSha1, AuthPassword = AuthPassword, PrivProtocol = PrivacyProtocol.Aes128, PrivPassword = PrivPassword }.ToString();
        Assert.That(text, Does.Contain("alice").And.Not.Contain(AuthPassword).And.Not.Contain(PrivPassword));
        Assert.That(new NotificationTarget("127.0.0.1") { Community = "s3cret-community" }.ToString(), Does.Not.Contain("s3cret-community"));
    }
}
