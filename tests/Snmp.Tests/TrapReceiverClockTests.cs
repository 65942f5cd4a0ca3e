using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;
using Snmp.Testing;

namespace Snmp.Tests;

/// <summary>
/// A TrapReceiver on the fake clock (its TimeProvider): the Time Window of SNMPv3 traps
/// (RFC 3414 3.2 step 7b), the rate of key localisations for new sender engines, and how long
/// answered informs are remembered, each decided by the fake clock alone. Datagrams are crafted
/// and sent over loopback; the test waits (bounded) for the receiver to have handled each.
/// </summary>
[TestFixture]
public class TrapReceiverClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly OctetString Alice = new("alice");
    private static readonly UsmUser AliceCredentials = new(Alice, AuthenticationProtocol.HmacSha1, "alice-auth-pw"u8, PrivacyProtocol.Aes128, "alice-priv-pw"u8);

    private static OctetString Engine(int n) => OctetString.FromHex($"8000C0DE07{n:X16}");

    private static TrapReceiver Receiver(SteppedClock clock) => new(new TrapReceiverOptions
    {
        ListenOn = ["127.0.0.1:0"],
        Communities = ["public"],
        Users = [new TrapReceiverUser("alice", AuthenticationProtocol.HmacSha1, "alice-auth-pw", PrivacyProtocol.Aes128, "alice-priv-pw")],
    }, loggerFactory: null, clock);

    /// <summary>An authPriv SNMPv2-Trap from the authoritative engine <paramref name="engineId"/> at its snmpEngineTime <paramref name="time"/>.</summary>
    private static byte[] V3Trap(OctetString engineId, int time, int marker)
    {
        var senderClock = new SteppedClock();
        var sender = new UserBasedSecurityModel(localEngine: new LocalEngine(engineId, 2, senderClock));
        // LocalEngine counts snmpEngineTime from its creation: move its clock after creating it.
        senderClock.Advance(TimeSpan.FromSeconds(time));
        sender.AddUser(engineId, AliceCredentials);
        var scoped = new ScopedPdu(engineId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.SNMPv2Trap, marker, Notification(marker)));
        return sender.GenerateRequestMsg(new HeaderData(marker, 65507, MsgFlags.Auth | MsgFlags.Priv, 3), 65507, engineId, Alice, SecurityLevel.AuthPriv, scoped);
    }

    private static VarBindList Notification(int marker) =>
        NotificationOriginator.Notification(new TimeTicks(1), new ObjectIdentifier(1, 3, 6, 1, 4, 1, 99999, 0, (uint)marker));

    private static async Task SendAsync(TrapReceiver receiver, byte[] datagram)
    {
        using var udp = new UdpClient(System.Net.Sockets.AddressFamily.InterNetwork);
        await udp.SendAsync(datagram, receiver.Endpoints[0]);
    }

    private static async Task<ReceivedNotification> NextAsync(IAsyncEnumerator<ReceivedNotification> notifications)
    {
        Assert.That(await notifications.MoveNextAsync().AsTask().WaitAsync(Patience), Is.True);
        return notifications.Current;
    }

    private static void WaitUntil(Func<long> counter, long value, string what) =>
        Assert.That(() => counter(), Is.EqualTo(value).After((int)Patience.TotalMilliseconds, 10), what);

    [Test]
    public async Task A_v3_trap_replayed_is_accepted_inside_the_time_window_and_dropped_once_the_fake_clock_leaves_it()
    {
        var clock = new SteppedClock();
        await using var receiver = Receiver(clock);
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        var trap = V3Trap(Engine(1), time: 1000, marker: 1);

        await SendAsync(receiver, trap);
        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Notification(1)[1].Value));

        clock.Advance(TimeSpan.FromSeconds(UserBasedSecurityModel.TimeWindowSeconds));
        await SendAsync(receiver, trap); // 150 s later: still inside the window (RFC 3414 3.2 step 7b)
        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Notification(1)[1].Value));

        clock.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(receiver, trap); // 151 s: a replay
        WaitUntil(() => receiver.Statistics[SnmpCounter.UsmStatsNotInTimeWindows], 1, "the replay is dropped and counted");

        await SendAsync(receiver, V3Trap(Engine(1), time: 1151, marker: 2)); // the sender's clock moved on too
        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Notification(2)[1].Value), "the replay was not delivered; the fresh trap is");
    }

    [Test]
    public async Task New_sender_engines_are_learnt_at_the_localisation_rate_of_the_fake_clock()
    {
        var clock = new SteppedClock();
        await using var receiver = Receiver(clock);
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        int senders = UsmTrapSenderUsers.MaxLocalisationsPerSecond + 4;
        var traps = Enumerable.Range(0, senders).Select(i => V3Trap(Engine(100 + i), time: 10, marker: 100 + i)).ToArray();

        foreach (var trap in traps)
        {
            await SendAsync(receiver, trap);
        }

        WaitUntil(() => receiver.LearnedEngines + receiver.RefusedLocalisations, senders, "every trap handled");
        Assert.That(receiver.LearnedEngines, Is.EqualTo(UsmTrapSenderUsers.MaxLocalisationsPerSecond), "one second of the fake clock: the rate's worth");
        Assert.That(receiver.RefusedLocalisations, Is.EqualTo(4));
        Assert.That(receiver.Statistics[SnmpCounter.UsmStatsUnknownUserNames], Is.EqualTo(4));

        clock.Advance(TimeSpan.FromSeconds(1));
        var delivered = new HashSet<ObjectIdentifier>();
        for (int i = 0; i < UsmTrapSenderUsers.MaxLocalisationsPerSecond; i++)
        {
            delivered.Add((await NextAsync(notifications)).TrapOid);
        }

        foreach (var trap in traps.Where(t => !delivered.Contains(Notification(MarkerOf(t))[1].Value)))
        {
            await SendAsync(receiver, trap);
        }

        WaitUntil(() => receiver.LearnedEngines, senders, "the next second of the fake clock allows the refused senders");
    }

    private static int MarkerOf(byte[] v3Trap) => SnmpMessageCodec.DecodeV3Message(v3Trap).GlobalData.MsgId;

    [Test]
    public async Task A_retransmitted_inform_is_a_duplicate_until_the_fake_clock_ages_it_out()
    {
        var clock = new SteppedClock();
        await using var receiver = Receiver(clock);
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();
        var inform = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new Pdu(PduType.InformRequest, 4242, Notification(7))));
        using var udp = new UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)); // one source address for all copies

        await udp.SendAsync(inform, receiver.Endpoints[0]);
        Assert.That((await NextAsync(notifications)).IsInform, Is.True);

        clock.Advance(TimeSpan.FromSeconds(119));
        await udp.SendAsync(inform, receiver.Endpoints[0]);
        WaitUntil(() => receiver.DuplicateInforms, 1, "a retransmission within two minutes is answered, not delivered again");

        clock.Advance(TimeSpan.FromSeconds(2));
        await udp.SendAsync(inform, receiver.Endpoints[0]);
        var again = await NextAsync(notifications);
        Assert.That(again.IsInform, Is.True, "older than the remembered answers: delivered as a new inform");
        Assert.That(receiver.DuplicateInforms, Is.EqualTo(1));
    }

    [Test]
    public async Task A_full_table_of_learnt_senders_makes_room_only_once_one_has_been_idle_for_LearnedEngineMinimumIdle()
    {
        var clock = new SteppedClock();
        await using var receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = ["127.0.0.1:0"],
            Users = [new TrapReceiverUser("alice", AuthenticationProtocol.HmacSha1, "alice-auth-pw", PrivacyProtocol.Aes128, "alice-priv-pw")],
            MaxLearnedEngines = 2,
            LearnedEngineMinimumIdle = TimeSpan.FromMinutes(1),
        }, loggerFactory: null, clock);
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();

        await SendAsync(receiver, V3Trap(Engine(201), time: 5, marker: 201));
        await NextAsync(notifications);
        await SendAsync(receiver, V3Trap(Engine(202), time: 5, marker: 202));
        await NextAsync(notifications);
        await SendAsync(receiver, V3Trap(Engine(203), time: 5, marker: 203));
        WaitUntil(() => receiver.RefusedLocalisations, 1, "both learnt senders are recent: the third is refused");

        clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(receiver, V3Trap(Engine(203), time: 5, marker: 204));
        Assert.That((await NextAsync(notifications)).TrapOid, Is.EqualTo(Notification(204)[1].Value), "an idle sender made room");
        Assert.That((receiver.LearnedEngines, receiver.EvictedEngines), Is.EqualTo((2, 1L)));
    }

    [Test]
    public void Learnt_engine_bounds_out_of_range_are_configuration_errors()
    {
        Assert.Throws<SnmpConfigurationException>(() => new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], MaxLearnedEngines = 0 }));
        Assert.Throws<SnmpConfigurationException>(() => new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], LearnedEngineMinimumIdle = TimeSpan.FromSeconds(-1) }));
    }
}
