using System.Diagnostics;
using System.Diagnostics.Metrics;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Applications.Telemetry;
using Snmp.Composition;
using Snmp.Dispatcher;

namespace Snmp.Telemetry;

/// <summary>
/// One engine's metrics and traces: its Meter and ActivitySource, both named "Snmp"
/// (<see cref="SnmpTelemetry"/>) and tagged with the engine's snmpEngineID and kind, and the
/// instruments on them: every counter of its <see cref="SnmpStatistics"/> (the library's, the
/// modules' declared ones, the drops by cause), its transports' own counters, its applications'
/// (requests sent: <see cref="RequestTelemetry"/>; served: <see cref="ResponderTelemetry"/>) and
/// the facade's own (an Agent's, a TrapReceiver's). Created by one line at the end of each
/// engine's composition, and disposed with the engine's container: the Meter's instruments then
/// end, and nothing is measured after the engine is gone.
/// </summary>
internal sealed class EngineTelemetry : IDisposable
{
    private static readonly string? LibraryVersion = typeof(EngineTelemetry).Assembly.GetName().Version?.ToString();

    private EngineTelemetry(string kind, LocalEngine localEngine)
    {
        KeyValuePair<string, object?>[] identity =
        [
            new(SnmpTelemetry.EngineIdTag, localEngine.EngineId.ToHex()),
            new(SnmpTelemetry.EngineKindTag, kind),
        ];
        Meter = new Meter(new MeterOptions(SnmpTelemetry.MeterName) { Version = LibraryVersion, Tags = identity });
        Source = new ActivitySource(new ActivitySourceOptions(SnmpTelemetry.ActivitySourceName) { Version = LibraryVersion, Tags = identity });
    }

    /// <summary>The engine's Meter.</summary>
    public Meter Meter { get; }

    /// <summary>The engine's ActivitySource.</summary>
    public ActivitySource Source { get; }

    /// <summary>Instruments a manager's <see cref="Engine"/> (kind "engine"): its counters, transports and requests.</summary>
    public static void Attach(SnmpEngineHost host, Engine engine) => Attach(host, "engine", engine.LocalEngine, _ => { });

    /// <summary>Instruments an <see cref="Agent"/> (kind "agent"): also the requests it serves and its notification failures.</summary>
    public static void Attach(SnmpEngineHost host, Agent agent) =>
        Attach(host, "agent", agent.LocalEngine, telemetry =>
        {
            if (host.Applications.HasFlag(EngineApplications.Responder) && host.CommandResponder is { } responder)
            {
                responder.EnableTelemetry(telemetry.Meter, telemetry.Source, host.TimeProvider);
            }

            telemetry.Meter.CreateObservableCounter("snmp.agent.notification.failures", () => agent.NotificationFailures, "{notification}",
                "Notifications the agent did not get to a target: a failed send, or an inform never acknowledged.");
        });

    /// <summary>Instruments a <see cref="TrapReceiver"/> (kind "trap_receiver"): also its own counters.</summary>
    public static void Attach(SnmpEngineHost host, TrapReceiver receiver) =>
        Attach(host, "trap_receiver", receiver.LocalEngine, telemetry =>
        {
            var meter = telemetry.Meter;
            meter.CreateObservableCounter("snmp.receiver.notifications.dropped", () => receiver.DroppedNotifications, "{notification}",
                "Notifications dropped because the receiver's queue was full.");
            meter.CreateObservableCounter("snmp.receiver.notifications.malformed", () => receiver.MalformedNotifications, "{notification}",
                "SNMPv2 notifications dropped for not starting with sysUpTime.0 and snmpTrapOID.0.");
            meter.CreateObservableCounter("snmp.receiver.informs.duplicate", () => receiver.DuplicateInforms, "{notification}",
                "Retransmitted informs recognised as already answered: answered again, not delivered again.");
            meter.CreateObservableCounter("snmp.receiver.principals.refused", () => receiver.RefusedPrincipals, "{notification}",
                "SNMPv3 notifications of a security model other than USM from a principal the receiver does not accept.");
            meter.CreateObservableCounter("snmp.receiver.usm.localisations.refused", () => receiver.RefusedLocalisations, "{notification}",
                "SNMPv3 traps from a new sender engine refused because no room was free or the localisation rate limit was reached.");
            meter.CreateObservableCounter("snmp.receiver.usm.engines.evicted", () => receiver.EvictedEngines, "{engine}",
                "Idle SNMPv3 trap sender engines forgotten to make room for new ones.");
            meter.CreateObservableUpDownCounter("snmp.receiver.usm.engines.learned", () => (long)receiver.LearnedEngines, "{engine}",
                "SNMPv3 trap sender engines known now.");
        });

    private static void Attach(SnmpEngineHost host, string kind, LocalEngine localEngine, Action<EngineTelemetry> own)
    {
        var telemetry = new EngineTelemetry(kind, localEngine);
        host.AddForDisposal(telemetry);
        var dispatcher = host.Dispatcher;
        StatisticsInstruments.Create(telemetry.Meter, dispatcher.Statistics);
        TransportInstruments.Create(telemetry.Meter, dispatcher);
        if (host.Applications.HasFlag(EngineApplications.Originator) && host.CommandGenerator is { } generator)
        {
            generator.EnableTelemetry(telemetry.Meter, telemetry.Source, dispatcher.Statistics.Registry);
        }

        own(telemetry);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Meter.Dispose();
        Source.Dispose();
    }
}
