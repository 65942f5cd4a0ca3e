using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Applications;
using Snmp.Applications.Telemetry;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Benchmarks;

/// <summary>
/// What observing one request costs by itself, apart from the request: <c>Client</c> is the
/// Command Generator's observation (start, then the answer: two histogram records and a client
/// span), <c>Server</c> the Command Responder's (a histogram record and a server span), with
/// nobody listening, with a <see cref="MeterListener"/> only, an <see cref="ActivityListener"/>
/// only (all data, recorded), or both; the listeners' callbacks only count.
/// </summary>
[MemoryDiagnoser]
public class TelemetryCostBenchmarks
{
    private static readonly SnmpTarget Target = SnmpTarget.Community(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 161), SnmpVersion.SNMPv2c, "public");
    private static readonly Pdu Request = new(PduType.GetRequest, 1234, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0"));

    private Meter _meter = null!;
    private ActivitySource _source = null!;
    private MeterListener? _meterListener;
    private ActivityListener? _activityListener;
    private CommandGenerator _generator = null!;
    private RequestTelemetry _client = null!;
    private ResponderTelemetry _server = null!;
    private ProcessResponsePduParameters _response = null!;
    private ProcessPduParameters _served = null!;
    private Pdu _answer = null!;
    private long _seen;

    [Params("none", "metrics", "traces", "metrics+traces")]
    public string Listeners { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("Snmp.Benchmarks.TelemetryCost");
        _source = new ActivitySource("Snmp.Benchmarks.TelemetryCost");
        // Nothing is sent: the dispatcher only has to exist.
        var dispatcher = new SnmpDispatcher([], _ => throw new InvalidOperationException("nothing is sent"), new SnmpStatistics());
        _generator = new CommandGenerator(dispatcher);
        _client = new RequestTelemetry(_meter, _source, _generator.Sender);
        var responder = new CommandResponder(dispatcher, _ => null, new ViewBasedAccessControlModel(), new SnmpStatistics());
        _server = new ResponderTelemetry(_meter, _source, responder, TimeProvider.System);
        var tm = new TransportStateReference(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 40000));
        _answer = new Pdu(PduType.Response, 1234, ErrorStatus.NoError, 0, new VarBindList(new VarBind("1.3.6.1.2.1.1.1.0", new OctetString("x"))));
        _response = new ProcessResponsePduParameters(SnmpVersion.SNMPv2c, SecurityModel.SNMPv2c, new OctetString("public"), SecurityLevel.NoAuthNoPriv,
            OctetString.Empty, OctetString.Empty, _answer, new PduHandle(1), tm);
        _served = new ProcessPduParameters(SnmpVersion.SNMPv2c, SecurityModel.SNMPv2c, new OctetString("public"), SecurityLevel.NoAuthNoPriv,
            OctetString.Empty, OctetString.Empty, Request, 65000, new object(), tm);
        if (Listeners.Contains("metrics", StringComparison.Ordinal))
        {
            _meterListener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter == _meter)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meterListener.SetMeasurementEventCallback<double>((_, _, _, _) => _seen++);
            _meterListener.SetMeasurementEventCallback<int>((_, _, _, _) => _seen++);
            _meterListener.SetMeasurementEventCallback<long>((_, _, _, _) => _seen++);
            _meterListener.Start();
        }

        if (Listeners.Contains("traces", StringComparison.Ordinal))
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = source => source == _source,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => _seen++,
            };
            ActivitySource.AddActivityListener(_activityListener);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meterListener?.Dispose();
        _activityListener?.Dispose();
        _generator.Dispose();
        _meter.Dispose();
        _source.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Client() => _client.Start(Target, Request)?.Answered(_response, 1, TimeSpan.FromMilliseconds(1));

    [Benchmark]
    public void Server() => _server.Start(_served)?.Answered(_answer);
}
