using Snmp.Messages;
using Snmp.Security.Usm;
using Snmp.Smi;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Our SNMPv3 Notifier sending to Net-SNMP's snmptrapd. Traps: our engine is the authoritative
/// engine (RFC 3414 2.3), so snmptrapd knows the users at our snmpEngineID (<c>createUser -e</c>)
/// and checks our digest, decryption and boots/time. Informs: snmptrapd is the authoritative
/// engine, so the Notifier discovers its snmpEngineID first (RFC 3414 section 4) and snmptrapd
/// knows the users at its own engine ID.
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

    /// <summary>(user, Net-SNMP -a name, ours, Net-SNMP -x name or null, ours or null).</summary>
    private static readonly (string User, string Auth, AuthenticationProtocol OurAuth, string? Priv, PrivacyProtocol? OurPriv)[] Users =
    [
        ("v3sha", "SHA", AuthenticationProtocol.HmacSha1, null, null),
        ("v3sha-aes", "SHA", AuthenticationProtocol.HmacSha1, "AES", PrivacyProtocol.Aes128),
        ("v3sha256-aes256", "SHA-256", AuthenticationProtocol.HmacSha256, "AES-256", PrivacyProtocol.Aes256),
        ("v3md5-des", "MD5", AuthenticationProtocol.HmacMd5, "DES", PrivacyProtocol.Des),
    ];

    private SnmptrapdFixture _trapd = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var config = new List<string>();
        foreach (var (user, auth, _, priv, _) in Users)
        {
            var secrets = priv is null ? $"{auth} {AuthPassword}" : $"{auth} {AuthPassword} {priv} {PrivPassword}";
            // Traps: the user at our engine ID; informs: the user at snmptrapd's own.
            config.Add($"createUser -e 0x{OurEngineId.ToHex()} {user} {secrets}");
            config.Add($"createUser {user} {secrets}");
            config.Add($"authUser log,execute {user}");
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

    private static Engine CreateEngine(string user)
    {
        var engine = new Engine(new EngineOptions { EngineId = OurEngineId });
        var (_, _, ourAuth, _, ourPriv) = Users.Single(u => u.User == user);
        engine.Usm.AddUser(user, ourAuth, AuthPassword, ourPriv, ourPriv is null ? null : PrivPassword);
        return engine;
    }

    private static IEnumerable<TestCaseData> Cases() =>
        Users.Select((u, i) => new TestCaseData(u.User, u.Priv is null ? SecurityLevel.AuthNoPriv : SecurityLevel.AuthPriv, i).SetArgDisplayNames(u.User));

    [TestCaseSource(nameof(Cases))]
    public async Task SnmpV3TrapIsAuthenticatedAndLogged(string user, SecurityLevel level, int index)
    {
        await using var engine = CreateEngine(user);
        var notifier = engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, defaultUserName: user, defaultSecurityLevel: level);
        var trapOid = $"1.3.6.1.4.1.99999.0.3{index}";
        await notifier.SendTrapAsync(trapOid, [new VarBind("1.3.6.1.4.1.99999.1.4.0", new OctetString($"v3 trap {user}"))], sysUpTime: new TimeTicks(4300));

        var entry = await _trapd.WaitForEntryAsync($"OID: .{trapOid}\t");
        Assert.That(entry, Does.Contain(".1.3.6.1.2.1.1.3.0 = Timeticks: (4300)"));
        Assert.That(entry, Does.Contain($".1.3.6.1.4.1.99999.1.4.0 = STRING: \"v3 trap {user}\""));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task SnmpV3InformIsAcknowledgedAndLogged(string user, SecurityLevel level, int index)
    {
        await using var engine = CreateEngine(user);
        var notifier = engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, defaultUserName: user, defaultSecurityLevel: level);
        var trapOid = $"1.3.6.1.4.1.99999.0.4{index}";
        var response = await notifier.InformAsync(trapOid, [new VarBind("1.3.6.1.4.1.99999.1.5.0", new Gauge32(55))], sysUpTime: new TimeTicks(88))
            .WaitAsync(Patience);

        Assert.That(response[0], Is.EqualTo(new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(88))));
        Assert.That(response[2], Is.EqualTo(new VarBind("1.3.6.1.4.1.99999.1.5.0", new Gauge32(55))));
        var entry = await _trapd.WaitForEntryAsync($"OID: .{trapOid}\t");
        Assert.That(entry, Does.Contain(".1.3.6.1.4.1.99999.1.5.0 = Gauge32: 55"));
    }

    [Test]
    public async Task SnmpV3TrapWithAWrongPasswordIsNotLogged()
    {
        // One engine, so one socket: the bad trap reaches snmptrapd before the good one.
        await using var engine = CreateEngine("v3sha");
        engine.Usm.AddUser("v3sha", AuthenticationProtocol.HmacSha1, "not-the-password", @namespace: "wrong");
        await engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, @namespace: "wrong").SendTrapAsync("1.3.6.1.4.1.99999.0.50");
        await engine.Notifier(_trapd.Address, SnmpVersion.SNMPv3, defaultUserName: "v3sha").SendTrapAsync("1.3.6.1.4.1.99999.0.51");

        await _trapd.WaitForEntryAsync("OID: .1.3.6.1.4.1.99999.0.51");
        Assert.That(_trapd.Log, Does.Not.Contain(".1.3.6.1.4.1.99999.0.50"));
    }
}
