using System.Globalization;
using Snmp.Applications;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Net-SNMP's snmptrap -v 3 and snmpinform -v 3 sending to our TrapReceiver for every USM
/// combination Debian's Net-SNMP supports (<see cref="UsmMatrix"/>). Each notification must be
/// delivered with its user (securityName), its securityLevel, its authoritative engine (the trap's
/// sender; for an inform, the receiver), its contextEngineID and its variable-bindings; each inform must be acknowledged (snmpinform exits 0 only when our Response
/// arrived). snmptrap is told its snmpEngineID (-e, the authoritative engine of a trap) and, as an
/// agent sending its own traps does, names the same engine as contextEngineID (-E).
/// </summary>
/// <remarks>
/// Informs go to one receiver configured with all users (the receiver is authoritative, its keys
/// are localised once at start). Traps go to a receiver of their own with the one user: each
/// trap comes from a new sender engine, and a receiver localises keys for at most
/// <see cref="Security.Usm.UsmTrapSenderUsers.MaxLocalisationsPerSecond"/> new engines a second,
/// so a fast run of senders against one receiver would depend on the wall clock.
/// </remarks>
[TestFixture]
[NonParallelizable]
public class NetSnmpV3MatrixToTrapReceiverTests
{
    private const string AuthPassword = "matrix-auth-pass";
    private const string PrivPassword = "matrix-priv-pass";
    private ReceiverUnderTest _informs = null!;

    [OneTimeSetUp]
    public void StartInformReceiver()
    {
        NetSnmpInstallation.Require("snmpinform");
        _informs = new ReceiverUnderTest(new TrapReceiverOptions { Users = [.. UsmMatrix.Users.Select(u => u.ForReceiver(AuthPassword, PrivPassword))] });
    }

    [OneTimeTearDown]
    public async Task StopInformReceiverAsync()
    {
        if (_informs is not null)
        {
            await _informs.DisposeAsync();
        }
    }

    private static IEnumerable<TestCaseData> Cases() =>
        UsmMatrix.Users.Select((u, i) => new TestCaseData(u.Name, i).SetArgDisplayNames(u.Name));

    private static string[] PayloadArguments(UsmMatrixUser user, int index) =>
    [
        "1.3.6.1.4.1.99999.1.1.0", "s", $"v3 {user.Name}",
        "1.3.6.1.4.1.99999.1.2.0", "i", (-index).ToString(CultureInfo.InvariantCulture),
        "1.3.6.1.4.1.99999.1.3.0", "o", $"1.3.6.1.4.1.99999.{index}",
        "1.3.6.1.4.1.99999.1.5.0", "u", (4_000_000_000u - (uint)index).ToString(CultureInfo.InvariantCulture),
    ];

    private static VarBind[] Payload(UsmMatrixUser user, int index) =>
    [
        new("1.3.6.1.4.1.99999.1.1.0", new OctetString($"v3 {user.Name}")),
        new("1.3.6.1.4.1.99999.1.2.0", new Integer32(-index)),
        new("1.3.6.1.4.1.99999.1.3.0", new ObjectIdentifier($"1.3.6.1.4.1.99999.{index}")),
        new("1.3.6.1.4.1.99999.1.5.0", new Gauge32(4_000_000_000u - (uint)index)),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task SnmptrapV3IsDeliveredWithItsUserLevelAndEngine(string name, int index)
    {
        var user = UsmMatrix.Users[index];
        await using var under = new ReceiverUnderTest(new TrapReceiverOptions { Users = [user.ForReceiver(AuthPassword, PrivPassword)] });
        var sender = OctetString.FromHex($"8000C0DE05{index:X2}0102030405060708");
        var trapOid = $"1.3.6.1.4.1.99999.0.7.{index}";
        var result = await NetSnmpTools.RunAsync("snmptrap",
            ["-v", "3", "-e", "0x" + sender.ToHex(), "-E", "0x" + sender.ToHex(), .. user.NetSnmpArguments(AuthPassword, PrivPassword), under.Peer, "4200", trapOid, .. PayloadArguments(user, index)]);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);

        var n = await under.NextAsync();
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv3));
        Assert.That(n.PduType, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(n.Community, Is.EqualTo(new OctetString(name)), "the securityName");
        Assert.That(n.SecurityLevel, Is.EqualTo(user.Level));
        Assert.That(n.SecurityEngineId, Is.EqualTo(sender), "the trap's authoritative engine");
        Assert.That(n.ContextEngineId, Is.EqualTo(sender));
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(4200)));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier(trapOid)));
        Assert.That(n.Payload, Is.EqualTo(Payload(user, index)));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task SnmpinformV3IsAcknowledgedAndDeliveredWithItsUserAndLevel(string name, int index)
    {
        var user = UsmMatrix.Users[index];
        var trapOid = $"1.3.6.1.4.1.99999.0.8.{index}";
        // snmpinform discovers the receiver's snmpEngineID (the informs' authoritative engine);
        // the contextEngineID is the sender's (RFC 3413 3.3), here named with -E.
        var context = OctetString.FromHex($"8000C0DE06{index:X2}0102030405060708");
        var result = await NetSnmpTools.RunAsync("snmpinform",
            ["-v", "3", "-E", "0x" + context.ToHex(), .. user.NetSnmpArguments(AuthPassword, PrivPassword), _informs.Peer, "77", trapOid, .. PayloadArguments(user, index)]);
        Assert.That(result.ExitCode, Is.Zero, "snmpinform exits 0 only when acknowledged: " + result.StandardError);

        var n = await _informs.NextAsync();
        Assert.That(n.IsInform, Is.True);
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv3));
        Assert.That(n.Community, Is.EqualTo(new OctetString(name)), "the securityName");
        Assert.That(n.SecurityLevel, Is.EqualTo(user.Level));
        Assert.That(n.SecurityEngineId, Is.EqualTo(_informs.Receiver.LocalEngine.EngineId), "the receiver is the informs' authoritative engine");
        Assert.That(n.ContextEngineId, Is.EqualTo(context));
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(77)));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier(trapOid)));
        Assert.That(n.Payload, Is.EqualTo(Payload(user, index)));
    }
}
