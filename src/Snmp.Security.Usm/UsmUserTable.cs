using System.Collections.Concurrent;

namespace Snmp.Security.Usm;

/// <summary>
/// The usmUserTable of USM's Local Configuration Datastore (RFC 3414 sections 2.1 and 5): one row
/// per (usmUserEngineID, usmUserName), holding the user's protocols and its keys localised for
/// that snmpEngineID (section 2.6). An agent keeps its users at its own snmpEngineID; a manager
/// keeps one row per user and agent it talks to.
/// </summary>
internal sealed class UsmUserTable
{
    private readonly ConcurrentDictionary<(OctetString EngineId, OctetString UserName), UsmUserEntry> _rows = new();

    // The row found last and the table's version then: a manager's messages name one agent and
    // user after another, and comparing two short names costs less than hashing both for the
    // dictionary. Every change to the table moves the version on, so a row found before it is
    // looked up again.
    private long _version;
    private FoundRow? _lastFound;

    private sealed record FoundRow(OctetString EngineId, OctetString UserName, long Version, UsmUserEntry Row);

    /// <summary>Adds or replaces the row for (<paramref name="engineId"/>, the credentials' user name), localising its keys once.</summary>
    public UsmUserEntry Add(OctetString engineId, UsmUser credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var user = credentials.Localize(engineId);
        _rows[(engineId, credentials.UserName)] = user;
        Interlocked.Increment(ref _version);
        return user;
    }

    /// <summary>Adds or replaces the row of an entry already localised for its engine.</summary>
    public void Put(UsmUserEntry entry)
    {
        _rows[(entry.EngineId, entry.User.UserName)] = entry;
        Interlocked.Increment(ref _version);
    }

    /// <summary>Removes <paramref name="entry"/> if it is still the row of its (engine, user name).</summary>
    public bool Remove(UsmUserEntry entry)
    {
        bool removed = _rows.TryRemove(new KeyValuePair<(OctetString, OctetString), UsmUserEntry>((entry.EngineId, entry.User.UserName), entry));
        Interlocked.Increment(ref _version);
        // Stale now in any case; not kept either, so a removed user's keys are not held here.
        Volatile.Write(ref _lastFound, null);
        return removed;
    }

    /// <summary>How many rows there are.</summary>
    public int Count => _rows.Count;

    /// <summary>The active row for (engineId, userName), if any: what RFC 3414 3.1.1 step 1 and 3.2 step 4 look up.</summary>
    public UsmUserEntry? Find(OctetString engineId, OctetString userName) =>
        FindRow(engineId, userName) is { Status: RowStatus.Active } user ? user : null;

    /// <summary>The row for (engineId, userName) whatever its status (the MIB's view).</summary>
    public UsmUserEntry? FindRow(OctetString engineId, OctetString userName)
    {
        // The version before the lookup: a change after it makes the row found stale at once.
        long version = Volatile.Read(ref _version);
        var last = Volatile.Read(ref _lastFound);
        if (last is not null && last.Version == version && Same(last.EngineId, engineId) && Same(last.UserName, userName))
        {
            return last.Row;
        }

        if (!_rows.TryGetValue((engineId, userName), out var user))
        {
            return null;
        }

        Volatile.Write(ref _lastFound, new FoundRow(engineId, userName, version, user));
        return user;
    }

    private static bool Same(OctetString a, OctetString b) => ReferenceEquals(a, b) || a.Span.SequenceEqual(b.Span);

    /// <summary>Every row, any status, in no particular order.</summary>
    public IReadOnlyList<UsmUserEntry> Rows() => [.. _rows.Values];
}
