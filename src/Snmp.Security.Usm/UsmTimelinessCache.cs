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
/// <remarks>
/// Bounded against forged engine IDs: an entry from an authenticated message exists only for an
/// engine this one has a user's keys for (configured, or learnt within the trap sender bounds),
/// but an unauthenticated message (step 3a) can name any engine ID. Those provisional entries are
/// kept for at most <see cref="MaxProvisionalEngines"/> engines, the oldest forgotten first; an
/// entry an authenticated message has confirmed is never forgotten for that reason.
/// </remarks>
internal sealed class UsmTimelinessCache
{
    /// <summary>How many engines known only from unauthenticated messages are remembered.</summary>
    public const int MaxProvisionalEngines = 1024;

    private readonly ConcurrentDictionary<OctetString, EngineTime> _engines = new();
    private readonly TimeProvider _clock;
    private readonly Queue<OctetString> _provisional = new();
    private readonly Lock _provisionalLock = new();

    public UsmTimelinessCache(TimeProvider clock) => _clock = clock;

    /// <summary>The local notion of the engine's (snmpEngineBoots, snmpEngineTime) now, if it has been heard from.</summary>
    public (int Boots, int Time)? Estimate(OctetString engineId) =>
        _engines.TryGetValue(engineId, out var entry) ? entry.Estimate(_clock) : null;

    /// <summary>How many engines have an entry.</summary>
    public int Count => _engines.Count;

    /// <summary>Forgets the engine's clock (a learnt trap sender given up).</summary>
    public void Forget(OctetString engineId) => _engines.TryRemove(engineId, out _);

    /// <summary>
    /// Keeps boots and time learnt from an unauthenticated message (the discovery Report, RFC 3414
    /// section 4). Such a value is provisional: it never replaces one an authenticated message
    /// set, and the next authenticated message replaces it whatever it says. At most
    /// <see cref="MaxProvisionalEngines"/> provisional entries are kept.
    /// </summary>
    public void LearnEngine(OctetString engineId, int boots, int time)
    {
        if (_engines.TryAdd(engineId, new EngineTime(boots, time, time, _clock.GetTimestamp(), Authenticated: false)))
        {
            ForgetOldestProvisional(engineId);
            return;
        }

        _engines.AddOrUpdate(engineId,
            static (_, learnt) => new EngineTime(learnt.Boots, learnt.Time, learnt.Time, learnt.Now, Authenticated: false),
            static (_, existing, learnt) => existing.Authenticated ? existing : new EngineTime(learnt.Boots, learnt.Time, learnt.Time, learnt.Now, Authenticated: false),
            (Boots: boots, Time: time, Now: _clock.GetTimestamp()));
    }

    /// <summary>
    /// Queues a new provisional entry and forgets the oldest ones beyond the cap (those still
    /// provisional: one an authenticated message confirmed since stays).
    /// </summary>
    private void ForgetOldestProvisional(OctetString added)
    {
        lock (_provisionalLock)
        {
            _provisional.Enqueue(added);
            while (_provisional.Count > MaxProvisionalEngines)
            {
                var oldest = _provisional.Dequeue();
                if (_engines.TryGetValue(oldest, out var entry) && !entry.Authenticated)
                {
                    _engines.TryRemove(new KeyValuePair<OctetString, EngineTime>(oldest, entry));
                }
            }
        }
    }

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
