using Snmp.Applications;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Net-SNMP's snmptrap (-v 1, -v 2c) and snmpinform (-v 2c) sending to our TrapReceiver
/// (Notification Receiver, RFC 3413 3.4) on a free port of 127.0.0.1: the values delivered, and
/// snmpinform's exit status 0, which it gives only when our Response reached it.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpToTrapReceiverTests
{
    private static readonly TimeSpan Patience = ReceiverUnderTest.Patience;
    private ReceiverUnderTest _under = null!;

    [SetUp]
    public void SetUp()
    {
        _under = new ReceiverUnderTest(new TrapReceiverOptions { Communities = ["public"] });
    }

    [TearDown]
    public async Task TearDownAsync() => await _under.DisposeAsync();

    private Task<ReceivedNotification> NextAsync() => _under.NextAsync();

    [Test]
    public async Task SnmptrapV2cIsDelivered()
    {
        var result = await NetSnmpTools.RunAsync("snmptrap", "-v", "2c", "-c", "public", _under.Peer, "4200", "1.3.6.1.4.1.99999.0.21",
            "1.3.6.1.2.1.2.2.1.1.4", "i", "4", "1.3.6.1.4.1.99999.1.1.0", "s", "from snmptrap");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);

        var n = await NextAsync();
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv2c));
        Assert.That(n.PduType, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(n.Community, Is.EqualTo(new OctetString("public")));
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(4200)));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.21")));
        Assert.That(n.Payload, Is.EqualTo(new[]
        {
            new VarBind("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4)),
            new VarBind("1.3.6.1.4.1.99999.1.1.0", new OctetString("from snmptrap")),
        }));
    }

    [Test]
    public async Task SnmptrapV1IsDeliveredWithTheRfc3584Translation()
    {
        var result = await NetSnmpTools.RunAsync("snmptrap", "-v", "1", "-c", "public", _under.Peer, "1.3.6.1.4.1.99999.7", "192.0.2.7", "6", "12", "55",
            "1.3.6.1.4.1.99999.1.2.0", "i", "9");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);

        var n = await NextAsync();
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv1));
        Assert.That(n.V1Trap, Is.Not.Null);
        Assert.That(n.V1Trap!.Enterprise, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.7")));
        Assert.That(n.V1Trap.AgentAddress, Is.EqualTo(IpAddress.Parse("192.0.2.7")));
        Assert.That(n.V1Trap.GenericTrap, Is.EqualTo(GenericTrap.EnterpriseSpecific));
        Assert.That(n.V1Trap.SpecificTrap, Is.EqualTo(12));
        Assert.That(n.V1Trap.TimeStamp, Is.EqualTo(new TimeTicks(55)));
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(55)));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.7.0.12")));
        Assert.That(n.VarBinds.Find("1.3.6.1.4.1.99999.1.2.0"), Is.EqualTo(new Integer32(9)));
        Assert.That(n.VarBinds.Find(Rfc3584NotificationTranslation.SnmpTrapAddress0), Is.EqualTo(IpAddress.Parse("192.0.2.7")));
        Assert.That(n.VarBinds.Find(Rfc3584NotificationTranslation.SnmpTrapEnterprise0), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.7")));
    }

    [Test]
    public async Task SnmpinformGetsItsResponse()
    {
        var result = await NetSnmpTools.RunAsync("snmpinform", "-v", "2c", "-c", "public", _under.Peer, "77", "1.3.6.1.4.1.99999.0.23",
            "1.3.6.1.4.1.99999.1.3.0", "u", "33");
        Assert.That(result.ExitCode, Is.Zero, "snmpinform exits 0 only when acknowledged: " + result.StandardError);

        var n = await NextAsync();
        Assert.That(n.IsInform, Is.True);
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(77)));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.23")));
        Assert.That(n.Payload, Is.EqualTo(new[] { new VarBind("1.3.6.1.4.1.99999.1.3.0", new Gauge32(33)) }));
    }

    [Test]
    public async Task UnknownCommunityIsCountedNotDelivered()
    {
        var result = await NetSnmpTools.RunAsync("snmpinform", "-v", "2c", "-c", "intruder", "-t", "0.3", "-r", "0", _under.Peer, "0", "1.3.6.1.4.1.99999.0.24");
        Assert.That(result.ExitCode, Is.Not.Zero, "no acknowledgement for an unknown community");
        // The inform reached us before snmpinform gave up on it; wait (bounded) for the count.
        var deadline = DateTime.UtcNow + Patience;
        while (_under.Receiver.Statistics[AbstractServices.SnmpCounter.SnmpInBadCommunityNames] == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.That(_under.Receiver.Statistics[AbstractServices.SnmpCounter.SnmpInBadCommunityNames], Is.EqualTo(1));
        _under.Receiver.Dispose();
        Assert.That(await _under.Notifications.MoveNextAsync().AsTask().WaitAsync(Patience), Is.False, "nothing was delivered");
    }
}
