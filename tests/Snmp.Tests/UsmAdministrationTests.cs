using Snmp.Messages;
using Snmp.Security.Usm;
using Snmp.Tests.Fakes;

namespace Snmp.Tests;

/// <summary>engine.Usm.AddUser and the v3 Manager options, with the reference's semantics.</summary>
[TestFixture]
public class UsmAdministrationTests
{
    private static Engine NewEngine() =>
        new(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv3, DefaultDomain = AbstractServices.TransportDomain.UdpIpv4, DefaultSecurityModel = AbstractServices.SecurityModel.Usm, DefaultCommunity = OctetString.Empty, Autowait = true }, null, new SimulatedNetwork().CreateTransport);

    [Test]
    public void The_first_user_of_a_namespace_is_its_default_with_its_highest_level()
    {
        using var engine = NewEngine();
        engine.Usm.AddUser("alice", AuthenticationProtocol.HmacSha1, secret: "shared-secret");
        engine.Usm.AddUser("bob", AuthenticationProtocol.HmacSha1, "bob-auth-pass", PrivacyProtocol.Aes128, "bob-priv-pass");

        var manager = engine.Manager(SimulatedNetwork.AgentAddress);

        Assert.That(engine.Usm.Users(), Is.EquivalentTo(new[] { "alice", "bob" }));
        Assert.That(manager.Version, Is.EqualTo(SnmpVersion.SNMPv3));
        Assert.That(manager.DefaultUserName, Is.EqualTo("alice"));
        Assert.That(manager.DefaultSecurityLevel, Is.EqualTo(SecurityLevel.AuthNoPriv), "the highest level alice can do");
    }

    [Test]
    public void A_user_added_as_default_replaces_the_first_but_only_one_may_say_so()
    {
        using var engine = NewEngine();
        engine.Usm.AddUser("alice", AuthenticationProtocol.HmacSha1, secret: "shared-secret");
        engine.Usm.AddUser("bob", AuthenticationProtocol.HmacSha1, secret: "shared-secret", @default: true);

        Assert.That(engine.Manager(SimulatedNetwork.AgentAddress).DefaultUserName, Is.EqualTo("bob"));
        Assert.Throws<SnmpConfigurationException>(() => engine.Usm.AddUser("carol", AuthenticationProtocol.HmacSha1, secret: "shared-secret", @default: true));
    }

    [Test]
    public void Namespaces_keep_configurations_of_one_user_name_apart()
    {
        using var engine = NewEngine();
        engine.Usm.AddUser("admin", AuthenticationProtocol.HmacSha1, secret: "site-a-secret", @namespace: "site-a");
        engine.Usm.AddUser("admin", AuthenticationProtocol.HmacMd5, secret: "site-b-secret", @namespace: "site-b");

        Assert.Throws<SnmpConfigurationException>(() => engine.Usm.AddUser("admin", secret: "whatever-secret", @namespace: "site-a"));
        Assert.That(engine.Manager(SimulatedNetwork.AgentAddress, @namespace: "site-b").DefaultUserName, Is.EqualTo("admin"));
        var none = Assert.Throws<SnmpConfigurationException>(() => engine.Manager(SimulatedNetwork.AgentAddress));
        Assert.That(none!.Message, Does.Contain("AddUser"));
        Assert.Throws<SnmpConfigurationException>(() => engine.Manager(SimulatedNetwork.AgentAddress, @namespace: "site-c"));
    }

    [Test]
    public void Impossible_configurations_are_clear_errors_that_never_echo_secrets()
    {
        using var engine = NewEngine();
        Assert.Throws<SnmpConfigurationException>(() => engine.Usm.AddUser("u1", privProtocol: PrivacyProtocol.Aes128, secret: "long-enough-secret"));
        Assert.Throws<SnmpConfigurationException>(() => engine.Usm.AddUser("u2", AuthenticationProtocol.HmacSha1));
        var shortPassword = Assert.Throws<SnmpConfigurationException>(() => engine.Usm.AddUser("u3", AuthenticationProtocol.HmacSha1, "short7!"));
        Assert.That(shortPassword!.Message, Does.Not.Contain("short7!"));
        Assert.Throws<SnmpConfigurationException>(() => engine.Usm.AddUser("u4", AuthenticationProtocol.HmacSha1, secret: "long-enough-secret", defaultSecurityLevel: SecurityLevel.AuthPriv));
        Assert.Throws<ArgumentException>(() => engine.Usm.AddUser(""));
    }

    [Test]
    public void Manager_options_name_users_and_levels_the_namespace_can_do()
    {
        using var engine = NewEngine();
        engine.Usm.AddUser("alice", AuthenticationProtocol.HmacSha1, secret: "shared-secret");
        engine.Usm.AddUser("nobody");

        Assert.That(engine.Manager(SimulatedNetwork.AgentAddress, defaultUserName: "nobody").DefaultUserName, Is.EqualTo("nobody"));
        Assert.Throws<SnmpConfigurationException>(() => engine.Manager(SimulatedNetwork.AgentAddress, defaultUserName: "mallory"));
        Assert.Throws<SnmpConfigurationException>(() => engine.Manager(SimulatedNetwork.AgentAddress, defaultSecurityLevel: SecurityLevel.AuthPriv));
        Assert.Throws<SnmpConfigurationException>(() => engine.Manager(SimulatedNetwork.AgentAddress, defaultUserName: "nobody", defaultSecurityLevel: SecurityLevel.AuthNoPriv));
        Assert.That(engine.Manager(SimulatedNetwork.AgentAddress, engineId: OctetString.FromHex("80001F8880AA")).EngineId, Is.EqualTo(OctetString.FromHex("80001F8880AA")));
    }

    [Test]
    public void Options_of_the_other_versions_are_refused()
    {
        using var engine = NewEngine();
        engine.Usm.AddUser("alice", AuthenticationProtocol.HmacSha1, secret: "shared-secret");
        var v3 = engine.Manager(SimulatedNetwork.AgentAddress);
        var v2 = engine.Manager(SimulatedNetwork.AgentAddress, SnmpVersion.SNMPv2c);

        Assert.ThrowsAsync<ArgumentException>(() => v3.GetAsync(["1.3.6.1.2.1.1.1.0"], new RequestOptions { Community = "public" }));
        Assert.ThrowsAsync<ArgumentException>(() => v2.GetAsync(["1.3.6.1.2.1.1.1.0"], new RequestOptions { UserName = "alice" }));
    }
}
