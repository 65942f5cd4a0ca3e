using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp.AccessControl.Vacm;

/// <summary>vacmAccessContextMatch (RFC 3415 section 4).</summary>
public enum ContextMatch
{
    /// <summary>exact(1): the contextName must equal the prefix.</summary>
    Exact = 1,
    /// <summary>prefix(2): the contextName must start with the prefix.</summary>
    Prefix = 2,
}

/// <summary>vacmViewTreeFamilyType (RFC 3415 section 4).</summary>
public enum ViewFamilyType
{
    /// <summary>included(1).</summary>
    Included = 1,
    /// <summary>excluded(2).</summary>
    Excluded = 2,
}

/// <summary>A row of vacmSecurityToGroupTable: the group of one principal of one security model.</summary>
public sealed record VacmSecurityToGroupEntry(SecurityModel SecurityModel, OctetString SecurityName, string GroupName)
{
    /// <summary>vacmSecurityToGroupStorageType: permanent for what the application adds.</summary>
    public StorageType StorageType { get; init; } = StorageType.Permanent;

    /// <summary>vacmSecurityToGroupStatus: only an active row maps anyone to a group.</summary>
    public RowStatus Status { get; init; } = RowStatus.Active;
}

/// <summary>A row of vacmAccessTable.</summary>
public sealed record VacmAccessEntry(string GroupName, OctetString ContextPrefix, SecurityModel SecurityModel, SecurityLevel SecurityLevel,
    ContextMatch ContextMatch, string ReadViewName, string WriteViewName, string NotifyViewName)
{
    /// <summary>vacmAccessStorageType: permanent for what the application adds.</summary>
    public StorageType StorageType { get; init; } = StorageType.Permanent;

    /// <summary>vacmAccessStatus: only an active row grants access.</summary>
    public RowStatus Status { get; init; } = RowStatus.Active;
}

/// <summary>A row of vacmViewTreeFamilyTable: a subtree, its mask (null: every sub-identifier must match) and whether it is in or out.</summary>
public sealed record VacmViewFamily(string ViewName, ObjectIdentifier Subtree, byte[]? Mask, ViewFamilyType Type)
{
    /// <summary>vacmViewTreeFamilyStorageType: permanent for what the application adds.</summary>
    public StorageType StorageType { get; init; } = StorageType.Permanent;

    /// <summary>vacmViewTreeFamilyStatus: only an active family is part of its view.</summary>
    public RowStatus Status { get; init; } = RowStatus.Active;

    /// <summary>
    /// True when <paramref name="name"/> is in this family (RFC 3415 section 5, vacmViewTreeFamilyMask):
    /// it has at least the subtree's sub-identifiers, and equals it wherever the mask has a 1 bit
    /// (bits beyond the mask count as 1).
    /// </summary>
    public bool Contains(ObjectIdentifier name)
    {
        if (name.Length < Subtree.Length)
        {
            return false;
        }

        for (int i = 0; i < Subtree.Length; i++)
        {
            bool mustMatch = Mask is null || i / 8 >= Mask.Length || (Mask[i / 8] & (0x80 >> (i % 8))) != 0;
            if (mustMatch && name[i] != Subtree[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// The View-based Access Control Model of RFC 3415 as an <see cref="IAccessControlModel"/>:
/// vacmContextTable, vacmSecurityToGroupTable, vacmAccessTable and vacmViewTreeFamilyTable, with
/// isAccessAllowed exactly as section 3.2 orders the checks. Configure it with the Add methods
/// (safe at any time; readers see a consistent snapshot) or start from
/// <see cref="InitialConfiguration"/> (appendix A).
/// </summary>
public sealed class ViewBasedAccessControlModel : IAccessControlModel, IViewSubtreeAccess
{
    private readonly Lock _lock = new();
    private volatile Tables _tables = new(System.Collections.Immutable.ImmutableHashSet<OctetString>.Empty, new Dictionary<(SecurityModel, OctetString), VacmSecurityToGroupEntry>(), [], []);

    /// <summary>The known context names (vacmContextTable).</summary>
    public IReadOnlyCollection<OctetString> Contexts => _tables.Contexts;

    /// <summary>Every vacmSecurityToGroupTable row, any status (a snapshot).</summary>
    public IReadOnlyCollection<VacmSecurityToGroupEntry> SecurityToGroupEntries => [.. _tables.Groups.Values];

    /// <summary>Every vacmAccessTable row, any status (a snapshot).</summary>
    public IReadOnlyList<VacmAccessEntry> AccessEntries => _tables.Access;

    /// <summary>Every vacmViewTreeFamilyTable row, any status (a snapshot).</summary>
    public IReadOnlyList<VacmViewFamily> ViewFamilies => _tables.Views;

    /// <summary>Adds or replaces the vacmSecurityToGroupTable row of (its model, its securityName).</summary>
    public void Put(VacmSecurityToGroupEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.SecurityModel == SecurityModel.Any)
        {
            throw new ArgumentException("vacmGroupName is chosen per security model; 'any' is for access entries.", nameof(entry));
        }

        Update(t => t with { Groups = new Dictionary<(SecurityModel, OctetString), VacmSecurityToGroupEntry>(t.Groups) { [(entry.SecurityModel, entry.SecurityName)] = entry } });
    }

    /// <summary>Removes the vacmSecurityToGroupTable row of (<paramref name="securityModel"/>, <paramref name="securityName"/>); false if there was none.</summary>
    public bool RemoveGroup(SecurityModel securityModel, OctetString securityName)
    {
        bool removed = false;
        Update(t =>
        {
            var groups = new Dictionary<(SecurityModel, OctetString), VacmSecurityToGroupEntry>(t.Groups);
            removed = groups.Remove((securityModel, securityName));
            return t with { Groups = groups };
        });
        return removed;
    }

    /// <summary>Adds or replaces the vacmAccessTable row of (group, context prefix, model, level).</summary>
    public void Put(VacmAccessEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Update(t => t with { Access = [.. t.Access.Where(e => !SameKey(e, entry)).Append(entry)] });
    }

    /// <summary>Removes the vacmAccessTable row with <paramref name="entry"/>'s key; false if there was none.</summary>
    public bool Remove(VacmAccessEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        bool removed = false;
        Update(t =>
        {
            removed = t.Access.Any(e => SameKey(e, entry));
            return t with { Access = [.. t.Access.Where(e => !SameKey(e, entry))] };
        });
        return removed;
    }

    /// <summary>Adds or replaces the vacmViewTreeFamilyTable row of (view name, subtree).</summary>
    /// <exception cref="ArgumentException">A mask longer than 16 octets.</exception>
    public void Put(VacmViewFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (family.Mask is { Length: > 16 })
        {
            throw new ArgumentException("vacmViewTreeFamilyMask is at most 16 octets.", nameof(family));
        }

        Update(t => t with { Views = [.. t.Views.Where(f => !(f.ViewName == family.ViewName && f.Subtree.Equals(family.Subtree))).Append(family)] });
    }

    /// <summary>Removes the vacmViewTreeFamilyTable row of (<paramref name="viewName"/>, <paramref name="subtree"/>); false if there was none.</summary>
    public bool RemoveView(string viewName, ObjectIdentifier subtree)
    {
        bool removed = false;
        Update(t =>
        {
            removed = t.Views.Any(f => f.ViewName == viewName && f.Subtree.Equals(subtree));
            return t with { Views = [.. t.Views.Where(f => !(f.ViewName == viewName && f.Subtree.Equals(subtree)))] };
        });
        return removed;
    }

    private static bool SameKey(VacmAccessEntry a, VacmAccessEntry b) =>
        a.GroupName == b.GroupName && a.ContextPrefix.Equals(b.ContextPrefix) && a.SecurityModel == b.SecurityModel && a.SecurityLevel == b.SecurityLevel;

    /// <summary>Adds a context (vacmContextTable); the default context "" must be added too if it is served.</summary>
    public void AddContext(OctetString contextName)
    {
        ArgumentNullException.ThrowIfNull(contextName);
        // A set: an agent may serve thousands of contexts (a device simulator), each added and looked up in O(log n).
        Update(t => t with { Contexts = t.Contexts.Add(contextName) });
    }

    /// <summary>Maps a principal to a group (vacmSecurityToGroupTable), replacing an earlier mapping.</summary>
    public void AddGroup(SecurityModel securityModel, OctetString securityName, string groupName)
    {
        ArgumentNullException.ThrowIfNull(securityName);
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        if (securityModel == SecurityModel.Any)
        {
            throw new ArgumentException("vacmGroupName is chosen per security model; 'any' is for access entries.", nameof(securityModel));
        }

        Put(new VacmSecurityToGroupEntry(securityModel, securityName, groupName));
    }

    /// <summary>Adds an access entry (vacmAccessTable), replacing one with the same key. Empty view names grant nothing.</summary>
    public void AddAccess(string groupName, OctetString contextPrefix, SecurityModel securityModel, SecurityLevel securityLevel, ContextMatch contextMatch,
        string readViewName, string writeViewName = "", string notifyViewName = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentNullException.ThrowIfNull(contextPrefix);
        Put(new VacmAccessEntry(groupName, contextPrefix, securityModel, securityLevel, contextMatch, readViewName ?? "", writeViewName ?? "", notifyViewName ?? ""));
    }

    /// <summary>Adds a view family (vacmViewTreeFamilyTable).</summary>
    /// <param name="viewName">The view the family belongs to.</param>
    /// <param name="subtree">The family's subtree.</param>
    /// <param name="type">Included or excluded.</param>
    /// <param name="mask">vacmViewTreeFamilyMask: a 1 bit per sub-identifier that must match; null or short means all (the rest) must.</param>
    public void AddView(string viewName, ObjectIdentifier subtree, ViewFamilyType type = ViewFamilyType.Included, byte[]? mask = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(viewName);
        ArgumentNullException.ThrowIfNull(subtree);
        if (mask is { Length: > 16 })
        {
            throw new ArgumentException("vacmViewTreeFamilyMask is at most 16 octets.", nameof(mask));
        }

        var family = new VacmViewFamily(viewName, subtree, mask?.ToArray(), type);
        Update(t => t with { Views = [.. t.Views.Where(f => !(f.ViewName == viewName && f.Subtree.Equals(subtree))).Append(family)] });
    }

    /// <inheritdoc />
    public AccessDecision IsAccessAllowed(SecurityModel securityModel, OctetString securityName, SecurityLevel securityLevel, ViewType viewType, OctetString contextName, ObjectIdentifier variableName)
    {
        var viewName = SelectView(securityModel, securityName, securityLevel, viewType, contextName, out var decision);
        return viewName is null ? decision : IsInView(viewName, variableName);
    }

    /// <summary>
    /// Steps 1-4 of RFC 3415 3.2 alone: the view that applies to the principal, or null with the
    /// reason. The Command Responder resolves it once per request and then checks each varbind
    /// against it with <see cref="IsInView"/>.
    /// </summary>
    public string? SelectView(SecurityModel securityModel, OctetString securityName, SecurityLevel securityLevel, ViewType viewType, OctetString contextName, out AccessDecision decision)
    {
        ArgumentNullException.ThrowIfNull(securityName);
        ArgumentNullException.ThrowIfNull(contextName);
        var tables = _tables;
        if (!tables.Contexts.Contains(contextName))
        {
            decision = AccessDecision.NoSuchContext;
            return null;
        }

        if (!tables.Groups.TryGetValue((securityModel, securityName), out var groupEntry) || groupEntry.Status != RowStatus.Active)
        {
            decision = AccessDecision.NoGroupName;
            return null;
        }

        var entry = BestAccessEntry(tables.Access, groupEntry.GroupName, securityModel, securityLevel, contextName);
        if (entry is null)
        {
            decision = AccessDecision.NoAccessEntry;
            return null;
        }

        var viewName = viewType switch
        {
            ViewType.Read => entry.ReadViewName,
            ViewType.Write => entry.WriteViewName,
            _ => entry.NotifyViewName,
        };
        if (viewName.Length == 0 || !tables.Views.Any(f => f.ViewName == viewName && f.Status == RowStatus.Active))
        {
            decision = AccessDecision.NoSuchView;
            return null;
        }

        decision = AccessDecision.AccessAllowed;
        return viewName;
    }

    /// <inheritdoc />
    public bool IsSubtreeExcluded(SecurityModel securityModel, OctetString securityName, SecurityLevel securityLevel, ViewType viewType, OctetString contextName, ObjectIdentifier subtree)
    {
        ArgumentNullException.ThrowIfNull(subtree);
        var viewName = SelectView(securityModel, securityName, securityLevel, viewType, contextName, out var decision);
        if (viewName is null)
        {
            // Steps 1-4 do not depend on the variable: nothing under the subtree is allowed.
            return decision != AccessDecision.AccessAllowed;
        }

        if (IsInView(viewName, subtree) == AccessDecision.AccessAllowed)
        {
            return false;
        }

        foreach (var family in _tables.Views)
        {
            // An included family that could reach below the subtree: a longer subtree under it,
            // or any mask (a wildcard may match there), keeps the answer "maybe".
            if (family.ViewName == viewName && family.Type == ViewFamilyType.Included && family.Status == RowStatus.Active &&
                (family.Mask is not null || family.Subtree.Length > subtree.Length && family.Subtree.StartsWith(subtree)))
            {
                return false;
            }
        }

        // The subtree root is out, and no included family is more specific below it, so the
        // family that excludes the root (or the absence of one) decides for every descendant.
        return true;
    }

    /// <summary>Step 5 of RFC 3415 3.2: whether <paramref name="variableName"/> is in the view, by its most specific family.</summary>
    public AccessDecision IsInView(string viewName, ObjectIdentifier variableName)
    {
        ArgumentNullException.ThrowIfNull(variableName);
        VacmViewFamily? best = null;
        foreach (var family in _tables.Views)
        {
            // The longest matching subtree wins; among equals, the lexicographically greater (RFC 3415 section 5).
            if (family.ViewName == viewName && family.Status == RowStatus.Active && family.Contains(variableName) &&
                (best is null || family.Subtree.Length > best.Subtree.Length || family.Subtree.Length == best.Subtree.Length && family.Subtree > best.Subtree))
            {
                best = family;
            }
        }

        return best is { Type: ViewFamilyType.Included } ? AccessDecision.AccessAllowed : AccessDecision.NotInView;
    }

    /// <summary>
    /// RFC 3415 appendix A.1, "initial-semi-security-configuration" (or the minimum-secure one):
    /// the default context, the user "initial" in group "initial" (USM), views "internet"
    /// (1.3.6.1) and "restricted" (system, snmp, snmpEngine, snmpMPDStats, usmStats), with
    /// noAuthNoPriv reading "restricted" and authenticated access to "internet".
    /// </summary>
    /// <param name="semiSecure">False for the minimum-secure configuration: no noAuthNoPriv access at all.</param>
    public static ViewBasedAccessControlModel InitialConfiguration(bool semiSecure = true)
    {
        var vacm = new ViewBasedAccessControlModel();
        vacm.AddContext(OctetString.Empty);
        vacm.AddGroup(SecurityModel.Usm, new OctetString("initial"), "initial");
        vacm.AddView("internet", "1.3.6.1");
        foreach (var subtree in new[] { "1.3.6.1.2.1.1", "1.3.6.1.2.1.11", "1.3.6.1.6.3.10.2.1", "1.3.6.1.6.3.11.2.1", "1.3.6.1.6.3.15.1.1" })
        {
            vacm.AddView("restricted", subtree);
        }

        if (semiSecure)
        {
            vacm.AddAccess("initial", OctetString.Empty, SecurityModel.Usm, SecurityLevel.NoAuthNoPriv, ContextMatch.Exact, "restricted", "", "restricted");
        }

        vacm.AddAccess("initial", OctetString.Empty, SecurityModel.Usm, SecurityLevel.AuthNoPriv, ContextMatch.Exact, "internet", "internet", "internet");
        vacm.AddAccess("initial", OctetString.Empty, SecurityModel.Usm, SecurityLevel.AuthPriv, ContextMatch.Exact, "internet", "internet", "internet");
        return vacm;
    }

    private static VacmAccessEntry? BestAccessEntry(IReadOnlyList<VacmAccessEntry> access, string group, SecurityModel model, SecurityLevel level, OctetString contextName)
    {
        VacmAccessEntry? best = null;
        foreach (var entry in access)
        {
            bool contextMatches = entry.ContextMatch == ContextMatch.Exact
                ? entry.ContextPrefix.Equals(contextName)
                : contextName.Value.Span.StartsWith(entry.ContextPrefix.Value.Span);
            if (entry.Status != RowStatus.Active || entry.GroupName != group || !contextMatches || entry.SecurityLevel > level ||
                entry.SecurityModel != model && entry.SecurityModel != SecurityModel.Any)
            {
                continue;
            }

            if (best is null || Better(entry, best, contextName))
            {
                best = entry;
            }
        }

        return best;
    }

    private static bool Better(VacmAccessEntry candidate, VacmAccessEntry current, OctetString contextName)
    {
        // RFC 3415 section 4 (vacmAccessTable), the order of preference among matching entries:
        // a specific security model over any; an exact context over a prefix; a longer prefix;
        // a higher security level.
        bool candidateModel = candidate.SecurityModel != SecurityModel.Any, currentModel = current.SecurityModel != SecurityModel.Any;
        if (candidateModel != currentModel)
        {
            return candidateModel;
        }

        bool candidateExact = candidate.ContextPrefix.Equals(contextName), currentExact = current.ContextPrefix.Equals(contextName);
        if (candidateExact != currentExact)
        {
            return candidateExact;
        }

        if (candidate.ContextPrefix.Length != current.ContextPrefix.Length)
        {
            return candidate.ContextPrefix.Length > current.ContextPrefix.Length;
        }

        return candidate.SecurityLevel > current.SecurityLevel;
    }

    private void Update(Func<Tables, Tables> change)
    {
        lock (_lock)
        {
            _tables = change(_tables);
        }
    }

    private sealed record Tables(
        System.Collections.Immutable.ImmutableHashSet<OctetString> Contexts,
        IReadOnlyDictionary<(SecurityModel, OctetString), VacmSecurityToGroupEntry> Groups,
        IReadOnlyList<VacmAccessEntry> Access,
        IReadOnlyList<VacmViewFamily> Views);
}
