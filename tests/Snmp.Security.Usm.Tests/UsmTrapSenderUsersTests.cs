using Microsoft.Extensions.Time.Testing;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Security.Usm.Tests;

/// <summary>
/// A notification receiver's USM learning trap senders' engines (RFC 3414 2.3: the sender of a
/// trap is authoritative): keys localised per new msgAuthoritativeEngineID, kept only after the
/// digest verifies, and bounded in engines and localisations per second.
/// </summary>
[TestFixture]
public class UsmTrapSenderUsersTests
{
    private static readonly OctetString Alice = new("alice");

    private static UsmUser Credentials(string auth = "alice-auth-pw") =>
        new(Alice, AuthenticationProtocol.HmacSha1, System.Text.Encoding.UTF8.GetBytes(auth), PrivacyProtocol.Aes128, System.Text.Encoding.UTF8.GetBytes("alice-priv-pw"));

    private static OctetString Engine(int n) => OctetString.FromHex($"8000C0DE05{(uint)n:X16}");

    /// <summary>An authPriv SNMPv2-Trap from the authoritative engine <paramref name="engineId"/>.</summary>
    private static byte[] Trap(OctetString engineId, UsmUser credentials) => Trap(engineId, credentials, Alice);

    private static IncomingSecurityResult Receive(UserBasedSecurityModel usm, byte[] message) =>
        usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message);

    [Test]
    public void Two_senders_under_one_user_name_are_learnt_and_a_wrong_digest_teaches_nothing()
    {
        var senders = new UsmTrapSenderUsers(new FakeTimeProvider());
        senders.Add(Credentials());
        var receiver = new UserBasedSecurityModel(new FakeTimeProvider(), null, new LocalEngine(Engine(99), 1), senders);

        Assert.That(Receive(receiver, Trap(Engine(1), Credentials())).ScopedPdu.Pdu.Type, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(Receive(receiver, Trap(Engine(2), Credentials())).ScopedPdu.Pdu.Type, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(receiver.FindUser(Engine(1), Alice), Is.Not.Null);
        Assert.That(receiver.GetEngineTime(Engine(2))?.Boots, Is.EqualTo(3), "the sender's boots, learnt from its first authenticated trap");

        var forged = Assert.Throws<MessageDroppedException>(() => Receive(receiver, Trap(Engine(3), Credentials("not-alice-pw"))))!;
        Assert.That(forged.Counter, Is.EqualTo(SnmpCounter.UsmStatsWrongDigests));
        Assert.That(receiver.FindUser(Engine(3), Alice), Is.Null);
        Assert.That(senders.LearnedEngines, Is.EqualTo(2));
    }

    [Test]
    public void An_unconfigured_user_name_is_unknown()
    {
        var senders = new UsmTrapSenderUsers(new FakeTimeProvider());
        var receiver = new UserBasedSecurityModel(new FakeTimeProvider(), null, null, senders);
        var drop = Assert.Throws<MessageDroppedException>(() => Receive(receiver, Trap(Engine(1), Credentials())))!;
        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnknownUserNames));
        Assert.That(senders.RefusedLocalisations, Is.Zero, "nothing to localise, nothing refused");
    }

    [Test]
    public void An_unauthenticated_trap_is_accepted_only_for_a_configured_user_and_teaches_no_clock()
    {
        var senders = new UsmTrapSenderUsers(new FakeTimeProvider());
        senders.Add(Credentials());
        var receiver = new UserBasedSecurityModel(new FakeTimeProvider(), null, null, senders);
        byte[] Unauthenticated(string user)
        {
            var scoped = new ScopedPdu(Engine(1).Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.SNMPv2Trap, 5, VarBindList.Empty));
            return new UserBasedSecurityModel().GenerateRequestMsg(new HeaderData(1, 65507, MsgFlags.None, 3), 65507, Engine(1), new OctetString(user), SecurityLevel.NoAuthNoPriv, scoped);
        }

        var drop = Assert.Throws<MessageDroppedException>(() => Receive(receiver, Unauthenticated("mallory")))!;
        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnknownUserNames));
        Assert.That(Receive(receiver, Unauthenticated("alice")).ScopedPdu.Pdu.Type, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(receiver.GetEngineTime(Engine(1)), Is.Null, "no clock learnt from an unauthenticated message");
    }

    [Test]
    public void New_localisations_are_rate_limited_per_second_and_counted()
    {
        var clock = new FakeTimeProvider();
        var senders = new UsmTrapSenderUsers(clock);
        senders.Add(Credentials());
        for (int i = 0; i < UsmTrapSenderUsers.MaxLocalisationsPerSecond; i++)
        {
            Assert.That(senders.TryLocalise(Engine(i), Alice), Is.Not.Null);
        }

        Assert.That(senders.TryLocalise(Engine(1000), Alice), Is.Null);
        Assert.That(senders.RefusedLocalisations, Is.EqualTo(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(senders.TryLocalise(Engine(1000), Alice), Is.Not.Null, "the next second allows more");
    }

    [Test]
    public void Learnt_engines_are_capped_while_all_are_active_and_refusals_counted()
    {
        var clock = new FakeTimeProvider();
        var senders = new UsmTrapSenderUsers(clock, maxLearnedEngines: 8);
        senders.Add(Credentials());
        for (int i = 0; i < 8; i++)
        {
            Assert.That(senders.Learned(senders.TryLocalise(Engine(i), Alice)!, out var none), Is.True);
            Assert.That(none, Is.Null);
        }

        clock.Advance(UsmTrapSenderUsers.DefaultMinimumIdleBeforeEviction - TimeSpan.FromSeconds(1));
        Assert.That(senders.TryLocalise(Engine(5000), Alice), Is.Null, "a new engine beyond the cap while every learnt one is recent");
        Assert.That(senders.RefusedLocalisations, Is.EqualTo(1));
        Assert.That(senders.TryLocalise(Engine(7), Alice), Is.Not.Null, "a learnt engine (another user name's keys, say) is still served");
        Assert.That(senders.EvictedEngines, Is.Zero);
    }

    /// <summary>A receiver USM learning from <paramref name="senders"/> on <paramref name="clock"/>.</summary>
    private static UserBasedSecurityModel ReceiverUsm(TimeProvider clock, UsmTrapSenderUsers senders) =>
        new(clock, null, new LocalEngine(Engine(99), 1, clock), senders);

    [Test]
    public void A_full_table_gives_the_place_of_the_least_recently_authenticated_idle_engine_to_a_new_one()
    {
        var clock = new FakeTimeProvider();
        var idle = TimeSpan.FromSeconds(60);
        var senders = new UsmTrapSenderUsers(clock, maxLearnedEngines: 4, minimumIdleBeforeEviction: idle);
        var alice = Credentials();
        senders.Add(alice);
        var receiver = ReceiverUsm(clock, senders);
        for (int i = 0; i < 4; i++)
        {
            Receive(receiver, Trap(Engine(i), alice)); // engine i learnt at second i
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var early = Assert.Throws<MessageDroppedException>(() => Receive(receiver, Trap(Engine(4), alice)))!;
        Assert.That(early.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnknownUserNames), "nobody idle long enough yet: refused");

        clock.Advance(idle);
        Receive(receiver, Trap(Engine(0), alice)); // engine 0 talks again: the most recent now
        Receive(receiver, Trap(Engine(4), alice));

        Assert.That(senders.EvictedEngines, Is.EqualTo(1));
        Assert.That(senders.LearnedEngines, Is.EqualTo(4));
        Assert.That(receiver.FindUser(Engine(1), Alice), Is.Null, "engine 1 was the least recently authenticated");
        Assert.That(receiver.GetEngineTime(Engine(1)), Is.Null, "its clock is forgotten with its row");
        Assert.That(receiver.FindUser(Engine(0), Alice), Is.Not.Null, "engine 0 authenticated recently and stays");
        Assert.That(receiver.FindUser(Engine(4), Alice), Is.Not.Null);
        Assert.That(receiver.UserRowCount, Is.EqualTo(4));
        Assert.That(receiver.KnownEngineClocks, Is.EqualTo(4));

        clock.Advance(TimeSpan.FromSeconds(1));
        Receive(receiver, Trap(Engine(1), alice)); // the evicted engine comes back: relearnt like a new one, in place of engine 2
        Assert.That(receiver.FindUser(Engine(2), Alice), Is.Null);
        Assert.That(senders.EvictedEngines, Is.EqualTo(2));
    }

    [Test]
    public void A_forger_without_the_key_evicts_nothing()
    {
        var clock = new FakeTimeProvider();
        var senders = new UsmTrapSenderUsers(clock, maxLearnedEngines: 2, minimumIdleBeforeEviction: TimeSpan.FromSeconds(10));
        var alice = Credentials();
        senders.Add(alice);
        var receiver = ReceiverUsm(clock, senders);
        Receive(receiver, Trap(Engine(1), alice));
        Receive(receiver, Trap(Engine(2), alice));
        clock.Advance(TimeSpan.FromMinutes(5)); // both idle: evictable by a sender that authenticates

        var forger = Credentials("not-alice-pw");
        for (int i = 0; i < 10; i++)
        {
            var drop = Assert.Throws<MessageDroppedException>(() => Receive(receiver, Trap(Engine(100 + i), forger)))!;
            Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsWrongDigests));
        }

        Assert.That(senders.EvictedEngines, Is.Zero);
        Assert.That(receiver.FindUser(Engine(1), Alice), Is.Not.Null);
        Assert.That(receiver.FindUser(Engine(2), Alice), Is.Not.Null);
    }

    /// <summary>
    /// A flood of SNMPv3 traps, each from a new random snmpEngineID: half authenticated with a
    /// wrong key, a quarter from an unknown user, a quarter (3,000) with the right key, 10 ms of
    /// the fake clock apart. The receiver's state stays within its cap, the localisations within
    /// the rate limit times the elapsed time, and every message is accepted or counted.
    /// </summary>
    [Test]
    public void A_flood_of_random_engine_ids_keeps_the_table_at_its_cap_and_localisations_within_the_rate()
    {
        const int Messages = 12_000;
        const int Cap = 128;
        var clock = new FakeTimeProvider();
        var senders = new UsmTrapSenderUsers(clock, maxLearnedEngines: Cap, minimumIdleBeforeEviction: TimeSpan.FromSeconds(30));
        var alice = Credentials();
        senders.Add(alice);
        var receiver = ReceiverUsm(clock, senders);
        var wrongKey = Credentials("not-alice-pw");
        var mallory = new UsmUser(new OctetString("mallory"), AuthenticationProtocol.HmacSha1, "mallory-auth-pw"u8, PrivacyProtocol.Aes128, "mallory-priv-pw"u8);
        var random = new Random(20261126);
        var drops = new Dictionary<SnmpCounter, int>();
        int accepted = 0, maxLearned = 0, maxRows = 0, maxClocks = 0;
        long start = clock.GetTimestamp();

        for (int i = 0; i < Messages; i++)
        {
            var engineId = new OctetString(random.GetItems<byte>([.. Enumerable.Range(0, 256).Select(b => (byte)b)], 12));
            var (sender, name) = (i % 4) switch
            {
                0 or 1 => (wrongKey, Alice),
                2 => (mallory, mallory.UserName),
                _ => (alice, Alice),
            };
            try
            {
                Receive(receiver, Trap(engineId, sender, name));
                accepted++;
            }
            catch (MessageDroppedException e)
            {
                drops[e.Counter!.Value] = drops.GetValueOrDefault(e.Counter!.Value) + 1;
            }

            maxLearned = Math.Max(maxLearned, senders.LearnedEngines);
            maxRows = Math.Max(maxRows, receiver.UserRowCount);
            maxClocks = Math.Max(maxClocks, receiver.KnownEngineClocks);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        var elapsed = clock.GetElapsedTime(start);
        TestContext.Out.WriteLine($"{Messages} traps over {elapsed.TotalSeconds} s of the fake clock: accepted {accepted}, dropped {string.Join(", ", drops.Select(d => $"{d.Key} {d.Value}"))}; " +
            $"localisations {senders.Localisations}, refused {senders.RefusedLocalisations}, evicted {senders.EvictedEngines}, learnt {senders.LearnedEngines}");
        Assert.That(maxLearned, Is.LessThanOrEqualTo(Cap));
        Assert.That(senders.LearnedEngines, Is.EqualTo(Cap), "the right-key senders filled the table");
        Assert.That(maxRows, Is.LessThanOrEqualTo(Cap), "usmUserTable rows: one per learnt engine, none for forgers");
        Assert.That(maxClocks, Is.LessThanOrEqualTo(Cap), "clocks: only of learnt engines");
        Assert.That(senders.EvictedEngines, Is.GreaterThan(0), "idle engines made room for new ones");
        Assert.That(senders.Localisations, Is.LessThanOrEqualTo(UsmTrapSenderUsers.MaxLocalisationsPerSecond * ((long)Math.Ceiling(elapsed.TotalSeconds) + 1)));
        Assert.That(drops.GetValueOrDefault(SnmpCounter.UsmStatsUnknownUserNames), Is.GreaterThanOrEqualTo(Messages / 4), "every unknown user, and the refused localisations");
        Assert.That(drops.GetValueOrDefault(SnmpCounter.UsmStatsWrongDigests), Is.GreaterThan(0));
        Assert.That(accepted + drops.Values.Sum(), Is.EqualTo(Messages), "every message accepted or counted");
        Assert.That(accepted, Is.GreaterThan(Cap));
    }

    /// <summary>
    /// What a learnt sender engine costs: the live heap after learning 1,024 engines (an authPriv
    /// SHA-1/AES-128 user) less the heap before, per engine. Reported, and bounded loosely so that
    /// a leak (keeping messages, say) fails.
    /// </summary>
    [Test]
    public void Memory_per_learnt_engine_is_small_and_bounded()
    {
        const int Engines = 1024;
        var clock = new FakeTimeProvider();
        var senders = new UsmTrapSenderUsers(clock, maxLearnedEngines: Engines + 1);
        var alice = Credentials();
        senders.Add(alice);
        var receiver = ReceiverUsm(clock, senders);
        var traps = Enumerable.Range(0, Engines).Select(i => Trap(Engine(1000 + i), alice)).ToArray();
        Receive(receiver, Trap(Engine(-1), alice)); // first-use allocations (pools, statics) outside the measure
        clock.Advance(TimeSpan.FromSeconds(1));

        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < Engines; i++)
        {
            Receive(receiver, traps[i]);
            if (i % UsmTrapSenderUsers.MaxLocalisationsPerSecond == UsmTrapSenderUsers.MaxLocalisationsPerSecond - 1)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        traps = null!;
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(receiver);
        long perEngine = (after - before) / Engines;
        TestContext.Out.WriteLine($"{Engines} learnt engines: {after - before} bytes live, {perEngine} bytes per engine");
        Assert.That(senders.LearnedEngines, Is.EqualTo(Engines + 1));
        Assert.That(perEngine, Is.InRange(1, 16 * 1024));
    }

    private static byte[] Trap(OctetString engineId, UsmUser credentials, OctetString userName)
    {
        var sender = new UserBasedSecurityModel(localEngine: new LocalEngine(engineId, 3));
        sender.AddUser(engineId, credentials);
        var scoped = new ScopedPdu(engineId.Value, ReadOnlyMemory<byte>.Empty,
            new Pdu(PduType.SNMPv2Trap, 5, new VarBindList([new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(1))])));
        return sender.GenerateRequestMsg(new HeaderData(1, 65507, MsgFlags.Auth | MsgFlags.Priv, 3), 65507, engineId, userName, SecurityLevel.AuthPriv, scoped);
    }
}
