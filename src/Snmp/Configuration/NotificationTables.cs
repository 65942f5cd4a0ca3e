using System.Net;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Messages;

namespace Snmp.Configuration;

/// <summary>snmpTargetAddrEntry (RFC 3413 section 4.1.1) with its snmpTargetAddrExtEntry (RFC 3584 section 5.3).</summary>
internal sealed class TargetAddrRow : IConceptualRow
{
    public required string Name { get; init; }

    public ObjectIdentifier? Domain { get; set; }

    public OctetString? Address { get; set; }

    /// <summary>snmpTargetAddrTimeout, in hundredths of a second (DEFVAL 1500).</summary>
    public int Timeout { get; set; } = 1500;

    public int RetryCount { get; set; } = 3;

    public string TagList { get; set; } = "";

    public string? Params { get; set; }

    /// <summary>snmpTargetAddrTMask (RFC 3584): which bits of an incoming address must match TAddress.</summary>
    public OctetString TMask { get; set; } = OctetString.Empty;

    /// <summary>snmpTargetAddrMMS (RFC 3584): the largest message the target accepts (DEFVAL 484).</summary>
    public int Mms { get; set; } = 484;

    /// <summary>A target the application added: its address as parsed then (any transport, a plug-in's too).</summary>
    public (TransportDomain Domain, EndPoint EndPoint)? Parsed { get; set; }

    public RowStatus Status { get; set; }

    public StorageType StorageType { get; set; }

    public TargetAddrRow Copy() => (TargetAddrRow)MemberwiseClone();

    public IReadOnlyList<string> Tags => TagLists.Parse(TagList) ?? [];
}

/// <summary>snmpTargetParamsEntry (RFC 3413 section 4.1.2).</summary>
internal sealed class TargetParamsRow : IConceptualRow
{
    public required string Name { get; init; }

    public int? MessageProcessingModel { get; set; }

    public int? SecurityModel { get; set; }

    public OctetString? SecurityName { get; set; }

    /// <summary>snmpTargetParamsSecurityLevel; null for a target the application added without one (the user's highest, decided when sending).</summary>
    public SecurityLevel? SecurityLevel { get; set; }

    /// <summary>Set by a Set, so that an application target's null level reads as what was written.</summary>
    public bool LevelGiven { get; set; }

    public RowStatus Status { get; set; }

    public StorageType StorageType { get; set; }

    public TargetParamsRow Copy() => (TargetParamsRow)MemberwiseClone();
}

/// <summary>snmpNotifyEntry (RFC 3413 section 4.2.1).</summary>
internal sealed class NotifyRow : IConceptualRow
{
    public required string Name { get; init; }

    public string Tag { get; set; } = "";

    /// <summary>snmpNotifyType: trap(1) or inform(2).</summary>
    public int Type { get; set; } = 1;

    public RowStatus Status { get; set; }

    public StorageType StorageType { get; set; }

    public NotifyRow Copy() => (NotifyRow)MemberwiseClone();
}

/// <summary>snmpNotifyFilterProfileEntry (RFC 3413 section 4.2.2): the filter profile of one snmpTargetParamsName.</summary>
internal sealed class FilterProfileRow : IConceptualRow
{
    public required string ParamsName { get; init; }

    public string? ProfileName { get; set; }

    public RowStatus Status { get; set; }

    public StorageType StorageType { get; set; }

    public FilterProfileRow Copy() => (FilterProfileRow)MemberwiseClone();
}

/// <summary>snmpNotifyFilterEntry (RFC 3413 section 4.2.3): one family of subtrees of a filter profile.</summary>
internal sealed class FilterRow : IConceptualRow
{
    public required string ProfileName { get; init; }

    public required ObjectIdentifier Subtree { get; init; }

    public byte[] Mask { get; set; } = [];

    public ViewFamilyType Type { get; set; } = ViewFamilyType.Included;

    public RowStatus Status { get; set; }

    public StorageType StorageType { get; set; }

    public FilterRow Copy() => (FilterRow)MemberwiseClone();

    /// <summary>The family as VACM's matching rules read it (RFC 3413 section 6 uses the same masks as RFC 3415).</summary>
    public VacmViewFamily Family => new(ProfileName, Subtree, Mask.Length == 0 ? null : Mask, Type);
}

/// <summary>The SnmpTagList textual convention (RFC 3413 section 4.1.1).</summary>
internal static class TagLists
{
    private static readonly char[] Delimiters = [' ', '\t', '\r', '\n'];

    /// <summary>The tags of a list, or null when it is not a tag list (a leading, trailing or doubled delimiter).</summary>
    public static IReadOnlyList<string>? Parse(string list)
    {
        if (list.Length == 0)
        {
            return [];
        }

        var tags = list.Split(Delimiters);
        return tags.Any(t => t.Length == 0) ? null : tags;
    }

    /// <summary>Whether <paramref name="tag"/> is one SnmpTagValue (no delimiter in it).</summary>
    public static bool IsTagValue(string tag) => tag.IndexOfAny(Delimiters) < 0;
}

/// <summary>
/// The agent's SNMP-TARGET-MIB, SNMP-NOTIFICATION-MIB and SNMP-PROXY-MIB tables: the one place its
/// notification targets and proxy forwarding rules live, whether <see cref="Agent.AddNotificationTarget"/>
/// or <see cref="Agent.AddProxy"/> added them or a manager did with Set. Thread-safe: each table is replaced whole on change, and readers see a snapshot.
/// </summary>
internal sealed class NotificationTables
{
    public RowStore<string, TargetAddrRow> Addresses { get; } = new(StringComparer.Ordinal);

    public RowStore<string, TargetParamsRow> Params { get; } = new(StringComparer.Ordinal);

    public RowStore<string, NotifyRow> Notifications { get; } = new(StringComparer.Ordinal);

    public RowStore<string, FilterProfileRow> FilterProfiles { get; } = new(StringComparer.Ordinal);

    public RowStore<(string Profile, ObjectIdentifier Subtree), FilterRow> Filters { get; } = new(EqualityComparer<(string, ObjectIdentifier)>.Default);

    /// <summary>SNMP-PROXY-MIB's snmpProxyTable (RFC 3413 section 4.3): the Proxy Forwarder's translation rows, which name rows of the target tables.</summary>
    public RowStore<string, ProxyRow> Proxies { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<string, TargetAddrRow> _pendingExtensions = new(StringComparer.Ordinal);

    /// <summary>snmpTargetAddrExtEntry values written in a Set before the same Set creates their snmpTargetAddrEntry.</summary>
    public TargetAddrRow PendingExtension(string name)
    {
        lock (_pendingExtensions)
        {
            return _pendingExtensions.TryGetValue(name, out var row) ? row : new TargetAddrRow { Name = name };
        }
    }

    /// <summary>Keeps extension values for a row about to be created (see <see cref="TakePendingExtension"/>).</summary>
    public void SetPendingExtension(string name, TargetAddrRow row)
    {
        lock (_pendingExtensions)
        {
            _pendingExtensions[name] = row;
        }
    }

    /// <summary>The extension values written for <paramref name="name"/> before it was created, once.</summary>
    public TargetAddrRow? TakePendingExtension(string name)
    {
        lock (_pendingExtensions)
        {
            return _pendingExtensions.Remove(name, out var row) ? row : null;
        }
    }

    /// <summary>
    /// RFC 3413 section 6: whether the notification passes the filter profile of the parameters
    /// <paramref name="paramsName"/> (no active profile: it does). snmpTrapOID must be in an
    /// included family (the most specific family decides, as RFC 3415's views do); a variable
    /// binding whose most specific family excludes it stops the notification.
    /// </summary>
    public bool Passes(string paramsName, ObjectIdentifier trapOid, IEnumerable<ObjectIdentifier> varBindNames)
    {
        if (FilterProfiles.Find(paramsName) is not { Status: RowStatus.Active, ProfileName: { } profile })
        {
            return true;
        }

        var families = Filters.All().Where(f => f.ProfileName == profile && f.Status == RowStatus.Active).Select(f => f.Family).ToList();
        if (MostSpecific(families, trapOid) is not { Type: ViewFamilyType.Included })
        {
            return false;
        }

        return !varBindNames.Any(name => MostSpecific(families, name) is { Type: ViewFamilyType.Excluded });
    }

    private static VacmViewFamily? MostSpecific(List<VacmViewFamily> families, ObjectIdentifier name)
    {
        VacmViewFamily? best = null;
        foreach (var family in families)
        {
            if (family.Contains(name) && (best is null || family.Subtree.Length > best.Subtree.Length ||
                family.Subtree.Length == best.Subtree.Length && family.Subtree > best.Subtree))
            {
                best = family;
            }
        }

        return best;
    }
}

/// <summary>One configuration table's rows by key: replaced whole on change, read as a snapshot.</summary>
internal sealed class RowStore<TKey, TRow>(IEqualityComparer<TKey> comparer)
    where TKey : notnull
    where TRow : class
{
    private readonly Lock _lock = new();
    private volatile Dictionary<TKey, TRow> _rows = new(comparer);

    public IReadOnlyCollection<TRow> All() => _rows.Values;

    public TRow? Find(TKey key) => _rows.TryGetValue(key, out var row) ? row : null;

    public void Put(TKey key, TRow row)
    {
        lock (_lock)
        {
            _rows = new Dictionary<TKey, TRow>(_rows, comparer) { [key] = row };
        }
    }

    public bool Remove(TKey key)
    {
        bool removed;
        lock (_lock)
        {
            var rows = new Dictionary<TKey, TRow>(_rows, comparer);
            removed = rows.Remove(key);
            _rows = rows;
        }

        return removed;
    }
}
