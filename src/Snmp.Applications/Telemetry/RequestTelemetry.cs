using System.Diagnostics;
using System.Diagnostics.Metrics;
using Snmp.AbstractServices;
using Snmp.Pdus;

namespace Snmp.Applications.Telemetry;

/// <summary>
/// The metrics and spans of the confirmed-class PDUs an engine sends (requests and informs,
/// <see cref="ConfirmedPduSender"/>): a client span per request, the request duration and
/// retransmission histograms, and the sender's totals (timeouts, retransmissions, requests in
/// flight) as observable instruments, all on the engine's Meter and ActivitySource.
/// </summary>
/// <remarks>
/// When no listener has enabled the histograms and the source has no listener,
/// <see cref="Start"/> returns null and the request does nothing more: no clock read, no
/// allocation.
/// </remarks>
internal sealed class RequestTelemetry
{
    // Seconds: a loopback round trip is tens of microseconds, a distant agent's hundreds of
    // milliseconds, a timeout seconds (RetransmissionPolicy.Default: 10 s).
    private static readonly double[] DurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly int[] RetransmissionBuckets = [0, 1, 2, 3, 4, 5, 7, 10, 20];

    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _retransmissions;
    private readonly ActivitySource _source;
    private readonly SpanDescription _description = new(peerIsServer: true);
    private readonly SnmpCounterRegistry _registry;

    /// <summary>Creates the instruments of <paramref name="sender"/> on <paramref name="meter"/>; spans go to <paramref name="source"/>.</summary>
    /// <param name="meter">The engine's Meter.</param>
    /// <param name="source">The engine's ActivitySource.</param>
    /// <param name="sender">The sender whose totals the observable instruments read.</param>
    /// <param name="registry">Names the counter a Report carries (the engine's, with its modules' counters).</param>
    public RequestTelemetry(Meter meter, ActivitySource source, ConfirmedPduSender sender, SnmpCounterRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(sender);
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _registry = registry ?? SnmpCounterRegistry.Standard;
        _duration = meter.CreateHistogram("snmp.client.request.duration", "s",
            "How long confirmed-class PDUs this engine sent (requests, informs) took, from the first transmission to the answer, timeout or failure.",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _retransmissions = meter.CreateHistogram("snmp.client.request.retransmissions", "{retransmission}",
            "How many times each confirmed-class PDU this engine sent was sent again (its refresh period passed, or a Report asked for it).",
            tags: null, new InstrumentAdvice<int> { HistogramBucketBoundaries = RetransmissionBuckets });
        meter.CreateObservableCounter("snmp.client.request.timeouts", () => sender.Timeouts, "{request}",
            "Confirmed-class PDUs this engine sent that got no answer within their timeout.");
        meter.CreateObservableCounter("snmp.client.retransmissions", () => sender.Retransmissions, "{message}",
            "Confirmed-class PDUs sent again because their refresh period passed unanswered.");
        meter.CreateObservableUpDownCounter("snmp.client.active_requests", () => (long)sender.PendingRequests, "{request}",
            "Confirmed-class PDUs waiting for an answer now.");
    }

    /// <summary>
    /// The observation of one request about to be sent, or null when nobody listens (the usual
    /// case, which must cost nothing).
    /// </summary>
    public Observation? Start(SnmpTarget target, SnmpPdu request)
    {
        bool measured = _duration.Enabled || _retransmissions.Enabled;
        var activity = _source.HasListeners() ? _source.StartActivity(TelemetryNames.SpanName(request.Type), ActivityKind.Client) : null;
        if (!measured && activity is null)
        {
            return null;
        }

        if (activity is { IsAllDataRequested: true })
        {
            _description.Describe(activity, request.Type, target.MessageProcessingModel, target.SecurityModel, target.SecurityLevel, request.RequestId,
                target.TransportDomain, target.TransportAddress);
        }

        return new Observation(this, activity, TelemetryNames.Of(request.Type), TelemetryNames.Of(target.MessageProcessingModel));
    }

    /// <summary>One request being observed: ended once, by its answer or its failure.</summary>
    internal sealed class Observation(RequestTelemetry owner, Activity? activity, string pduType, string version)
    {
        /// <summary>The request ended with <paramref name="response"/> (a Response or a Report) after <paramref name="transmissions"/> sends.</summary>
        public void Answered(ProcessResponsePduParameters response, int transmissions, TimeSpan elapsed)
        {
            var pdu = response.Pdu;
            if (pdu.Type == PduType.Report)
            {
                string? counter = null;
                if (activity is { IsAllDataRequested: true } && pdu.VarBinds.Count > 0)
                {
                    var instance = pdu.VarBinds[0].Oid;
                    counter = owner._registry.Find(instance)?.Name ?? instance.ToString();
                }

                End(SnmpTelemetry.OutcomeReport, transmissions, elapsed, SnmpTelemetry.ReportCounterTag, counter);
            }
            else if (pdu is Pdu { ErrorStatus: not ErrorStatus.NoError } error)
            {
                End(SnmpTelemetry.OutcomeErrorStatus, transmissions, elapsed, SnmpTelemetry.ErrorStatusTag, TelemetryNames.Of(error.ErrorStatus));
            }
            else
            {
                End(SnmpTelemetry.OutcomeSuccess, transmissions, elapsed, null, null);
            }
        }

        /// <summary>
        /// The request failed with <paramref name="exception"/>. Returns false, so that it can be
        /// called from an exception filter without catching anything.
        /// </summary>
        public bool Failed(Exception exception, int transmissions, TimeSpan elapsed)
        {
            var outcome = exception switch
            {
                SnmpTimeoutException => SnmpTelemetry.OutcomeTimeout,
                OperationCanceledException => SnmpTelemetry.OutcomeCancelled,
                _ => SnmpTelemetry.OutcomeError,
            };
            End(outcome, transmissions, elapsed, "error.type", exception.GetType().FullName);
            return false;
        }

        private void End(string outcome, int transmissions, TimeSpan elapsed, string? detailTag, string? detail)
        {
            var pduTypeTag = new KeyValuePair<string, object?>(SnmpTelemetry.PduTypeTag, pduType);
            var versionTag = new KeyValuePair<string, object?>(SnmpTelemetry.VersionTag, version);
            var outcomeTag = new KeyValuePair<string, object?>(SnmpTelemetry.OutcomeTag, outcome);
            int retransmissions = Math.Max(transmissions - 1, 0);
            owner._duration.Record(elapsed.TotalSeconds, pduTypeTag, versionTag, outcomeTag);
            owner._retransmissions.Record(retransmissions, pduTypeTag, versionTag, outcomeTag);
            if (activity is null)
            {
                return;
            }

            if (activity.IsAllDataRequested)
            {
                activity.AddTag(SnmpTelemetry.OutcomeTag, outcome);
                activity.AddTag(SnmpTelemetry.RetransmissionsTag, retransmissions);
                if (detailTag is not null)
                {
                    activity.AddTag(detailTag, detail);
                }
            }

            if (outcome != SnmpTelemetry.OutcomeSuccess)
            {
                activity.SetStatus(ActivityStatusCode.Error, detail is null ? outcome : $"{outcome}: {detail}");
            }

            activity.Stop();
        }
    }
}
