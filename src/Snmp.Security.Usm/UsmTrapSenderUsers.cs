using System.Collections.Concurrent;

namespace Snmp.Security.Usm;

/// <summary>
/// The users a notification receiver accepts SNMPv3 traps from, whatever engine sends them. The
/// sender of a trap is its authoritative engine (RFC 3414 2.3), so the receiver needs the user's
/// keys localised for each sender's snmpEngineID (section 2.6): on first sight of an unknown
/// msgAuthoritativeEngineID with a configured user name, <see cref="UserBasedSecurityModel"/>
/// asks this class for the localised keys, verifies the digest with them, and only then keeps the
/// usmUserTable row (and, from then on, the sender's snmpEngineBoots, snmpEngineTime and
/// latestReceivedEngineTime for the timeliness check of section 3.2 step 7b). Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Bounds. Forged engine IDs must make the receiver neither localise keys nor keep state without
/// end. Localising is rate limited: at most <see cref="MaxLocalisationsPerSecond"/> new
/// localisations per second of the clock, whoever asks (a message with a wrong digest costs one,
/// then counts in usmStatsWrongDigests; one with an unknown user name costs none). The learned
/// engines are capped at <see cref="MaxLearnedEngines"/>: nothing is kept for an engine until a
/// message from it authenticates, so a forger without a user's key adds nothing, however many
/// engine IDs it invents. Refusals (rate or cap) are counted in <see cref="RefusedLocalisations"/>
/// and the message dropped as usmStatsUnknownUserNames.
/// </para>
/// <para>
/// Eviction. When the table is full, a new engine whose message authenticates takes the place of
/// the least recently authenticated learned engine, but only if that engine has sent nothing that
/// authenticated (and passed the Time Window) for at least <see cref="MinimumIdleBeforeEviction"/>;
/// if every learned engine has been heard from more recently, the new one is refused as before. So
/// a receiver serving more devices than the cap over its lifetime keeps learning them (the idle
/// ones make room), while pushing out a sender that is still talking is not possible at all:
/// evicting needs a message that authenticates as a configured user (a forger with a wrong key or
/// an unknown user name evicts nothing), and even a holder of a valid key, inventing engine IDs at
/// the full localisation rate, can only displace engines idle for the whole
/// <see cref="MinimumIdleBeforeEviction"/>. An evicted engine's usmUserTable rows and its clock are
/// forgotten together; its next authenticated trap relearns it as on first sight (step 7b then
/// adopts that message's boots and time, as after a restart of the receiver), which is why the
/// idle bound should be well above the 150-second Time Window.
/// </para>
/// <para>
/// Memory. Each learned engine keeps a usmUserTable row per user name it sent as (the localised
/// keys and their keyed HMAC, and AES for AES users), its timeliness entry and its entry here:
/// about 2.4 KB (2,395 bytes of live heap per engine for an authPriv SHA-1/AES-128 user, measured
/// over 1,024 engines in UsmTrapSenderUsersTests), so the default cap bounds the learned state at
/// roughly 2.5 MB per user name, whatever a flood of forged engine IDs does.
/// </para>
/// </remarks>
public sealed class UsmTrapSenderUsers
{
    /// <summary>The default of <see cref="MaxLearnedEngines"/>.</summary>
    public const int DefaultMaxLearnedEngines = 1024;

    /// <summary>How many keys are localised for new engines per second of the clock; further ones wait for the next second.</summary>
    public const int MaxLocalisationsPerSecond = 16;

    /// <summary>The default of <see cref="MinimumIdleBeforeEviction"/>: ten minutes, four times the Time Window of RFC 3414 2.2.3.</summary>
    public static readonly TimeSpan DefaultMinimumIdleBeforeEviction = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<OctetString, UsmUser> _users = new();
    private readonly ConcurrentDictionary<OctetString, LearnedEngine> _learnedEngines = new();
    private readonly TimeProvider _clock;
    private readonly long _minimumIdleTicks;
    private readonly Lock _table = new();
    private readonly Lock _rate = new();
    private long _noEvictionBefore = long.MinValue;
    private long _windowSecond = long.MinValue;
    private int _inWindow;
    private long _refused;
    private long _evicted;
    private long _localisations;

    /// <summary>Creates an empty set of users.</summary>
    /// <param name="clock">The clock of the localisation rate limit and of idleness.</param>
    /// <param name="maxLearnedEngines">How many sender engines are kept at most (<see cref="DefaultMaxLearnedEngines"/> unless given).</param>
    /// <param name="minimumIdleBeforeEviction">How long a learned engine must have been silent before a new one may take its place (<see cref="DefaultMinimumIdleBeforeEviction"/> unless given).</param>
    /// <exception cref="ArgumentOutOfRangeException">The cap is not positive or the idle time is negative.</exception>
    public UsmTrapSenderUsers(TimeProvider? clock = null, int maxLearnedEngines = DefaultMaxLearnedEngines, TimeSpan? minimumIdleBeforeEviction = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLearnedEngines, 1);
        var idle = minimumIdleBeforeEviction ?? DefaultMinimumIdleBeforeEviction;
        ArgumentOutOfRangeException.ThrowIfLessThan(idle, TimeSpan.Zero, nameof(minimumIdleBeforeEviction));
        _clock = clock ?? TimeProvider.System;
        MaxLearnedEngines = maxLearnedEngines;
        MinimumIdleBeforeEviction = idle;
        _minimumIdleTicks = (long)(idle.TotalSeconds * _clock.TimestampFrequency);
    }

    /// <summary>How many distinct sender snmpEngineIDs are kept at most.</summary>
    public int MaxLearnedEngines { get; }

    /// <summary>How long a learned engine must have sent nothing that authenticated before a new engine may take its place.</summary>
    public TimeSpan MinimumIdleBeforeEviction { get; }

    /// <summary>How many localisations for new engines were refused (rate limit, or the table full of engines not idle long enough).</summary>
    public long RefusedLocalisations => Interlocked.Read(ref _refused);

    /// <summary>How many learned engines were forgotten to make room for new ones.</summary>
    public long EvictedEngines => Interlocked.Read(ref _evicted);

    /// <summary>How many sender engines are known now.</summary>
    public int LearnedEngines => _learnedEngines.Count;

    /// <summary>How many keys were localised for new engines (each within the rate limit).</summary>
    internal long Localisations => Interlocked.Read(ref _localisations);

    /// <summary>Accepts traps from <paramref name="credentials"/>'s user at any engine from now on.</summary>
    public void Add(UsmUser credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _users[credentials.UserName] = credentials;
    }

    /// <summary>Whether <paramref name="userName"/> is one of these users (at any engine).</summary>
    internal bool Knows(OctetString userName) => _users.ContainsKey(userName);

    /// <summary>
    /// The user's keys localised for <paramref name="engineId"/>, if the user is configured and
    /// the bounds allow a new localisation (the engine is known, or there is room or an engine idle
    /// long enough to give way; and the rate allows); the caller keeps the row only once a digest
    /// verifies (<see cref="Learned"/>).
    /// </summary>
    internal UsmUserEntry? TryLocalise(OctetString engineId, OctetString userName)
    {
        if (engineId.Length == 0 || !_users.TryGetValue(userName, out var credentials))
        {
            return null;
        }

        if ((!_learnedEngines.ContainsKey(engineId) && !HasRoom()) || !TakeLocalisation())
        {
            Interlocked.Increment(ref _refused);
            return null;
        }

        Interlocked.Increment(ref _localisations);
        return credentials.Localize(engineId);
    }

    /// <summary>
    /// Records that a message from <paramref name="row"/>'s engine authenticated with keys from
    /// <see cref="TryLocalise"/>. When the table is full the least recently authenticated engine
    /// gives way if it has been idle long enough, and comes back in <paramref name="evicted"/>
    /// (the rows the caller must forget); when none has, the engine is refused (false).
    /// </summary>
    internal bool Learned(UsmUserEntry row, out EvictedEngine? evicted)
    {
        ArgumentNullException.ThrowIfNull(row);
        evicted = null;
        long now = _clock.GetTimestamp();
        lock (_table)
        {
            if (_learnedEngines.TryGetValue(row.EngineId, out var known))
            {
                known.Rows.RemoveAll(r => r.User.UserName.Equals(row.User.UserName));
                known.Rows.Add(row);
                known.Touch(now);
                return true;
            }

            if (_learnedEngines.Count >= MaxLearnedEngines)
            {
                var victim = FindEvictable(now);
                if (victim is null)
                {
                    Interlocked.Increment(ref _refused);
                    return false;
                }

                _learnedEngines.TryRemove(victim.EngineId, out _);
                Interlocked.Increment(ref _evicted);
                evicted = new EvictedEngine(victim.EngineId, [.. victim.Rows]);
            }

            var entry = new LearnedEngine(row.EngineId, now);
            entry.Rows.Add(row);
            _learnedEngines[row.EngineId] = entry;
            return true;
        }
    }

    /// <summary>
    /// Records that an accepted message (authenticated, inside the Time Window) came from
    /// <paramref name="engineId"/>: a learned engine is then the most recently authenticated.
    /// </summary>
    internal void Authenticated(OctetString engineId)
    {
        if (_learnedEngines.TryGetValue(engineId, out var entry))
        {
            entry.Touch(_clock.GetTimestamp());
        }
    }

    private bool HasRoom()
    {
        long now = _clock.GetTimestamp();
        lock (_table)
        {
            return _learnedEngines.Count < MaxLearnedEngines || FindEvictable(now) is not null;
        }
    }

    /// <summary>
    /// The least recently authenticated engine if it has been idle for the minimum, else null. The
    /// oldest last-authenticated time only ever grows (touches move it later, new engines come in
    /// at now), so once a scan finds none idle enough, none can be until that engine's time plus
    /// the idle bound: scans (O(cap)) are skipped until then. Called under <see cref="_table"/>.
    /// </summary>
    private LearnedEngine? FindEvictable(long now)
    {
        if (now < _noEvictionBefore)
        {
            return null;
        }

        LearnedEngine? oldest = null;
        foreach (var entry in _learnedEngines.Values)
        {
            if (oldest is null || entry.LastAuthenticated < oldest.LastAuthenticated)
            {
                oldest = entry;
            }
        }

        if (oldest is null)
        {
            return null;
        }

        long evictableAt = oldest.LastAuthenticated + _minimumIdleTicks;
        if (now < evictableAt)
        {
            _noEvictionBefore = evictableAt;
            return null;
        }

        return oldest;
    }

    private bool TakeLocalisation()
    {
        long second = (long)(_clock.GetTimestamp() / (double)_clock.TimestampFrequency);
        lock (_rate)
        {
            if (second != _windowSecond)
            {
                _windowSecond = second;
                _inWindow = 0;
            }

            if (_inWindow >= MaxLocalisationsPerSecond)
            {
                return false;
            }

            _inWindow++;
            return true;
        }
    }

    /// <summary>One learned sender engine: the usmUserTable rows learnt for it and when a message from it last authenticated.</summary>
    private sealed class LearnedEngine(OctetString engineId, long learnedAt)
    {
        private long _lastAuthenticated = learnedAt;

        public OctetString EngineId { get; } = engineId;

        /// <summary>The rows learnt for this engine, one per user name (changed under the table lock).</summary>
        public List<UsmUserEntry> Rows { get; } = [];

        public long LastAuthenticated => Interlocked.Read(ref _lastAuthenticated);

        public void Touch(long now)
        {
            long last = Interlocked.Read(ref _lastAuthenticated);
            while (now > last)
            {
                long seen = Interlocked.CompareExchange(ref _lastAuthenticated, now, last);
                if (seen == last)
                {
                    return;
                }

                last = seen;
            }
        }
    }
}

/// <summary>A learned sender engine given up to make room: its id and the usmUserTable rows learnt for it.</summary>
internal sealed record EvictedEngine(OctetString EngineId, IReadOnlyList<UsmUserEntry> Rows);
