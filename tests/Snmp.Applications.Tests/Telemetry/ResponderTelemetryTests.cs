using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Snmp.AbstractServices;
using Snmp.Applications.Telemetry;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Testing;

namespace Snmp.Applications.Tests.Telemetry;

/// <summary>The Command Responder's metrics and spans (<see cref="ResponderTelemetry"/>) on a Meter and an ActivitySource of the test's own.</summary>
[TestFixture]
public class ResponderTelemetryTests
{
    private const string Community = "s3cret-community";

    private Meter _meter = null!;
    private ActivitySource _source = null!;
    private FakeTimeProvider _clock = null!;
    private CommandResponder _responder = null!;
    private SnmpStatistics _statistics = null!;
    private TelemetryRecorder? _recorder;

    [SetUp]
    public void SetUp()
    {
        _meter = new Meter("Snmp.Applications.Tests");
        _source = new ActivitySource("Snmp.Applications.Tests");
        _clock = new FakeTimeProvider();
        var mib = new MibTree();
        mib.AddScalar("1.3.6.1.2.1.1.1", new OctetString("value-never-tagged"));
        var access = new Mock<IAccessControlModel>();
        access.Setup(a => a.IsAccessAllowed(It.IsAny<SecurityModel>(), It.IsAny<OctetString>(), It.IsAny<SecurityLevel>(), It.IsAny<ViewType>(), It.IsAny<OctetString>(), It.IsAny<ObjectIdentifier>()))
            .Returns(AccessDecision.AccessAllowed);
        var dispatcher = new Mock<IDispatcher>();
        // The response takes 2 ms to send, on the responder's clock.
        dispatcher.Setup(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                _clock.Advance(TimeSpan.FromMilliseconds(2));
                return ValueTask.CompletedTask;
            });
        _statistics = new SnmpStatistics();
        _responder = new CommandResponder(dispatcher.Object, name => name.Length == 0 ? mib : null, access.Object, _statistics);
        _responder.Telemetry = new ResponderTelemetry(_meter, _source, _responder, _clock);
    }

    [TearDown]
    public void TearDown()
    {
        _recorder?.Dispose();
        _meter.Dispose();
        _source.Dispose();
    }

    private void Listen() => _recorder = new TelemetryRecorder(meter => meter == _meter, source => source == _source);

    private static ProcessPduParameters Request(string oid, SnmpVersion model = SnmpVersion.SNMPv2c, string context = "") =>
        new(model, model == SnmpVersion.SNMPv3 ? SecurityModel.Usm : SecurityModel.SNMPv2c, new OctetString(Community),
            model == SnmpVersion.SNMPv3 ? SecurityLevel.AuthPriv : SecurityLevel.NoAuthNoPriv, OctetString.Empty, new OctetString(context),
            new Pdu(PduType.GetRequest, 77, VarBindList.ForRequest(new ObjectIdentifier(oid))), 65000, new object(),
            new TransportStateReference(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 5000)));

    [Test]
    public async Task A_served_request_records_its_duration_and_a_server_span()
    {
        Listen();

        await _responder.ProcessAndRespondAsync(Request("1.3.6.1.2.1.1.1.0"));

        var duration = _recorder!.Of("snmp.server.request.duration").Single();
        Assert.That(duration.Value, Is.EqualTo(0.002).Within(1e-9));
        Assert.That(duration.Tags, Is.EquivalentTo(new Dictionary<string, object?>
        {
            [SnmpTelemetry.PduTypeTag] = "GetRequest",
            [SnmpTelemetry.VersionTag] = "SNMPv2c",
            [SnmpTelemetry.OutcomeTag] = SnmpTelemetry.OutcomeSuccess,
        }));
        var span = _recorder.Activities.Single();
        Assert.That(span.Kind, Is.EqualTo(ActivityKind.Server));
        Assert.That(span.DisplayName, Is.EqualTo("SNMP GetRequest"));
        Assert.That(span.TagObjects.ToDictionary(t => t.Key, t => t.Value), Is.EquivalentTo(new Dictionary<string, object?>
        {
            [SnmpTelemetry.PduTypeTag] = "GetRequest",
            [SnmpTelemetry.VersionTag] = "SNMPv2c",
            [SnmpTelemetry.SecurityModelTag] = "SNMPv2c",
            [SnmpTelemetry.SecurityLevelTag] = "noAuthNoPriv",
            [SnmpTelemetry.RequestIdTag] = 77,
            [SnmpTelemetry.TransportDomainTag] = "snmpUDPDomain",
            ["client.address"] = "127.0.0.1",
            ["client.port"] = 5000,
            [SnmpTelemetry.OutcomeTag] = SnmpTelemetry.OutcomeSuccess,
        }));
        Assert.That(_recorder.AllText(), Has.None.Contains(Community).And.None.Contains("value-never-tagged"));
    }

    [Test]
    public async Task Unknown_contexts_are_a_Report_over_SNMPv3_and_dropped_over_SNMPv2c()
    {
        Listen();

        await _responder.ProcessAndRespondAsync(Request("1.3.6.1.2.1.1.1.0", SnmpVersion.SNMPv3, context: "nowhere"));
        await _responder.ProcessAndRespondAsync(Request("1.3.6.1.2.1.1.1.0", context: "nowhere"));

        Assert.That(_recorder!.Of("snmp.server.request.duration").Select(m => m[SnmpTelemetry.OutcomeTag]),
            Is.EqualTo(new[] { SnmpTelemetry.OutcomeReport, SnmpTelemetry.OutcomeDropped }));
        Assert.That(_recorder.Activities.Select(a => a.Status), Is.All.EqualTo(ActivityStatusCode.Error));
        Assert.That(_statistics.DropsByCause(), Is.EquivalentTo(new Dictionary<string, long> { ["snmpUnknownContexts"] = 2 }));
        _recorder.Collect();
        Assert.That(_recorder.Of("snmp.server.active_requests").Single().Value, Is.Zero);
    }

    [Test]
    public void With_nobody_listening_a_served_request_is_not_observed_and_nothing_is_allocated()
    {
        var telemetry = _responder.Telemetry!;
        var request = Request("1.3.6.1.2.1.1.1.0");
        telemetry.Start(request); // JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        var observation = telemetry.Start(request);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(observation, Is.Null);
        Assert.That(allocated, Is.Zero);
    }
}
