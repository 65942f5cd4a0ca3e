using System.Collections.Concurrent;
using Snmp.Smi;

namespace Snmp.Security.Usm;

/// <summary>
/// The users a notification receiver accepts SNMPv3 traps from, whatever engine sends them. The
/// sender of a trap is its authoritative engine (RFC 3414 2.3), so the receiver needs the user's
/// keys localised for each sender's snmpEngineID (section 2.6): on first sight of an unknown
/// msgAuthoritativeEngineID with a configured user name, <see cref="UserBasedSecurityModel"/>
/// asks this class for the localised keys, verifies the digest with them, and only then keeps the
/// usmUserTable row. Localising hashes the password (a megabyte through the hash), so forged
/// engine IDs must not make the receiver do it without end: at most
/// <see cref="MaxLearnedEngines"/> engines are learnt, and at most
/// <see cref="MaxLocalisationsPerSecond"/> new localisations happen per second; refusals are
/// counted in <see cref="RefusedLocalisations"/> (and the message dropped as
/// usmStatsUnknownUserNames). Thread-safe.
/// </summary>
public sealed class UsmTrapSenderUsers
{
    /// <summary>How many distinct sender snmpEngineIDs are learnt; messages from further engines are refused.</summary>
    public const int MaxLearnedEngines = 1024;

    /// <summary>How many keys are localised for new engines per second of the clock; further ones wait for the next second.</summary>
    public const int MaxLocalisationsPerSecond = 16;

    private readonly ConcurrentDictionary<OctetString, UsmUser> _users = new();
    private readonly ConcurrentDictionary<OctetString, byte> _learnedEngines = new();
    private readonly TimeProvider _clock;
    private readonly Lock _rate = new();
    private long _windowSecond = long.MinValue;
    private int _inWindow;
    private long _refused;

    /// <summary>Creates an empty set of users.</summary>
    /// <param name="clock">The clock of the localisation rate limit.</param>
    public UsmTrapSenderUsers(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>How many localisations for new engines were refused (rate or engine limit).</summary>
    public long RefusedLocalisations => Interlocked.Read(ref _refused);

    /// <summary>How many sender engines have been learnt.</summary>
    public int LearnedEngines => _learnedEngines.Count;

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
    /// the bounds allow a new localisation; the caller keeps the row once a digest verifies
    /// (<see cref="Learned"/>).
    /// </summary>
    internal UsmUserEntry? TryLocalise(OctetString engineId, OctetString userName)
    {
        if (engineId.Length == 0 || !_users.TryGetValue(userName, out var credentials))
        {
            return null;
        }

        if ((!_learnedEngines.ContainsKey(engineId) && _learnedEngines.Count >= MaxLearnedEngines) || !TakeLocalisation())
        {
            Interlocked.Increment(ref _refused);
            return null;
        }

        return credentials.Localize(engineId);
    }

    /// <summary>Records that a message from <paramref name="engineId"/> authenticated with keys from <see cref="TryLocalise"/>.</summary>
    internal void Learned(OctetString engineId) => _learnedEngines.TryAdd(engineId, 0);

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
}
