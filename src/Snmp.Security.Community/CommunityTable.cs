using System.Net;
using System.Text;

namespace Snmp.Security.Community;

/// <summary>One row of the community table: what a community stands for (RFC 3584 section 5.1, snmpCommunityEntry).</summary>
/// <param name="SecurityName">snmpCommunitySecurityName: the principal VACM sees.</param>
/// <param name="ContextName">snmpCommunityContextName: the context the requests address ("" is the default context).</param>
public sealed record CommunityEntry(OctetString SecurityName, OctetString ContextName)
{
    /// <summary>snmpCommunityContextEngineID: the engine the requests are for; null for this engine's own snmpEngineID (the DEFVAL).</summary>
    public OctetString? ContextEngineId { get; init; }

    /// <summary>
    /// snmpCommunityTransportTag: empty to accept the community from anywhere, else a tag of the
    /// snmpTargetAddrTable entries whose address (under snmpTargetAddrTMask) the request must come from.
    /// </summary>
    public string TransportTag { get; init; } = "";

    /// <summary>snmpCommunityStorageType: permanent for what the application adds.</summary>
    public StorageType StorageType { get; init; } = StorageType.Permanent;

    /// <summary>snmpCommunityStatus: only an active row admits a community.</summary>
    public RowStatus Status { get; init; } = RowStatus.Active;
}

/// <summary>A row of snmpCommunityTable: its snmpCommunityIndex, snmpCommunityName and what it maps to.</summary>
/// <param name="Index">snmpCommunityIndex (SnmpAdminString, 1..32 octets).</param>
/// <param name="Community">snmpCommunityName: the community string.</param>
/// <param name="Entry">What it stands for.</param>
public sealed record CommunityRow(string Index, OctetString Community, CommunityEntry Entry);

/// <summary>
/// The community table an agent consults for incoming SNMPv1 and SNMPv2c requests (RFC 3584
/// section 5.2.1, the SNMP-COMMUNITY-MIB snmpCommunityTable): a community no active row names
/// (from the request's address, when the row has a transport tag) is snmpInBadCommunityNames.
/// Thread-safe; rows may change at any time.
/// </summary>
public sealed class CommunityTable
{
    private readonly Lock _lock = new();
    // Replaced whole on each change (rare), so a request reads one consistent snapshot without a
    // lock, and finds the rows already in snmpCommunityIndex order.
    private volatile Snapshot _snapshot = new(new Dictionary<string, CommunityRow>(StringComparer.Ordinal));

    /// <summary>
    /// Whether a request from an address may use a row with a transport tag (RFC 3584 5.2.1: the
    /// address matches an snmpTargetAddrTable entry of that tag); the agent sets it. Null: rows
    /// with a tag admit no one.
    /// </summary>
    public Func<string, EndPoint, bool>? TransportTagMatches { get; set; }

    /// <summary>Adds or replaces the row for <paramref name="community"/> (its snmpCommunityIndex is the community itself, or a digest of a long or binary one).</summary>
    public void Set(OctetString community, CommunityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(entry);
        SetRow(new CommunityRow(IndexFor(community), community, entry));
    }

    /// <summary>Adds or replaces the row of <paramref name="row"/>'s snmpCommunityIndex.</summary>
    public void SetRow(CommunityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_lock)
        {
            _snapshot = new Snapshot(new Dictionary<string, CommunityRow>(_snapshot.Rows, StringComparer.Ordinal) { [row.Index] = row });
        }
    }

    /// <summary>Removes the rows of <paramref name="community"/>; false if there was none.</summary>
    public bool Remove(OctetString community)
    {
        lock (_lock)
        {
            var kept = _snapshot.Rows.Values.Where(r => !r.Community.Equals(community)).ToDictionary(r => r.Index, StringComparer.Ordinal);
            bool removed = kept.Count != _snapshot.Rows.Count;
            _snapshot = new Snapshot(kept);
            return removed;
        }
    }

    /// <summary>Removes the row of snmpCommunityIndex <paramref name="index"/>; false if there was none.</summary>
    public bool RemoveRow(string index)
    {
        lock (_lock)
        {
            var rows = new Dictionary<string, CommunityRow>(_snapshot.Rows, StringComparer.Ordinal);
            bool removed = rows.Remove(index);
            _snapshot = new Snapshot(rows);
            return removed;
        }
    }

    /// <summary>Every row, any status (a snapshot).</summary>
    public IReadOnlyCollection<CommunityRow> Rows => _snapshot.Rows.Values;

    /// <summary>The row of snmpCommunityIndex <paramref name="index"/>, any status, or null.</summary>
    public CommunityRow? FindRow(string index) => _snapshot.Rows.TryGetValue(index, out var row) ? row : null;

    /// <summary>The active row for <paramref name="community"/> without a transport tag, or null.</summary>
    public CommunityEntry? Find(OctetString community) => Find(community, source: null);

    /// <summary>
    /// RFC 3584 5.2.1: the first active row (by snmpCommunityIndex) whose snmpCommunityName is
    /// <paramref name="community"/> and whose transport tag is empty or matches <paramref name="source"/>; null if none.
    /// </summary>
    public CommunityEntry? Find(OctetString community, EndPoint? source)
    {
        ArgumentNullException.ThrowIfNull(community);
        foreach (var row in _snapshot.Ordered)
        {
            if (row.Entry.Status == RowStatus.Active && row.Community.Equals(community) &&
                (row.Entry.TransportTag.Length == 0 || source is not null && TransportTagMatches?.Invoke(row.Entry.TransportTag, source) == true))
            {
                return row.Entry;
            }
        }

        return null;
    }

    private sealed class Snapshot(Dictionary<string, CommunityRow> rows)
    {
        public Dictionary<string, CommunityRow> Rows { get; } = rows;

        public CommunityRow[] Ordered { get; } = [.. rows.Values.OrderBy(r => r.Index, StringComparer.Ordinal)];
    }

    private static string IndexFor(OctetString community)
    {
        var octets = community.Span;
        bool printable = octets.Length is >= 1 and <= 32 && !octets.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E);
        return printable ? Encoding.ASCII.GetString(octets) : "c" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(octets))[..31].ToLowerInvariant();
    }
}
