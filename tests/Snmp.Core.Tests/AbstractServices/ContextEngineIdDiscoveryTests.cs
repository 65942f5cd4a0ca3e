using System.Net;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Core.Tests.AbstractServices;

/// <summary>RFC 5343 contextEngineID discovery, and the defaults of IOriginatorSecurityModel built on it.</summary>
[TestFixture]
public class ContextEngineIdDiscoveryTests
{
    private static readonly OctetString Engine = OctetString.FromHex("80001F8880AABBCCDD");
    private static readonly SecurityTarget Target = new(TransportDomain.TlsTcp, new IPEndPoint(IPAddress.Loopback, 10161), SecurityModel.Tsm,
        new SecurityPrincipal(new OctetString("manager")), SecurityLevel.AuthPriv);

    private static ProcessResponsePduParameters Answer(SendPduParameters request, OctetString contextEngineId, SnmpValue value) =>
        new(SnmpVersion.SNMPv3, request.SecurityModel, request.SecurityName, request.SecurityLevel, contextEngineId, OctetString.Empty,
            new Pdu(PduType.Response, request.Pdu.RequestId, new VarBindList(new VarBind(ContextEngineIdDiscovery.SnmpEngineIdInstance, value))), new PduHandle(1),
            new TransportStateReference(request.TransportDomain, request.TransportAddress));

    [Test]
    public async Task The_request_asks_localEngineID_for_snmpEngineID_0_as_the_targets_principal_and_level()
    {
        SendPduParameters? sent = null;
        var engineId = await ContextEngineIdDiscovery.DiscoverAsync(Target, (request, _) =>
        {
            sent = request;
            return Task.FromResult(Answer(request, Engine, Engine));
        }, CancellationToken.None);

        Assert.That(engineId, Is.EqualTo(Engine));
        Assert.That(ContextEngineIdDiscovery.LocalEngineId.ToHex(), Is.EqualTo("8000000006"));
        Assert.That(sent!.ContextEngineId, Is.EqualTo(ContextEngineIdDiscovery.LocalEngineId));
        Assert.That(sent.Pdu.Type, Is.EqualTo(PduType.GetRequest));
        Assert.That(sent.Pdu.VarBinds[0].Oid.ToString(), Is.EqualTo("1.3.6.1.6.3.10.2.1.1.0"));
        Assert.That(sent.SecurityModel, Is.EqualTo(SecurityModel.Tsm));
        Assert.That(sent.SecurityName.ToText(), Is.EqualTo("manager"));
        Assert.That(sent.SecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
        Assert.That(sent.MessageProcessingModel, Is.EqualTo(SnmpVersion.SNMPv3));
    }

    [Test]
    public async Task Without_a_contextEngineID_in_the_answer_its_snmpEngineID_value_is_taken()
    {
        Assert.That(await ContextEngineIdDiscovery.DiscoverAsync(Target, (r, _) => Task.FromResult(Answer(r, ContextEngineIdDiscovery.LocalEngineId, Engine)), CancellationToken.None),
            Is.EqualTo(Engine));
        Assert.ThrowsAsync<SnmpImproperResponseException>(() =>
            ContextEngineIdDiscovery.DiscoverAsync(Target, (r, _) => Task.FromResult(Answer(r, OctetString.Empty, NoSuchObject.Instance)), CancellationToken.None));
    }

    [Test]
    public async Task A_model_without_an_originator_side_of_its_own_gets_RFC_5343_and_noAuthNoPriv()
    {
        IOriginatorSecurityModel model = new Bare();
        Assert.That(model.DefaultSecurityLevel(Target.Principal), Is.EqualTo(SecurityLevel.NoAuthNoPriv));
        Assert.That(model.DefaultSecurityLevel(Target.Principal with { DefaultSecurityLevel = SecurityLevel.AuthNoPriv }), Is.EqualTo(SecurityLevel.AuthNoPriv));
        Assert.That(await model.DiscoverEngineIdAsync(Target, (r, _) => Task.FromResult(Answer(r, Engine, Engine)), CancellationToken.None), Is.EqualTo(Engine));
        Assert.That(model.ExplainTimeout(Engine), Is.Null);
        Assert.That(Target.Principal.ToString(), Is.EqualTo("manager"));
    }

    private sealed class Bare : IOriginatorSecurityModel
    {
        public SecurityModel SecurityModel => new(12345);
    }
}
