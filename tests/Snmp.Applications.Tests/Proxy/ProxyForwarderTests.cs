using System.Collections.Concurrent;
using System.Net;
using Moq;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Applications.Proxy;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Testing;

namespace Snmp.Applications.Tests.Proxy;

/// <summary>
/// The Proxy Forwarder (RFC 3413 3.5) between a mocked dispatcher and a mocked management target
/// translation (section 7): what it sends downstream, what it returns upstream, what it counts.
/// </summary>
[TestFixture]
public class ProxyForwarderTests
{
    private static readonly IPEndPoint Manager = new(IPAddress.Loopback, 40000);
    private static readonly IPEndPoint Device = new(IPAddress.Loopback, 40001);
    private static readonly OctetString ProxiedEngine = OctetString.FromHex("800007E5800102030405");
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier IfHcInOctets1 = "1.3.6.1.2.1.31.1.1.1.6.1";
    private static readonly ObjectIdentifier IfHcInOctets2 = "1.3.6.1.2.1.31.1.1.1.6.2";
    private static readonly ObjectIdentifier IfHighSpeed1 = "1.3.6.1.2.1.31.1.1.1.15.1";

    private sealed class Harness : IDisposable
    {
        private long _handles;

        public Harness(SnmpVersion downstream, TimeProvider? clock = null, ProxyTranslation? translation = null)
        {
            Dispatcher.Setup(d => d.SendPduAsync(It.IsAny<SendPduParameters>(), It.IsAny<IResponsePduProcessor?>(), It.IsAny<CancellationToken>()))
                .Returns((SendPduParameters request, IResponsePduProcessor? receiver, CancellationToken _) =>
                {
                    var handle = new PduHandle(Interlocked.Increment(ref _handles));
                    Sent.Enqueue(request);
                    if (receiver is not null && Answer?.Invoke(request) is { } answer)
                    {
                        receiver.ProcessResponsePdu(new ProcessResponsePduParameters(request.MessageProcessingModel, request.SecurityModel, request.SecurityName,
                            answer.Type == PduType.Report ? SecurityLevel.AuthPriv : request.SecurityLevel, request.ContextEngineId, request.ContextName,
                            answer is Pdu p ? p.WithRequestId(request.Pdu.RequestId) : answer, handle, new TransportStateReference(request.TransportDomain, request.TransportAddress)));
                    }

                    return ValueTask.FromResult(handle);
                });
            Dispatcher.Setup(d => d.ReleasePduHandle(It.IsAny<PduHandle>()));
            Dispatcher.Setup(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()))
                .Returns((ProcessPduParameters request, SnmpPdu response, CancellationToken _) =>
                {
                    Returned.Enqueue((request, response));
                    return ValueTask.CompletedTask;
                });
            Generator = new CommandGenerator(Dispatcher.Object, clock);
            var originator = new NotificationOriginator(Dispatcher.Object, Generator);
            Target = new ProxyTarget("device", SnmpTarget.Community(TransportDomain.UdpIpv4, Device, downstream, "public"),
                new RetransmissionPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
            Translation.Setup(t => t.TranslateRequestAsync(It.IsAny<ProxyType>(), It.IsAny<ProcessPduParameters>(), It.IsAny<CancellationToken>()))
                .Returns(ValueTask.FromResult(translation ?? ProxyTranslation.To(Target)));
            Translation.Setup(t => t.TranslateNotificationAsync(It.IsAny<ProxyType>(), It.IsAny<ProcessPduParameters>(), It.IsAny<CancellationToken>()))
                .Returns(ValueTask.FromResult<IReadOnlyList<ProxyTarget>>(translation?.Target is null && translation is not null ? [] : [Target]));
            Forwarder = new ProxyForwarder(Dispatcher.Object, Generator, originator, Translation.Object, Statistics);
        }

        public Mock<IDispatcher> Dispatcher { get; } = new(MockBehavior.Strict);

        public Mock<IProxyTargetTranslation> Translation { get; } = new(MockBehavior.Strict);

        public SnmpStatistics Statistics { get; } = new();

        public CommandGenerator Generator { get; }

        public ProxyTarget Target { get; }

        public ProxyForwarder Forwarder { get; }

        /// <summary>What the downstream agent answers to a PDU sent (null: nothing).</summary>
        public Func<SendPduParameters, SnmpPdu?>? Answer { get; set; }

        public ConcurrentQueue<SendPduParameters> Sent { get; } = new();

        public ConcurrentQueue<(ProcessPduParameters Request, SnmpPdu Response)> Returned { get; } = new();

        public void Dispose() => Generator.Dispose();
    }

    private static ProcessPduParameters Incoming(SnmpPdu pdu, SnmpVersion version = SnmpVersion.SNMPv3) =>
        new(version, version == SnmpVersion.SNMPv3 ? SecurityModel.Usm : version == SnmpVersion.SNMPv1 ? SecurityModel.SNMPv1 : SecurityModel.SNMPv2c,
            new OctetString("manager"), version == SnmpVersion.SNMPv3 ? SecurityLevel.AuthPriv : SecurityLevel.NoAuthNoPriv,
            ProxiedEngine, OctetString.Empty, pdu, 65000, new object(), new TransportStateReference(TransportDomain.UdpIpv4, Manager));

    private static Pdu Response(params VarBind[] varBinds) => new(PduType.Response, 0, new VarBindList(varBinds));

    [Test]
    public async Task A_Get_goes_to_the_target_with_a_new_request_id_and_its_Response_returns_with_the_original_one()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        h.Answer = _ => Response(new VarBind(SysDescr, new OctetString("device")));
        var incoming = Incoming(new Pdu(PduType.GetRequest, 4711, VarBindList.ForRequest(SysDescr)));

        await h.Forwarder.ProcessAsync(incoming);

        var sent = h.Sent.Single();
        Assert.That(sent.TransportAddress, Is.EqualTo(Device));
        Assert.That(sent.MessageProcessingModel, Is.EqualTo(SnmpVersion.SNMPv2c));
        Assert.That(sent.SecurityName, Is.EqualTo(new OctetString("public")), "the outgoing management target's securityName (RFC 3413 3.5.1.1 step 4)");
        Assert.That(sent.Pdu.RequestId, Is.Not.EqualTo(4711), "a unique request-id (step 3)");
        var (request, response) = h.Returned.Single();
        Assert.That(request, Is.SameAs(incoming), "returned with the incoming stateReference (3.5.1.2 step 4)");
        Assert.That(response.RequestId, Is.EqualTo(4711));
        Assert.That(response.VarBinds.Single().Value, Is.EqualTo(new OctetString("device")));
        Assert.That(h.Forwarder.RequestsForwarded, Is.EqualTo(1));
        h.Translation.Verify(t => t.TranslateRequestAsync(ProxyType.Read, incoming, It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task An_answer_too_big_for_the_requester_is_tooBig_as_the_Command_Responder_would_say()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        h.Answer = _ => Response(new VarBind(SysDescr, new OctetString(new byte[2000])));
        var incoming = Incoming(new Pdu(PduType.GetRequest, 8, VarBindList.ForRequest(SysDescr))) with { MaxSizeResponseScopedPdu = 484 };

        await h.Forwarder.ProcessAsync(incoming);

        var response = (Pdu)h.Returned.Single().Response;
        Assert.That((response.ErrorStatus, response.VarBinds.Count, response.RequestId), Is.EqualTo((ErrorStatus.TooBig, 0, 8)), "RFC 3416 4.2.1");
    }

    [Test]
    public async Task A_Set_is_translated_as_a_write()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        h.Answer = request => Response([.. request.Pdu.VarBinds]);
        var incoming = Incoming(new Pdu(PduType.SetRequest, 5, new VarBindList(new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("ops")))));

        await h.Forwarder.ProcessAsync(incoming);

        h.Translation.Verify(t => t.TranslateRequestAsync(ProxyType.Write, incoming, It.IsAny<CancellationToken>()));
        Assert.That(h.Sent.Single().Pdu.Type, Is.EqualTo(PduType.SetRequest));
    }

    [Test]
    public async Task No_target_is_a_proxy_drop_reported_to_an_SNMPv3_manager_and_silent_for_SNMPv2c()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c, translation: ProxyTranslation.None("entry names a missing target"));

        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.GetRequest, 9, VarBindList.ForRequest(SysDescr))));
        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.GetRequest, 10, VarBindList.ForRequest(SysDescr)), SnmpVersion.SNMPv2c));

        Assert.That(h.Statistics[SnmpCounter.SnmpProxyDrops], Is.EqualTo(2));
        Assert.That(h.Sent, Is.Empty);
        var (_, report) = h.Returned.Single();
        Assert.That(report.Type, Is.EqualTo(PduType.Report));
        Assert.That(report.RequestId, Is.EqualTo(9));
        Assert.That(report.VarBinds.Single(), Is.EqualTo(new VarBind("1.3.6.1.2.1.11.32.0", new Counter32(1))), "snmpProxyDrops.0 and its value (3.5.1.1 step 2)");
    }

    [Test]
    public async Task A_Report_from_downstream_becomes_a_proxy_drop_not_the_downstream_report()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        h.Answer = _ => SnmpCounterObjects.ReportPdu(0, SnmpCounter.SnmpUnknownContexts, 3);

        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.GetRequest, 12, VarBindList.ForRequest(SysDescr))));

        Assert.That(h.Statistics[SnmpCounter.SnmpProxyDrops], Is.EqualTo(1));
        var (_, report) = h.Returned.Single();
        Assert.That(report.VarBinds.Single().Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.11.32.0")));
        Assert.That(h.Forwarder.RequestsForwarded, Is.Zero);
    }

    [Test]
    public void A_target_that_never_answers_returns_nothing_and_is_no_proxy_drop()
    {
        var clock = new SteppedClock();
        using var h = new Harness(SnmpVersion.SNMPv2c, clock);

        Assert.DoesNotThrowAsync(() => clock.RunAsync(h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.GetRequest, 13, VarBindList.ForRequest(SysDescr))))));

        Assert.That(h.Sent, Has.Count.EqualTo(2), "sent and resent once on the target's schedule");
        Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(2)), "given up at the target's timeout (3.5.1.1 step 7)");
        Assert.That(h.Returned, Is.Empty);
        Assert.That(h.Forwarder.Timeouts, Is.EqualTo(1));
        Assert.That(h.Statistics[SnmpCounter.SnmpProxyDrops], Is.Zero, "snmpProxyDrops counts failures other than a time-out");
    }

    [Test]
    public async Task A_GetBulk_to_an_SNMPv1_device_is_sent_as_GetNext_and_its_noSuchName_returned_as_it_is()
    {
        using var h = new Harness(SnmpVersion.SNMPv1);
        h.Answer = request => new Pdu(PduType.Response, 0, ErrorStatus.NoSuchName, 2, request.Pdu.VarBinds);
        var bulk = new BulkPdu(21, 1, 10, VarBindList.ForRequest("1.3.6.1.2.1.1", "1.3.6.1.2.1.99"));

        await h.Forwarder.ProcessAsync(Incoming(bulk));

        var sent = h.Sent.Single().Pdu;
        Assert.That(sent, Is.TypeOf<Pdu>());
        Assert.That(sent.Type, Is.EqualTo(PduType.GetNextRequest), "RFC 3584 4.2.1");
        Assert.That(sent.VarBinds, Is.EqualTo(bulk.VarBinds));
        var response = (Pdu)h.Returned.Single().Response;
        Assert.That((response.ErrorStatus, response.ErrorIndex, response.RequestId), Is.EqualTo((ErrorStatus.NoSuchName, 2, 21)),
            "noSuchName is in SNMPv2's error-status for proxy compatibility (RFC 3416 section 3)");
    }

    [Test]
    public async Task A_Set_of_a_Counter64_cannot_go_to_an_SNMPv1_device()
    {
        using var h = new Harness(SnmpVersion.SNMPv1);

        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.SetRequest, 3, new VarBindList(new VarBind(IfHcInOctets1, new Counter64(1))))));

        Assert.That(h.Sent, Is.Empty);
        Assert.That(h.Statistics[SnmpCounter.SnmpProxyDrops], Is.EqualTo(1));
    }

    [Test]
    public async Task An_SNMPv1_managers_GetNext_skips_Counter64_instances_of_an_SNMPv2c_device()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        h.Answer = request => request.Pdu.VarBinds[0].Oid.ToString() switch
        {
            "1.3.6.1.2.1.1.1.0" => Response(new VarBind(IfHcInOctets1, new Counter64(10)), new VarBind("1.3.6.1.2.1.1.2.0", new ObjectIdentifier("1.3.6.1.4.1.8072"))),
            "1.3.6.1.2.1.31.1.1.1.6.1" => Response(new VarBind(IfHcInOctets2, new Counter64(20))),
            "1.3.6.1.2.1.31.1.1.1.6.2" => Response(new VarBind(IfHighSpeed1, new Gauge32(1000))),
            _ => null,
        };
        var incoming = Incoming(new Pdu(PduType.GetNextRequest, 30, VarBindList.ForRequest(SysDescr, "1.3.6.1.2.1.1.1.0")), SnmpVersion.SNMPv1);

        await h.Forwarder.ProcessAsync(incoming);

        Assert.That(h.Sent, Has.Count.EqualTo(3), "asked again from each Counter64 instance (RFC 3584 4.2.2.1)");
        Assert.That(h.Sent.Skip(1).Select(s => s.Pdu.VarBinds.Count), Is.All.EqualTo(1), "only the Counter64 position is asked again");
        var response = (Pdu)h.Returned.Single().Response;
        Assert.That(response.ErrorStatus, Is.EqualTo(ErrorStatus.NoError));
        Assert.That(response.VarBinds[0], Is.EqualTo(new VarBind(IfHighSpeed1, new Gauge32(1000))));
        Assert.That(response.VarBinds[1].Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.1.2.0")));
    }

    [Test]
    public async Task An_SNMPv1_manager_gets_SNMPv2_exceptions_and_errors_in_SNMPv1_terms()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        h.Answer = request => request.Pdu.Type == PduType.SetRequest
            ? new Pdu(PduType.Response, 0, ErrorStatus.NotWritable, 1, request.Pdu.VarBinds)
            : Response(new VarBind(SysDescr, new OctetString("x")), new VarBind(IfHcInOctets1, new Counter64(5)), new VarBind("1.3.6.1.2.1.1.99.0", NoSuchObject.Instance));

        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.GetRequest, 40, VarBindList.ForRequest(SysDescr, IfHcInOctets1, "1.3.6.1.2.1.1.99.0")), SnmpVersion.SNMPv1));
        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.SetRequest, 41, new VarBindList(new VarBind(SysDescr, new OctetString("y")))), SnmpVersion.SNMPv1));

        var responses = h.Returned.Select(r => (Pdu)r.Response).ToArray();
        Assert.That((responses[0].ErrorStatus, responses[0].ErrorIndex), Is.EqualTo((ErrorStatus.NoSuchName, 2)), "a Counter64 is out of an SNMPv1 view (RFC 3584 4.2.2.1)");
        Assert.That((responses[1].ErrorStatus, responses[1].ErrorIndex), Is.EqualTo((ErrorStatus.NoSuchName, 1)), "notWritable is noSuchName for SNMPv1 (RFC 3584 4.4)");
    }

    [Test]
    public async Task A_trap_goes_to_every_target_and_an_SNMPv1_trap_carries_its_address_and_community_to_SNMPv2c()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        var trap = new TrapV1Pdu("1.3.6.1.4.1.99999", new IpAddress(IPAddress.Parse("10.1.2.3")), GenericTrap.EnterpriseSpecific, 7, new TimeTicks(100), VarBindList.ForRequest());

        await h.Forwarder.ProcessAsync(Incoming(trap, SnmpVersion.SNMPv1));

        var sent = h.Sent.Single();
        Assert.That(sent.Pdu.Type, Is.EqualTo(PduType.SNMPv2Trap));
        Assert.That(sent.ExpectResponse, Is.False);
        Assert.That(sent.Pdu.VarBinds[1].Value, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.0.7")));
        Assert.That(sent.Pdu.VarBinds.Select(v => v.Oid.ToString()), Does.Contain("1.3.6.1.6.3.18.1.3.0").And.Contain("1.3.6.1.6.3.18.1.4.0"),
            "snmpTrapAddress.0 and snmpTrapCommunity.0 (RFC 3584 3.1)");
        Assert.That(h.Returned, Is.Empty, "nothing answers a trap");
        Assert.That(h.Forwarder.NotificationsForwarded, Is.EqualTo(1));
    }

    [Test]
    public async Task An_inform_is_acknowledged_upstream_when_a_target_acknowledges_it()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        h.Answer = request => new Pdu(PduType.Response, 0, request.Pdu.VarBinds);
        var notification = new VarBindList(new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(5)), new VarBind("1.3.6.1.6.3.1.1.4.1.0", new ObjectIdentifier("1.3.6.1.4.1.99999.0.1")));

        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.InformRequest, 50, notification), SnmpVersion.SNMPv2c));

        Assert.That(h.Sent.Single().Pdu.Type, Is.EqualTo(PduType.InformRequest));
        var response = (Pdu)h.Returned.Single().Response;
        Assert.That((response.Type, response.RequestId, response.ErrorStatus), Is.EqualTo((PduType.Response, 50, ErrorStatus.NoError)));
        Assert.That(response.VarBinds, Is.EqualTo(notification));
    }

    [Test]
    public async Task An_inform_no_entry_forwards_is_a_proxy_drop()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c, translation: ProxyTranslation.None("none"));
        var notification = new VarBindList(new VarBind("1.3.6.1.2.1.1.3.0", new TimeTicks(5)), new VarBind("1.3.6.1.6.3.1.1.4.1.0", new ObjectIdentifier("1.3.6.1.4.1.99999.0.1")));

        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.InformRequest, 51, notification)));
        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.SNMPv2Trap, 52, notification)));

        Assert.That(h.Statistics[SnmpCounter.SnmpProxyDrops], Is.EqualTo(1), "an inform is a Confirmed Class PDU; a trap is not counted");
        Assert.That(h.Returned.Single().Response.Type, Is.EqualTo(PduType.Report));
    }

    [Test]
    public async Task A_translation_that_throws_is_a_counted_drop_not_a_crash()
    {
        using var h = new Harness(SnmpVersion.SNMPv2c);
        h.Translation.Setup(t => t.TranslateRequestAsync(It.IsAny<ProxyType>(), It.IsAny<ProcessPduParameters>(), It.IsAny<CancellationToken>()))
            .Throws(new SnmpConfigurationException("no such user"));

        await h.Forwarder.ProcessAsync(Incoming(new Pdu(PduType.GetRequest, 60, VarBindList.ForRequest(SysDescr))));

        Assert.That(h.Statistics[SnmpCounter.SnmpProxyDrops], Is.EqualTo(1));
        Assert.That(h.Statistics[EngineCounter.InternalErrors], Is.Zero);
    }
}
