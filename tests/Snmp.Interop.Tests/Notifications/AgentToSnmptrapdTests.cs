using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Our Agent's notification targets (RFC 3413 section 4) with Net-SNMP's snmptrapd as the
/// independent notification receiver: coldStart when the agent starts listening, and
/// authenticationFailure (RFC 3418) after Net-SNMP's snmpget uses a community the agent does not know.
/// </summary>
[TestFixture]
[NonParallelizable]
public class AgentToSnmptrapdTests
{
    private SnmptrapdFixture _trapd = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _trapd = await SnmptrapdFixture.StartAsync();

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
