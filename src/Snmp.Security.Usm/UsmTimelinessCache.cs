using System.Collections.Concurrent;

namespace Snmp.Security.Usm;

/// <summary>
/// A non-authoritative engine's notion of the clock of each authoritative engine it talks to
/// (RFC 3414 section 2.3): snmpEngineBoots, snmpEngineTime and latestReceivedEngineTime per
/// snmpEngineID, snmpEngineTime advancing with the local clock between messages. Discovery
/// (section 4) fills an entry from an unauthenticated Report; authenticated messages keep it with
/// the adoption rule of section 3.2 step 7b, which only ever moves it forward. An engine that
/// restarted without its clock moves it back only through <see cref="AdoptRestartedClock"/>, and
/// a refused clock behind the notion is remembered (<see cref="RefusedClock"/>) to explain timeouts.
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

    // The entry read last and the cache's version then: a manager hears from one agent message
    // after message, and comparing its engine ID costs less than hashing it for the dictionary.
    // Every write to the entries moves the version on (after it), so an entry read before a
    // write is read again.
    private long _version;
    private LastRead? _lastRead;

    private sealed record LastRead(OctetString EngineId, long Version, EngineTime Entry);

    public UsmTimelinessCache(TimeProvider clock) => _clock = clock;

    /// <summary>The local notion of the engine's (snmpEngineBoots, snmpEngineTime) now, if it has been heard from.</summary>
    public (int Boots, int Time)? Estimate(OctetString engineId) =>
        TryRead(engineId, out var entry) ? entry.Estimate(_clock) : null;

    /// <summary>How many engines have an entry.</summary>
    public int Count => _engines.Count;

    /// <summary>Forgets the engine's clock (a learnt trap sender given up).</summary>
    public void Forget(OctetString engineId)
    {
        _engines.TryRemove(engineId, out _);
        Written();
    }

    /// <summary>
    /// Keeps boots and time learnt from an unauthenticated message (the discovery Report, RFC 3414
    /// section 4). Such a value is provisional: it never replaces one an authenticated message
    /// set, and the next authenticated message replaces it whatever it says. At most
    /// <see cref="MaxProvisionalEngines"/> provisional entries are kept.
    /// </summary>
    public void LearnEngine(OctetString engineId, int boots, int time)
    {
        if (TryRead(engineId, out var known) && known.Authenticated)
        {
            // What the update below would keep, without taking its bucket lock to write it back.
            return;
        }

        if (_engines.TryAdd(engineId, new EngineTime(boots, time, time, _clock.GetTimestamp(), Authenticated: false)))
        {
            Written();
            ForgetOldestProvisional(engineId);
            return;
        }

        _engines.AddOrUpdate(engineId,
            static (_, learnt) => new EngineTime(learnt.Boots, learnt.Time, learnt.Time, learnt.Now, Authenticated: false),
            static (_, existing, learnt) => existing.Authenticated ? existing : new EngineTime(learnt.Boots, learnt.Time, learnt.Time, learnt.Now, Authenticated: false),
            (Boots: boots, Time: time, Now: _clock.GetTimestamp()));
        Written();
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
                    Written();
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
        // Read first: most messages adopt nothing (the engine's clock moves once a second), and a
        // ConcurrentDictionary.AddOrUpdate takes its bucket lock to write even the value it found.
        long now = _clock.GetTimestamp();
        EngineTime entry;
        bool again = false;
        while (true)
        {
            // A write lost to a concurrent one reads the dictionary itself the next time round.
            EngineTime? existing;
            if (again ? !_engines.TryGetValue(engineId, out existing) : !TryRead(engineId, out existing))
            {
                entry = new EngineTime(boots, time, time, now, Authenticated: true);
                bool added = _engines.TryAdd(engineId, entry);
                Written();
                if (added)
                {
                    break;
                }

                again = true;
                continue;
            }

            if (existing.Authenticated && !(boots > existing.Boots || boots == existing.Boots && time > existing.LatestReceivedTime))
            {
                entry = existing;
                break;
            }

            entry = new EngineTime(boots, time, time, now, Authenticated: true);
            bool updated = _engines.TryUpdate(engineId, entry, existing);
            Written();
            if (updated)
            {
                break;
            }

            again = true;
        }

        (localBoots, localTime) = entry.Estimate(_clock);
        bool inside = !(boots == int.MaxValue || boots < localBoots || boots == localBoots && time < localTime - UserBasedSecurityModel.TimeWindowSeconds);
        if (inside && entry.Refused is not null)
        {
            // An authenticated message inside the window settles the dispute (best effort: a
            // concurrent update wins and is as good).
            _engines.TryUpdate(engineId, entry with { Refused = null }, entry);
            Written();
        }

        return inside;
    }

    /// <summary>
    /// Whether a message with (<paramref name="boots"/>, <paramref name="time"/>) that step 7b
    /// refused was behind the local notion (<paramref name="localBoots"/>, <paramref name="localTime"/>):
    /// the engine's clock went backwards, as when it restarted without the non-volatile storage
    /// RFC 3414 2.2.2 asks for. (Boots latched at 2^31-1 is refused too, but is no regression.)
    /// </summary>
    public static bool IsBehind(int boots, int time, int localBoots, int localTime) =>
        boots != int.MaxValue && (boots < localBoots || boots == localBoots && time < localTime - UserBasedSecurityModel.TimeWindowSeconds);

    /// <summary>
    /// Notes an authenticated message from the engine that step 7b refused because its clock was
    /// behind the local notion, so that a request timing out can say why
    /// (<see cref="RefusedClock"/>); forgotten once an authenticated message is inside the window.
    /// </summary>
    public void NoteRefused(OctetString engineId, int boots, int time, int localBoots, int localTime)
    {
        // Step 7b has just made the entry; best effort against a concurrent update.
        if (_engines.TryGetValue(engineId, out var entry))
        {
            _engines.TryUpdate(engineId, entry with { Refused = new RefusedEngineTime(boots, time, localBoots, localTime) }, entry);
            Written();
        }
    }

    /// <summary>The latest authenticated message refused for a clock behind the local notion since one was last accepted, if any.</summary>
    public RefusedEngineTime? RefusedClock(OctetString engineId) =>
        _engines.TryGetValue(engineId, out var entry) ? entry.Refused : null;

    /// <summary>
    /// Adopts the clock of an engine that went backwards (it restarted without keeping
    /// snmpEngineBoots, or its snmpEngineTime was reset), which step 7b.1 never does by itself.
    /// Only for what cannot be a replay: an authenticated usmStatsNotInTimeWindows Report that
    /// answers one of this engine's own outstanding requests (RFC 3414 3.2 step 7b, section 4).
    /// </summary>
    public void AdoptRestartedClock(OctetString engineId, int boots, int time)
    {
        var now = _clock.GetTimestamp();
        _engines[engineId] = new EngineTime(boots, time, time, now, Authenticated: true);
        Written();
    }

    private bool TryRead(OctetString engineId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EngineTime? entry)
    {
        // The version before the read: a write after it makes the entry read stale at once.
        long version = Volatile.Read(ref _version);
        var last = Volatile.Read(ref _lastRead);
        if (last is not null && last.Version == version && (ReferenceEquals(last.EngineId, engineId) || last.EngineId.Span.SequenceEqual(engineId.Span)))
        {
            entry = last.Entry;
            return true;
        }

        if (!_engines.TryGetValue(engineId, out entry))
        {
            return false;
        }

        Volatile.Write(ref _lastRead, new LastRead(engineId, version, entry));
        return true;
    }

    private void Written() => Interlocked.Increment(ref _version);

    /// <summary>One engine's entry: the notion of its clock at <paramref name="LocalTimestamp"/>, and latestReceivedEngineTime.</summary>
    private sealed record EngineTime(int Boots, int Time, int LatestReceivedTime, long LocalTimestamp, bool Authenticated)
    {
        /// <summary>The latest authenticated message refused for a clock behind this notion, until one is accepted.</summary>
        public RefusedEngineTime? Refused { get; init; }

        public (int Boots, int Time) Estimate(TimeProvider clock)
        {
            long elapsed = (long)clock.GetElapsedTime(LocalTimestamp).TotalSeconds;
            return (Boots, (int)Math.Min(int.MaxValue, Time + elapsed));
        }
    }
}

/// <summary>
/// An authenticated message whose clock was behind the local notion of its authoritative engine's
/// (RFC 3414 3.2 step 7b), and so refused as a possible replay.
/// </summary>
/// <param name="Boots">The message's msgAuthoritativeEngineBoots.</param>
/// <param name="Time">The message's msgAuthoritativeEngineTime.</param>
/// <param name="KnownBoots">The local notion of snmpEngineBoots it was judged against.</param>
/// <param name="KnownTime">The local notion of snmpEngineTime it was judged against.</param>
internal sealed record RefusedEngineTime(int Boots, int Time, int KnownBoots, int KnownTime)
{
    /// <summary>What happened, in words for an exception message (no secrets: clocks only).</summary>
    public string Describe() => Boots < KnownBoots
        ? $"the agent's snmpEngineBoots went from {KnownBoots} to {Boots}: it restarted without its clock (no non-volatile storage?)"
        : $"the agent's snmpEngineTime went back from {KnownTime} to {Time} within snmpEngineBoots {Boots}: its clock was reset";
}
