using Snmp.Applications;
using Snmp.Messages;
using Snmp.Tests.Fakes;

namespace Snmp.Tests;

/// <summary>
/// Informs from our Notifier to our TrapReceiver across a lossy path (<see cref="LossyUdpRelay"/>):
/// every inform completes at the originator, and the application sees each exactly once however
/// often the InformRequest was retransmitted or duplicated on the way.
/// </summary>
[TestFixture]
public class NotificationReliabilityTests
{
    private const int Informs = 200;
    private static readonly ObjectIdentifier TrapOid = "1.3.6.1.4.1.99999.0.9";
    private static readonly ObjectIdentifier InformId = "1.3.6.1.4.1.99999.9.1.0";

    [Test]
    public Task SnmpV2c_informs_across_30_percent_loss_with_duplication_and_reordering_complete_and_are_delivered_exactly_once() =>
        InformsAcrossLossyPath(new TrapReceiverOptions { Communities = ["public"] }, () => new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public"), SnmpVersion.SNMPv2c);

    [Test]
    public Task SnmpV3_informs_each_retransmission_a_new_msgID_are_delivered_exactly_once() =>
        InformsAcrossLossyPath(new TrapReceiverOptions { Users = [new TrapReceiverUser("alice", Snmp.AuthenticationProtocol.HmacSha1, "alice-auth-pw", Snmp.PrivacyProtocol.Aes128, "alice-priv-pw")] },
            () =>
            {
                var engine = new Engine(new EngineOptions());
                engine.Usm.AddUser("alice", Snmp.AuthenticationProtocol.HmacSha1, "alice-auth-pw", Snmp.PrivacyProtocol.Aes128, "alice-priv-pw");
                return engine;
            },
            SnmpVersion.SNMPv3);

    private static async Task InformsAcrossLossyPath(TrapReceiverOptions options, Func<Engine> originator, SnmpVersion version)
    {
        await using var receiver = new TrapReceiver(options with { ListenOn = ["127.0.0.1:0"], QueueCapacity = 4 * Informs });
        var relay = new LossyUdpRelay(receiver.Endpoints[0], seed: 20261126, loss: 0.3, duplication: 0.1, reordering: 0.2);
        await using (relay)
        {
            await using var engine = originator();
            var notifier = engine.Notifier(relay.Address.ToString(), version);
            notifier.RefreshPeriod = TimeSpan.FromMilliseconds(100);
            notifier.Timeout = TimeSpan.FromSeconds(60); // generous: each attempt gets through both ways with probability 0.49

            var informs = Enumerable.Range(0, Informs).Select(i => notifier.InformAsync(TrapOid, [new VarBind(InformId, new Integer32(i))])).ToArray();
            await Task.WhenAll(informs).WaitAsync(TimeSpan.FromMinutes(2));
            // No waiting for copies still on the path: an inform completes only once the receiver
            // has answered it, so every inform is queued by now, and a copy that arrives later
            // could only be a duplicate. The receiver counts a duplicate before it answers it, and
            // with 30% loss some completions come from an answer to a retransmission of an
            // inform the receiver already had (the first answer lost), so the count is above
            // zero by now too.
            TestContext.Progress.WriteLine($"{Informs} {version} informs: relay forwarded {relay.Forwarded}, lost {relay.Lost}, duplicated {relay.Duplicated}, delayed {relay.Delayed}; " +
                $"receiver: duplicate informs {receiver.DuplicateInforms}, dropped {receiver.DroppedNotifications}");
        }

        await receiver.DisposeAsync(); // ReadAllAsync ends after the queued notifications
        var delivered = new List<int>();
        await foreach (var n in receiver.ReadAllAsync())
        {
            Assert.That(n.IsInform, Is.True);
            delivered.Add(((Integer32)n.VarBinds.Find(InformId)!).Value);
        }

        Assert.That(delivered.Order(), Is.EqualTo(Enumerable.Range(0, Informs)), "each inform delivered exactly once");
        Assert.That(receiver.DuplicateInforms, Is.GreaterThan(0), "the lossy path made the originator retransmit answered informs");
        Assert.That(receiver.DroppedNotifications, Is.Zero);
    }
}
