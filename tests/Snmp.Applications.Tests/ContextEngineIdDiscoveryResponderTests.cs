using System.Collections.Concurrent;
using System.Net;
using Moq;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Applications.Tests;

/// <summary>
/// RFC 5343 section 3 at an engine without a Command Responder: the discovery request (an SNMPv3
/// Get of snmpEngineID.0 alone, default context, which the message processing model hands on as
/// addressed to this engine's snmpEngineID) is answered with that id; every other GetRequest is
/// still nobody's (RFC 3412 4.2.2.1 step 2).
/// </summary>
[TestFixture]
public sealed class ContextEngineIdDiscoveryResponderTests
{
    private static readonly OctetString EngineId = OctetString.FromHex("80001F8880C0FFEE0001");
    private static readonly IPEndPoint Sender = new(IPAddress.Loopback, 16300);
    private static readonly ObjectIdentifier SysDescr0 = "1.3.6.1.2.1.1.1.0";

    private readonly ConcurrentQueue<(ProcessPduParameters Request, SnmpPdu Response)> _answers = new();
    private SnmpStatistics _statistics = null!;
    private ContextEngineIdDiscoveryResponder _responder = null!;

    [SetUp]
    public void SetUp()
    {
        _answers.Clear();
        var dispatcher = new Mock<IDispatcher>(MockBehavior.Strict);
        dispatcher.Setup(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()))
            .Callback((ProcessPduParameters request, SnmpPdu response, CancellationToken _) => _answers.Enqueue((request, response)))
            .Returns(ValueTask.CompletedTask);
        _statistics = new SnmpStatistics();
        _responder = new ContextEngineIdDiscoveryResponder(dispatcher.Object, _statistics, EngineId);
    }

    [TestCase(4, SecurityLevel.AuthPriv)] // TSM
    [TestCase(3, SecurityLevel.NoAuthNoPriv)] // USM
    public void The_discovery_request_is_answered_with_the_engines_snmpEngineID(int model, SecurityLevel level)
    {
        var probe = Get(SnmpVersion.SNMPv3, new SecurityModel(model), level, requestId: 41, ContextEngineIdDiscovery.SnmpEngineIdInstance);

        _responder.ProcessPdu(probe);

        Assert.That(_answers, Has.Count.EqualTo(1));
        var (request, answer) = _answers.Single();
        var response = (Pdu)answer;
        Assert.Multiple(() =>
        {
            Assert.That(request, Is.SameAs(probe), "answered as the request's Response (returnResponsePdu)");
            Assert.That(response.Type, Is.EqualTo(PduType.Response));
            Assert.That(response.RequestId, Is.EqualTo(41));
            Assert.That(response.ErrorStatus, Is.EqualTo(ErrorStatus.NoError));
            Assert.That(response.VarBinds, Is.EqualTo(new[] { new VarBind(ContextEngineIdDiscovery.SnmpEngineIdInstance, EngineId) }));
            Assert.That(_responder.Answered, Is.EqualTo(1));
            Assert.That(_statistics[SnmpCounter.SnmpUnknownPDUHandlers], Is.Zero);
        });
    }

    [Test]
    public void Any_other_SNMPv3_Get_is_counted_as_nobodys_and_answered_with_that_Report()
    {
        _responder.ProcessPdu(Get(SnmpVersion.SNMPv3, SecurityModel.Tsm, SecurityLevel.AuthPriv, 1, SysDescr0));
        _responder.ProcessPdu(Get(SnmpVersion.SNMPv3, SecurityModel.Tsm, SecurityLevel.AuthPriv, 2, ContextEngineIdDiscovery.SnmpEngineIdInstance, SysDescr0));
        _responder.ProcessPdu(Get(SnmpVersion.SNMPv3, SecurityModel.Tsm, SecurityLevel.AuthPriv, 3, ContextEngineIdDiscovery.SnmpEngineIdInstance) with { ContextName = new OctetString("ctx") });

        Assert.Multiple(() =>
        {
            Assert.That(_statistics[SnmpCounter.SnmpUnknownPDUHandlers], Is.EqualTo(3));
            Assert.That(_responder.Answered, Is.Zero);
            Assert.That(_answers.Select(a => a.Response.Type), Is.All.EqualTo(PduType.Report));
            Assert.That(_answers.Select(a => a.Response.RequestId), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(_answers.Select(a => a.Response.VarBinds.Single().Oid), Is.All.EqualTo(SnmpCounterObjects.InstanceOf(SnmpCounter.SnmpUnknownPDUHandlers)));
        });
    }

    [TestCase(SnmpVersion.SNMPv1, 1)]
    [TestCase(SnmpVersion.SNMPv2c, 2)]
    public void A_community_Get_even_of_snmpEngineID_is_counted_and_not_answered(SnmpVersion version, int model)
    {
        _responder.ProcessPdu(Get(version, new SecurityModel(model), SecurityLevel.NoAuthNoPriv, 5, ContextEngineIdDiscovery.SnmpEngineIdInstance));

        Assert.That(_statistics[SnmpCounter.SnmpUnknownPDUHandlers], Is.EqualTo(1));
        Assert.That(_answers, Is.Empty, "SNMPv1 and SNMPv2c have no Report");
    }

    private static ProcessPduParameters Get(SnmpVersion version, SecurityModel model, SecurityLevel level, int requestId, params ObjectIdentifier[] oids) =>
        new(version, model, new OctetString("manager"), level, EngineId, OctetString.Empty,
            new Pdu(PduType.GetRequest, requestId, VarBindList.ForRequest(oids)), 65507, new object(),
            new TransportStateReference(TransportDomain.UdpIpv4, Sender));
}
