namespace Snmp.AgentX.Master;

/// <summary>
/// The master's registry (RFC 2741 7.1.5 and 7.2.1): every subagent registration by context, the
/// dispatch map they make, and the <see cref="SubagentSubtree"/> objects that put them into the
/// agent's <see cref="MibTree"/>s. Where registrations overlap, a name belongs to the most specific
/// subtree (the longest), and among identical subtrees to the lowest priority value; an identical
/// subtree at the same priority is refused (duplicateRegistration). A region overlapping an object
/// the agent serves itself is refused (requestDenied): the agent's own objects are never displaced.
/// </summary>
internal sealed class AgentXRegistry(Func<string, MibTree?> contexts, int maxRangeRegistrations)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ContextState> _contexts = new(StringComparer.Ordinal);
    private long _order;

    /// <summary>Registers (a Register-PDU's subtree, expanded when it is a range); returns the refusal, or NoAgentXError.</summary>
    public AgentXError Register(MasterSession session, string context, ObjectIdentifier subtree, byte priority, byte rangeSubId, uint upperBound, TimeSpan? timeout)
    {
        var mib = contexts(context);
        if (mib is null)
        {
            return AgentXError.UnsupportedContext;
        }

        if (!TryExpand(subtree, rangeSubId, upperBound, out var subtrees))
        {
            return AgentXError.RequestDenied;
        }

        lock (_lock)
        {
            var state = State(context, mib);
            foreach (var candidate in subtrees)
            {
                if (state.Registrations.Any(r => r.Subtree.Equals(candidate) && r.Priority == priority))
                {
                    return AgentXError.DuplicateRegistration; // RFC 2741 7.1.5.1
                }

                foreach (var own in mib.Objects)
                {
                    if (own is SubagentSubtree)
                    {
                        continue;
                    }

                    if (own.Oid.Equals(candidate))
                    {
                        return AgentXError.DuplicateRegistration;
                    }

                    if (own.Oid.StartsWith(candidate) || candidate.StartsWith(own.Oid))
                    {
                        return AgentXError.RequestDenied;
                    }
                }
            }

            var added = subtrees.Select(candidate => new Registration(session, context, candidate, priority, timeout, ++_order)).ToList();
            state.Registrations.AddRange(added);
            try
            {
                Rebuild(state);
            }
            catch (ArgumentException)
            {
                // The agent registered an overlapping object of its own meanwhile: refused as above.
                state.Registrations.RemoveAll(added.Contains);
                Rebuild(state);
                return AgentXError.RequestDenied;
            }
        }

        return AgentXError.NoAgentXError;
    }

    /// <summary>Removes what an Unregister-PDU names; unknownRegistration when there is nothing.</summary>
    public AgentXError Unregister(MasterSession session, string context, ObjectIdentifier subtree, byte priority, byte rangeSubId, uint upperBound)
    {
        if (!TryExpand(subtree, rangeSubId, upperBound, out var subtrees))
        {
            return AgentXError.UnknownRegistration;
        }

        lock (_lock)
        {
            if (!_contexts.TryGetValue(context, out var state))
            {
                return AgentXError.UnknownRegistration;
            }

            int removed = state.Registrations.RemoveAll(r => r.Session == session && r.Priority == priority && subtrees.Contains(r.Subtree));
            if (removed == 0)
            {
                return AgentXError.UnknownRegistration;
            }

            Rebuild(state);
        }

        return AgentXError.NoAgentXError;
    }

    /// <summary>Removes every registration of a session that ended (RFC 2741 7.1.9).</summary>
    public void RemoveSession(MasterSession session)
    {
        lock (_lock)
        {
            foreach (var state in _contexts.Values)
            {
                if (state.Registrations.RemoveAll(r => r.Session == session) > 0)
                {
                    Rebuild(state);
                }
            }
        }
    }

    /// <summary>The dispatch map of a context, in OID order.</summary>
    public Fragment[] Fragments(string context)
    {
        lock (_lock)
        {
            return _contexts.TryGetValue(context, out var state) ? state.Fragments : [];
        }
    }

    /// <summary>The registration that answers for <paramref name="name"/> (RFC 2741 7.2.1), or null.</summary>
    public Registration? Find(string context, ObjectIdentifier name)
    {
        var fragments = Fragments(context);
        int low = 0, high = fragments.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            if (fragments[middle].Low <= name)
            {
                if (fragments[middle].Contains(name))
                {
                    return fragments[middle].Owner;
                }

                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }

    private bool TryExpand(ObjectIdentifier subtree, byte rangeSubId, uint upperBound, out List<ObjectIdentifier> subtrees)
    {
        subtrees = [];
        if (rangeSubId == 0)
        {
            subtrees.Add(subtree);
            return true;
        }

        // RFC 2741 6.2.3: the sub-identifier at r.range_subid runs from its value up to r.upper_bound.
        int position = rangeSubId - 1;
        if (position >= subtree.Length || upperBound < subtree[position] || upperBound - subtree[position] >= (uint)maxRangeRegistrations)
        {
            return false;
        }

        var ids = subtree.SubIdentifiers.ToArray();
        for (ulong value = subtree[position]; value <= upperBound; value++)
        {
            ids[position] = (uint)value;
            subtrees.Add(new ObjectIdentifier(ids));
        }

        return true;
    }

    private ContextState State(string context, MibTree mib)
    {
        if (!_contexts.TryGetValue(context, out var state))
        {
            state = new ContextState(context, mib);
            _contexts[context] = state;
        }

        return state;
    }

    private void Rebuild(ContextState state)
    {
        state.Fragments = BuildFragments(state.Registrations);

        // The outermost registered subtrees are what the MibTree sees, one SubagentSubtree each.
        var roots = state.Registrations.Select(r => r.Subtree)
            .Where(s => !state.Registrations.Any(o => !o.Subtree.Equals(s) && s.StartsWith(o.Subtree)))
            .Distinct()
            .ToHashSet();
        foreach (var (oid, proxy) in state.Proxies.ToArray())
        {
            if (!roots.Contains(oid))
            {
                state.Mib.Unregister(proxy);
                state.Proxies.Remove(oid);
            }
        }

        foreach (var root in roots.Where(r => !state.Proxies.ContainsKey(r)))
        {
            state.Proxies[root] = state.Mib.Register(new SubagentSubtree(root, state.Context, this));
        }
    }

    private static Fragment[] BuildFragments(List<Registration> registrations)
    {
        var bounds = new SortedSet<ObjectIdentifier>();
        foreach (var r in registrations)
        {
            bounds.Add(r.Subtree);
            if (r.End is { } end)
            {
                bounds.Add(end);
            }
        }

        var points = bounds.ToArray();
        var fragments = new List<Fragment>();
        for (int i = 0; i < points.Length; i++)
        {
            var low = points[i];
            var high = i + 1 < points.Length ? points[i + 1] : null;
            Registration? best = null;
            foreach (var r in registrations)
            {
                if (!r.Covers(low))
                {
                    continue;
                }

                // RFC 2741 7.2.1: the most specific subtree; then the lowest priority value; then the earliest.
                if (best is null || r.Subtree.Length > best.Subtree.Length ||
                    r.Subtree.Length == best.Subtree.Length && (r.Priority < best.Priority || r.Priority == best.Priority && r.Order < best.Order))
                {
                    best = r;
                }
            }

            if (best is null)
            {
                continue;
            }

            if (fragments.Count > 0 && fragments[^1].Owner == best && fragments[^1].High is { } previousHigh && previousHigh.Equals(low))
            {
                fragments[^1] = fragments[^1] with { High = high };
            }
            else
            {
                fragments.Add(new Fragment(low, high, best));
            }
        }

        return [.. fragments];
    }

    private sealed class ContextState(string context, MibTree mib)
    {
        public string Context { get; } = context;

        public MibTree Mib { get; } = mib;

        public List<Registration> Registrations { get; } = [];

        public Fragment[] Fragments { get; set; } = [];

        public Dictionary<ObjectIdentifier, SubagentSubtree> Proxies { get; } = [];
    }
}
