using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Testing;

namespace Snmp.Interop.Tests;

/// <summary>
/// SNMPv3 with USM against Net-SNMP's snmpd: one user for every authentication x privacy
/// combination Debian's Net-SNMP supports, plus noAuthNoPriv and authNoPriv users; Get, GetNext,
/// GetBulk, Set and a walk for each, checked against snmpget with the same credentials.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpdUsmTests
{
    private const string AuthPassword = "auth-pass-123";
    private const string PrivPassword = "priv-pass-456";
    private static readonly ObjectIdentifier System = "1.3.6.1.2.1.1";
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier SysName = "1.3.6.1.2.1.1.5.0";
    private static readonly ObjectIdentifier SysContact = "1.3.6.1.2.1.1.4.0";

    private static readonly (string NetSnmp, AuthenticationProtocol Ours)[] Auths = NetSnmpProtocols.Auths;
    private static readonly (string NetSnmp, PrivacyProtocol Ours)[] Privs = NetSnmpProtocols.Privs;

    private SnmpdFixture _snmpd = null!;

    public static IEnumerable<TestCaseData> Users()
    {
        yield return new TestCaseData("noauth", null, null).SetArgDisplayNames("noAuthNoPriv");
        foreach (var auth in Auths)
        {
            yield return new TestCaseData(UserName(auth.NetSnmp, null), auth.NetSnmp, null).SetArgDisplayNames(auth.NetSnmp);
            foreach (var priv in Privs)
            {
                yield return new TestCaseData(UserName(auth.NetSnmp, priv.NetSnmp), auth.NetSnmp, priv.NetSnmp).SetArgDisplayNames($"{auth.NetSnmp}+{priv.NetSnmp}");
            }
        }
    }

    private static string UserName(string auth, string? priv) => $"u-{auth}-{priv ?? "nopriv"}".ToLowerInvariant();

    [OneTimeSetUp]
    public async Task StartSnmpd()
    {
        var config = new List<string> { "createUser noauth", "rwuser noauth noauth" };
        foreach (var auth in Auths)
        {
            config.Add($"createUser {UserName(auth.NetSnmp, null)} {auth.NetSnmp} \"{AuthPassword}\"");
            config.Add($"rwuser {UserName(auth.NetSnmp, null)} auth");
            foreach (var priv in Privs)
            {
                config.Add($"createUser {UserName(auth.NetSnmp, priv.NetSnmp)} {auth.NetSnmp} \"{AuthPassword}\" {priv.NetSnmp} \"{PrivPassword}\"");
                config.Add($"rwuser {UserName(auth.NetSnmp, priv.NetSnmp)} priv");
            }
        }

        _snmpd = await SnmpdFixture.StartAsync(config);
    }

    [OneTimeTearDown]
    public async Task StopSnmpd()
    {
        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }
    }

    private static Engine NewEngine(string user, string? auth, string? priv)
    {
        var engine = new Engine(SnmpVersion.SNMPv3);
        engine.Usm.AddUser(user,
            auth is null ? null : Auths.Single(a => a.NetSnmp == auth).Ours, AuthPassword,
            priv is null ? null : Privs.Single(p => p.NetSnmp == priv).Ours, PrivPassword);
        return engine;
    }

    private static string[] NetSnmpCredentials(string user, string? auth, string? priv) =>
        auth is null ? ["-v3", "-l", "noAuthNoPriv", "-u", user]
        : priv is null ? ["-v3", "-l", "authNoPriv", "-u", user, "-a", auth, "-A", AuthPassword]
        : ["-v3", "-l", "authPriv", "-u", user, "-a", auth, "-A", AuthPassword, "-x", priv, "-X", PrivPassword];

    [TestCaseSource(nameof(Users))]
    public async Task Get_GetNext_GetBulk_Set_and_walk_work_and_match_snmpget(string user, string? auth, string? priv)
    {
        await using var engine = NewEngine(user, auth, priv);
        var manager = engine.Manager(_snmpd.Endpoint);
        manager.Timeout = TimeSpan.FromSeconds(5);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(500);

        var get = await manager.GetAsync(SysDescr, SysName);
        var theirs = await NetSnmpTools.RunAsync("snmpget", [.. NetSnmpCredentials(user, auth, priv), _snmpd.Peer, SysDescr.ToString(), SysName.ToString()]);
        Assert.That(theirs.ExitCode, Is.Zero, theirs.StandardError);
        Assert.That(get.Select(vb => NetSnmpTools.Render(vb.Value).Value), Is.EqualTo(theirs.VarBinds.Select(vb => vb.Value)));
        Assert.That(manager.EngineId, Is.Not.Null, "the engine id was discovered");

        var next = await manager.GetNextAsync(System);
        Assert.That(next[0].Oid, Is.EqualTo(SysDescr));

        var bulk = await manager.GetBulkAsync(0, 4, System);
        Assert.That(bulk, Has.Count.EqualTo(4));

        var contact = new OctetString($"{user}@example.org");
        await manager.SetAsync(new VarBind(SysContact, contact));
        Assert.That((await manager.GetAsync(SysContact))[0].Value, Is.EqualTo(contact));

        var walked = new List<VarBind>();
        await foreach (var vb in manager.WalkAsync(System))
        {
            walked.Add(vb);
        }

        Assert.That(walked.Count, Is.GreaterThan(5));
        Assert.That(walked[0].Oid, Is.EqualTo(SysDescr));
    }
}

/// <summary>SNMPv3 failures against Net-SNMP's snmpd: each gets its precise typed error.</summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpdUsmFailureTests
{
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private SnmpdFixture _snmpd = null!;

    [OneTimeSetUp]
    public async Task StartSnmpd()
    {
        _snmpd = await SnmpdFixture.StartAsync(
        [
            "createUser alice SHA \"alice-auth-pass\" AES \"alice-priv-pass\"",
            "createUser bob SHA \"bob-auth-pass\"",
            "rwuser alice priv",
            "rwuser bob auth",
        ]);
    }

    [OneTimeTearDown]
    public async Task StopSnmpd()
    {
        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }
    }

    private Manager ManagerFor(Engine engine, bool ipv6 = false, string? user = null, SecurityLevel? level = null)
    {
        var manager = engine.Manager(ipv6 ? _snmpd.Endpoint6 : _snmpd.Endpoint, defaultUserName: user, defaultSecurityLevel: level);
        // Real time: snmpd must answer (or Report) within it, which a loaded machine can stretch;
        // generous, then, and only the tests that expect a timeout wait it out.
        manager.Timeout = TimeSpan.FromSeconds(5);
        manager.RefreshPeriod = TimeSpan.FromSeconds(1);
        return manager;
    }

    [Test]
    public async Task The_right_credentials_work_over_IPv6()
    {
        await using var engine = new Engine();
        engine.Usm.AddUser("alice", AuthenticationProtocol.HmacSha1, "alice-auth-pass", PrivacyProtocol.Aes128, "alice-priv-pass");
        var result = await ManagerFor(engine, ipv6: true).GetAsync(SysDescr);
        Assert.That(((OctetString)result[0].Value).ToText(), Does.StartWith("Linux"));
    }

    [Test]
    public async Task A_wrong_authentication_password_times_out_naming_the_reported_wrong_digest()
    {
        await using var engine = new Engine();
        engine.Usm.AddUser("alice", AuthenticationProtocol.HmacSha1, "not-alices-password", PrivacyProtocol.Aes128, "alice-priv-pass");

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => ManagerFor(engine).GetAsync(SysDescr));

        Assert.That(error!.Message, Does.Contain("usmStatsWrongDigests"));
        Assert.That(error.Message, Does.Not.Contain("not-alices-password"), "secrets never reach messages");
    }

    [Test]
    public async Task A_wrong_privacy_password_times_out_within_the_timeout()
    {
        // The request's timing runs on a fake clock, so how many transmissions fit in the timeout
        // follows from the schedule, not from how busy the machine is.
        var clock = new SteppedClock();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv3, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = OctetString.Empty, Autowait = true }, null, null, clock);
        engine.Usm.AddUser("alice", AuthenticationProtocol.HmacSha1, "alice-auth-pass", PrivacyProtocol.Aes128, "wrong-priv-pass");
        var manager = ManagerFor(engine);
        manager.Timeout = TimeSpan.FromMilliseconds(1500);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(500);

        // The agent authenticates the request, fails to make sense of the decrypted scopedPDU and
        // stays silent (Net-SNMP 5.9 sends no usmStatsDecryptionErrors Report for it). The clock
        // stands still until snmpd has answered the discovery, which it does in real time.
        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(manager.GetAsync(SysDescr), mayAdvance: () => manager.EngineId is not null));

        Assert.That(error!.Transmissions, Is.EqualTo(3), "at 0, 500 and 1000 ms of a 1500 ms timeout");
        Assert.That(clock.Elapsed, Is.EqualTo(manager.Timeout), "no hang past the timeout");
    }

    [Test]
    public async Task An_unknown_user_at_noAuthNoPriv_is_a_report_error_at_once()
    {
        await using var engine = new Engine();
        engine.Usm.AddUser("mallory");

        var error = Assert.ThrowsAsync<SnmpReportException>(() => ManagerFor(engine).GetAsync(SysDescr));

        Assert.That(error!.Message, Does.Contain("usmStatsUnknownUserNames"));
    }

    [Test]
    public async Task An_unknown_user_with_authentication_times_out_naming_the_report()
    {
        await using var engine = new Engine();
        engine.Usm.AddUser("mallory", AuthenticationProtocol.HmacSha1, "mallory-auth-pass");

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => ManagerFor(engine).GetAsync(SysDescr));

        Assert.That(error!.Message, Does.Contain("usmStatsUnknownUserNames"));
    }

    [Test]
    public async Task A_level_the_agents_user_does_not_support_is_reported()
    {
        await using var engine = new Engine();
        // Locally bob may use privacy; the agent's bob has no privacy key.
        engine.Usm.AddUser("bob", AuthenticationProtocol.HmacSha1, "bob-auth-pass", PrivacyProtocol.Aes128, "bob-priv-passwd");

        var error = Assert.CatchAsync<SnmpException>(() => ManagerFor(engine).GetAsync(SysDescr));

        Assert.That(error!.Message, Does.Contain("usmStatsUnsupportedSecLevels"));
    }

    [Test]
    public async Task A_level_the_local_user_cannot_do_is_a_configuration_error()
    {
        await using var engine = new Engine();
        engine.Usm.AddUser("bob", AuthenticationProtocol.HmacSha1, "bob-auth-pass");

        Assert.Throws<SnmpConfigurationException>(() => ManagerFor(engine, level: SecurityLevel.AuthPriv));
        var manager = ManagerFor(engine);
        Assert.ThrowsAsync<SnmpConfigurationException>(() => manager.GetAsync([SysDescr], new RequestOptions { SecurityLevel = SecurityLevel.AuthPriv }));
        var ok = await manager.GetAsync([SysDescr], new RequestOptions { SecurityLevel = SecurityLevel.AuthNoPriv });
        Assert.That(ok, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_restarted_agent_with_a_higher_snmpEngineBoots_is_resynchronised()
    {
        await using var engine = new Engine();
        engine.Usm.AddUser("alice", AuthenticationProtocol.HmacSha1, "alice-auth-pass", PrivacyProtocol.Aes128, "alice-priv-pass");
        var manager = ManagerFor(engine);
        manager.Timeout = TimeSpan.FromSeconds(5);
        await manager.GetAsync(SysDescr);
        var engineId = manager.EngineId;
        var before = engine.Usm.SecurityModel.GetEngineTime(engineId!)!.Value;

        await _snmpd.RestartAsync();
        var after = await manager.GetAsync(SysDescr);

        Assert.That(after, Has.Count.EqualTo(1));
        var synced = engine.Usm.SecurityModel.GetEngineTime(engineId!)!.Value;
        Assert.That(synced.Boots, Is.GreaterThan(before.Boots), "snmpEngineBoots went up with the restart");
        Assert.That(engine.Retransmissions, Is.GreaterThanOrEqualTo(1), "the notInTimeWindow Report drew one immediate retry");
    }
}
