using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Our SNMPv3 Notifier sending to Net-SNMP's snmptrapd, for every USM combination Debian's
/// Net-SNMP supports (<see cref="UsmMatrix"/>: noAuthNoPriv, and 6 authentication protocols each
/// without privacy and with DES, AES, AES-192 and AES-256). Traps: our engine is the
/// authoritative engine (RFC 3414 2.3), so snmptrapd knows the users at our snmpEngineID
/// (<c>createUser -e</c>) and checks our digest, decryption and boots/time. Informs: snmptrapd
/// is the authoritative engine, so the Notifier discovers its snmpEngineID first (RFC 3414
/// section 4) and snmptrapd knows the users at its own engine ID. snmptrapd authorizes each user
/// only at its own level (authUser ... noauth/auth/priv) and logs the user name, so a logged
/// entry proves user and level; its variable-bindings are compared one by one with what we sent.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NotifierV3ToSnmptrapdTests
{
    private const string AuthPassword = "notifier-auth-pass";
    private const string PrivPassword = "notifier-priv-pass";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Our snmpEngineID: fixed, so snmptrapd's configuration can name it before our engine exists.</summary>
    private static readonly OctetString OurEngineId = new(Convert.FromHexString("8000C0DE050102030405060708"));

    private SnmptrapdFixture _trapd = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // Authorization on (the fixture's last word wins), and a log line naming the user (%P).
        var config = new List<string> { "disableAuthorization no", @"format2 %.4y-%.2m-%.2l %.2h:%.2j:%.2k %B [%b] %P:\n%v\n" };
        foreach (var user in UsmMatrix.Users)
        {
            // Traps: the user at our engine ID; informs: the user at snmptrapd's own.
            config.Add(user.CreateUserLine(OurEngineId.ToHex(), AuthPassword, PrivPassword));
            config.Add(user.CreateUserLine(null, AuthPassword, PrivPassword));
            config.Add(user.AuthUserLine);
        }

        _trapd = await SnmptrapdFixture.StartAsync([.. config]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_trapd is not null)
        {
            await _trapd.DisposeAsync();
        }
    }

    private static Engine CreateEngine(UsmMatrixUser user)
    {
        var engine = new Engine(new EngineOptions { EngineId = OurEngineId });
        user.AddTo(engine, AuthPassword, PrivPassword);
        return engine;
    }

    private static IEnumerable<TestCaseData> Cases() =>
        UsmMatrix.Users.Select((u, i) => new TestCaseData(u.Name, i).SetArgDisplayNames(u.Name));

    private static VarBind[] Payload(UsmMatrixUser user, int index) =>
    [
        new VarBind("1.3.6.1.4.1.99999.1.4.0", new OctetString($"v3 {user.Name}")),
        new VarBind("1.3.6.1.4.1.99999.1.6.0", new Integer32(-index)),
        new VarBind("1.3.6.1.4.1.99999.1.7.0", new ObjectIdentifier($"1.3.6.1.4.1.99999.{index}")),
        new VarBind("1.3.6.1.4.1.99999.1.8.0", new Counter64(ulong.MaxValue - (ulong)index)),
    ];

    /// <summary>The variable-bindings as snmptrapd logs them (-On, no MIBs; tab-separated after the header line).</summary>
    private static string[] Logged(UsmMatrixUser user, int index, string trapOid, string upTime) =>
    [
        $".1.3.6.1.2.1.1.3.0 = Timeticks: {upTime}",
        $".1.3.6.1.6.3.1.1.4.1.0 = OID: .{trapOid}",
        $".1.3.6.1.4.1.99999.1.4.0 = STRING: \"v3 {user.Name}\"",
        $".1.3.6.1.4.1.99999.1.6.0 = INTEGER: {-index}",
        $".1.3.6.1.4.1.99999.1.7.0 = OID: .1.3.6.1.4.1.99999.{index}",
        $".1.3.6.1.4.1.99999.1.8.0 = Counter64: {ulong.MaxValue - (ulong)index}",
    ];

    private static (string Header, string[] VarBinds) Split(string entry)
    {
        var newline = entry.IndexOf('\n', StringComparison.Ordinal);
        return (entry[..newline], entry[(newline + 1)..].TrimEnd('\n', '\r').Split('\t'));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task SnmpV3TrapIsAuthenticatedAndLogged(string name, int index)
    {
        var user = UsmMatrix.Users[index];
        await using var engine = CreateEngine(user);
        var notifier = engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, defaultUserName: name, defaultSecurityLevel: user.Level);
        var trapOid = $"1.3.6.1.4.1.99999.0.3.{index}";
        await notifier.SendTrapAsync(trapOid, Payload(user, index), sysUpTime: new TimeTicks(4300));

        var (header, varBinds) = Split(await _trapd.WaitForEntryAsync($"OID: .{trapOid}\t"));
        Assert.That(header, Does.EndWith($"TRAP2, SNMP v3, user {name}, context :"));
        Assert.That(varBinds, Is.EqualTo(Logged(user, index, trapOid, "(4300) 0:00:43.00")));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task SnmpV3InformIsAcknowledgedAndLogged(string name, int index)
    {
        var user = UsmMatrix.Users[index];
        await using var engine = CreateEngine(user);
        var notifier = engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, defaultUserName: name, defaultSecurityLevel: user.Level);
        var trapOid = $"1.3.6.1.4.1.99999.0.4.{index}";
        var response = await notifier.InformAsync(trapOid, Payload(user, index), sysUpTime: new TimeTicks(88)).WaitAsync(Patience);

        Assert.That(response, Is.EqualTo(new[] { new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(88)), new VarBind("1.3.6.1.6.3.1.1.4.1.0", new ObjectIdentifier(trapOid)) }
            .Concat(Payload(user, index))));
        var (header, varBinds) = Split(await _trapd.WaitForEntryAsync($"OID: .{trapOid}\t"));
        Assert.That(header, Does.EndWith($"INFORM, SNMP v3, user {name}, context :"));
        Assert.That(varBinds, Is.EqualTo(Logged(user, index, trapOid, "(88) 0:00:00.88")));
    }

    [Test]
    public async Task SnmpV3TrapWithAWrongPasswordOrBelowTheUsersLevelIsNotLogged()
    {
        // One engine, so one socket: the bad traps reach snmptrapd before the good one.
        var user = UsmMatrix.Users.Single(u => u.Name == "sha-aes");
        await using var engine = CreateEngine(user);
        engine.Usm.AddUser(user.Name, AuthenticationProtocol.HmacSha1, "not-the-password", @namespace: "wrong");
        await engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, @namespace: "wrong").SendTrapAsync("1.3.6.1.4.1.99999.0.50");
        // The right keys at authNoPriv: authenticated, but snmptrapd authorizes sha-aes only at authPriv.
        await engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, defaultUserName: user.Name, defaultSecurityLevel: SecurityLevel.AuthNoPriv)
            .SendTrapAsync("1.3.6.1.4.1.99999.0.52");
        await engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, defaultUserName: user.Name, defaultSecurityLevel: SecurityLevel.AuthPriv)
            .SendTrapAsync("1.3.6.1.4.1.99999.0.51");

        await _trapd.WaitForEntryAsync("OID: .1.3.6.1.4.1.99999.0.51");
        Assert.That(_trapd.Log, Does.Not.Contain(".1.3.6.1.4.1.99999.0.50"));
        Assert.That(_trapd.Log, Does.Not.Contain(".1.3.6.1.4.1.99999.0.52"));
    }
}
