using System.Net;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

/// <summary>USM's originator side (IOriginatorSecurityModel): what the facade asks of it, as of TSM or a plug-in.</summary>
[TestFixture]
public class UsmOriginatorTests
{
    private static readonly OctetString Engine = OctetString.FromHex("80001F8880AABBCCDD");
    private static readonly IPEndPoint Agent = new(IPAddress.Loopback, 16161);
    private static readonly UsmUser Alice = new(new OctetString("alice"), AuthenticationProtocol.HmacSha1, "alice-auth-pw"u8, PrivacyProtocol.Aes128, "alice-priv-pw"u8);

    private static SecurityPrincipal Principal(UsmUser user) => new(user.UserName) { Credentials = user, MaxSecurityLevel = user.MaxSecurityLevel };

    [Test]
    public void The_default_level_is_the_principals_else_the_highest_its_credentials_support()
    {
        IOriginatorSecurityModel usm = new UserBasedSecurityModel();
        Assert.That(usm.DefaultSecurityLevel(Principal(Alice)), Is.EqualTo(SecurityLevel.AuthPriv));
        Assert.That(usm.DefaultSecurityLevel(Principal(Alice) with { DefaultSecurityLevel = SecurityLevel.AuthNoPriv }), Is.EqualTo(SecurityLevel.AuthNoPriv));
        Assert.That(usm.DefaultSecurityLevel(new SecurityPrincipal(new OctetString("nobody"))), Is.EqualTo(SecurityLevel.NoAuthNoPriv));
    }

    [Test]
    public void Preparing_a_principal_localises_its_keys_once_per_engine_and_again_for_other_credentials()
    {
        var usm = new UserBasedSecurityModel();
        usm.PrepareSecurityName(Engine, Principal(Alice));
        var row = usm.FindUser(Engine, Alice.UserName);
        usm.PrepareSecurityName(Engine, Principal(Alice));

        Assert.That(row, Is.Not.Null);
        Assert.That(usm.FindUser(Engine, Alice.UserName), Is.SameAs(row), "localised once (RFC 3414 2.6)");
        var other = new UsmUser(Alice.UserName, AuthenticationProtocol.HmacSha1, "another-pw-1"u8, null, default);
        usm.PrepareSecurityName(Engine, Principal(other));
        Assert.That(usm.FindUser(Engine, Alice.UserName)!.User, Is.SameAs(other), "another namespace's configuration of the same name");
        usm.PrepareSecurityName(OctetString.FromHex("80001F8880EEEE"), new SecurityPrincipal(new OctetString("bare")));
        Assert.That(usm.FindUser(OctetString.FromHex("80001F8880EEEE"), new OctetString("bare")), Is.Null, "no credentials, nothing to localise");
    }

    [Test]
    public async Task Discovery_sends_RFC_3414s_empty_noAuthNoPriv_request_and_reads_the_reports_contextEngineID()
    {
        IOriginatorSecurityModel usm = new UserBasedSecurityModel();
        SendPduParameters? sent = null;
        var target = new SecurityTarget(TransportDomain.UdpIpv4, Agent, SecurityModel.Usm, Principal(Alice), SecurityLevel.AuthPriv);

        var engineId = await usm.DiscoverEngineIdAsync(target, (request, _) =>
        {
            sent = request;
            return Task.FromResult(Report(request, "1.3.6.1.6.3.15.1.1.4.0", SecurityLevel.NoAuthNoPriv, Engine));
        }, CancellationToken.None);

        Assert.That(engineId, Is.EqualTo(Engine));
        Assert.That(sent!.SecurityName, Is.EqualTo(OctetString.Empty));
        Assert.That(sent.SecurityLevel, Is.EqualTo(SecurityLevel.NoAuthNoPriv));
        Assert.That(sent.ContextEngineId, Is.EqualTo(OctetString.Empty));
        Assert.That(sent.Pdu.VarBinds, Is.Empty);
        Assert.ThrowsAsync<SnmpImproperResponseException>(() => usm.DiscoverEngineIdAsync(target,
            (request, _) => Task.FromResult(Report(request, "1.3.6.1.6.3.15.1.1.4.0", SecurityLevel.NoAuthNoPriv, OctetString.Empty)), CancellationToken.None));
    }

    [TestCase("1.3.6.1.6.3.15.1.1.2.0", SecurityLevel.AuthNoPriv, true)]
    [TestCase("1.3.6.1.6.3.15.1.1.2.0", SecurityLevel.AuthPriv, true)]
    [TestCase("1.3.6.1.6.3.15.1.1.2.0", SecurityLevel.NoAuthNoPriv, false)]
    [TestCase("1.3.6.1.6.3.15.1.1.3.0", SecurityLevel.AuthNoPriv, false)]
    public void Only_an_authenticated_notInTimeWindows_report_deserves_a_resend(string counter, SecurityLevel level, bool resend)
    {
        IOriginatorSecurityModel usm = new UserBasedSecurityModel();
        var request = new SendPduParameters(TransportDomain.UdpIpv4, Agent, SnmpVersion.SNMPv3, SecurityModel.Usm, Alice.UserName, SecurityLevel.AuthPriv, Engine, OctetString.Empty,
            new Pdu(PduType.GetRequest, 1, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0")), true);
        Assert.That(usm.ResendAfterReport(Report(request, counter, level, Engine)), Is.EqualTo(resend));
    }

    [Test]
    public void Nothing_to_explain_about_an_engine_whose_clock_was_never_refused()
    {
        IOriginatorSecurityModel usm = new UserBasedSecurityModel();
        Assert.That(usm.ExplainTimeout(Engine), Is.Null);
        Assert.That(usm.ExplainTimeout(OctetString.Empty), Is.Null);
    }

    private static ProcessResponsePduParameters Report(SendPduParameters request, string counter, SecurityLevel level, OctetString contextEngineId) =>
        new(SnmpVersion.SNMPv3, SecurityModel.Usm, request.SecurityName, level, contextEngineId, OctetString.Empty,
            new Pdu(PduType.Report, request.Pdu.RequestId, new VarBindList(new VarBind(counter, new Counter32(1)))), new PduHandle(1),
            new TransportStateReference(request.TransportDomain, request.TransportAddress));
}
