using Microsoft.Extensions.Time.Testing;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Smi;

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

    private static OctetString Engine(int n) => OctetString.FromHex($"8000C0DE05{n:X16}");

    /// <summary>An authPriv SNMPv2-Trap from the authoritative engine <paramref name="engineId"/>.</summary>
    private static byte[] Trap(OctetString engineId, UsmUser credentials)
    {
        var sender = new UserBasedSecurityModel(localEngine: new LocalEngine(engineId, 3));
        sender.AddUser(engineId, credentials);
        var scoped = new ScopedPdu(engineId.Value, ReadOnlyMemory<byte>.Empty,
            new Pdu(PduType.SNMPv2Trap, 5, new VarBindList([new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(1))])));
        return sender.GenerateRequestMsg(new HeaderData(1, 65507, MsgFlags.Auth | MsgFlags.Priv, 3), 65507, engineId, Alice, SecurityLevel.AuthPriv, scoped);
    }

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
    public void Learnt_engines_are_capped_and_refusals_counted()
    {
        var senders = new UsmTrapSenderUsers(new FakeTimeProvider());
        senders.Add(Credentials());
        for (int i = 0; i < UsmTrapSenderUsers.MaxLearnedEngines; i++)
        {
            senders.Learned(Engine(i));
        }

        Assert.That(senders.TryLocalise(Engine(5000), Alice), Is.Null, "a new engine beyond the cap");
        Assert.That(senders.RefusedLocalisations, Is.EqualTo(1));
        Assert.That(senders.TryLocalise(Engine(7), Alice), Is.Not.Null, "a learnt engine (another user name's keys, say) is still served");
    }
}
