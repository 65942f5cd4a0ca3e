using Microsoft.Extensions.Time.Testing;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

/// <summary>
/// RFC 3414 3.2 step 7b on the non-authoritative side when the agent's clock went backwards (it
/// restarted without non-volatile storage): the one message that may set the local notion back
/// is an authenticated usmStatsNotInTimeWindows Report answering one of our own outstanding
/// requests; every other lower clock is refused as a possible replay, and remembered so that a
/// timeout can say why.
/// </summary>
[TestFixture]
public class RestartedEngineClockTests
{
    private static readonly OctetString Engine = OctetString.FromHex("80001F8880C71100005F5F3A6A");
    private static readonly OctetString OtherEngine = OctetString.FromHex("8000000005AABBCCDDEEFF0011");
    private static readonly OctetString Alice = new("alice");
    private static readonly UsmUser Credentials = new(Alice, AuthenticationProtocol.HmacSha256, "alice-auth-pass"u8, PrivacyProtocol.Aes128, "alice-priv-pass"u8);
    private static readonly OutstandingRequest OurRequest = new(Engine, Alice);
    private static readonly ObjectIdentifier NotInTimeWindows = SnmpCounterObjects.InstanceOf(SnmpCounter.UsmStatsNotInTimeWindows);
    private static readonly ObjectIdentifier UnknownUserNames = SnmpCounterObjects.InstanceOf(SnmpCounter.UsmStatsUnknownUserNames);

    private UserBasedSecurityModel _manager = null!;

    /// <summary>The Manager's USM, which has authenticated the agent in boot 7 at time 5000.</summary>
    [SetUp]
    public void SetUp()
    {
        // A clock that stands still: the notion of the agent's time is exactly what was received.
        _manager = new UserBasedSecurityModel(new FakeTimeProvider());
        _manager.AddUser(Engine, Credentials);
        Receive(FromAgent(7, 5000, Response()));
        Assert.That(_manager.GetEngineTime(Engine), Is.EqualTo((7, 5000)));
    }

    [Test]
    public void A_clock_set_from_outside_counts_as_discovered_and_never_overrides_an_authenticated_one()
    {
        // Net-SNMP's -Z: the notion of an engine not heard from yet is what the user gives ...
        var fresh = new UserBasedSecurityModel(new FakeTimeProvider());
        fresh.SetEngineTime(OtherEngine, 4, 321);
        Assert.That(fresh.GetEngineTime(OtherEngine), Is.EqualTo((4, 321)));
        fresh.SetEngineTime(OtherEngine, 5, 10);
        Assert.That(fresh.GetEngineTime(OtherEngine), Is.EqualTo((5, 10)), "a provisional value is replaced");

        // ... but what an authenticated message set stays (the SetUp's boot 7, time 5000).
        _manager.SetEngineTime(Engine, 1, 1);
        Assert.That(_manager.GetEngineTime(Engine), Is.EqualTo((7, 5000)));
        Assert.Throws<ArgumentOutOfRangeException>(() => fresh.SetEngineTime(OtherEngine, -1, 0));
    }

    private static Pdu Response() => new(PduType.Response, 9, new VarBindList(new VarBind("1.3.6.1.2.1.1.5.0", new OctetString("router"))));

    private static Pdu Report(ObjectIdentifier counter) => SnmpCounterObjects.ReportPdu(9, counter, 1);

    /// <summary>A message secured as the agent would with (boots, time), for <paramref name="engine"/>.</summary>
    private static byte[] FromAgent(int boots, int time, Pdu pdu, SecurityLevel level = SecurityLevel.AuthNoPriv, OctetString? engine = null)
    {
        engine ??= Engine;
        var signer = new UserBasedSecurityModel();
        signer.AddUser(engine, Credentials);
        signer.LearnEngine(engine, boots, time);
        var flags = level switch { SecurityLevel.AuthPriv => MsgFlags.Auth | MsgFlags.Priv, SecurityLevel.AuthNoPriv => MsgFlags.Auth, _ => MsgFlags.None };
        return signer.GenerateRequestMsg(new HeaderData(77, 65507, flags, 3), 65507, engine, Alice, level, new ScopedPdu(engine.Value, ReadOnlyMemory<byte>.Empty, pdu));
    }

    private IncomingSecurityResult Receive(byte[] message, OutstandingRequest? answered = null) =>
        _manager.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message, answered);

    private MessageDroppedException Refused(byte[] message, OutstandingRequest? answered = null)
    {
        var drop = Assert.Throws<MessageDroppedException>(() => Receive(message, answered))!;
        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.UsmStatsNotInTimeWindows));
        Assert.That(_manager.GetEngineTime(Engine)!.Value.Boots, Is.EqualTo(7), "the notion stays where it was");
        return drop;
    }

    [TestCase(SecurityLevel.AuthNoPriv, TestName = "at authNoPriv, as RFC 3414 3.2 step 7a sends it")]
    [TestCase(SecurityLevel.AuthPriv, TestName = "at authPriv, decrypted with its own clock")]
    public void An_authenticated_notInTimeWindow_report_answering_our_request_sets_the_clock_back(SecurityLevel level)
    {
        var report = FromAgent(1, 3, Report(NotInTimeWindows), level);

        // Through the abstract service interface, as the message processing model calls it.
        var result = _manager.ProcessIncomingMsg(new IncomingSecurityParameters(SnmpMessageCodec.DecodeV3Message(report), report, 65507,
            new TransportStateReference(TransportDomain.UdpIpv4, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 161))) { AnsweredRequest = OurRequest });

        Assert.That(result.ScopedPdu.Pdu.Type, Is.EqualTo(PduType.Report));
        Assert.That(result.ScopedPdu.Pdu.VarBinds[0].Oid, Is.EqualTo(NotInTimeWindows));
        Assert.That(_manager.GetEngineTime(Engine), Is.EqualTo((1, 3)), "the restarted agent's clock is adopted");
        Assert.That(_manager.DescribeRefusedEngineTime(Engine), Is.Null);

        // The new notion now judges what follows: the agent's answers in boot 1 pass, and the
        // old boot's messages (boots higher) move it forward again as step 7b.1 always does.
        Assert.DoesNotThrow(() => Receive(FromAgent(1, 4, Response())));
        Assert.That(_manager.GetEngineTime(Engine), Is.EqualTo((1, 4)));
    }

    [Test]
    public void A_report_answering_our_request_with_snmpEngineTime_reset_within_the_same_boot_sets_the_clock_back()
    {
        Receive(FromAgent(7, 10, Report(NotInTimeWindows)), OurRequest);

        Assert.That(_manager.GetEngineTime(Engine), Is.EqualTo((7, 10)));
    }

    [Test]
    public void An_authenticated_report_with_a_lower_clock_that_answers_no_outstanding_request_is_refused()
    {
        var drop = Refused(FromAgent(1, 3, Report(NotInTimeWindows)), answered: null);

        Assert.That(drop.Message, Does.Contain("snmpEngineBoots went from 7 to 1"));
        Assert.That(drop.Message, Does.Not.Contain("alice-auth-pass"));
        Assert.That(_manager.DescribeRefusedEngineTime(Engine), Does.Contain("snmpEngineBoots went from 7 to 1"));
    }

    [Test]
    public void A_report_answering_a_request_to_another_engine_or_as_another_user_is_refused()
    {
        Refused(FromAgent(1, 3, Report(NotInTimeWindows)), new OutstandingRequest(OtherEngine, Alice));
        Refused(FromAgent(1, 3, Report(NotInTimeWindows)), new OutstandingRequest(Engine, new OctetString("bob")));
    }

    [Test]
    public void A_response_with_a_lower_clock_is_refused_even_when_it_answers_our_request()
    {
        // An agent answers a request only from inside its own window: a Response behind ours is
        // a replay, whatever msgID it carries.
        var drop = Refused(FromAgent(1, 3, Response()), OurRequest);

        Assert.That(drop.Message, Does.Contain("snmpEngineBoots went from 7 to 1"));
    }

    [Test]
    public void A_report_of_another_counter_with_a_lower_clock_is_refused()
    {
        Refused(FromAgent(1, 3, Report(UnknownUserNames)), OurRequest);
    }

    [Test]
    public void An_unauthenticated_report_claiming_a_lower_clock_changes_nothing()
    {
        var report = FromAgent(1, 3, Report(NotInTimeWindows), SecurityLevel.NoAuthNoPriv);

        // Passed on (the application sees an unauthenticated Report and cannot end a request
        // with it), but step 3a keeps its clock provisional: the authenticated notion stands.
        Assert.DoesNotThrow(() => Receive(report, OurRequest));

        Assert.That(_manager.GetEngineTime(Engine), Is.EqualTo((7, 5000)));
    }

    [Test]
    public void A_time_regression_is_described_as_such()
    {
        Refused(FromAgent(7, 10, Response()), OurRequest);

        Assert.That(_manager.DescribeRefusedEngineTime(Engine), Does.Contain("snmpEngineTime went back from 5000 to 10 within snmpEngineBoots 7"));
    }

    [Test]
    public void A_refused_clock_is_forgotten_once_an_authenticated_message_is_inside_the_window()
    {
        Refused(FromAgent(1, 3, Response()));
        Assert.That(_manager.DescribeRefusedEngineTime(Engine), Is.Not.Null);

        Receive(FromAgent(7, 5001, Response()));

        Assert.That(_manager.DescribeRefusedEngineTime(Engine), Is.Null);
    }

    [Test]
    public void A_message_tampered_with_is_a_wrong_digest_before_any_clock_is_considered()
    {
        var report = FromAgent(1, 3, Report(NotInTimeWindows));
        report[^1] ^= 0x01;

        var drop = Assert.Throws<MessageDroppedException>(() => Receive(report, OurRequest));

        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.UsmStatsWrongDigests));
        Assert.That(_manager.GetEngineTime(Engine), Is.EqualTo((7, 5000)));
    }
}
