using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Snmp.Hosting;
using Snmp.Security.Community;

namespace Snmp.Extensions.Hosting.Tests;

/// <summary>Settings read from configuration: every key lands where it should, and protocol names read as people write them.</summary>
[TestFixture]
public class SettingsBindingTests
{
    private static readonly Dictionary<string, string?> Everything = new()
    {
        ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0",
        ["Snmp:Agent:ListenOn:1"] = "tcp:127.0.0.1:0",
        ["Snmp:Agent:EngineId"] = "0x8000000001020304",
        ["Snmp:Agent:MaxMessageSize"] = "1500",
        ["Snmp:Agent:SysDescr"] = "bound agent",
        ["Snmp:Agent:SysObjectId"] = "1.3.6.1.4.1.99999.7",
        ["Snmp:Agent:SysName"] = "bound-name",
        ["Snmp:Agent:BuiltInObjects"] = "false",
        ["Snmp:Agent:EnableAuthenticationTraps"] = "true",
        ["Snmp:Agent:Contexts:0"] = "vlan-10",
        ["Snmp:Agent:Views:sys:0"] = "1.3.6.1.2.1.1",
        ["Snmp:Agent:Views:sys:1"] = "1.3.6.1.4.1.99999",
        ["Snmp:Agent:Communities:0:Name"] = "public",
        ["Snmp:Agent:Communities:1:Name"] = "private",
        ["Snmp:Agent:Communities:1:Writable"] = "true",
        ["Snmp:Agent:Communities:1:View"] = "sys",
        ["Snmp:Agent:Communities:1:Context"] = "vlan-10",
        ["Snmp:Agent:Users:0:Name"] = "ops",
        ["Snmp:Agent:Users:0:AuthProtocol"] = "SHA-256",
        ["Snmp:Agent:Users:0:AuthPassword"] = "auth-secret-1",
        ["Snmp:Agent:Users:0:PrivProtocol"] = "AES",
        ["Snmp:Agent:Users:0:PrivPassword"] = "priv-secret-1",
        ["Snmp:Agent:Users:0:Level"] = "authNoPriv",
        ["Snmp:Agent:Users:0:View"] = "sys",
        ["Snmp:Agent:Users:0:Writable"] = "true",
        ["Snmp:Agent:NotificationTargets:0:Address"] = "127.0.0.1:9",
        ["Snmp:Agent:NotificationTargets:0:Version"] = "SNMPv3",
        ["Snmp:Agent:NotificationTargets:0:UserName"] = "traps",
        ["Snmp:Agent:NotificationTargets:0:AuthProtocol"] = "HmacSha1",
        ["Snmp:Agent:NotificationTargets:0:AuthPassword"] = "trap-secret-1",
        ["Snmp:Agent:NotificationTargets:0:Inform"] = "true",
        ["Snmp:Agent:NotificationTargets:0:Filter:0"] = "1.3.6.1.6.3.1.1.5",
        ["Snmp:Engine:DefaultVersion"] = "SNMPv2c",
        ["Snmp:Engine:DefaultCommunity"] = "public",
        ["Snmp:Engine:Autowait"] = "false",
        ["Snmp:Engine:Users:0:Name"] = "ops",
        ["Snmp:Engine:Users:0:AuthProtocol"] = "sha512",
        ["Snmp:Engine:Users:0:AuthPassword"] = "auth-secret-1",
        ["Snmp:Engine:Users:0:Namespace"] = "lab",
        ["Snmp:Engine:Users:0:Default"] = "true",
        ["Snmp:TrapReceiver:ListenOn:0"] = "127.0.0.1:0",
        ["Snmp:TrapReceiver:Communities:0"] = "public",
        ["Snmp:TrapReceiver:Users:0:Name"] = "traps",
        ["Snmp:TrapReceiver:Users:0:AuthProtocol"] = "MD5",
        ["Snmp:TrapReceiver:Users:0:AuthPassword"] = "trap-secret-1",
        ["Snmp:TrapReceiver:Users:0:EngineId"] = "80:00:00:00:01:02:03:04",
        ["Snmp:TrapReceiver:QueueCapacity"] = "17",
        ["Snmp:TrapReceiver:MaxLearnedEngines"] = "5",
    };

    [Test]
    public void Every_agent_key_is_bound()
    {
        using var host = TestHosts.Build(Everything, s => s.AddSnmpAgent());
        var agent = host.Services.GetRequiredService<IOptions<AgentSettings>>().Value;

        Assert.That(agent.ListenOn, Is.EqualTo(new[] { "127.0.0.1:0", "tcp:127.0.0.1:0" }));
        Assert.That(agent.EngineId, Is.EqualTo("0x8000000001020304"));
        Assert.That(agent.MaxMessageSize, Is.EqualTo(1500));
        Assert.That((agent.SysDescr, agent.SysObjectId, agent.SysName), Is.EqualTo(("bound agent", "1.3.6.1.4.1.99999.7", "bound-name")));
        Assert.That((agent.BuiltInObjects, agent.EnableAuthenticationTraps), Is.EqualTo((false, true)));
        Assert.That(agent.Contexts, Is.EqualTo(new[] { "vlan-10" }));
        Assert.That(agent.Views["sys"], Is.EqualTo(new[] { "1.3.6.1.2.1.1", "1.3.6.1.4.1.99999" }));
        Assert.That(agent.Communities.Select(c => (c.Name, c.View, c.Writable, c.Context)),
            Is.EqualTo(new[] { ("public", "all", false, ""), ("private", "sys", true, "vlan-10") }));
        var user = agent.Users.Single();
        Assert.That((user.Name, user.AuthProtocol, user.AuthPassword, user.PrivProtocol, user.PrivPassword, user.Level, user.View, user.Writable),
            Is.EqualTo(("ops", "SHA-256", "auth-secret-1", "AES", "priv-secret-1", (SecurityLevel?)SecurityLevel.AuthNoPriv, "sys", true)));
        var target = agent.NotificationTargets.Single();
        Assert.That((target.Address, target.Version, target.UserName, target.AuthProtocol, target.AuthPassword, target.Inform),
            Is.EqualTo(("127.0.0.1:9", SnmpVersion.SNMPv3, "traps", "HmacSha1", "trap-secret-1", true)));
        Assert.That(target.Filter, Is.EqualTo(new[] { "1.3.6.1.6.3.1.1.5" }));
    }

    [Test]
    public void Every_engine_and_trap_receiver_key_is_bound()
    {
        using var host = TestHosts.Build(Everything, s => s.AddSnmpEngine().AddSnmpTrapReceiver((_, _) => Task.CompletedTask));
        var engine = host.Services.GetRequiredService<IOptions<EngineSettings>>().Value;
        var receiver = host.Services.GetRequiredService<IOptions<TrapReceiverSettings>>().Value;

        Assert.That((engine.DefaultVersion, engine.DefaultCommunity, engine.Autowait), Is.EqualTo((SnmpVersion.SNMPv2c, "public", false)));
        var user = engine.Users.Single();
        Assert.That((user.Name, user.AuthProtocol, user.AuthPassword, user.Namespace, user.Default), Is.EqualTo(("ops", "sha512", "auth-secret-1", "lab", true)));

        Assert.That(receiver.ListenOn, Is.EqualTo(new[] { "127.0.0.1:0" }));
        Assert.That(receiver.Communities, Is.EqualTo(new[] { "public" }));
        var trapUser = receiver.Users.Single();
        Assert.That((trapUser.Name, trapUser.AuthProtocol, trapUser.AuthPassword, trapUser.EngineId), Is.EqualTo(("traps", "MD5", "trap-secret-1", "80:00:00:00:01:02:03:04")));
        Assert.That((receiver.QueueCapacity, receiver.MaxLearnedEngines), Is.EqualTo(((int?)17, (int?)5)));
    }

    [Test]
    public async Task Bound_settings_build_the_engines_they_describe()
    {
        using var host = TestHosts.Build(Everything, s => s.AddSnmpAgent().AddSnmpEngine().AddSnmpTrapReceiver((_, _) => Task.CompletedTask));
        await host.StartAsync().WaitAsync(TestHosts.Patience);
        try
        {
            var agent = host.Services.GetRequiredService<Agent>();
            Assert.That(agent.LocalEngine.EngineId, Is.EqualTo(new OctetString(Convert.FromHexString("8000000001020304"))));
            Assert.That(agent.Options.ListenOn, Is.EqualTo(new[] { "127.0.0.1:0", "tcp:127.0.0.1:0" }));
            Assert.That(agent.ListeningAddresses, Has.Count.EqualTo(2));
            Assert.That((agent.Options.MaxMessageSize, agent.Options.SysDescr, agent.Options.BuiltInObjects), Is.EqualTo((1500, "bound agent", false)));
            Assert.That(agent.Options.NotificationTargets.Single().AuthProtocol, Is.SameAs(AuthenticationProtocol.HmacSha1));
            Assert.That(agent.Communities.Find(new OctetString("private")), Is.EqualTo(new CommunityEntry(new OctetString("private"), new OctetString("vlan-10"))));

            var engine = host.Services.GetRequiredService<Engine>();
            Assert.That((engine.Options.DefaultVersion, engine.Options.DefaultCommunity, engine.Options.Autowait),
                Is.EqualTo((SnmpVersion.SNMPv2c, new OctetString("public"), false)));
            Assert.That(engine.Usm.Users("lab"), Is.EqualTo(new[] { "ops" }));

            var receiver = host.Services.GetRequiredService<TrapReceiver>();
            Assert.That(receiver.Options.QueueCapacity, Is.EqualTo(17));
            Assert.That(receiver.Options.Users.Single().EngineId, Is.EqualTo(new OctetString(Convert.FromHexString("8000000001020304"))));
            Assert.That(receiver.Options.Users.Single().AuthProtocol, Is.SameAs(AuthenticationProtocol.HmacMd5));
        }
        finally
        {
            await host.StopAsync().WaitAsync(TestHosts.Patience);
        }
    }

    [Test]
    public void Settings_come_from_the_section_given()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { ["Devices:Lab:SysDescr"] = "lab agent", ["Snmp:Agent:SysDescr"] = "not this one" },
            s => s.AddSnmpAgent(configurationSection: "Devices:Lab"));
        Assert.That(host.Services.GetRequiredService<IOptions<AgentSettings>>().Value.SysDescr, Is.EqualTo("lab agent"));
    }

    [TestCase("SHA-256", "HMAC-192-SHA-256")]
    [TestCase("HmacSha256", "HMAC-192-SHA-256")]
    [TestCase("sha256", "HMAC-192-SHA-256")]
    [TestCase("HMAC-192-SHA-256", "HMAC-192-SHA-256")]
    [TestCase("1.3.6.1.6.3.10.1.1.5", "HMAC-192-SHA-256")]
    [TestCase("MD5", "HMAC-MD5-96")]
    [TestCase("SHA", "HMAC-SHA-96")]
    [TestCase("SHA1", "HMAC-SHA-96")]
    [TestCase("SHA-224", "HMAC-128-SHA-224")]
    [TestCase("sha_384", "HMAC-256-SHA-384")]
    [TestCase("HmacSha512", "HMAC-384-SHA-512")]
    public void Authentication_protocols_read_by_any_of_their_names(string name, string expected)
    {
        Assert.That(ProtocolNames.TryAuthentication(name, out var protocol), Is.True);
        Assert.That(protocol!.Name, Is.EqualTo(expected));
    }

    [TestCase("DES", "DES")]
    [TestCase("3DES", "3DES")]
    [TestCase("TripleDes", "3DES")]
    [TestCase("AES", "AES")]
    [TestCase("AES-128", "AES")]
    [TestCase("Aes128", "AES")]
    [TestCase("AES-192", "AES-192")]
    [TestCase("AES-256", "AES-256")]
    [TestCase("AES-192C", "AES-192C")]
    [TestCase("Aes256Reeder", "AES-256C")]
    [TestCase("1.3.6.1.6.3.10.1.2.4", "AES")]
    public void Privacy_protocols_read_by_any_of_their_names(string name, string expected)
    {
        Assert.That(ProtocolNames.TryPrivacy(name, out var protocol), Is.True);
        Assert.That(protocol!.Name, Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("none")]
    public void No_protocol_is_none(string? name)
    {
        Assert.That(ProtocolNames.TryAuthentication(name, out var auth) && ProtocolNames.TryPrivacy(name, out var priv) && auth is null && priv is null, Is.True);
    }

    [TestCase("SHA-999")]
    [TestCase("AES-128")]
    [TestCase("HMAC")]
    public void Unknown_authentication_protocols_do_not_read(string name) =>
        Assert.That(ProtocolNames.TryAuthentication(name, out _), Is.False);
}
