using System.Diagnostics.Metrics;
using Snmp.AbstractServices;

namespace Snmp.Telemetry;

/// <summary>
/// An engine's <see cref="SnmpStatistics"/> as observable instruments, read only when a listener
/// collects: one ObservableCounter per counter of the registry (the library's MIB counters and
/// every module's declared ones, named by <see cref="SnmpTelemetry.InstrumentName"/>), this
/// library's own two, the drops by cause, and any counter a module counted without declaring it.
/// </summary>
internal static class StatisticsInstruments
{
    public static void Create(Meter meter, SnmpStatistics statistics)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var counter in Enum.GetValues<SnmpCounter>())
        {
            var definition = SnmpCounterRegistry.Of(counter);
            string unit = counter is SnmpCounter.SnmpInTotalReqVars or SnmpCounter.SnmpInTotalSetVars ? "{variable}" : "{message}";
            Counter(meter, names, definition, unit, () => statistics[counter]);
        }

        foreach (var definition in statistics.Registry.ModuleCounters)
        {
            Counter(meter, names, definition, "{message}", () => statistics[definition.Instance]);
        }

        meter.CreateObservableCounter("snmp.engine.responses_from_unexpected_address", () => statistics[EngineCounter.ResponsesFromUnexpectedAddress], "{message}",
            "Responses that matched an outstanding request but came from another address than it went to (dropped).");
        meter.CreateObservableCounter("snmp.engine.internal_errors", () => statistics[EngineCounter.InternalErrors], "{message}",
            "Messages dropped because processing them failed unexpectedly (a bug; see the Debug log).");
        meter.CreateObservableCounter("snmp.messages.dropped", () => ByCause(statistics), "{message}",
            $"Messages the engine dropped, by cause ({SnmpTelemetry.DropCauseTag}: the name of the counter each was counted in).");
        meter.CreateObservableCounter("snmp.counters.undeclared", () => Undeclared(statistics), "{message}",
            $"Counters a module counted by instance OID without declaring them (ISnmpCounterProvider), by OID ({SnmpTelemetry.CounterInstanceTag}).");
    }

    private static void Counter(Meter meter, HashSet<string> names, SnmpCounterDefinition definition, string unit, Func<long> read)
    {
        // Two descriptors that read the same would make two instruments of one name: the first wins.
        var name = SnmpTelemetry.InstrumentName(definition.Name);
        if (names.Add(name))
        {
            meter.CreateObservableCounter(name, read, unit, $"{definition.Name} ({definition.Instance}): {definition.Meaning}.");
        }
    }

    private static IEnumerable<Measurement<long>> ByCause(SnmpStatistics statistics)
    {
        foreach (var (cause, value) in statistics.DropsByCause())
        {
            yield return new Measurement<long>(value, new KeyValuePair<string, object?>(SnmpTelemetry.DropCauseTag, cause));
        }
    }

    private static IEnumerable<Measurement<long>> Undeclared(SnmpStatistics statistics)
    {
        // SnapshotByName lists an undeclared counter under its instance OID: the only names that
        // start with a digit.
        foreach (var (name, value) in statistics.SnapshotByName())
        {
            if (name.Length > 0 && char.IsDigit(name[0]))
            {
                yield return new Measurement<long>(value, new KeyValuePair<string, object?>(SnmpTelemetry.CounterInstanceTag, name));
            }
        }
    }
}
