using System.Diagnostics;
using System.Diagnostics.Metrics;
using Snmp.AbstractServices;
using Snmp.Pdus;

namespace Snmp.Applications.Telemetry;

/// <summary>
/// The metrics and spans of the requests a Command Responder serves: a server span per request,
/// the served request duration histogram and the requests in progress, on the engine's Meter and
/// ActivitySource. <see cref="Start"/> returns null while nobody listens, and the request then
/// does nothing more.
/// </summary>
internal sealed class ResponderTelemetry
{
    private static readonly double[] DurationBuckets = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Histogram<double> _duration;
    private readonly ActivitySource _source;
    private readonly SpanDescription _description = new(peerIsServer: false);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the instruments of <paramref name="responder"/> on <paramref name="meter"/>; spans go to <paramref name="source"/>.</summary>
    /// <param name="meter">The engine's Meter.</param>
    /// <param name="source">The engine's ActivitySource.</param>
    /// <param name="responder">The responder whose requests in progress are observed.</param>
    /// <param name="timeProvider">The clock durations are measured on.</param>
    public ResponderTelemetry(Meter meter, ActivitySource source, CommandResponder responder, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(responder);
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _duration = meter.CreateHistogram("snmp.server.request.duration", "s",
            "How long the Command Responder took to serve a request, from its arrival to its Response, Report or drop.",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableUpDownCounter("snmp.server.active_requests", () => (long)responder.InProgress, "{request}",
            "Requests the Command Responder is serving now.");
    }

    /// <summary>The observation of one request just arrived, or null when nobody listens.</summary>
    public Observation? Start(ProcessPduParameters request)
    {
        bool measured = _duration.Enabled;
        var activity = _source.HasListeners() ? _source.StartActivity(TelemetryNames.SpanName(request.Pdu.Type), ActivityKind.Server) : null;
        if (!measured && activity is null)
        {
            return null;
        }

        if (activity is { IsAllDataRequested: true })
        {
            _description.Describe(activity, request.Pdu.Type, request.MessageProcessingModel, request.SecurityModel, request.SecurityLevel, request.Pdu.RequestId,
                request.TransportDomain, request.TransportAddress);
        }

        return new Observation(this, activity, TelemetryNames.Of(request.Pdu.Type), TelemetryNames.Of(request.MessageProcessingModel), _timeProvider.GetTimestamp());
    }

    /// <summary>One served request being observed: ended once.</summary>
    internal sealed class Observation(ResponderTelemetry owner, Activity? activity, string pduType, string version, long started)
    {
        /// <summary>The request was answered with <paramref name="response"/> (a Response or a Report), or dropped (null).</summary>
        public void Answered(SnmpPdu? response)
        {
            if (response is null)
            {
                End(SnmpTelemetry.OutcomeDropped, null, null);
            }
            else if (response.Type == PduType.Report)
            {
                End(SnmpTelemetry.OutcomeReport, null, null);
            }
            else if (response is Pdu { ErrorStatus: not ErrorStatus.NoError } error)
            {
                End(SnmpTelemetry.OutcomeErrorStatus, SnmpTelemetry.ErrorStatusTag, TelemetryNames.Of(error.ErrorStatus));
            }
            else
            {
                End(SnmpTelemetry.OutcomeSuccess, null, null);
            }
        }

        /// <summary>Serving the request failed with <paramref name="exception"/>.</summary>
        public void Failed(Exception exception) => End(SnmpTelemetry.OutcomeError, "error.type", exception.GetType().FullName);

        private void End(string outcome, string? detailTag, string? detail)
        {
            owner._duration.Record(owner._timeProvider.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(SnmpTelemetry.PduTypeTag, pduType),
                new KeyValuePair<string, object?>(SnmpTelemetry.VersionTag, version),
                new KeyValuePair<string, object?>(SnmpTelemetry.OutcomeTag, outcome));
            if (activity is null)
            {
                return;
            }

            if (activity.IsAllDataRequested)
            {
                activity.AddTag(SnmpTelemetry.OutcomeTag, outcome);
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
