using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace Snmp.Extensions.Hosting.Tests;

/// <summary>
/// Bad configuration fails the host's StartAsync, with a message naming the configuration key
/// and never the secret, before anything is built: not at the first request.
/// </summary>
[TestFixture]
public class StartupValidationTests
{
    private const string Secret = "not-to-be-seen-1";
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("snmp-hosting-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static Dictionary<string, string?> Agent(params (string Key, string? Value)[] settings)
    {
        var configuration = new Dictionary<string, string?> { ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0" };
        foreach (var (key, value) in settings)
        {
            configuration["Snmp:Agent:" + key] = value;
        }

        return configuration;
    }

    /// <summary>Starts a host with an agent, an engine and a trap receiver; returns why it did not start, having checked none of them was built.</summary>
    private static async Task<string> StartFailureAsync(Dictionary<string, string?> configuration)
    {
        bool built = false;
        using var host = TestHosts.Build(configuration, services => services
            .AddSnmpAgent((_, _) => built = true)
            .AddSnmpEngine((_, _) => built = true)
            .AddSnmpTrapReceiver((_, _) => Task.CompletedTask));
        var failure = Assert.CatchAsync(() => host.StartAsync().WaitAsync(TestHosts.Patience));
        Assert.That(built, Is.False, "the engines are built only after the settings passed");
        Assert.That(failure, Is.Not.InstanceOf<TimeoutException>());
        var message = failure!.ToString();
        Assert.That(message, Does.Not.Contain(Secret), "a password appeared in the failure");
        return failure.Message;
    }

    [Test]
    public async Task A_user_with_an_authentication_protocol_and_no_password()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:AuthProtocol", "SHA-256")));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:AuthPassword: a password is required when AuthProtocol is set"));
    }

    [Test]
    public async Task A_user_with_a_privacy_protocol_and_no_privacy_password()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:AuthProtocol", "SHA"), ("Users:0:AuthPassword", Secret),
            ("Users:0:PrivProtocol", "AES")));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:PrivPassword: a password is required"));
    }

    [Test]
    public async Task A_short_password_is_refused_without_being_repeated()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:AuthProtocol", "MD5"), ("Users:0:AuthPassword", "short1")));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:AuthPassword: the password is shorter than 8 characters"));
        Assert.That(message, Does.Not.Contain("short1"));
    }

    [Test]
    public async Task An_unknown_authentication_protocol()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:AuthProtocol", "SHA-999"), ("Users:0:AuthPassword", Secret)));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:AuthProtocol: unknown authentication protocol"));
    }

    [Test]
    public async Task A_password_written_where_the_protocol_goes_is_not_repeated()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:AuthProtocol", Secret), ("Users:0:AuthPassword", "SHA-256")));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:AuthProtocol: unknown authentication protocol"));
    }

    [Test]
    public async Task An_unknown_privacy_protocol()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:AuthProtocol", "SHA"), ("Users:0:AuthPassword", Secret),
            ("Users:0:PrivProtocol", "Blowfish"), ("Users:0:PrivPassword", Secret)));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:PrivProtocol: unknown privacy protocol"));
    }

    [Test]
    public async Task Privacy_without_authentication()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:PrivProtocol", "AES"), ("Users:0:PrivPassword", Secret)));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:PrivProtocol: a privacy protocol needs an authentication protocol"));
    }

    [Test]
    public async Task A_level_above_what_the_protocols_allow()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:AuthProtocol", "SHA"), ("Users:0:AuthPassword", Secret),
            ("Users:0:Level", "AuthPriv")));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:Level: AuthPriv is above what the user's protocols allow (AuthNoPriv)"));
    }

    [Test]
    public async Task A_level_that_is_no_level()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:Level", "7")));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:Level: not one of NoAuthNoPriv, AuthNoPriv, AuthPriv"));
    }

    [Test]
    public async Task A_user_without_a_name_and_a_view_nobody_defined()
    {
        var message = await StartFailureAsync(Agent(("Users:0:View", "secret-things")));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:Name: a user name is 1 to 32 octets"));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:View: names a view"));
    }

    [TestCase("127.0.0.1:99999")]
    [TestCase("[::1")]
    [TestCase("mem:agent")]
    [TestCase("tls:127.0.0.1:10161")]
    [TestCase("")]
    public async Task A_bad_listening_address(string address)
    {
        var message = await StartFailureAsync(Agent(("ListenOn:0", address)));
        Assert.That(message, Does.Contain("Snmp:Agent:ListenOn:0: "));
    }

    [Test]
    public async Task A_bad_notification_target()
    {
        var message = await StartFailureAsync(Agent(("NotificationTargets:0:Address", "127.0.0.1:0x"), ("NotificationTargets:0:Version", "SNMPv3"),
            ("NotificationTargets:0:Filter:0", "not.an.oid")));
        Assert.That(message, Does.Contain("Snmp:Agent:NotificationTargets:0:Address: \"127.0.0.1:0x\" is not a usable address"));
        Assert.That(message, Does.Contain("Snmp:Agent:NotificationTargets:0:UserName: a user name is required for SNMPv3"));
        Assert.That(message, Does.Contain("Snmp:Agent:NotificationTargets:0:Filter:0: not a dotted OID"));
    }

    [Test]
    public async Task A_boots_file_that_is_a_directory()
    {
        var message = await StartFailureAsync(Agent(("EngineBootsFile", _directory)));
        Assert.That(message, Does.Contain("Snmp:Agent:EngineBootsFile: ").And.Contain("is a directory"));
    }

    [Test]
    public async Task A_boots_file_under_a_file()
    {
        var file = Path.Combine(_directory, "plain-file");
        await File.WriteAllTextAsync(file, "not a directory");
        var message = await StartFailureAsync(Agent(("EngineBootsFile", Path.Combine(file, "sub", "agent.boots"))));
        Assert.That(message, Does.Contain("Snmp:Agent:EngineBootsFile: ").And.Contain("is a file, not a directory"));
    }

    [Test]
    public async Task A_boots_file_that_does_not_read()
    {
        var file = Path.Combine(_directory, "agent.boots");
        await File.WriteAllTextAsync(file, "engineID 8000000001020304\nengineBoots many\n");
        var message = await StartFailureAsync(Agent(("EngineBootsFile", file)));
        Assert.That(message, Does.Contain("Snmp:Agent:EngineBootsFile: ").And.Contain("is not an engine boots file: line 2"));
    }

    [Test]
    public async Task A_usable_boots_file_is_booted_at_start()
    {
        var file = Path.Combine(_directory, "new", "agent.boots");
        using var host = TestHosts.Build(Agent(("EngineBootsFile", file)), services => services.AddSnmpAgent());
        await host.StartAsync().WaitAsync(TestHosts.Patience);
        Assert.That(File.ReadAllText(file), Does.Contain("engineBoots 1"));
        await host.StopAsync().WaitAsync(TestHosts.Patience);
    }

    [Test]
    public async Task A_bad_engine_id_and_message_size()
    {
        var message = await StartFailureAsync(Agent(("EngineId", "80zz"), ("MaxMessageSize", "100")));
        Assert.That(message, Does.Contain("Snmp:Agent:EngineId: not hexadecimal octets"));
        Assert.That(message, Does.Contain("Snmp:Agent:MaxMessageSize: 100 is outside 484 .. 65507"));
    }

    [Test]
    public async Task A_community_in_an_unknown_context()
    {
        var message = await StartFailureAsync(Agent(("Communities:0:Name", Secret), ("Communities:0:Context", "vlan-99")));
        Assert.That(message, Does.Contain("Snmp:Agent:Communities:0:Context: names a context that is not in Contexts"));
    }

    [Test]
    public async Task A_misspelt_key_is_named()
    {
        var message = await StartFailureAsync(Agent(("Users:0:Name", "ops"), ("Users:0:AuthProtocol", "SHA"), ("Users:0:AuthPasword", Secret)));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:AuthPasword: no such setting (misspelt?); AgentUserSettings has "));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:AuthPassword: a password is required"), "and so the password is missing");
    }

    [Test]
    public async Task An_engine_user_without_a_password()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0",
            ["Snmp:Engine:Users:0:Name"] = "ops",
            ["Snmp:Engine:Users:0:AuthProtocol"] = "HmacSha1",
            ["Snmp:Engine:Users:1:Name"] = "ops",
        });
        Assert.That(message, Does.Contain("Snmp:Engine:Users:0:AuthPassword: a password is required"));
        Assert.That(message, Does.Contain("Snmp:Engine:Users:1:Name: the user name is already in its namespace"));
    }

    [Test]
    public async Task A_bad_trap_receiver()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0",
            ["Snmp:TrapReceiver:ListenOn:0"] = "127.0.0.1:162162",
            ["Snmp:TrapReceiver:Users:0:Name"] = "traps",
            ["Snmp:TrapReceiver:Users:0:AuthProtocol"] = "SHA",
            ["Snmp:TrapReceiver:Users:0:AuthPassword"] = Secret,
            ["Snmp:TrapReceiver:Users:0:EngineId"] = "0102",
            ["Snmp:TrapReceiver:QueueCapacity"] = "0",
        });
        Assert.That(message, Does.Contain("Snmp:TrapReceiver:ListenOn:0: \"127.0.0.1:162162\" is not a usable address"));
        Assert.That(message, Does.Contain("Snmp:TrapReceiver:Users:0:EngineId: an snmpEngineID is 5 to 32 octets (RFC 3411), not 2"));
        Assert.That(message, Does.Contain("Snmp:TrapReceiver:QueueCapacity: must be positive"));
    }

    [Test]
    public async Task Problems_in_every_section_are_reported_together()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0",
            ["Snmp:Agent:Users:0:Name"] = "ops",
            ["Snmp:Agent:Users:0:AuthProtocol"] = "SHA",
            ["Snmp:Agent:Users:0:AuthPassword"] = "",
            ["Snmp:Engine:Users:0:Name"] = "ops",
            ["Snmp:Engine:Users:0:AuthProtocol"] = "SHA-3",
        });
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:AuthPassword: a password is required"));
        Assert.That(message, Does.Contain("Snmp:Engine:Users:0:AuthProtocol: unknown authentication protocol"));
    }

    [Test]
    public void Keys_are_named_under_the_section_given()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { ["Devices:Lab:Users:0:Name"] = "ops", ["Devices:Lab:Users:0:AuthProtocol"] = "SHA" },
            services => services.AddSnmpAgent(configurationSection: "Devices:Lab"));
        var failure = Assert.CatchAsync(() => host.StartAsync().WaitAsync(TestHosts.Patience));
        Assert.That(failure!.Message, Does.Contain("Devices:Lab:Users:0:AuthPassword: a password is required"));
    }

    [Test]
    public async Task Every_problem_is_reported_at_once_and_nothing_listens()
    {
        // A port that is free now: had the agent been built, it would have bound it.
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var message = await StartFailureAsync(Agent(("ListenOn:0", $"127.0.0.1:{port}"), ("Users:0:Name", "ops"), ("Users:0:AuthProtocol", "SHA-256"),
            ("Users:1:Name", "ops2"), ("Users:1:AuthProtocol", "SHA-999")));
        Assert.That(message, Does.Contain("Snmp:Agent:Users:0:AuthPassword").And.Contain("Snmp:Agent:Users:1:AuthProtocol"));
        using var rebind = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        Assert.That(rebind.Client.IsBound, Is.True);
    }
}
