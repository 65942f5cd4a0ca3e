using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Configuration;

/// <summary>
/// SNMP-USER-BASED-SM-MIB's usmUserTable (RFC 3414 section 5) managed with Net-SNMP's snmpusm:
/// create (with and without a clone-from user), cloneFrom, passwd (authentication and privacy keys
/// through the KeyChange TC, another user's and one's own) and delete, each run against our Agent
/// and against Net-SNMP's snmpd configured alike, with the same results: the tool's answer, and
/// then a Get as the user with the new password (works) and with the old one (refused).
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpUsmConfigurationTests
{
    private const string AdminAuth = "admin-auth-pass";
    private const string AdminPriv = "admin-priv-pass";
    private const string TemplateAuth = "tmpl-auth-pass";
    private const string TemplatePriv = "tmpl-priv-pass";

    private SnmpdFixture _snmpd = null!;
    private Snmp.Agent _agent = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _snmpd = await SnmpdFixture.StartAsync(
        [
            $"createUser admin SHA {AdminAuth} AES {AdminPriv}",
            "rwuser admin priv",
            $"createUser tmpl SHA {TemplateAuth} AES {TemplatePriv}",
            "rwuser bob priv",
            "rwuser carol priv",
            "rwuser dave priv",
        ]);
        _agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        _agent.AddUser("admin", AuthenticationProtocol.HmacSha1, AdminAuth, PrivacyProtocol.Aes128, AdminPriv, writable: true);
        _agent.AddUser("tmpl", AuthenticationProtocol.HmacSha1, TemplateAuth, PrivacyProtocol.Aes128, TemplatePriv, view: "none");
        foreach (var user in new[] { "bob", "carol", "dave" })
        {
            // VACM as snmpd's rwuser lines give it: these users may read and write everything at authPriv.
            _agent.Vacm.AddGroup(SecurityModel.Usm, new OctetString(user), "user:admin");
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _agent.DisposeAsync();
        await _snmpd.DisposeAsync();
    }

    private string OurAgent => $"udp:127.0.0.1:{_agent.Endpoints[0].Port}";

    private IEnumerable<string> Peers() => [OurAgent, _snmpd.Peer];

    private static string[] Admin(string peer) => ["-v3", "-u", "admin", "-l", "authPriv", "-a", "SHA", "-A", AdminAuth, "-x", "AES", "-X", AdminPriv, "-t", "2", "-r", "1", peer];

    private static Task<NetSnmpResult> Usm(string peer, params string[] command) =>
        NetSnmpTools.RunAsync("snmpusm", TimeSpan.FromSeconds(30), outputOptions: false, [.. Admin(peer), .. command]);

    private static Task<NetSnmpResult> GetAs(string peer, string user, string auth, string priv) =>
        NetSnmpTools.RunAsync("snmpget", ["-v3", "-u", user, "-l", "authPriv", "-a", "SHA", "-A", auth, "-x", "AES", "-X", priv, "-t", "1", "-r", "0", peer, "1.3.6.1.2.1.1.5.0"]);

    /// <summary>The outcome of a Get as a user: answered, or the tool's complaint with the peer's address taken out.</summary>
    private static async Task<string> Outcome(Task<NetSnmpResult> run)
    {
        var result = await run;
        return result.ExitCode == 0 && result.VarBinds.Count == 1 ? "answered" : $"refused: {result.Complaints.Trim()}";
    }

    [Test]
    public async Task CreateWithCloneFromThenChangeBothPasswords()
    {
        foreach (var peer in Peers())
        {
            var created = await Usm(peer, "create", "bob", "tmpl");
            Assert.That(created.StandardOutput.Trim(), Is.EqualTo("User successfully created."), $"{peer}: {created.StandardError}");
            Assert.That(await Outcome(GetAs(peer, "bob", TemplateAuth, TemplatePriv)), Is.EqualTo("answered"), peer);

            var auth = await Usm(peer, "-Ca", "passwd", TemplateAuth, "bob-new-auth", "bob");
            Assert.That(auth.StandardOutput.Trim(), Is.EqualTo("SNMPv3 Key(s) successfully changed."), $"{peer}: {auth.StandardError}");
            var priv = await Usm(peer, "-Cx", "passwd", TemplatePriv, "bob-new-priv", "bob");
            Assert.That(priv.StandardOutput.Trim(), Is.EqualTo("SNMPv3 Key(s) successfully changed."), $"{peer}: {priv.StandardError}");

            Assert.That(await Outcome(GetAs(peer, "bob", "bob-new-auth", "bob-new-priv")), Is.EqualTo("answered"), peer);
            Assert.That(await Outcome(GetAs(peer, "bob", TemplateAuth, TemplatePriv)), Does.Contain("Authentication failure"), peer);
        }
    }

    [Test]
    public async Task OwnPasswordChangedByTheUserItself()
    {
        foreach (var peer in Peers())
        {
            Assert.That((await Usm(peer, "create", "dave", "tmpl")).StandardOutput.Trim(), Is.EqualTo("User successfully created."), peer);
            // passwd without a USER changes the requester's own key: usmUserOwnAuthKeyChange, sent as dave itself.
            var own = await NetSnmpTools.RunAsync("snmpusm", TimeSpan.FromSeconds(30), outputOptions: false,
                ["-v3", "-u", "dave", "-l", "authPriv", "-a", "SHA", "-A", TemplateAuth, "-x", "AES", "-X", TemplatePriv, "-t", "2", "-r", "1", peer,
                 "-Ca", "passwd", TemplateAuth, "dave-own-auth"]);
            Assert.That(own.StandardOutput.Trim(), Is.EqualTo("SNMPv3 Key(s) successfully changed."), $"{peer}: {own.StandardError}");
            Assert.That(await Outcome(GetAs(peer, "dave", "dave-own-auth", TemplatePriv)), Is.EqualTo("answered"), peer);
            Assert.That(await Outcome(GetAs(peer, "dave", TemplateAuth, TemplatePriv)), Does.Contain("Authentication failure"), peer);
        }
    }

    [Test]
    public async Task CreateThenCloneFromThenDelete()
    {
        foreach (var peer in Peers())
        {
            var created = await Usm(peer, "create", "carol");
            Assert.That(created.StandardOutput.Trim(), Is.EqualTo("User successfully created."), $"{peer}: {created.StandardError}");
            var cloned = await Usm(peer, "cloneFrom", "carol", "tmpl");
            Assert.That(cloned.StandardOutput.Trim(), Is.EqualTo("User successfully cloned."), $"{peer}: {cloned.StandardError}");
            Assert.That(await Outcome(GetAs(peer, "carol", TemplateAuth, TemplatePriv)), Is.EqualTo("answered"), peer);

            var deleted = await Usm(peer, "delete", "carol");
            Assert.That(deleted.StandardOutput.Trim(), Is.EqualTo("User successfully deleted."), $"{peer}: {deleted.StandardError}");
            Assert.That(await Outcome(GetAs(peer, "carol", TemplateAuth, TemplatePriv)), Does.Contain("Unknown user name"), peer);
        }
    }

    [Test]
    public async Task CloneFromAUserThatDoesNotExistIsRefusedAlike()
    {
        var answers = new List<string>();
        foreach (var peer in Peers())
        {
            var result = await Usm(peer, "create", "erin", "nobody");
            // The failed object's name holds each engine's snmpEngineID: compare the exit code and the reason.
            var reason = (result.StandardOutput + result.StandardError).Split('\n').FirstOrDefault(l => l.StartsWith("Reason:", StringComparison.Ordinal));
            answers.Add($"{result.ExitCode}: {reason}");
        }

        Assert.That(answers[0], Does.Contain("inconsistentName"));
        Assert.That(answers[0], Is.EqualTo(answers[1]));
        foreach (var peer in Peers())
        {
            Assert.That(await Outcome(GetAs(peer, "erin", TemplateAuth, TemplatePriv)), Does.Contain("Unknown user name"), $"{peer}: no row was left behind");
        }
    }

    [Test]
    public async Task EngineMpdAndUsmStatsGroupsHaveTheSameObjectsAsSnmpd()
    {
        // SNMP-FRAMEWORK-MIB snmpEngine, SNMP-MPD-MIB snmpMPDStats, SNMP-USER-BASED-SM-MIB usmStats.
        var walks = new List<string>();
        foreach (var peer in Peers())
        {
            var names = new List<string>();
            foreach (var group in new[] { "1.3.6.1.6.3.10.2.1", "1.3.6.1.6.3.11.2.1", "1.3.6.1.6.3.15.1.1" })
            {
                var walk = await NetSnmpTools.RunAsync("snmpwalk", [.. Admin(peer), group]);
                Assert.That(walk.ExitCode, Is.Zero, $"{peer}: {walk.StandardError}");
                names.AddRange(walk.VarBinds.Select(v => $"{v.Oid} {v.Type}"));
            }

            walks.Add(string.Join("\n", names));
        }

        Assert.That(walks[0], Does.Contain("1.3.6.1.6.3.15.1.1.6.0 Counter32"));
        Assert.That(walks[0], Is.EqualTo(walks[1]));
    }

    [Test]
    public async Task UsmUserTableListsTheSameColumnsAsSnmpd()
    {
        var headers = new List<string>();
        foreach (var peer in Peers())
        {
            var table = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
                [.. Admin(peer), "-m", "SNMP-USER-BASED-SM-MIB", "-M", MibModules.MibValueRenderingTests.FindIetf(), "-Cf", "|", "-CH", "usmUserTable"]);
            Assert.That(table.ExitCode, Is.Zero, $"{peer}: {table.StandardError}");
            Assert.That(table.StandardOutput, Does.Contain("admin|").And.Contain("tmpl|"), peer);
            // The admin row, whichever rows other tests of the fixture left before it. Its storage
            // type differs by design: snmpd's user comes from its configuration file
            // (nonVolatile), ours from code (permanent: SNMP may change it but not delete it).
            var admin = table.StandardOutput.Split('\n').Single(line => line.StartsWith("admin|", StringComparison.Ordinal)).Split('|');
            Assert.That(admin[^2], Is.EqualTo(peer == OurAgent ? "permanent" : "nonVolatile"), peer);
            headers.Add(string.Join("|", admin[..^2]) + "|" + admin[^1]);
        }

        Assert.That(headers[0], Is.EqualTo(headers[1]));
    }
}
