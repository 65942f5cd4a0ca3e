using System.Net;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Our Notifier (Notification Originator, RFC 3413 3.3) sending to Net-SNMP's snmptrapd as the
/// independent notification receiver: an SNMPv1 Trap-PDU, an SNMPv2-Trap and an InformRequest,
/// each compared with what snmptrapd logged.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NotifierToSnmptrapdTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private SnmptrapdFixture _trapd = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _trapd = await SnmptrapdFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_trapd is not null)
        {
            await _trapd.DisposeAsync();
        }
    }

    [Test]
    public async Task SnmpV2cTrapIsLoggedWithItsVarBinds()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmptrapdFixture.Community);
        var notifier = engine.Notifier(_trapd.Address);
        await notifier.SendTrapAsync("1.3.6.1.4.1.99999.0.1",
            [new VarBind("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4)), new VarBind("1.3.6.1.4.1.99999.1.1.0", new OctetString("v2c trap"))],
            sysUpTime: new TimeTicks(4200));

        var entry = await _trapd.WaitForEntryAsync("OID: .1.3.6.1.4.1.99999.0.1\t");
        Assert.That(entry, Does.Contain(".1.3.6.1.2.1.1.3.0 = Timeticks: (4200)"));
        Assert.That(entry, Does.Contain(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.99999.0.1"));
        Assert.That(entry, Does.Contain(".1.3.6.1.2.1.2.2.1.1.4 = INTEGER: 4"));
        Assert.That(entry, Does.Contain(".1.3.6.1.4.1.99999.1.1.0 = STRING: \"v2c trap\""));
        Assert.That(entry.IndexOf(".1.3.6.1.2.1.1.3.0", StringComparison.Ordinal), Is.LessThan(entry.IndexOf(".1.3.6.1.6.3.1.1.4.1.0", StringComparison.Ordinal)), "sysUpTime.0 first");
    }

    [Test]
    public async Task SnmpV1TrapIsLoggedWithItsTrapPduFields()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv1, defaultCommunity: SnmptrapdFixture.Community);
        var notifier = engine.Notifier(_trapd.Address);
        await notifier.SendV1TrapAsync("1.3.6.1.4.1.99999.7", GenericTrap.EnterpriseSpecific, 12,
            [new VarBind("1.3.6.1.4.1.99999.1.2.0", new OctetString("v1 trap"))], new IpAddress(IPAddress.Parse("192.0.2.7")), new TimeTicks(55));

        var entry = await _trapd.WaitForEntryAsync(".1.3.6.1.4.1.99999.7 Enterprise Specific Trap (12)");
        Assert.That(entry, Does.Contain("TRAP, SNMP v1, community public"));
        Assert.That(entry, Does.Contain("192.0.2.7"), "agent-addr");
        Assert.That(entry, Does.Contain("Uptime: 0:00:00.55"), "time-stamp");
        Assert.That(entry, Does.Contain(".1.3.6.1.4.1.99999.1.2.0 = STRING: \"v1 trap\""));
    }

    [Test]
    public async Task SnmpV2cInformIsAcknowledgedAndLogged()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmptrapdFixture.Community);
        var notifier = engine.Notifier(_trapd.Address);
        var response = await notifier.InformAsync("1.3.6.1.4.1.99999.0.3", [new VarBind("1.3.6.1.4.1.99999.1.3.0", new Gauge32(33))], sysUpTime: new TimeTicks(77))
            .WaitAsync(Patience);

        Assert.That(response[0], Is.EqualTo(new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(77))));
        Assert.That(response[1].Value, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.3")));
        Assert.That(response[2], Is.EqualTo(new VarBind("1.3.6.1.4.1.99999.1.3.0", new Gauge32(33))));
        var entry = await _trapd.WaitForEntryAsync("OID: .1.3.6.1.4.1.99999.0.3\t");
        Assert.That(entry, Does.Contain(".1.3.6.1.4.1.99999.1.3.0 = Gauge32: 33"));
    }
}
