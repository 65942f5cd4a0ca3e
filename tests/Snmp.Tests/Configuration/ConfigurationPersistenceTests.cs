using System.Text;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Tests.Configuration;

/// <summary>
/// The agent's nonVolatile configuration rows across restarts (issue 20, item 2): what a manager
/// made over SNMP (a USM user cloned and re-keyed, its VACM group, a view, access, a target, a
/// community) is there after the agent restarts; the file holds localised keys, never a
/// password; a crash between writing and renaming loses at most the last change; a damaged file
/// stops the start with its name in the error.
/// </summary>
[TestFixture]
public class ConfigurationPersistenceTests
{
    private const string UsmUserEntry = "1.3.6.1.6.3.15.1.2.2.1";
    private const string GroupEntry = "1.3.6.1.6.3.16.1.2.1";
    private const string ViewEntry = "1.3.6.1.6.3.16.1.5.2.1";
    private const string AccessEntry = "1.3.6.1.6.3.16.1.4.1";
    private const string AddrEntry = "1.3.6.1.6.3.12.1.2.1";
    private const string ParamsEntry = "1.3.6.1.6.3.12.1.3.1";
    private const string NotifyEntry = "1.3.6.1.6.3.13.1.1.1";
    private const string CommunityEntry = "1.3.6.1.6.3.18.1.1.1";
    private const string AlicePass = "alice-auth-pass";
    private const string AlicePriv = "alice-priv-pass";

    private string _directory = null!;

    private string BootsFile => Path.Combine(_directory, "agent.boots");

    private string ConfigFile => BootsFile + ".config";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("agent-config-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private Agent StartAgent(int port = 0)
    {
        var agent = new Agent(new AgentOptions { ListenOn = [$"127.0.0.1:{port}"], EngineBootsFile = BootsFile });
        // What the application configures in code at every start (permanent rows, never in the file).
        agent.AddCommunity("private", writable: true);
        agent.AddUser("alice", AuthenticationProtocol.HmacSha1, AlicePass, PrivacyProtocol.Aes128, AlicePriv);
        return agent;
    }

    private static Manager Manager(Engine engine, Agent agent)
    {
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);
        return manager;
    }

    private static async Task<string> Walk(Manager manager, params string[] subtrees)
    {
        var lines = new List<string>();
        foreach (var subtree in subtrees)
        {
            await foreach (var vb in manager.WalkAsync(subtree))
            {
                lines.Add(vb.ToString());
            }
        }

        return string.Join("\n", lines);
    }

    private static VarBind V(string oid, SnmpValue value) => new(new ObjectIdentifier(oid), value);

    private static string Implied(string name) => string.Join('.', name.Select(c => (int)c));

    /// <summary>Bob cloned from alice, in a group with access to a view of the system group; a target; a community.</summary>
    private static async Task ConfigureOverSnmp(Manager manager, Agent agent)
    {
        string bob = new ObjectIdentifier().AppendIndex(IndexValue.String(agent.LocalEngine.EngineId), "bob").ToString();
        string alice = new ObjectIdentifier().AppendIndex(IndexValue.String(agent.LocalEngine.EngineId), "alice").ToString();
        await manager.SetAsync(V($"{UsmUserEntry}.4.{bob}", new ObjectIdentifier($"{UsmUserEntry}.3.{alice}")), V($"{UsmUserEntry}.13.{bob}", new Integer32(4)));
        string group = new ObjectIdentifier().AppendIndex(3, "bob").ToString();
        await manager.SetAsync(V($"{GroupEntry}.3.{group}", new OctetString("ops")), V($"{GroupEntry}.5.{group}", new Integer32(4)));
        string view = new ObjectIdentifier().AppendIndex("sys", IndexValue.Oid(new ObjectIdentifier("1.3.6.1.2.1.1"))).ToString();
        await manager.SetAsync(V($"{ViewEntry}.6.{view}", new Integer32(4)));
        string access = new ObjectIdentifier().AppendIndex("ops", IndexValue.String(OctetString.Empty), 3, 3).ToString();
        await manager.SetAsync(V($"{AccessEntry}.5.{access}", new OctetString("sys")), V($"{AccessEntry}.9.{access}", new Integer32(4)));
        await manager.SetAsync(V($"{ParamsEntry}.2.{Implied("p1")}", new Integer32(1)), V($"{ParamsEntry}.3.{Implied("p1")}", new Integer32(2)),
            V($"{ParamsEntry}.4.{Implied("p1")}", new OctetString("public")), V($"{ParamsEntry}.5.{Implied("p1")}", new Integer32(1)), V($"{ParamsEntry}.7.{Implied("p1")}", new Integer32(4)));
        await manager.SetAsync(V($"{AddrEntry}.2.{Implied("t1")}", new ObjectIdentifier("1.3.6.1.6.1.1")), V($"{AddrEntry}.3.{Implied("t1")}", OctetString.FromHex("7F00000100A2")),
            V($"{AddrEntry}.6.{Implied("t1")}", new OctetString("ops")), V($"{AddrEntry}.7.{Implied("t1")}", new OctetString("p1")), V($"{AddrEntry}.9.{Implied("t1")}", new Integer32(4)));
        await manager.SetAsync(V($"{NotifyEntry}.2.{Implied("n1")}", new OctetString("ops")), V($"{NotifyEntry}.5.{Implied("n1")}", new Integer32(4)));
        await manager.SetAsync(V($"{CommunityEntry}.2.{Implied("c1")}", new OctetString("ops-community")), V($"{CommunityEntry}.3.{Implied("c1")}", new OctetString("private")),
            V($"{CommunityEntry}.8.{Implied("c1")}", new Integer32(4)));
    }

    private static readonly string[] Tables = [UsmUserEntry, GroupEntry, ViewEntry, AccessEntry, AddrEntry, ParamsEntry, NotifyEntry, CommunityEntry];

    [Test]
    public async Task Rows_made_over_SNMP_are_there_after_a_restart_and_work()
    {
        string before;
        int port;
        await using (var agent = StartAgent())
        await using (var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private"))
        {
            port = agent.Endpoints[0].Port;
            var manager = Manager(engine, agent);
            await ConfigureOverSnmp(manager, agent);
            before = await Walk(manager, Tables);
        }

        await using (var agent = StartAgent(port))
        await using (var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private"))
        await using (var v3 = new Engine())
        {
            Assert.That(await Walk(Manager(engine, agent), Tables), Is.EqualTo(before));

            // bob authenticates with the keys cloned from alice, and his group, access and view decide what he reads.
            v3.Usm.AddUser("bob", AuthenticationProtocol.HmacSha1, AlicePass, PrivacyProtocol.Aes128, AlicePriv);
            var asBob = Manager(v3, agent);
            Assert.That((await asBob.GetAsync("1.3.6.1.2.1.1.5.0"))[0].Value, Is.InstanceOf<OctetString>());
            Assert.That((await asBob.GetAsync("1.3.6.1.2.1.11.1.0"))[0].Value, Is.SameAs(NoSuchObject.Instance), "snmpInPkts is outside the view sys");
            Assert.That(agent.Communities.Find(new OctetString("ops-community")), Is.Not.Null);
        }
    }

    [Test]
    public async Task The_file_holds_localised_keys_and_nonVolatile_rows_only_never_a_password()
    {
        await using var agent = StartAgent();
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private");
        var manager = Manager(engine, agent);
        await ConfigureOverSnmp(manager, agent);
        string volatileGroup = new ObjectIdentifier().AppendIndex(3, "tmp").ToString();
        await manager.SetAsync(V($"{GroupEntry}.3.{volatileGroup}", new OctetString("ops")), V($"{GroupEntry}.4.{volatileGroup}", new Integer32((int)StorageType.Volatile)),
            V($"{GroupEntry}.5.{volatileGroup}", new Integer32(4)));

        var text = await File.ReadAllTextAsync(ConfigFile);
        var bobKey = agent.UserBasedSecurityModel.FindUser(agent.LocalEngine.EngineId, new OctetString("bob"))!.ExportLocalizedKeys().AuthKey!;
        Assert.That(text, Does.Contain(Convert.ToHexString(bobKey)), "bob's localised key");
        foreach (var secret in new[] { AlicePass, AlicePriv })
        {
            Assert.That(text, Does.Not.Contain(secret).And.Not.Contain(Convert.ToHexString(Encoding.UTF8.GetBytes(secret))));
        }

        Assert.That(text, Does.Not.Contain(Convert.ToHexString(Encoding.UTF8.GetBytes("alice"))), "alice is the application's (permanent), not the file's");
        Assert.That(text, Does.Not.Contain("vacmGroup 3 " + Convert.ToHexString(Encoding.UTF8.GetBytes("tmp"))), "a volatile row");
        Assert.That(File.Exists(ConfigFile + ".tmp"), Is.False, "renamed over the file");
    }

    [Test]
    public async Task A_crash_between_writing_and_renaming_loses_at_most_the_last_change()
    {
        int port;
        string group = new ObjectIdentifier().AppendIndex(3, "carol").ToString();
        await using (var agent = StartAgent())
        await using (var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private"))
        {
            port = agent.Endpoints[0].Port;
            var manager = Manager(engine, agent);
            await ConfigureOverSnmp(manager, agent);
        }

        // The next save got as far as its temporary file (whole, or cut short) and no further.
        var saved = await File.ReadAllLinesAsync(ConfigFile);
        await File.WriteAllLinesAsync(ConfigFile + ".tmp", saved[..^2]);

        await using (var agent = StartAgent(port))
        await using (var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private"))
        {
            var manager = Manager(engine, agent);
            Assert.That(agent.Communities.Find(new OctetString("ops-community")), Is.Not.Null, "the file before the crash is read, the temporary file ignored");
            Assert.That(agent.Vacm.SecurityToGroupEntries.Any(g => g.SecurityName.Equals(new OctetString("bob"))), Is.True);

            // And the agent goes on saving: the next change replaces the temporary file and the file.
            await manager.SetAsync(V($"{GroupEntry}.3.{group}", new OctetString("ops")), V($"{GroupEntry}.5.{group}", new Integer32(4)));
        }

        await using (var agent = StartAgent(port))
        {
            Assert.That(agent.Vacm.SecurityToGroupEntries.Any(g => g.SecurityName.Equals(new OctetString("carol"))), Is.True);
        }
    }

    [Test]
    public async Task A_damaged_file_is_refused_with_its_name()
    {
        await using (var agent = StartAgent())
        await using (var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private"))
        {
            await ConfigureOverSnmp(Manager(engine, agent), agent);
        }

        var original = await File.ReadAllTextAsync(ConfigFile);
        foreach (var damaged in new[]
        {
            original.Replace("vacmGroup 3", "vacmGroup 4", StringComparison.Ordinal), // one changed row: the checksum
            original[..(original.Length / 2)],                                          // cut short
            "",                                                                         // emptied
        })
        {
            await File.WriteAllTextAsync(ConfigFile, damaged);
            var error = Assert.Throws<SnmpConfigurationException>(() => StartAgent().Dispose());
            Assert.That(error!.Message, Does.Contain(ConfigFile).And.Contain("damaged"));
        }
    }
}
