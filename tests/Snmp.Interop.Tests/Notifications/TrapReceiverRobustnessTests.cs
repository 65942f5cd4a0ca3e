using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// Malformed notifications sent to our TrapReceiver over real UDP on loopback, as
/// <c>AgentRobustnessTests</c> does for the agent: every truncation and seeded random
/// single-octet mutations of an SNMPv3 (noAuthNoPriv) trap, an SNMPv1 Trap-PDU, an SNMPv2-Trap
/// and an InformRequest, with a
/// valid trap every 250 datagrams that must be delivered. Nothing may reach an internal error,
/// and the drop counters plus the delivered notifications account for every datagram.
/// </summary>
[TestFixture]
[NonParallelizable]
public class TrapReceiverRobustnessTests
{
    private const int MutationsPerSeed = 300;
    private static readonly ObjectIdentifier Marker = "1.3.6.1.4.1.99999.7.1.0";
    private static readonly ObjectIdentifier TrapOid = "1.3.6.1.4.1.99999.0.7";
    private static readonly VarBind IfIndex = new("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4));

    private static byte[] Message(SnmpVersion version, SnmpPdu pdu) =>
        SnmpMessageCodec.Encode(new CommunityMessage(version, System.Text.Encoding.ASCII.GetBytes("public"), pdu));

    private static byte[] V2Notification(PduType type, int requestId, params VarBind[] varBinds) =>
        Message(SnmpVersion.SNMPv2c, new Pdu(type, requestId, NotificationOriginator.Notification(new TimeTicks(4200), TrapOid, varBinds)));

    /// <summary>An SNMPv3 noAuthNoPriv SNMPv2-Trap from user "probe", as our Engine sends it (captured on a loopback socket).</summary>
    private static async Task<byte[]> V3Trap()
    {
        using var capture = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await using var engine = new Engine(new EngineOptions());
        engine.Usm.AddUser("probe");
        await engine.Notifier(capture.Client.LocalEndPoint!.ToString()!, SnmpVersion.SNMPv3, defaultUserName: "probe", defaultSecurityLevel: SecurityLevel.NoAuthNoPriv).SendTrapAsync(TrapOid, [IfIndex]);
        using var cancel = new CancellationTokenSource(ReceiverUnderTest.Patience);
        return (await capture.ReceiveAsync(cancel.Token)).Buffer;
    }

    private static List<byte[]> Corpus(byte[] v3Trap)
    {
        var seeds = new List<byte[]>
        {
            v3Trap,
            Message(SnmpVersion.SNMPv1, new TrapV1Pdu("1.3.6.1.4.1.99999", new IpAddress(IPAddress.Loopback), GenericTrap.EnterpriseSpecific, 7, new TimeTicks(42), new VarBindList(IfIndex))),
            V2Notification(PduType.SNMPv2Trap, 11, IfIndex),
            V2Notification(PduType.InformRequest, 12, IfIndex),
        };
        var random = new Random(20261126);
        var cases = new List<byte[]>();
        foreach (var seed in seeds)
        {
            for (int length = 0; length < seed.Length; length++)
            {
                cases.Add(seed[..length]);
            }

            for (int i = 0; i < MutationsPerSeed; i++)
            {
                var mutated = (byte[])seed.Clone();
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                cases.Add(mutated);
            }
        }

        return cases;
    }

    [Test]
    public async Task Malformed_notifications_are_counted_drops_and_the_receiver_keeps_delivering()
    {
        await using var under = new ReceiverUnderTest(new TrapReceiverOptions { Communities = ["public"], Users = [new TrapReceiverUser("probe")] });
        var receiver = under.Receiver;
        var endpoint = receiver.Endpoints[0];
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var cases = Corpus(await V3Trap());
        int markers = 0;
        long deliveredMutants = 0;

        async Task AssertStillDelivers()
        {
            int marker = ++markers;
            await client.SendAsync(V2Notification(PduType.SNMPv2Trap, 1_000_000 + marker, new VarBind(Marker, new Integer32(marker))), endpoint);
            while (true)
            {
                var n = await under.NextAsync(); // fails after ReceiverUnderTest.Patience
                if (n.VarBinds.Find(Marker) is Integer32 { Value: var value } && value == marker)
                {
                    return;
                }

                deliveredMutants++;
            }
        }

        var before = receiver.Statistics.Snapshot();
        long internalErrorsBefore = receiver.Statistics[EngineCounter.InternalErrors];
        for (int i = 0; i < cases.Count; i++)
        {
            await client.SendAsync(cases[i], endpoint);
            if (i % 250 == 249)
            {
                await AssertStillDelivers();
            }
        }

        await AssertStillDelivers(); // the receiver handles datagrams in order: everything before it is counted now
        var after = receiver.Statistics.Snapshot();
        long Delta(SnmpCounter c) => after[c] - before[c];
        SnmpCounter[] dropCounters =
        [
            SnmpCounter.SnmpInASNParseErrs, SnmpCounter.SnmpInBadVersions, SnmpCounter.SnmpInBadCommunityNames, SnmpCounter.SnmpUnknownPDUHandlers,
            SnmpCounter.SnmpInvalidMsgs, SnmpCounter.SnmpUnknownSecurityModels, SnmpCounter.SnmpSilentDrops, SnmpCounter.SnmpUnknownContexts,
            SnmpCounter.UsmStatsUnsupportedSecLevels, SnmpCounter.UsmStatsNotInTimeWindows, SnmpCounter.UsmStatsUnknownUserNames, SnmpCounter.UsmStatsUnknownEngineIDs,
            SnmpCounter.UsmStatsWrongDigests, SnmpCounter.UsmStatsDecryptionErrors,
        ];
        long internalErrors = receiver.Statistics[EngineCounter.InternalErrors] - internalErrorsBefore;
        long accounted = dropCounters.Sum(Delta) + receiver.MalformedNotifications + receiver.DuplicateInforms + receiver.DroppedNotifications + deliveredMutants;
        TestContext.Progress.WriteLine($"{cases.Count} malformed notifications, {markers} valid traps: snmpInPkts +{Delta(SnmpCounter.SnmpInPkts)}, " +
            string.Join(", ", dropCounters.Select(c => $"{c} +{Delta(c)}")) +
            $", MalformedNotifications +{receiver.MalformedNotifications}, DuplicateInforms +{receiver.DuplicateInforms}, DroppedNotifications +{receiver.DroppedNotifications}, " +
            $"delivered {deliveredMutants}, accounted {accounted}, internal errors +{internalErrors}");
        Assert.That(internalErrors, Is.Zero, "no malformed input may reach an unexpected failure");
        Assert.That(Delta(SnmpCounter.SnmpInPkts), Is.GreaterThanOrEqualTo(cases.Count * 99 / 100 + markers), "the datagrams arrived (loopback may drop a few under load)");
        Assert.That(accounted, Is.InRange(cases.Count * 99 / 100, cases.Count), "every datagram is a counted drop or a delivered notification (1% loss allowance)");
    }
}
