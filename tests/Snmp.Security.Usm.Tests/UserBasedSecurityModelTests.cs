using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

[TestFixture]
public class UserBasedSecurityModelTests
{
    private static readonly OctetString Engine = OctetString.FromHex("80001F8880C71100005F5F3A6A");
    private static readonly OctetString Alice = new("alice");

    private static UsmUser Credentials(AuthenticationProtocol? auth = null, PrivacyProtocol? priv = null, string authPassword = "alice-auth", string privPassword = "alice-priv") =>
        new(Alice, auth, System.Text.Encoding.UTF8.GetBytes(authPassword), priv, System.Text.Encoding.UTF8.GetBytes(privPassword));

    private static ScopedPdu Scoped(int requestId = 9) =>
        new(Engine.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.Response, requestId, new VarBindList(new VarBind("1.3.6.1.2.1.1.5.0", new OctetString("router")))));

    private static (UserBasedSecurityModel Usm, byte[] Message) Sent(SecurityLevel level, UsmUser credentials, int boots = 5, int time = 1000)
    {
        var usm = new UserBasedSecurityModel();
        usm.AddUser(Engine, credentials);
        usm.LearnEngine(Engine, boots, time);
        var flags = level switch { SecurityLevel.AuthPriv => MsgFlags.Auth | MsgFlags.Priv, SecurityLevel.AuthNoPriv => MsgFlags.Auth, _ => MsgFlags.None };
        var message = usm.GenerateRequestMsg(new HeaderData(77, 65507, flags, 3), 65507, Engine, Alice, level, Scoped());
        return (usm, message);
    }

    private static IncomingSecurityResult Receive(UserBasedSecurityModel usm, byte[] message) =>
        usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message);

    public static IEnumerable<TestCaseData> Combinations()
    {
        foreach (var auth in AuthenticationProtocol.All)
        {
            yield return new TestCaseData(auth, null).SetArgDisplayNames(auth.Name, "noPriv");
            foreach (var priv in PrivacyProtocol.All)
            {
                yield return new TestCaseData(auth, priv).SetArgDisplayNames(auth.Name, priv.Name);
            }
        }
    }

    [TestCaseSource(nameof(Combinations))]
    public void A_message_authenticates_and_decrypts_for_its_user(AuthenticationProtocol auth, PrivacyProtocol? priv)
    {
        var level = priv is null ? SecurityLevel.AuthNoPriv : SecurityLevel.AuthPriv;
        var (usm, message) = Sent(level, Credentials(auth, priv));

        var result = Receive(usm, message);

        Assert.That(result.ScopedPdu.Pdu, Is.EqualTo(Scoped().Pdu));
        Assert.That(result.SecurityName, Is.EqualTo(Alice));
        Assert.That(result.SecurityEngineId, Is.EqualTo(Engine));
        var parameters = UsmSecurityParameters.Decode(SnmpMessageCodec.DecodeV3Message(message).SecurityParameters, out _);
        Assert.That(parameters.AuthenticationParameters.Length, Is.EqualTo(auth.TruncatedLength));
        Assert.That(parameters.AuthoritativeEngineBoots, Is.EqualTo(5));
        Assert.That(parameters.PrivacyParameters.Length, Is.EqualTo(priv is null ? 0 : 8));
        if (priv is not null)
        {
            Assert.That(SnmpMessageCodec.DecodeV3Message(message).IsEncrypted, Is.True);
        }
    }

    // The scopedPDU is encoded into a buffer of the sending thread that starts at 2048 octets and
    // is kept up to 16384: messages below, across and beyond both, at every level, with a cipher
    // that pads (DES) and one that does not (AES).
    [TestCase(SecurityLevel.NoAuthNoPriv, null, 3000)]
    [TestCase(SecurityLevel.AuthNoPriv, null, 3000)]
    [TestCase(SecurityLevel.AuthPriv, "DES", 3000)]
    [TestCase(SecurityLevel.AuthPriv, "AES", 3000)]
    [TestCase(SecurityLevel.AuthPriv, "AES", 20000)]
    [TestCase(SecurityLevel.AuthPriv, "DES", 20000)]
    [TestCase(SecurityLevel.AuthPriv, "AES", 10)]
    public void A_scopedPDU_larger_than_the_threads_buffer_is_sent_whole(SecurityLevel level, string? priv, int valueLength)
    {
        var credentials = Credentials(level == SecurityLevel.NoAuthNoPriv ? null : AuthenticationProtocol.Find("HMAC-SHA-96"), priv is null ? null : PrivacyProtocol.Find(priv));
        var usm = new UserBasedSecurityModel();
        usm.AddUser(Engine, credentials);
        usm.LearnEngine(Engine, 5, 1000);
        var flags = level switch { SecurityLevel.AuthPriv => MsgFlags.Auth | MsgFlags.Priv, SecurityLevel.AuthNoPriv => MsgFlags.Auth, _ => MsgFlags.None };
        var value = new byte[valueLength];
        new Random(valueLength).NextBytes(value);
        var big = new ScopedPdu(Engine.Value, "ctx"u8.ToArray(), new Pdu(PduType.Response, 11, new VarBindList(
            new VarBind("1.3.6.1.2.1.1.1.0", new OctetString(value)), new VarBind("1.3.6.1.2.1.1.5.0", new OctetString("router")))));
        var small = Scoped(12);

        foreach (var scoped in new[] { big, small, big })
        {
            var message = usm.GenerateRequestMsg(new HeaderData(77, 65507, flags, 3), 65507, Engine, Alice, level, scoped);
            var result = Receive(usm, message);
            Assert.That(result.ScopedPdu.Pdu, Is.EqualTo(scoped.Pdu));
            Assert.That(result.ScopedPdu.ContextName.ToArray(), Is.EqualTo(scoped.ContextName.ToArray()));
            if (level != SecurityLevel.AuthPriv)
            {
                // In plaintext the message carries exactly the codec's encoding of the scopedPDU.
                Assert.That(message.AsSpan(message.Length - BerSize.Of(scoped)).ToArray(), Is.EqualTo(SnmpMessageCodec.Encode(scoped)));
            }
        }
    }

    [Test]
    public void Every_tampered_octet_of_an_authenticated_message_is_refused()
    {
        var (usm, message) = Sent(SecurityLevel.AuthPriv, Credentials(AuthenticationProtocol.HmacSha256, PrivacyProtocol.Aes128));
        for (int i = 0; i < message.Length; i++)
        {
            var tampered = (byte[])message.Clone();
            tampered[i] ^= 0x01;
            SnmpV3Message decoded;
            try
            {
                decoded = SnmpMessageCodec.DecodeV3Message(tampered);
            }
            catch (SnmpDecodeException)
            {
                continue; // the dispatcher counts these as snmpInASNParseErrs
            }

            if (decoded.GlobalData.SecurityLevel != SecurityLevel.AuthPriv)
            {
                continue; // a flipped msgFlags bit changes what is checked; the MP refuses those
            }

            Assert.Throws<MessageDroppedException>(() => usm.ProcessIncomingMsg(decoded, tampered), $"octet {i}");
        }
    }

    [Test]
    public void A_wrong_digest_is_counted_as_usmStatsWrongDigests()
    {
        var (usm, message) = Sent(SecurityLevel.AuthNoPriv, Credentials(AuthenticationProtocol.HmacSha1));
        message[^1] ^= 0xFF; // inside the scopedPDU's last varbind value

        var drop = Assert.Throws<MessageDroppedException>(() => Receive(usm, message));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.UsmStatsWrongDigests));
        Assert.That(drop.Message, Does.Not.Contain("alice-auth"));
    }

    [Test]
    public void A_different_password_on_the_receiving_side_is_a_wrong_digest()
    {
        var (_, message) = Sent(SecurityLevel.AuthNoPriv, Credentials(AuthenticationProtocol.HmacMd5));
        var receiver = new UserBasedSecurityModel();
        receiver.AddUser(Engine, Credentials(AuthenticationProtocol.HmacMd5, authPassword: "another-password"));

        var drop = Assert.Throws<MessageDroppedException>(() => Receive(receiver, message));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.UsmStatsWrongDigests));
    }

    [Test]
    public void An_unknown_user_is_counted_as_usmStatsUnknownUserNames()
    {
        var (_, message) = Sent(SecurityLevel.AuthNoPriv, Credentials(AuthenticationProtocol.HmacSha1));
        var drop = Assert.Throws<MessageDroppedException>(() => Receive(new UserBasedSecurityModel(), message));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnknownUserNames));
    }

    [Test]
    public void A_level_the_user_cannot_do_is_counted_as_usmStatsUnsupportedSecLevels()
    {
        var (_, message) = Sent(SecurityLevel.AuthPriv, Credentials(AuthenticationProtocol.HmacSha1, PrivacyProtocol.Des));
        var receiver = new UserBasedSecurityModel();
        receiver.AddUser(Engine, Credentials(AuthenticationProtocol.HmacSha1));

        var drop = Assert.Throws<MessageDroppedException>(() => Receive(receiver, message));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.UsmStatsUnsupportedSecLevels));
    }

    [TestCase("AES")]
    [TestCase("DES")]
    public void A_different_privacy_password_is_a_decryption_error(string priv)
    {
        var protocol = PrivacyProtocol.Find(priv)!;
        var (_, message) = Sent(SecurityLevel.AuthPriv, Credentials(AuthenticationProtocol.HmacSha1, protocol));
        var receiver = new UserBasedSecurityModel();
        receiver.AddUser(Engine, Credentials(AuthenticationProtocol.HmacSha1, protocol, privPassword: "another-privacy"));

        var drop = Assert.Throws<MessageDroppedException>(() => Receive(receiver, message));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.UsmStatsDecryptionErrors));
    }

    [Test]
    public void A_replayed_message_from_an_earlier_boot_is_outside_the_time_window()
    {
        var credentials = Credentials(AuthenticationProtocol.HmacSha1);
        var (usm, old) = Sent(SecurityLevel.AuthNoPriv, credentials, boots: 5, time: 1000);
        var (_, current) = Sent(SecurityLevel.AuthNoPriv, credentials, boots: 6, time: 10);

        Receive(usm, current); // authenticated: the engine is now known to be in boot 6
        var drop = Assert.Throws<MessageDroppedException>(() => Receive(usm, old));

        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.UsmStatsNotInTimeWindows));
        Assert.That(usm.GetEngineTime(Engine)!.Value.Boots, Is.EqualTo(6));
    }

    [Test]
    public void A_message_more_than_150_seconds_old_is_outside_the_time_window()
    {
        var credentials = Credentials(AuthenticationProtocol.HmacSha1);
        var (usm, old) = Sent(SecurityLevel.AuthNoPriv, credentials, boots: 5, time: 1000);
        var (_, later) = Sent(SecurityLevel.AuthNoPriv, credentials, boots: 5, time: 1151);
        var (_, recent) = Sent(SecurityLevel.AuthNoPriv, credentials, boots: 5, time: 1010);

        Receive(usm, later);
        Assert.DoesNotThrow(() => Receive(usm, recent), "within 150 s of the latest");
        var drop = Assert.Throws<MessageDroppedException>(() => Receive(usm, old));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.UsmStatsNotInTimeWindows));
    }

    [Test]
    public void An_unauthenticated_discovery_report_teaches_the_engine_until_authenticated_messages_do()
    {
        var usm = new UserBasedSecurityModel();
        var report = usm.GenerateRequestMsg(new HeaderData(1, 65507, MsgFlags.None, 3), 65507, OctetString.Empty, OctetString.Empty, SecurityLevel.NoAuthNoPriv, Scoped());
        // A noAuthNoPriv message carrying an engine id, boots and time, as a discovery Report does.
        var parameters = new UsmSecurityParameters(Engine.Value, 12, 3456, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty).Encode(out _);
        var message = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(1, 65507, MsgFlags.None, 3), parameters, Scoped()));

        usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message);

        Assert.That(usm.GetEngineTime(Engine)!.Value.Boots, Is.EqualTo(12));
        Assert.That(report, Is.Not.Empty);
    }

    [Test]
    public void Sending_as_an_unknown_user_or_above_the_users_level_is_a_configuration_error()
    {
        var usm = new UserBasedSecurityModel();
        usm.AddUser(Engine, Credentials(AuthenticationProtocol.HmacSha1));
        var header = new HeaderData(1, 65507, MsgFlags.Auth | MsgFlags.Priv, 3);
        Assert.Throws<SnmpConfigurationException>(() => usm.GenerateRequestMsg(header, 65507, Engine, new OctetString("bob"), SecurityLevel.AuthNoPriv, Scoped()));
        Assert.Throws<SnmpConfigurationException>(() => usm.GenerateRequestMsg(header, 65507, Engine, Alice, SecurityLevel.AuthPriv, Scoped()));
    }

    [Test]
    public void Malformed_security_parameters_are_parse_errors()
    {
        var message = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(1, 65507, MsgFlags.Auth, 3), new byte[] { 0x30, 0x03, 0x04, 0x01 }, Scoped()));
        var drop = Assert.Throws<MessageDroppedException>(() => Receive(new UserBasedSecurityModel(), message));
        Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.SnmpInASNParseErrs));
    }

    [Test]
    public void A_noAuthNoPriv_message_needs_no_user_row_on_the_non_authoritative_side()
    {
        // RFC 3414 section 4: an unauthenticated Report (discovery, or usmStatsUnknownEngineIDs)
        // names a user this engine has no row for at that engine yet.
        var usm = new UserBasedSecurityModel();
        var parameters = new UsmSecurityParameters(Engine.Value, 12, 3456, "nobody"u8.ToArray(), ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty).Encode(out _);
        var message = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(1, 65507, MsgFlags.None, 3), parameters, Scoped()));

        var result = usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message);

        Assert.That(result.SecurityName, Is.EqualTo(new OctetString("nobody")));
        var state = (UsmStateReference)result.SecurityStateReference;
        Assert.That((state.User, state.Boots, state.Time), Is.EqualTo(((UsmUserEntry?)null, 12, 3456)));
    }

    [Test]
    public void Failures_on_the_non_authoritative_side_carry_no_report()
    {
        var (_, message) = Sent(SecurityLevel.AuthNoPriv, Credentials(AuthenticationProtocol.HmacSha1));

        var drop = Assert.Throws<MessageDroppedException>(() => Receive(new UserBasedSecurityModel(), message));

        Assert.That(drop!.ReportSecurity, Is.Null, "RFC 3412 7.2: only a reportable message to its authoritative engine draws a Report");
    }

    [Test]
    public void An_authenticated_message_keeps_its_user_and_clock_in_the_state_reference()
    {
        var (usm, message) = Sent(SecurityLevel.AuthPriv, Credentials(AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes128), boots: 5, time: 1000);

        var state = (UsmStateReference)Receive(usm, message).SecurityStateReference;

        Assert.That(state.User, Is.SameAs(usm.FindUser(Engine, Alice)));
        Assert.That((state.Boots, state.Time), Is.EqualTo((5, 1000)));
    }

    [Test]
    public void Through_the_abstract_service_interface_the_transport_state_passes_untouched()
    {
        // RFC 5590 5.2: USM secures the message itself; it neither needs nor changes transport security.
        ISecurityModel usm = new UserBasedSecurityModel();
        var credentials = Credentials(AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes128);
        ((UserBasedSecurityModel)usm).AddUser(Engine, credentials);
        ((UserBasedSecurityModel)usm).LearnEngine(Engine, 5, 1000);
        var tm = new TransportStateReference(TransportDomain.UdpIpv4, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 16300)) { RequestedSecurityLevel = SecurityLevel.AuthPriv };

        var secured = usm.GenerateRequestMsg(new OutgoingSecurityParameters(SnmpVersion.SNMPv3, new HeaderData(78, 65507, MsgFlags.Auth | MsgFlags.Priv, 3), 65507,
            Engine, Alice, SecurityLevel.AuthPriv, Scoped(), tm));
        var received = usm.ProcessIncomingMsg(new IncomingSecurityParameters(SnmpMessageCodec.DecodeV3Message(secured.WholeMsg), secured.WholeMsg, 65507, tm));

        Assert.That(secured.TmStateReference, Is.SameAs(tm));
        Assert.That(received.SecurityName, Is.EqualTo(Alice));
        Assert.That(received.ScopedPdu.Pdu.RequestId, Is.EqualTo(9));
    }

    [Test]
    public void Through_the_abstract_service_interface_a_community_message_is_not_USMs()
    {
        ISecurityModel usm = new UserBasedSecurityModel();
        var message = new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new Pdu(PduType.GetRequest, 1, VarBindList.Empty));
        var tm = new TransportStateReference(TransportDomain.UdpIpv4, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 16300));

        var drop = Assert.Throws<MessageDroppedException>(() => usm.ProcessIncomingMsg(new IncomingSecurityParameters(message, SnmpMessageCodec.Encode(message), 65507, tm)))!;
        Assert.That(drop.Counter, Is.EqualTo(SnmpCounter.SnmpInvalidMsgs));
        Assert.Throws<ArgumentException>(() => usm.GenerateRequestMsg(new OutgoingSecurityParameters(SnmpVersion.SNMPv2c, null, 65507, Engine, Alice, SecurityLevel.NoAuthNoPriv, Scoped(), tm)));
    }
}
