using System.Net;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Tests;

/// <summary>The Agent facade's configuration errors and its composition (our own Manager on loopback; Net-SNMP proves interoperation elsewhere).</summary>
[TestFixture]
public class AgentTests
{
    [Test]
    public void Listening_addresses_that_cannot_work_are_configuration_errors()
    {
        Assert.Throws<SnmpConfigurationException>(() => new Agent(new AgentOptions { ListenOn = ["not an address:x"] }));
        Assert.Throws<SnmpConfigurationException>(() => new Agent(new AgentOptions { ListenOn = ["tls:127.0.0.1:10161"] }), "no transport registered reads tls: addresses");
        Assert.Throws<SnmpConfigurationException>(() => new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], MaxMessageSize = 483 }));
        Assert.Throws<SnmpConfigurationException>(() => new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], EngineId = OctetString.FromHex("8000") }));
        using var first = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        Assert.Throws<SnmpConfigurationException>(() => new Agent(new AgentOptions { ListenOn = [$"127.0.0.1:{first.Endpoints[0].Port}"] }), "port in use");
    }

    [Test]
    public void Users_follow_the_reference_rules()
    {
        using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });

        Assert.Throws<SnmpConfigurationException>(() => agent.AddUser("a", privProtocol: PrivacyProtocol.Aes128, privSecret: "long-enough"));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddUser("b", AuthenticationProtocol.HmacSha1, "short"));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddUser("c", AuthenticationProtocol.HmacSha1, "long-enough", minimumLevel: SecurityLevel.AuthPriv));
        Assert.DoesNotThrow(() => agent.AddUser("d", AuthenticationProtocol.HmacSha1, secret: "long-enough", privProtocol: PrivacyProtocol.Des));
    }

    [Test]
    public async Task An_agent_serves_the_engine_group_and_counts_what_it_receives()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], SysDescr = "unit" });
        agent.AddCommunity("public");
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var values = await manager.GetAsync("1.3.6.1.2.1.1.1.0", "1.3.6.1.6.3.10.2.1.1.0", "1.3.6.1.6.3.10.2.1.2.0", "1.3.6.1.2.1.11.1.0");

        Assert.That(values[0].Value, Is.EqualTo(new OctetString("unit")));
        Assert.That(values[1].Value, Is.EqualTo(agent.LocalEngine.EngineId));
        Assert.That(values[2].Value, Is.EqualTo(new Integer32(1)), "no boots file: boots 1");
        Assert.That(values[3].Value, Is.EqualTo(new Counter32(1)), "snmpInPkts counted this very request");
        Assert.That(agent.Statistics[SnmpCounter.SnmpInPkts], Is.EqualTo(1));
    }

    [Test]
    public async Task A_second_context_is_served_only_to_SNMPv3_and_is_known_to_VACM()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddUser("ops", AuthenticationProtocol.HmacSha256, "ops-secret-1");
        var vlan = agent.AddContext("vlan-10");
        vlan.AddScalar("1.3.6.1.4.1.99.1", new Integer32(10));
        await using var engine = new Engine();
        engine.Usm.AddUser("ops", AuthenticationProtocol.HmacSha256, "ops-secret-1");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var inContext = await manager.GetAsync(["1.3.6.1.4.1.99.1.0"], new RequestOptions { Context = "vlan-10" });
        var inDefault = await manager.GetAsync("1.3.6.1.4.1.99.1.0");

        Assert.That(inContext[0].Value, Is.EqualTo(new Integer32(10)));
        Assert.That(inDefault[0].Value, Is.SameAs(NoSuchObject.Instance));
        Assert.That(agent.Vacm.Contexts, Has.Member(new OctetString("vlan-10")));
    }

    [Test]
    public async Task A_community_can_stand_for_a_context()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddContext("vlan-10").AddScalar("1.3.6.1.4.1.99.1", new Integer32(10));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddCommunity("public@vlan-20", context: "vlan-20"));
        agent.AddCommunity("public@vlan-10", context: "vlan-10");
        agent.AddCommunity("public");
        await using var engine = new Engine(SnmpVersion.SNMPv2c);
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var inContext = await manager.GetAsync(["1.3.6.1.4.1.99.1.0"], new RequestOptions { Community = "public@vlan-10" });
        var inDefault = await manager.GetAsync(["1.3.6.1.4.1.99.1.0"], new RequestOptions { Community = "public" });

        Assert.That(inContext[0].Value, Is.EqualTo(new Integer32(10)));
        Assert.That(inDefault[0].Value, Is.SameAs(NoSuchObject.Instance));
    }
}
