using System.Collections.Concurrent;
using Snmp.Smi;

namespace Snmp.Security.Usm;

/// <summary>
/// A non-authoritative engine's notion of the clock of each authoritative engine it talks to
/// (RFC 3414 section 2.3): snmpEngineBoots, snmpEngineTime and latestReceivedEngineTime per
/// snmpEngineID, snmpEngineTime advancing with the local clock between messages. Discovery
/// (section 4) fills an entry from an unauthenticated Report; authenticated messages keep it with
/// the adoption rule of section 3.2 step 7b.
/// </summary>
internal sealed class UsmTimelinessCache
{
    private readonly ConcurrentDictionary<OctetString, EngineTime> _engines = new();
    private readonly TimeProvider _clock;

    public UsmTimelinessCache(TimeProvider clock) => _clock = clock;

    /// <summary>The local notion of the engine's (snmpEngineBoots, snmpEngineTime) now, if it has been heard from.</summary>
    public (int Boots, int Time)? Estimate(OctetString engineId) =>
        _engines.TryGetValue(engineId, out var entry) ? entry.Estimate(_clock) : null;

    /// <summary>
    /// Keeps boots and time learnt from an unauthenticated message (the discovery Report, RFC 3414
    /// section 4). Such a value is provisional: it never replaces one an authenticated message
    /// set, and the next authenticated message replaces it whatever it says.
    /// </summary>
    public void LearnEngine(OctetString engineId, int boots, int time) =>
        _engines.AddOrUpdate(engineId,
            static (_, learnt) => new EngineTime(learnt.Boots, learnt.Time, learnt.Time, learnt.Now, Authenticated: false),
            static (_, existing, learnt) => existing.Authenticated ? existing : new EngineTime(learnt.Boots, learnt.Time, learnt.Time, learnt.Now, Authenticated: false),
            (Boots: boots, Time: time, Now: _clock.GetTimestamp()));

    /// <summary>
    /// RFC 3414 3.2 step 7b for an authenticated message from the engine: first (7b.1) adopts the
    /// message's msgAuthoritativeEngineBoots and msgAuthoritativeEngineTime when they are ahead of
    /// the local notion (boots greater, or equal boots and time past latestReceivedEngineTime),
    /// then (7b.2) says whether the message is inside the Time Window of the resulting notion.
    /// </summary>
    /// <param name="engineId">msgAuthoritativeEngineID.</param>
    /// <param name="boots">msgAuthoritativeEngineBoots.</param>
    /// <param name="time">msgAuthoritativeEngineTime.</param>
    /// <param name="localBoots">The local notion of snmpEngineBoots the message was judged against.</param>
    /// <param name="localTime">The local notion of snmpEngineTime the message was judged against.</param>
    public bool IsInTimeWindow(OctetString engineId, int boots, int time, out int localBoots, out int localTime)
    {
        var entry = _engines.AddOrUpdate(engineId,
            static (_, received) => new EngineTime(received.Boots, received.Time, received.Time, received.Now, Authenticated: true),
            static (_, existing, received) =>
                !existing.Authenticated || received.Boots > existing.Boots || received.Boots == existing.Boots && received.Time > existing.LatestReceivedTime
                    ? new EngineTime(received.Boots, received.Time, received.Time, received.Now, Authenticated: true)
                    : existing,
            (Boots: boots, Time: time, Now: _clock.GetTimestamp()));
        (localBoots, localTime) = entry.Estimate(_clock);
        return !(boots == int.MaxValue || boots < localBoots || boots == localBoots && time < localTime - UserBasedSecurityModel.TimeWindowSeconds);
    }

    /// <summary>One engine's entry: the notion of its clock at <paramref name="LocalTimestamp"/>, and latestReceivedEngineTime.</summary>
    private sealed record EngineTime(int Boots, int Time, int LatestReceivedTime, long LocalTimestamp, bool Authenticated)
    {
        public (int Boots, int Time) Estimate(TimeProvider clock)
        {
            long elapsed = (long)clock.GetElapsedTime(LocalTimestamp).TotalSeconds;
            return (Boots, (int)Math.Min(int.MaxValue, Time + elapsed));
        }
    }
}
