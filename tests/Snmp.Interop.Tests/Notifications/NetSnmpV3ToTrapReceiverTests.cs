using Snmp.Applications;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Net-SNMP's snmptrap -v 3 and snmpinform -v 3 sending to our TrapReceiver configured with USM
/// users once. Traps: each sender is authoritative (RFC 3414 2.3), so the receiver localises the
/// user's keys for each sender's snmpEngineID (-e) when first seen. Informs: the receiver is
/// authoritative; snmpinform discovers its engine and exits 0 only when our Response arrives.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpV3ToTrapReceiverTests
{
    private const string AuthPassword = "receiver-auth-pass";
    private const string PrivPassword = "receiver-priv-pass";
    private static readonly TimeSpan Patience = ReceiverUnderTest.Patience;
    private ReceiverUnderTest _under = null!;

    [SetUp]
    public void SetUp()
    {
        _under = new ReceiverUnderTest(new TrapReceiverOptions
        {
            Users =
            [
                new TrapReceiverUser("trapsha-aes", AuthenticationProtocol.HmacSha1, AuthPassword, PrivacyProtocol.Aes128, PrivPassword),
                new TrapReceiverUser("trapsha", AuthenticationProtocol.HmacSha1, AuthPassword),
                new TrapReceiverUser("pinned", AuthenticationProtocol.HmacSha256, AuthPassword, PrivacyProtocol.Aes256, PrivPassword) { EngineId = OctetString.FromHex("8000C0DE05AAAAAAAAAAAAAAAA") },
            ],
        });
    }

    [TearDown]
    public async Task TearDownAsync() => await _under.DisposeAsync();

    private Task<ReceivedNotification> NextAsync() => _under.NextAsync();

    private static string[] Security(string user) => user switch
    {
        "trapsha" => ["-u", user, "-l", "authNoPriv", "-a", "SHA", "-A", AuthPassword],
        "pinned" => ["-u", user, "-l", "authPriv", "-a", "SHA-256", "-A", AuthPassword, "-x", "AES-256", "-X", PrivPassword],
        _ => ["-u", user, "-l", "authPriv", "-a", "SHA", "-A", AuthPassword, "-x", "AES", "-X", PrivPassword],
    };

    private Task<NetSnmpResult> TrapAsync(string engineId, string user, string trapOid) =>
        NetSnmpTools.RunAsync("snmptrap", ["-v", "3", "-e", engineId, .. Security(user), _under.Peer, "4200", trapOid, "1.3.6.1.4.1.99999.1.1.0", "s", "v3 from snmptrap"]);

    [Test]
    public async Task TwoSendersUnderOneUserNameAreBothLearntAndDelivered()
    {
        foreach (var (engine, oid) in new[] { ("0x8000C0DE05010101010101010101", "1.3.6.1.4.1.99999.0.61"), ("0x8000C0DE05020202020202020202", "1.3.6.1.4.1.99999.0.62") })
        {
            var result = await TrapAsync(engine, "trapsha-aes", oid);
            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            var n = await NextAsync();
            Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv3));
            Assert.That(n.PduType, Is.EqualTo(PduType.SNMPv2Trap));
            Assert.That(n.Community, Is.EqualTo(new OctetString("trapsha-aes")), "the securityName");
            Assert.That(n.SecurityEngineId, Is.EqualTo(OctetString.FromHex(engine[2..])), "the sender's snmpEngineID");
            Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(4200)));
            Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier(oid)));
            Assert.That(n.Payload, Is.EqualTo(new[] { new VarBind("1.3.6.1.4.1.99999.1.1.0", new OctetString("v3 from snmptrap")) }));
        }
    }

    [Test]
    public async Task AuthNoPrivTrapAndAPinnedUserAreDelivered()
    {
        Assert.That((await TrapAsync("0x8000C0DE05030303030303030303", "trapsha", "1.3.6.1.4.1.99999.0.63")).ExitCode, Is.Zero);
        Assert.That((await NextAsync()).TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.63")));
        Assert.That((await TrapAsync("0x8000C0DE05AAAAAAAAAAAAAAAA", "pinned", "1.3.6.1.4.1.99999.0.64")).ExitCode, Is.Zero);
        Assert.That((await NextAsync()).TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.64")));
    }

    [Test]
    public async Task APinnedUserFromAnotherEngineAndAWrongPasswordAreDropped()
    {
        Assert.That((await TrapAsync("0x8000C0DE05BBBBBBBBBBBBBBBB", "pinned", "1.3.6.1.4.1.99999.0.65")).ExitCode, Is.Zero);
        var wrong = await NetSnmpTools.RunAsync("snmptrap", ["-v", "3", "-e", "0x8000C0DE05CCCCCCCCCCCCCCCC", "-u", "trapsha", "-l", "authNoPriv", "-a", "SHA", "-A", "wrong-password",
            _under.Peer, "0", "1.3.6.1.4.1.99999.0.66"]);
        Assert.That(wrong.ExitCode, Is.Zero);
        // Then a good one from the same tool: once it is delivered, the dropped ones had arrived.
        Assert.That((await TrapAsync("0x8000C0DE05030303030303030303", "trapsha", "1.3.6.1.4.1.99999.0.67")).ExitCode, Is.Zero);
        Assert.That((await NextAsync()).TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.67")));
        Assert.That(_under.Receiver.Statistics[AbstractServices.SnmpCounter.UsmStatsUnknownUserNames], Is.EqualTo(1), "the pinned user at another engine");
        Assert.That(_under.Receiver.Statistics[AbstractServices.SnmpCounter.UsmStatsWrongDigests], Is.EqualTo(1), "the wrong password");
    }

    [Test]
    public async Task SnmpinformV3NamingTheReceiversConfiguredEngineIdIsAcknowledged()
    {
        var engineId = OctetString.FromHex("8000C0DE05DDDDDDDDDDDDDDDD");
        await using var pinned = new ReceiverUnderTest(new TrapReceiverOptions
        {
            EngineId = engineId,
            Users = [new TrapReceiverUser("trapsha", AuthenticationProtocol.HmacSha1, AuthPassword)],
        });
        Assert.That(pinned.Receiver.LocalEngine.EngineId, Is.EqualTo(engineId));
        var result = await NetSnmpTools.RunAsync("snmpinform", ["-v", "3", "-e", "0x" + engineId.ToHex(), .. Security("trapsha"), pinned.Peer, "0", "1.3.6.1.4.1.99999.0.69"]);
        Assert.That(result.ExitCode, Is.Zero, "snmpinform exits 0 only when acknowledged: " + result.StandardError);
        Assert.That((await pinned.NextAsync()).TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.69")));
    }

    [TestCase("trapsha")]
    [TestCase("trapsha-aes")]
    public async Task SnmpinformV3IsAcknowledged(string user)
    {
        var result = await NetSnmpTools.RunAsync("snmpinform", ["-v", "3", .. Security(user), _under.Peer, "77", "1.3.6.1.4.1.99999.0.68", "1.3.6.1.4.1.99999.1.3.0", "u", "33"]);
        Assert.That(result.ExitCode, Is.Zero, "snmpinform exits 0 only when acknowledged: " + result.StandardError);

        var n = await NextAsync();
        Assert.That(n.IsInform, Is.True);
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv3));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.68")));
        Assert.That(n.Payload, Is.EqualTo(new[] { new VarBind("1.3.6.1.4.1.99999.1.3.0", new Gauge32(33)) }));
    }
}
