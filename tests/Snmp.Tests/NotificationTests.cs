using System.Net;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Testing;

namespace Snmp.Tests;

/// <summary>Our Notifier to our TrapReceiver over UDP on loopback: traps, informs, communities.</summary>
[TestFixture]
public class NotificationTests
{
    private static readonly ObjectIdentifier LinkDown = "1.3.6.1.6.3.1.1.5.3";
    private static readonly VarBind IfIndex = new("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static async Task<ReceivedNotification> NextAsync(IAsyncEnumerator<ReceivedNotification> notifications)
    {
        Assert.That(await notifications.MoveNextAsync().AsTask().WaitAsync(Patience), Is.True);
        return notifications.Current;
    }

    [Test]
    public async Task SnmpV2cTrapArrivesWithSysUpTimeAndTrapOid()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var notifier = engine.Notifier(receiver.Endpoints[0].ToString());
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();

        await notifier.SendTrapAsync(LinkDown, [IfIndex], sysUpTime: new TimeTicks(4200));
        var n = await NextAsync(notifications);
        Assert.That(n.Version, Is.EqualTo(SnmpVersion.SNMPv2c));
        Assert.That(n.PduType, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(n.TrapOid, Is.EqualTo(LinkDown));
        Assert.That(n.SysUpTime, Is.EqualTo(new TimeTicks(4200)));
        Assert.That(n.Payload, Is.EqualTo(new[] { IfIndex }));
        Assert.That(n.Community, Is.EqualTo(new OctetString("public")));
    }

    [Test]
    public async Task SnmpV1TrapArrivesWithItsFieldsAndTranslation()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        await using var engine = new Engine(SnmpVersion.SNMPv1, defaultCommunity: "public");
        var notifier = engine.Notifier(receiver.Endpoints[0].ToString());
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();

        await notifier.SendV1TrapAsync("1.3.6.1.4.1.99999", GenericTrap.EnterpriseSpecific, 12, [IfIndex], new IpAddress(IPAddress.Loopback), new TimeTicks(5));
        var n = await NextAsync(notifications);
        Assert.That(n.V1Trap, Is.Not.Null);
        Assert.That(n.V1Trap!.SpecificTrap, Is.EqualTo(12));
        Assert.That(n.V1Trap.AgentAddress, Is.EqualTo(new IpAddress(IPAddress.Loopback)));
        Assert.That(n.TrapOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.12")));
        Assert.That(n.VarBinds.Find(Rfc3584NotificationTranslation.SnmpTrapEnterprise0), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999")));
    }

    [Test]
    public async Task SnmpV3TrapsFromTwoEnginesUnderOneUserAndAnInformArrive()
    {
        var alice = new TrapReceiverUser("alice", Snmp.AuthenticationProtocol.HmacSha1, "alice-auth-pw", Snmp.PrivacyProtocol.Aes128, "alice-priv-pw");
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Users = [alice] });
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        var file = Path.Combine(Path.GetTempPath(), $"notifier-boots-{Guid.NewGuid():N}");
        try
        {
            for (int run = 0; run < 3; run++)
            {
                // Runs 0 and 1: one engine restarted (boots 1, then 2: the receiver adopts the newer
                // boots); run 2: another engine under the same user name.
                await using var engine = new Engine(run < 2 ? new EngineOptions { EngineBootsFile = file } : new EngineOptions());
                engine.Usm.AddUser("alice", Snmp.AuthenticationProtocol.HmacSha1, "alice-auth-pw", Snmp.PrivacyProtocol.Aes128, "alice-priv-pw");
                var notifier = engine.Notifier(receiver.Endpoints[0].ToString(), SnmpVersion.SNMPv3);
                await notifier.SendTrapAsync(LinkDown, [IfIndex]);
                var n = await NextAsync(notifications);
                Assert.That((n.Version, n.PduType, n.TrapOid, n.Community), Is.EqualTo((SnmpVersion.SNMPv3, PduType.SNMPv2Trap, LinkDown, new OctetString("alice"))));
                Assert.That(engine.LocalEngine.Boots, Is.EqualTo(run < 2 ? run + 1 : 1));
            }

            await using var informer = new Engine(new EngineOptions());
            informer.Usm.AddUser("alice", Snmp.AuthenticationProtocol.HmacSha1, "alice-auth-pw", Snmp.PrivacyProtocol.Aes128, "alice-priv-pw");
            var response = await informer.Notifier(receiver.Endpoints[0].ToString(), SnmpVersion.SNMPv3).InformAsync(LinkDown, [IfIndex]).WaitAsync(Patience);
            Assert.That(response[2], Is.EqualTo(IfIndex));
            Assert.That((await NextAsync(notifications)).IsInform, Is.True);
            Assert.That(receiver.RefusedLocalisations, Is.Zero);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task InformIsAcknowledgedAndDelivered()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var notifier = engine.Notifier(receiver.Endpoints[0].ToString());
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();

        var response = await notifier.InformAsync(LinkDown, [IfIndex]).WaitAsync(Patience);
        Assert.That(response[1].Value, Is.EqualTo(LinkDown));
        Assert.That(response[2], Is.EqualTo(IfIndex));
        var n = await NextAsync(notifications);
        Assert.That(n.IsInform, Is.True);
        Assert.That(n.Payload, Is.EqualTo(new[] { IfIndex }));
    }

    [Test]
    public async Task UnknownCommunityIsDroppedAndCountedAndItsInformTimesOut()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        // The inform's timing on a fake clock: how many transmissions fit in the timeout follows
        // from the schedule, not from how busy the machine is.
        var clock = new SteppedClock();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = new OctetString("wrong"), Autowait = true }, null, null, clock);
        var notifier = engine.Notifier(receiver.Endpoints[0].ToString());
        notifier.Timeout = TimeSpan.FromMilliseconds(300);
        notifier.RefreshPeriod = TimeSpan.FromMilliseconds(100);

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(notifier.InformAsync(LinkDown)));
        Assert.That(error!.Transmissions, Is.EqualTo(3), "at 0, 100 and 200 ms of a 300 ms timeout");
        // The receiver counts each transmission on a thread of its own: wait (bounded) until it has counted all of them.
        Assert.That(() => receiver.Statistics[SnmpCounter.SnmpInBadCommunityNames], Is.EqualTo(error.Transmissions).After((int)Patience.TotalMilliseconds, 10));
        Assert.That(receiver.Statistics[SnmpCounter.SnmpInPkts], Is.EqualTo(error.Transmissions), "nothing else arrived");
    }

    [Test]
    public async Task SysUpTimeIsTheEnginesUptimeUnlessGiven()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = new OctetString("public"), Autowait = true }, null, null, clock);
        clock.Advance(TimeSpan.FromSeconds(12.34));
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();

        await engine.Notifier(receiver.Endpoints[0].ToString()).SendTrapAsync(LinkDown);
        Assert.That((await NextAsync(notifications)).SysUpTime, Is.EqualTo(new TimeTicks(1234)));
    }

    [Test]
    public async Task BlockingAndHandleFormsOfInformReturnTheResponse()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public", autowait: false);
        var notifier = engine.Notifier(receiver.Endpoints[0].ToString());

        var handle = notifier.BeginInform(LinkDown, IfIndex);
        Assert.That(handle.Wait()[2], Is.EqualTo(IfIndex));
        Assert.That(notifier.Inform(LinkDown, IfIndex)[2], Is.EqualTo(IfIndex));
        notifier.SendTrap(LinkDown, IfIndex);
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        Assert.That((await NextAsync(notifications)).IsInform, Is.True);
        Assert.That((await NextAsync(notifications)).IsInform, Is.True);
        Assert.That((await NextAsync(notifications)).PduType, Is.EqualTo(PduType.SNMPv2Trap));
    }

    [Test]
    public void NotifierDefaultsToPort162AndSnmpV3NeedsAUser()
    {
        using var engine = new Engine(SnmpVersion.SNMPv2c);
        Assert.That(((IPEndPoint)engine.Notifier("127.0.0.1").Address).Port, Is.EqualTo(162));
        Assert.That(((IPEndPoint)engine.Notifier("127.0.0.1:1162").Address).Port, Is.EqualTo(1162));
        Assert.Throws<SnmpConfigurationException>(() => engine.Notifier("127.0.0.1", SnmpVersion.SNMPv3));
        engine.Usm.AddUser("alice", Snmp.AuthenticationProtocol.HmacSha1, "alice-auth-pw");
        var notifier = engine.Notifier("127.0.0.1", SnmpVersion.SNMPv3);
        Assert.That(notifier.Version, Is.EqualTo(SnmpVersion.SNMPv3));
        Assert.That(notifier.Community, Is.EqualTo(new OctetString("alice")));
        Assert.ThrowsAsync<ArgumentException>(() => notifier.InformAsync(LinkDown, options: new RequestOptions { Community = new OctetString("public") }));
    }

    [Test]
    public void EngineKeepsItsSnmpEngineIdAndBootsInTheEngineBootsFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"engine-boots-{Guid.NewGuid():N}");
        try
        {
            var id = OctetString.FromHex("8000C0DE05A1A2A3A4A5A6A7A8");
            using (var first = new Engine(new EngineOptions { EngineId = id, EngineBootsFile = file }))
            {
                Assert.That((first.LocalEngine.EngineId, first.LocalEngine.Boots), Is.EqualTo((id, 1)));
            }

            using var second = new Engine(new EngineOptions { EngineBootsFile = file });
            Assert.That((second.LocalEngine.EngineId, second.LocalEngine.Boots), Is.EqualTo((id, 2)));
            using var generated = new Engine(new EngineOptions());
            Assert.That(generated.LocalEngine.EngineId.Length, Is.EqualTo(13), "an RFC 3411 format 5 id when none is given");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void SnmpV1NotifierHasNoInform()
    {
        using var engine = new Engine(SnmpVersion.SNMPv1);
        Assert.ThrowsAsync<NotSupportedException>(() => engine.Notifier("127.0.0.1:1162").InformAsync(LinkDown));
    }
}
