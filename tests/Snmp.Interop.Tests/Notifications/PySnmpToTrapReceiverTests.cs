using Snmp.Applications;
using Snmp.Interop.Tests.PySnmp;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// pysnmp 4.4 as a second notification originator (notifier.py) sending SNMPv3 traps and informs
/// to our TrapReceiver with the privacy protocols Debian's Net-SNMP lacks: 3DES-EDE and
/// AES-192/256 with the Reeder key extension, and AES-192/256 with the Blumenthal extension.
/// Traps: pysnmp's engine is authoritative and our receiver localises the user's keys for it on
/// first sight. Informs: our receiver is authoritative, pysnmp discovers it and reports OK only
/// once our Response arrived.
/// </summary>
[TestFixture]
[NonParallelizable]
public class PySnmpToTrapReceiverTests
{
    private static readonly OctetString PySnmpEngineId = OctetString.FromHex(PySnmpNotifierFixture.EngineIdHex);
    private PySnmpNotifierFixture _pysnmp = null!;
    private ReceiverUnderTest _informs = null!;

    private static readonly (string User, AuthenticationProtocol Auth, PrivacyProtocol Priv)[] Users = PySnmpUsers.All;

    private static TrapReceiverUser ReceiverUser(int index) =>
        new(Users[index].User, Users[index].Auth, PySnmpNotifierFixture.AuthPassword, Users[index].Priv, PySnmpNotifierFixture.PrivPassword);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _pysnmp = await PySnmpNotifierFixture.StartAsync();
        _informs = new ReceiverUnderTest(new TrapReceiverOptions { Users = [.. Users.Select((_, i) => ReceiverUser(i))] });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_informs is not null)
        {
            await _informs.DisposeAsync();
        }

        if (_pysnmp is not null)
        {
            await _pysnmp.DisposeAsync();
        }
    }

    private static IEnumerable<TestCaseData> Cases() =>
        Users.Select((u, i) => new TestCaseData(u.User, i).SetArgDisplayNames(u.User));

    private static VarBind[] Payload(string user) =>
        [new("1.3.6.1.4.1.99999.1.1.0", new OctetString("pysnmp " + user)), new("1.3.6.1.4.1.99999.1.2.0", new Integer32(user.Length))];

    private static void AssertDelivered(ReceivedNotification n, string user, string trapOid, uint sysUpTime)
    {
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv3));
        Assert.That(n.Community, Is.EqualTo(new OctetString(user)), "the securityName");
        Assert.That(n.SecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(sysUpTime)));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier(trapOid)));
        Assert.That(n.Payload, Is.EqualTo(Payload(user)));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task PySnmpTrapIsDelivered(string user, int index)
    {
        // A receiver of its own: a new sender engine for it, whatever ran before.
        await using var under = new ReceiverUnderTest(new TrapReceiverOptions { Users = [ReceiverUser(index)] });
        var trapOid = $"1.3.6.1.4.1.99999.0.9.{index}";
        Assert.That(await _pysnmp.SendAsync("trap", under.Receiver.Endpoints[0].Port, user, trapOid, 4200), Is.EqualTo("OK"));

        var n = await under.NextAsync();
        Assert.That(n.PduType, Is.EqualTo(PduType.SNMPv2Trap));
        AssertDelivered(n, user, trapOid, 4200);
        Assert.That(n.SecurityEngineId, Is.EqualTo(PySnmpEngineId), "pysnmp is the trap's authoritative engine");
        Assert.That(n.ContextEngineId, Is.EqualTo(PySnmpEngineId));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task PySnmpInformIsAcknowledgedAndDelivered(string user, int index)
    {
        var trapOid = $"1.3.6.1.4.1.99999.0.10.{index}";
        Assert.That(await _pysnmp.SendAsync("inform", _informs.Receiver.Endpoints[0].Port, user, trapOid, 77), Is.EqualTo("OK"), "pysnmp got our Response");

        var n = await _informs.NextAsync();
        Assert.That(n.IsInform, Is.True);
        Assert.That(n.SecurityEngineId, Is.EqualTo(_informs.Receiver.LocalEngine.EngineId), "the receiver is the inform's authoritative engine");
        AssertDelivered(n, user, trapOid, 77);
    }

    [Test]
    public async Task AReederKeyIsNotABlumenthalKey()
    {
        // The receiver knows aes256r-md5 with the Blumenthal extension: pysnmp's Reeder-keyed
        // trap authenticates but does not decrypt, so it is dropped; the next good one arrives.
        // (MD5's 16-byte key needs extending to AES-256's 32; with SHA-256 both extensions agree.)
        await using var under = new ReceiverUnderTest(new TrapReceiverOptions
        {
            Users =
            [
                new TrapReceiverUser("aes256r-md5", AuthenticationProtocol.HmacMd5, PySnmpNotifierFixture.AuthPassword, PrivacyProtocol.Aes256, PySnmpNotifierFixture.PrivPassword),
                ReceiverUser(0),
            ],
        });
        var port = under.Receiver.Endpoints[0].Port;
        Assert.That(await _pysnmp.SendAsync("trap", port, "aes256r-md5", "1.3.6.1.4.1.99999.0.11", 1), Is.EqualTo("OK"));
        Assert.That(await _pysnmp.SendAsync("trap", port, Users[0].User, "1.3.6.1.4.1.99999.0.12", 2), Is.EqualTo("OK"));

        Assert.That((await under.NextAsync()).TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.12")));
        // A CFB decryption with the wrong key yields no scopedPDU: RFC 3414 3.2 step 8.
        Assert.That(under.Receiver.Statistics[AbstractServices.SnmpCounter.UsmStatsDecryptionErrors], Is.EqualTo(1));
    }
}
