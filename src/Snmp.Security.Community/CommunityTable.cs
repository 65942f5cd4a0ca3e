using System.Collections.Concurrent;

namespace Snmp.Security.Community;

/// <summary>One row of the community table: what a community stands for (RFC 3584 section 5.1, snmpCommunityEntry).</summary>
/// <param name="SecurityName">snmpCommunitySecurityName: the principal VACM sees.</param>
/// <param name="ContextName">snmpCommunityContextName: the context the requests address ("" is the default context).</param>
public sealed record CommunityEntry(OctetString SecurityName, OctetString ContextName);

/// <summary>
/// The community table an agent consults for incoming SNMPv1 and SNMPv2c requests (RFC 3584
/// section 5.2.1, the SNMP-COMMUNITY-MIB snmpCommunityTable without transport tags): a
/// community not in it is snmpInBadCommunityNames. Thread-safe; rows may change at any time.
/// </summary>
public sealed class CommunityTable
{
    private readonly ConcurrentDictionary<OctetString, CommunityEntry> _entries = new();

    /// <summary>Adds or replaces the row for <paramref name="community"/>.</summary>
    public void Set(OctetString community, CommunityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(entry);
        _entries[community] = entry;
    }

    /// <summary>Removes the row for <paramref name="community"/>; false if there was none.</summary>
    public bool Remove(OctetString community) => _entries.TryRemove(community, out _);

    /// <summary>The row for <paramref name="community"/>, or null.</summary>
    public CommunityEntry? Find(OctetString community) => _entries.TryGetValue(community, out var entry) ? entry : null;
}
