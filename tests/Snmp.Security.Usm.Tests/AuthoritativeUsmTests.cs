using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

/// <summary>USM as the authoritative engine (an agent receiving requests, RFC 3414 3.2 with step 7a), and the Reports its failures call for.</summary>
[TestFixture]
public class AuthoritativeUsmTests
{
    private static readonly OctetString AgentEngine = OctetString.FromHex("8000000005AABBCCDDEEFF0011");
    private static readonly OctetString Alice = new("alice");

    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    private ManualClock _clock = null!;
    private UserBasedSecurityModel _agent = null!;

    private static UsmUser Credentials(string auth = "alice-auth-pw", string priv = "alice-priv-pw") =>
        new(Alice, AuthenticationProtocol.HmacSha1, System.Text.Encoding.UTF8.GetBytes(auth), PrivacyProtocol.Aes128, System.Text.Encoding.UTF8.GetBytes(priv));

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualClock();
        _agent = new UserBasedSecurityModel(_clock, localEngine: new LocalEngine(AgentEngine, 5, _clock));
        _agent.AddUser(AgentEngine, Credentials());
        _clock.Ticks = TimeSpan.FromSeconds(1000).Ticks;
    }

    private static byte[] Request(SecurityLevel level, UsmUser credentials, int boots, int time, OctetString? engine = null, string? user = null, bool reportable = true)
    {
        var manager = new UserBasedSecurityModel();
        engine ??= AgentEngine;
        if (engine.Length > 0)
        {
            manager.AddUser(engine, credentials);
            manager.LearnEngine(engine, boots, time);
        }

        var flags = (level switch { SecurityLevel.AuthPriv => MsgFlags.Auth | MsgFlags.Priv, SecurityLevel.AuthNoPriv => MsgFlags.Auth, _ => MsgFlags.None })
            | (reportable ? MsgFlags.Reportable : MsgFlags.None);
        // A message that is not reportable stands for a Response: RFC 3412 6.4 makes a plaintext
        // GetRequest reportable whatever its flag.
        var scoped = new ScopedPdu(engine.Value, ReadOnlyMemory<byte>.Empty, new Pdu(reportable ? PduType.GetRequest : PduType.Response, 31, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0")));
        return manager.GenerateRequestMsg(new HeaderData(77, 65507, flags, 3), 65507, engine, user is null ? credentials.UserName : new OctetString(user), level, scoped);
    }

    private IncomingSecurityResult Receive(byte[] message) => _agent.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message);

    private MessageDroppedException Rejected(byte[] message) => Assert.Throws<MessageDroppedException>(() => Receive(message))!;

    [Test]
    public void A_request_in_the_window_is_accepted_and_the_response_carries_the_agents_clock()
    {
        var result = Receive(Request(SecurityLevel.AuthPriv, Credentials(), 5, 1000));
        Assert.That(result.ScopedPdu.Pdu.Type, Is.EqualTo(PduType.GetRequest));

        _clock.Ticks += TimeSpan.FromSeconds(7).Ticks;
        var response = _agent.GenerateResponseMsg(new HeaderData(77, 65507, MsgFlags.Auth | MsgFlags.Priv, 3), 65507, AgentEngine, Alice, SecurityLevel.AuthPriv,
            new ScopedPdu(AgentEngine.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.Response, 31, VarBindList.Empty)), result.SecurityStateReference);
        var parameters = UsmSecurityParameters.Decode(SnmpMessageCodec.DecodeV3Message(response).SecurityParameters, out _);
        Assert.That((parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime), Is.EqualTo((5, 1007)));

        var manager = new UserBasedSecurityModel();
        manager.AddUser(AgentEngine, Credentials());
        var decoded = manager.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(response), response);
        Assert.That(decoded.ScopedPdu.Pdu.RequestId, Is.EqualTo(31), "the manager authenticates and decrypts the agent's response");
    }

    [Test]
    public void A_trap_from_the_authoritative_engine_carries_its_own_boots_and_time_and_a_replay_later_is_outside_the_receivers_window()
    {
        // RFC 3414 3.1.1 b: this engine is the trap's authoritative engine, so its own clock is
        // used whatever the timeliness cache holds (nothing, here).
        var trap = new ScopedPdu(AgentEngine.Value, ReadOnlyMemory<byte>.Empty,
            new Pdu(PduType.SNMPv2Trap, 9, new VarBindList([new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(1))])));
        var message = _agent.GenerateRequestMsg(new HeaderData(78, 65507, MsgFlags.Auth | MsgFlags.Priv, 3), 65507, AgentEngine, Alice, SecurityLevel.AuthPriv, trap);
        var parameters = UsmSecurityParameters.Decode(SnmpMessageCodec.DecodeV3Message(message).SecurityParameters, out _);
        Assert.That((parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime), Is.EqualTo((5, 1000)));

        // The receiver is non-authoritative (RFC 3414 3.2 step 7b): it learns the sender's clock
        // from the first authenticated trap and refuses the same message 151 s later.
        var receiverClock = new ManualClock();
        var receiver = new UserBasedSecurityModel(receiverClock);
        receiver.AddUser(AgentEngine, Credentials());
        Assert.That(receiver.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message).ScopedPdu.Pdu.Type, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(receiver.GetEngineTime(AgentEngine), Is.EqualTo((5, 1000)));
        receiverClock.Ticks += TimeSpan.FromSeconds(UserBasedSecurityModel.TimeWindowSeconds + 1).Ticks;
        var replay = Assert.Throws<MessageDroppedException>(() => receiver.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message))!;
        Assert.That(replay.Counter, Is.EqualTo(SnmpCounter.UsmStatsNotInTimeWindows));
    }

    [Test]
    public void Discovery_draws_unknownEngineIDs_with_an_unauthenticated_report_naming_this_engine()
    {
        var probe = Request(SecurityLevel.NoAuthNoPriv, Credentials(), 0, 0, OctetString.Empty, "");

        var drop = Rejected(probe);

        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnknownEngineIDs));
        Assert.That(drop.ReportSecurity, Is.Not.Null);
        Assert.That(drop.ReportSecurity!.SecurityLevel, Is.EqualTo(SecurityLevel.NoAuthNoPriv));
        Assert.That(drop.ReportSecurity.SecurityEngineId, Is.EqualTo(AgentEngine));
        Assert.That(drop.ReportSecurity.RequestId, Is.EqualTo(31));
        var report = _agent.GenerateResponseMsg(new HeaderData(77, 65507, MsgFlags.None, 3), 65507, AgentEngine, OctetString.Empty, SecurityLevel.NoAuthNoPriv,
            new ScopedPdu(AgentEngine.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.Report, 31, VarBindList.Empty)), drop.ReportSecurity.SecurityStateReference);
        var parameters = UsmSecurityParameters.Decode(SnmpMessageCodec.DecodeV3Message(report).SecurityParameters, out _);
        Assert.That(new OctetString(parameters.AuthoritativeEngineId.Span), Is.EqualTo(AgentEngine));
        Assert.That((parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime), Is.EqualTo((5, 1000)), "the report tells the clock (RFC 3414 section 4)");
    }

    [Test]
    public void Each_failure_names_its_usmStats_counter_and_the_report_level()
    {
        var mallory = new UsmUser(new OctetString("mallory"), AuthenticationProtocol.HmacSha1, "mallory-pw"u8, null, default);
        Assert.That(Rejected(Request(SecurityLevel.AuthNoPriv, mallory, 5, 1000)).Counter, Is.EqualTo(SnmpCounter.UsmStatsUnknownUserNames));
        Assert.That(Rejected(Request(SecurityLevel.AuthNoPriv, Credentials(auth: "wrong-password"), 5, 1000)).Counter, Is.EqualTo(SnmpCounter.UsmStatsWrongDigests));
        Assert.That(Rejected(Request(SecurityLevel.AuthPriv, Credentials(priv: "wrong-password"), 5, 1000)).Counter, Is.EqualTo(SnmpCounter.UsmStatsDecryptionErrors));

        var noPriv = new UsmUser(new OctetString("bob"), AuthenticationProtocol.HmacSha1, "bob-auth-pw"u8, null, default);
        _agent.AddUser(AgentEngine, noPriv);
        var unsupported = Rejected(Request(SecurityLevel.AuthPriv, new UsmUser(new OctetString("bob"), AuthenticationProtocol.HmacSha1, "bob-auth-pw"u8, PrivacyProtocol.Aes128, "bob-priv-pw"u8), 5, 1000));
        Assert.That(unsupported.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnsupportedSecLevels));
        Assert.That(unsupported.ReportSecurity!.SecurityLevel, Is.EqualTo(SecurityLevel.NoAuthNoPriv));
    }

    [TestCase(4, 1000, TestName = "an earlier boot")]
    [TestCase(6, 1000, TestName = "a later boot")]
    [TestCase(5, 849, TestName = "151 s behind")]
    [TestCase(5, 1151, TestName = "151 s ahead")]
    [TestCase(int.MaxValue, 1000, TestName = "boots latched at 2^31-1")]
    public void Outside_the_150_second_window_is_notInTimeWindow_with_an_authenticated_report(int boots, int time)
    {
        var drop = Rejected(Request(SecurityLevel.AuthPriv, Credentials(), boots, time));

        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsNotInTimeWindows));
        Assert.That(drop.ReportSecurity!.SecurityLevel, Is.EqualTo(SecurityLevel.AuthNoPriv), "RFC 3414 3.2 7a: authenticated, so the manager can trust the clock");
        Assert.That(((UsmStateReference)drop.ReportSecurity.SecurityStateReference).User, Is.Not.Null);
    }

    [TestCase(850)]
    [TestCase(1150)]
    public void The_window_edges_are_inside(int time) =>
        Assert.That(Receive(Request(SecurityLevel.AuthNoPriv, Credentials(), 5, time)).SecurityName, Is.EqualTo(Alice));

    [Test]
    public void A_replayed_message_outside_the_window_is_dropped()
    {
        var message = Request(SecurityLevel.AuthPriv, Credentials(), 5, 1000);
        Assert.That(Receive(message).SecurityName, Is.EqualTo(Alice));

        _clock.Ticks += TimeSpan.FromSeconds(151).Ticks;

        Assert.That(Rejected(message).Counter, Is.EqualTo(SnmpCounter.UsmStatsNotInTimeWindows));
    }

    [Test]
    public void A_message_naming_this_engine_is_checked_against_its_clock_even_without_the_reportable_flag()
    {
        // RFC 3414 3.2 step 7: authority follows msgAuthoritativeEngineID, not msgFlags, so a
        // sender cannot dodge the authoritative time window by clearing reportableFlag.
        var stale = Request(SecurityLevel.AuthNoPriv, Credentials(), 4, 1000, reportable: false);

        Assert.That(Rejected(stale).Counter, Is.EqualTo(SnmpCounter.UsmStatsNotInTimeWindows));
    }

    [Test]
    public void A_noAuthNoPriv_request_still_needs_a_known_user()
    {
        // RFC 3414 3.2 step 4 applies at every securityLevel on the authoritative side.
        var drop = Rejected(Request(SecurityLevel.NoAuthNoPriv, Credentials(), 5, 1000, user: "nobody"));

        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnknownUserNames));
        Assert.That(drop.ReportSecurity!.SecurityLevel, Is.EqualTo(SecurityLevel.NoAuthNoPriv));
        Assert.That(drop.ReportSecurity.SecurityName, Is.EqualTo(new OctetString("nobody")));
        Assert.That(drop.ReportSecurity.RequestId, Is.EqualTo(31));
        Assert.That(((UsmStateReference)drop.ReportSecurity.SecurityStateReference).User, Is.Null);
    }

    [Test]
    public void A_noAuthNoPriv_request_from_a_known_user_is_answered_at_the_agents_clock()
    {
        _clock.Ticks += TimeSpan.FromSeconds(3).Ticks;

        var result = Receive(Request(SecurityLevel.NoAuthNoPriv, Credentials(), 0, 0));

        Assert.That(result.SecurityName, Is.EqualTo(Alice));
        var state = (UsmStateReference)result.SecurityStateReference;
        Assert.That((state.User, state.Boots, state.Time), Is.EqualTo(((UsmUserEntry?)null, 5, 1003)));
    }

    [Test]
    public void An_authenticated_request_keeps_its_user_and_clock_for_the_response()
    {
        var result = Receive(Request(SecurityLevel.AuthNoPriv, Credentials(), 5, 990));

        var state = (UsmStateReference)result.SecurityStateReference;
        Assert.That(state.User, Is.SameAs(_agent.FindUser(AgentEngine, Alice)));
        Assert.That((state.Boots, state.Time), Is.EqualTo((5, 990)));
    }

    [Test]
    public void A_decryption_error_is_reported_without_authentication()
    {
        var drop = Rejected(Request(SecurityLevel.AuthPriv, Credentials(priv: "wrong-password"), 5, 1000));

        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsDecryptionErrors));
        Assert.That(drop.ReportSecurity!.SecurityLevel, Is.EqualTo(SecurityLevel.NoAuthNoPriv));
        Assert.That(((UsmStateReference)drop.ReportSecurity.SecurityStateReference).User, Is.Null);
    }

    [Test]
    public void A_message_that_is_not_reportable_and_names_another_engine_is_processed_as_non_authoritative()
    {
        // RFC 3414 3.2 step 7b: e.g. a Response or Report from an engine this agent sent to.
        var other = OctetString.FromHex("80001F8880C71100005F5F3A6A");
        _agent.AddUser(other, Credentials());

        // Boots 7 is not this agent's (5): step 7a would refuse it; 7b adopts it.
        var result = Receive(Request(SecurityLevel.AuthNoPriv, Credentials(), 7, 700, engine: other, reportable: false));

        Assert.That(result.SecurityEngineId, Is.EqualTo(other));
        Assert.That(_agent.GetEngineTime(other), Is.EqualTo((7, 700)));
    }
}
