using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Moq;
using Snmp.AbstractServices;
using Snmp.Applications.Telemetry;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Testing;

namespace Snmp.Applications.Tests.Telemetry;

/// <summary>
/// The Command Generator's metrics and spans (<see cref="RequestTelemetry"/>) on a Meter and an
/// ActivitySource of the test's own, with a dispatcher double and a stepped clock, so that every
/// duration is exact.
/// </summary>
[TestFixture]
public class RequestTelemetryTests
{
    private const string Community = "s3cret-community";
    private static readonly IPEndPoint Agent = new(IPAddress.Loopback, 16100);
    private static readonly SnmpTarget Target = SnmpTarget.Community(TransportDomain.UdpIpv4, Agent, SnmpVersion.SNMPv2c, Community);
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly RetransmissionPolicy Policy = new(TimeSpan.FromMilliseconds(450), TimeSpan.FromMilliseconds(100));

    private Meter _meter = null!;
    private ActivitySource _source = null!;
    private TelemetryRecorder _recorder = null!;
    private SteppedClock _clock = null!;
    private Mock<IDispatcher> _dispatcher = null!;
    private ConcurrentQueue<SendPduParameters> _sent = null!;
    private CommandGenerator _generator = null!;

    /// <summary>What the agent double answers to the n-th transmission (from 1), or null for silence.</summary>
    private Func<int, SendPduParameters, SnmpPdu?> _answer = (_, _) => null;

    [SetUp]
    public void SetUp()
    {
        // Names of the test's own, so that nothing else in the process listens to them.
        _meter = new Meter("Snmp.Applications.Tests");
        _source = new ActivitySource("Snmp.Applications.Tests");
        _clock = new SteppedClock();
        _answer = (_, _) => null;
        _sent = new ConcurrentQueue<SendPduParameters>();
        long handles = 0;
        _dispatcher = new Mock<IDispatcher>();
        _dispatcher.Setup(d => d.SendPduAsync(It.IsAny<SendPduParameters>(), It.IsAny<IResponsePduProcessor?>(), It.IsAny<CancellationToken>()))
            .Returns((SendPduParameters request, IResponsePduProcessor? receiver, CancellationToken _) =>
            {
                var handle = new PduHandle(Interlocked.Increment(ref handles));
                _sent.Enqueue(request);
                if (_answer(_sent.Count, request) is { } pdu)
                {
                    receiver!.ProcessResponsePdu(new ProcessResponsePduParameters(request.MessageProcessingModel, request.SecurityModel, request.SecurityName,
                        request.SecurityLevel, OctetString.Empty, OctetString.Empty, pdu, handle, new TransportStateReference(request.TransportDomain, request.TransportAddress)));
                }

                return ValueTask.FromResult(handle);
            });
        _generator = new CommandGenerator(_dispatcher.Object, _clock);
        _generator.Sender.Telemetry = new RequestTelemetry(_meter, _source, _generator.Sender);
    }

    [TearDown]
    public void TearDown()
    {
        _recorder?.Dispose();
        _generator.Dispose();
        _meter.Dispose();
        _source.Dispose();
    }

    private void Listen() => _recorder = new TelemetryRecorder(meter => meter == _meter, source => source == _source);

    private static Pdu Get() => new(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr));

    private static Pdu Response(SendPduParameters request, ErrorStatus status = ErrorStatus.NoError) =>
        new(PduType.Response, request.Pdu.RequestId, status, status == ErrorStatus.NoError ? 0 : 1, new VarBindList(new VarBind(SysDescr, new OctetString("value-never-tagged"))));

    private TelemetryRecorder.Measured Single(string instrument) => _recorder.Of(instrument).Single();

    [Test]
    public async Task An_answered_request_records_its_duration_its_retransmissions_and_a_client_span()
    {
        Listen();
        _answer = (n, request) => n == 2 ? Response(request) : null;

        await _clock.RunAsync(_generator.SendAsync(Target, Get(), Policy));

        var duration = Single("snmp.client.request.duration");
        Assert.That(duration.Value, Is.EqualTo(0.1).Within(1e-9), "answered at the second transmission, 100 ms in, on the engine's clock");
        Assert.That(duration.Instrument.Unit, Is.EqualTo("s"));
        Assert.That(duration.Tags, Is.EquivalentTo(new Dictionary<string, object?>
        {
            [SnmpTelemetry.PduTypeTag] = "GetRequest",
            [SnmpTelemetry.VersionTag] = "SNMPv2c",
            [SnmpTelemetry.OutcomeTag] = SnmpTelemetry.OutcomeSuccess,
        }));
        var retransmissions = Single("snmp.client.request.retransmissions");
        Assert.That(retransmissions.Value, Is.EqualTo(1));
        Assert.That(retransmissions.Tags, Is.EquivalentTo(duration.Tags));

        var span = _recorder.Activities.Single();
        Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
        Assert.That(span.DisplayName, Is.EqualTo("SNMP GetRequest"));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(span.TagObjects.ToDictionary(t => t.Key, t => t.Value), Is.EquivalentTo(new Dictionary<string, object?>
        {
            [SnmpTelemetry.PduTypeTag] = "GetRequest",
            [SnmpTelemetry.VersionTag] = "SNMPv2c",
            [SnmpTelemetry.SecurityModelTag] = "SNMPv2c",
            [SnmpTelemetry.SecurityLevelTag] = "noAuthNoPriv",
            [SnmpTelemetry.RequestIdTag] = _sent.First().Pdu.RequestId,
            [SnmpTelemetry.TransportDomainTag] = "snmpUDPDomain",
            ["server.address"] = "127.0.0.1",
            ["server.port"] = 16100,
            [SnmpTelemetry.OutcomeTag] = SnmpTelemetry.OutcomeSuccess,
            [SnmpTelemetry.RetransmissionsTag] = 1,
        }));
        Assert.That(_recorder.AllText(), Has.None.Contains(Community).And.None.Contains("value-never-tagged"));
    }

    [Test]
    public void A_timeout_is_recorded_with_every_retransmission_and_counted()
    {
        Listen();

        Assert.ThrowsAsync<SnmpTimeoutException>(() => _clock.RunAsync(_generator.SendAsync(Target, Get(), Policy)));

        Assert.That(Single("snmp.client.request.duration").Value, Is.EqualTo(0.45).Within(1e-9));
        Assert.That(Single("snmp.client.request.duration")[SnmpTelemetry.OutcomeTag], Is.EqualTo(SnmpTelemetry.OutcomeTimeout));
        Assert.That(Single("snmp.client.request.retransmissions").Value, Is.EqualTo(4), "sent at 0, 100, 200, 300 and 400 ms");
        var span = _recorder.Activities.Single();
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(span.GetTagItem(SnmpTelemetry.OutcomeTag), Is.EqualTo(SnmpTelemetry.OutcomeTimeout));
        Assert.That(span.GetTagItem("error.type"), Is.EqualTo(typeof(SnmpTimeoutException).FullName));

        _recorder.Collect();
        Assert.That(Single("snmp.client.request.timeouts").Value, Is.EqualTo(1));
        Assert.That(Single("snmp.client.retransmissions").Value, Is.EqualTo(4));
        Assert.That(Single("snmp.client.active_requests").Value, Is.Zero);
    }

    [Test]
    public async Task An_error_status_and_a_Report_are_outcomes_of_their_own()
    {
        Listen();
        _answer = (_, request) => Response(request, ErrorStatus.NoSuchName);
        await _clock.RunAsync(_generator.SendAsync(Target, Get(), Policy));
        var v3 = Target with
        {
            MessageProcessingModel = SnmpVersion.SNMPv3, SecurityModel = SecurityModel.Usm, SecurityName = new OctetString("metrics-user-7"),
        };
        _answer = (_, request) => SnmpCounterObjects.ReportPdu(request.Pdu.RequestId, SnmpCounter.UsmStatsUnknownUserNames, 3);
        await _clock.RunAsync(_generator.SendAsync(v3, Get(), Policy));

        var outcomes = _recorder.Of("snmp.client.request.duration").Select(m => (m[SnmpTelemetry.OutcomeTag], m[SnmpTelemetry.VersionTag]));
        Assert.That(outcomes, Is.EqualTo(new[] { ((object?)SnmpTelemetry.OutcomeErrorStatus, (object?)"SNMPv2c"), (SnmpTelemetry.OutcomeReport, "SNMPv3") }));
        var spans = _recorder.Activities;
        Assert.That(spans[0].GetTagItem(SnmpTelemetry.ErrorStatusTag), Is.EqualTo("noSuchName"));
        Assert.That(spans[0].StatusDescription, Is.EqualTo("error_status: noSuchName"));
        Assert.That(spans[1].GetTagItem(SnmpTelemetry.ReportCounterTag), Is.EqualTo("usmStatsUnknownUserNames"));
        Assert.That(spans[1].GetTagItem(SnmpTelemetry.SecurityModelTag), Is.EqualTo("USM"));
        Assert.That(_recorder.AllText(), Has.None.Contains("metrics-user-7"), "no securityName, not even a user name");
    }

    [Test]
    public void A_cancelled_request_is_recorded_as_cancelled()
    {
        Listen();
        using var cancel = new CancellationTokenSource();
        _answer = (_, _) =>
        {
            cancel.Cancel();
            return null;
        };

        Assert.That(() => _clock.RunAsync(_generator.SendAsync(Target, Get(), Policy, cancel.Token)), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(Single("snmp.client.request.duration")[SnmpTelemetry.OutcomeTag], Is.EqualTo(SnmpTelemetry.OutcomeCancelled));
        Assert.That(_recorder.Activities.Single().GetTagItem(SnmpTelemetry.OutcomeTag), Is.EqualTo(SnmpTelemetry.OutcomeCancelled));
    }

    [Test]
    public void Only_metrics_or_only_traces_are_each_recorded_alone()
    {
        using var metricsOnly = new TelemetryRecorder(meter => meter == _meter, _ => false);
        _answer = (_, request) => Response(request);
        _clock.RunAsync(_generator.SendAsync(Target, Get(), Policy)).GetAwaiter().GetResult();
        Assert.That(metricsOnly.Of("snmp.client.request.duration"), Has.Count.EqualTo(1));
        Assert.That(metricsOnly.Activities, Is.Empty);
        metricsOnly.Dispose();

        using var tracesOnly = new TelemetryRecorder(_ => false, source => source == _source);
        _clock.RunAsync(_generator.SendAsync(Target, Get(), Policy)).GetAwaiter().GetResult();
        Assert.That(tracesOnly.Activities, Has.Count.EqualTo(1));
        Assert.That(tracesOnly.Measurements, Is.Empty);
    }

    [Test]
    public void With_nobody_listening_a_request_is_not_observed_and_nothing_is_allocated()
    {
        var telemetry = _generator.Sender.Telemetry!;
        var pdu = Get();
        telemetry.Start(Target, pdu); // JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        var observation = telemetry.Start(Target, pdu);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(observation, Is.Null);
        Assert.That(allocated, Is.Zero);
    }
}
