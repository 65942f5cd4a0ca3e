using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Snmp.Testing;

/// <summary>
/// Listens to the meters and activity sources a test picks, as OpenTelemetry would: a
/// <see cref="MeterListener"/> enabling every instrument of those meters and keeping each
/// measurement (observable instruments when <see cref="Collect"/> asks), and an
/// <see cref="ActivityListener"/> sampling every activity of those sources with all its data.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly MeterListener _meters;
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<Measured> _measurements = new();
    private readonly ConcurrentQueue<Instrument> _published = new();
    private readonly ConcurrentQueue<Instrument> _completed = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TelemetryRecorder(Func<Meter, bool> meters, Func<ActivitySource, bool> sources)
    {
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (meters(instrument.Meter))
                {
                    _published.Enqueue(instrument);
                    listener.EnableMeasurementEvents(instrument);
                }
            },
            MeasurementsCompleted = (instrument, _) => _completed.Enqueue(instrument),
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = sources,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    /// <summary>Records only the meters whose tag <paramref name="tag"/> is one of <paramref name="values"/>, and the sources likewise.</summary>
    public static TelemetryRecorder ForTag(string tag, params string[] values) =>
        new(meter => meter.Name == SnmpTelemetry.MeterName && HasTag(meter.Tags, tag, values),
            source => source.Name == SnmpTelemetry.ActivitySourceName && HasTag(source.Tags, tag, values));

    /// <summary>Records only the meters and sources of the engines with these snmpEngineIDs.</summary>
    public static TelemetryRecorder ForEngines(params OctetString[] engineIds) => ForTag(SnmpTelemetry.EngineIdTag, [.. engineIds.Select(id => id.ToHex())]);

    public sealed record Measured(Instrument Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public string Name => Instrument.Name;

        public object? this[string tag] => Tags.GetValueOrDefault(tag);
    }

    public IReadOnlyList<Measured> Measurements => [.. _measurements];

    public IReadOnlyList<Instrument> Published => [.. _published];

    public IReadOnlyList<Instrument> Completed => [.. _completed];

    public IReadOnlyList<Activity> Activities => [.. _stopped];

    /// <summary>Asks every observable instrument for its current values (as an exporter's collection does).</summary>
    public void Collect() => _meters.RecordObservableInstruments();

    /// <summary>The measurements of <paramref name="name"/> (from meters whose tag matches <paramref name="meter"/>, if given).</summary>
    public IReadOnlyList<Measured> Of(string name, Func<Meter, bool>? meter = null) =>
        [.. _measurements.Where(m => m.Name == name && (meter is null || meter(m.Instrument.Meter)))];

    /// <summary>The latest value observed of <paramref name="name"/> with all the given tags, in the meter of <paramref name="engineId"/>; null if none.</summary>
    public double? Latest(string name, OctetString engineId, params (string Tag, object Value)[] tags) =>
        _measurements.Where(m => m.Name == name && HasTag(m.Instrument.Meter.Tags, SnmpTelemetry.EngineIdTag, [engineId.ToHex()])
                && tags.All(t => Equals(m[t.Tag], t.Value)))
            .Select(m => (double?)m.Value).LastOrDefault();

    /// <summary>Every text the listeners saw: meter, source and instrument names and tags, measurement tags, span names, tags, events and status descriptions.</summary>
    public IEnumerable<string> AllText()
    {
        foreach (var instrument in Published)
        {
            yield return instrument.Name;
            yield return instrument.Description ?? "";
            yield return instrument.Unit ?? "";
            foreach (var text in TagTexts(instrument.Meter.Tags))
            {
                yield return text;
            }

            foreach (var text in TagTexts(instrument.Tags))
            {
                yield return text;
            }
        }

        foreach (var measured in Measurements)
        {
            foreach (var text in TagTexts(measured.Tags))
            {
                yield return text;
            }
        }

        foreach (var activity in Activities)
        {
            yield return activity.DisplayName;
            yield return activity.OperationName;
            yield return activity.StatusDescription ?? "";
            foreach (var text in TagTexts(activity.TagObjects))
            {
                yield return text;
            }

            foreach (var text in TagTexts(activity.Source.Tags))
            {
                yield return text;
            }

            foreach (var e in activity.Events)
            {
                yield return e.Name;
                foreach (var text in TagTexts(e.Tags))
                {
                    yield return text;
                }
            }

            foreach (var (key, value) in activity.Baggage)
            {
                yield return key;
                yield return value ?? "";
            }
        }
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Keep<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        _measurements.Enqueue(new Measured(instrument, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
    }

    private static bool HasTag(IEnumerable<KeyValuePair<string, object?>>? tags, string tag, string[] values) =>
        tags is not null && tags.Any(t => t.Key == tag && values.Contains(t.Value as string));

    private static IEnumerable<string> TagTexts(IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        foreach (var (key, value) in tags ?? [])
        {
            yield return key;
            yield return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
    }
}
