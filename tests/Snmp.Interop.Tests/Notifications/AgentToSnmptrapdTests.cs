using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Our Agent's notification targets (RFC 3413 section 4) with Net-SNMP's snmptrapd as the
/// independent notification receiver: coldStart when the agent starts listening, and
/// authenticationFailure (RFC 3418) after Net-SNMP's snmpget uses a community the agent does not know.
/// SNMPv3 targets: the coldStart trap secured with the agent as the authoritative engine (snmptrapd
/// knows the user at the agent's snmpEngineID, <c>createUser -e</c>), and an inform to snmptrapd as
/// the authoritative engine (the user at its own engine ID), discovered by the agent first.
/// </summary>
[TestFixture]
[NonParallelizable]
public class AgentToSnmptrapdTests
{
    private const string V3User = "agent-v3";
    private const string AuthPassword = "agent-v3-auth-pass";
    private const string PrivPassword = "agent-v3-priv-pass";

    /// <summary>The agent's snmpEngineID: fixed, so snmptrapd's configuration can name it before the agent exists.</summary>
    private static readonly OctetString AgentEngineId = OctetString.FromHex("8000C0DE0902030405060708");

    private SnmptrapdFixture _trapd = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _trapd = await SnmptrapdFixture.StartAsync(
        $"createUser -e 0x{AgentEngineId.ToHex()} {V3User} SHA-256 {AuthPassword} AES {PrivPassword}",
        $"createUser {V3User} SHA-256 {AuthPassword} AES {PrivPassword}",
        $"authUser log,execute {V3User}");

    private NotificationTarget V3Target(bool inform) => new(_trapd.Address)
    {
        Version = SnmpVersion.SNMPv3,
        UserName = V3User,
        SecurityLevel = SecurityLevel.AuthPriv,
        AuthProtocol = AuthenticationProtocol.HmacSha256,
        AuthPassword = AuthPassword,
        PrivProtocol = PrivacyProtocol.Aes128,
        PrivPassword = PrivPassword,
        Inform = inform,
    };

    [Test]
    public async Task SnmpV3ColdStartTrapAndInformAreLogged()
    {
        // The trap target gets only coldStart, the inform target only the marker notification.
        ObjectIdentifier marker = "1.3.6.1.4.1.99999.0.61";
        await using var agent = new Snmp.Agent(new AgentOptions
        {
            ListenOn = ["127.0.0.1:0"],
            EngineId = AgentEngineId,
            NotificationTargets =
            [
                V3Target(inform: false) with { Filter = [Snmp.Agent.ColdStart] },
                V3Target(inform: true) with { Filter = [marker] },
            ],
        });

        // The first entry from this agent's address (the fixture's log also has other agents' coldStarts).
        var coldStart = await _trapd.WaitForEntryAsync($"]:{agent.Endpoints[0].Port}->");
        Assert.That(coldStart, Does.Contain("4.1.0 = OID: .1.3.6.1.6.3.1.1.5.1"), "coldStart, authenticated and decrypted with the keys snmptrapd has at the agent's engine ID");

        int acknowledged = await agent.SendNotificationAsync(marker, [new VarBind("1.3.6.1.4.1.99999.1.61.0", new OctetString("v3 inform from the agent"))], throwOnFailure: true)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(acknowledged, Is.EqualTo(1), "snmptrapd acknowledged the authPriv inform");
        var inform = await _trapd.WaitForEntryAsync($"OID: .{marker}\t");
        Assert.That(inform, Does.Contain(".1.3.6.1.4.1.99999.1.61.0 = STRING: \"v3 inform from the agent\""));
        Assert.That(agent.NotificationFailures, Is.Zero);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_trapd is not null)
        {
            await _trapd.DisposeAsync();
        }
    }

    [Test]
    public async Task ColdStartAndAuthenticationFailureAreLogged()
    {
        await using var agent = new Snmp.Agent(new AgentOptions
        {
            ListenOn = ["127.0.0.1:0"],
            EnableAuthenticationTraps = true,
            NotificationTargets = [new NotificationTarget(_trapd.Address) { Community = SnmptrapdFixture.Community }],
        });
        agent.AddCommunity("public");

        var coldStart = await _trapd.WaitForEntryAsync("4.1.0 = OID: .1.3.6.1.6.3.1.1.5.1");
        Assert.That(coldStart, Does.Contain($"]:{agent.Endpoints[0].Port}->"), "sent from the agent's own address");

        var get = await NetSnmpTools.RunAsync("snmpget", "-v", "2c", "-c", "not-the-community", "-t", "0.3", "-r", "0", $"udp:127.0.0.1:{agent.Endpoints[0].Port}", "1.3.6.1.2.1.1.1.0");
        Assert.That(get.ExitCode, Is.Not.Zero, "an unknown community gets no answer");

        var failure = await _trapd.WaitForEntryAsync("4.1.0 = OID: .1.3.6.1.6.3.1.1.5.5");
        Assert.That(failure, Does.Contain($"]:{agent.Endpoints[0].Port}->"));
        Assert.That(agent.Statistics[AbstractServices.SnmpCounter.SnmpInBadCommunityNames], Is.EqualTo(1));
    }
}
