using Snmp.Interop.Tests.PySnmp;
using Snmp.Messages;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Our SNMPv3 Notifier sending to pysnmp 4.4's notification receiver (ntfrcv.py) with the
/// privacy protocols Debian's Net-SNMP lacks: 3DES-EDE and AES-192/256 with the Reeder key
/// extension, and Blumenthal AES-192/256. Traps: our engine is authoritative and pysnmp knows the
/// users at our snmpEngineID. Informs: the Notifier discovers pysnmp's engine first and returns
/// only once pysnmp's Response arrived. pysnmp's view of each (user, level, variable-bindings)
/// is compared with what we sent.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NotifierToPySnmpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly OctetString OurEngineId = OctetString.FromHex(PySnmpNotificationReceiverFixture.SenderEngineIdHex);
    private PySnmpNotificationReceiverFixture _pysnmp = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _pysnmp = await PySnmpNotificationReceiverFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_pysnmp is not null)
        {
            await _pysnmp.DisposeAsync();
        }
    }

    private static IEnumerable<TestCaseData> Cases() =>
        PySnmpUsers.All.Select((u, i) => new TestCaseData(u.Name, i).SetArgDisplayNames(u.Name));

    private Notifier CreateNotifier(Engine engine, int index)
    {
        var (name, auth, priv) = PySnmpUsers.All[index];
        engine.Usm.AddUser(name, auth, PySnmpNotificationReceiverFixture.AuthPassword, priv, PySnmpNotificationReceiverFixture.PrivPassword);
        return engine.Notifier(_pysnmp.Address, SnmpVersion.SNMPv3, defaultUserName: name, defaultSecurityLevel: SecurityLevel.AuthPriv);
    }

    private static VarBind[] Payload(string user, int index) =>
    [
        new("1.3.6.1.4.1.99999.1.1.0", new OctetString("ours " + user)),
        new("1.3.6.1.4.1.99999.1.2.0", new Integer32(-index)),
        new("1.3.6.1.4.1.99999.1.3.0", new ObjectIdentifier($"1.3.6.1.4.1.99999.{index}")),
        new("1.3.6.1.4.1.99999.1.8.0", new Counter64(ulong.MaxValue - (ulong)index)),
    ];

    /// <summary>The variable-bindings as ntfrcv.py prints them: pysnmp's type names and prettyPrint.</summary>
    private static (string, string, string)[] AsPySnmp(string user, int index, string trapOid, uint sysUpTime) =>
    [
        ("1.3.6.1.2.1.1.3.0", "TimeTicks", sysUpTime.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("1.3.6.1.6.3.1.1.4.1.0", "ObjectIdentifier", trapOid),
        ("1.3.6.1.4.1.99999.1.1.0", "OctetString", "ours " + user),
        ("1.3.6.1.4.1.99999.1.2.0", "Integer", (-index).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("1.3.6.1.4.1.99999.1.3.0", "ObjectIdentifier", $"1.3.6.1.4.1.99999.{index}"),
        ("1.3.6.1.4.1.99999.1.8.0", "Counter64", (ulong.MaxValue - (ulong)index).ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task SnmpV3TrapIsReceivedByPySnmp(string user, int index)
    {
        await using var engine = new Engine(new EngineOptions { EngineId = OurEngineId });
        var trapOid = $"1.3.6.1.4.1.99999.0.13.{index}";
        await CreateNotifier(engine, index).SendTrapAsync(trapOid, Payload(user, index), sysUpTime: new TimeTicks(4300));

        var n = await _pysnmp.WaitForAsync(trapOid);
        Assert.That(n.User, Is.EqualTo(user));
        Assert.That(n.Level, Is.EqualTo(3), "authPriv");
        Assert.That(n.ContextEngineId, Is.EqualTo(OurEngineId.ToHex().ToUpperInvariant()));
        Assert.That(n.VarBinds, Is.EqualTo(AsPySnmp(user, index, trapOid, 4300)));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task SnmpV3InformIsAcknowledgedByPySnmp(string user, int index)
    {
        await using var engine = new Engine(new EngineOptions { EngineId = OurEngineId });
        var trapOid = $"1.3.6.1.4.1.99999.0.14.{index}";
        var response = await CreateNotifier(engine, index).InformAsync(trapOid, Payload(user, index), sysUpTime: new TimeTicks(88)).WaitAsync(Patience);

        Assert.That(response.Skip(2), Is.EqualTo(Payload(user, index)));
        var n = await _pysnmp.WaitForAsync(trapOid);
        Assert.That(n.User, Is.EqualTo(user));
        Assert.That(n.Level, Is.EqualTo(3), "authPriv");
        Assert.That(n.VarBinds, Is.EqualTo(AsPySnmp(user, index, trapOid, 88)));
    }
}
