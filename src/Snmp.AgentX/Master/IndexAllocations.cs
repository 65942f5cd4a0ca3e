using Snmp.AgentX.Protocol;

namespace Snmp.AgentX.Master;

/// <summary>
/// The master's index allocation database (RFC 2741 7.1.4): per context and index object, which
/// values are allocated to which session; a value of another type than the object's first is
/// indexWrongType. NEW_INDEX and ANY_INDEX pick an Integer32 above every value ever given (so a
/// new one is never a value used before); other types cannot be picked (indexNoneAvailable).
/// </summary>
internal sealed class IndexAllocations
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Context, ObjectIdentifier Index), IndexState> _indexes = [];

    public (VarBindList Allocated, AgentXError Error, int Index) Allocate(MasterSession session, string context, VarBindList request, AgentXFlags flags)
    {
        bool pick = (flags & (AgentXFlags.NewIndex | AgentXFlags.AnyIndex)) != 0;
        lock (_lock)
        {
            // Checked as a whole first: an allocation is all or nothing (7.1.4.1).
            var results = new VarBind[request.Count];
            var taken = new HashSet<(ObjectIdentifier, SnmpValue)>();
            for (int i = 0; i < request.Count; i++)
            {
                var (oid, value) = request[i];
                var state = _indexes.GetValueOrDefault((context, oid));
                if (state is not null && state.Type != value.Type)
                {
                    return (request, AgentXError.IndexWrongType, i + 1);
                }

                SnmpValue chosen;
                if (pick)
                {
                    if (value is not Integer32)
                    {
                        return (request, AgentXError.IndexNoneAvailable, i + 1);
                    }

                    int next = Math.Max(state?.Highest ?? 0, taken.Where(t => t.Item1.Equals(oid)).Select(t => ((Integer32)t.Item2).Value).DefaultIfEmpty(0).Max()) + 1;
                    if (next <= 0)
                    {
                        return (request, AgentXError.IndexNoneAvailable, i + 1);
                    }

                    chosen = new Integer32(next);
                }
                else
                {
                    if (state is not null && state.Owners.ContainsKey(value) || !taken.Add((oid, value)))
                    {
                        return (request, AgentXError.IndexAlreadyAllocated, i + 1);
                    }

                    chosen = value;
                }

                taken.Add((oid, chosen));
                results[i] = new VarBind(oid, chosen);
            }

            foreach (var (oid, value) in results)
            {
                if (!_indexes.TryGetValue((context, oid), out var state))
                {
                    state = new IndexState(value.Type);
                    _indexes[(context, oid)] = state;
                }

                state.Owners[value] = session;
                if (value is Integer32 number && number.Value > state.Highest)
                {
                    state.Highest = number.Value;
                }
            }

            return (new VarBindList(results), AgentXError.NoAgentXError, 0);
        }
    }

    public (VarBindList Released, AgentXError Error, int Index) Release(MasterSession session, string context, VarBindList request)
    {
        lock (_lock)
        {
            for (int i = 0; i < request.Count; i++)
            {
                var (oid, value) = request[i];
                if (!_indexes.TryGetValue((context, oid), out var state) || !state.Owners.TryGetValue(value, out var owner) || owner != session)
                {
                    return (request, AgentXError.IndexNotAllocated, i + 1);
                }
            }

            foreach (var (oid, value) in request)
            {
                _indexes[(context, oid)].Owners.Remove(value);
            }

            return (request, AgentXError.NoAgentXError, 0);
        }
    }

    /// <summary>A session's allocations end with it (RFC 2741 7.1.9).</summary>
    public void RemoveSession(MasterSession session)
    {
        lock (_lock)
        {
            foreach (var state in _indexes.Values)
            {
                foreach (var value in state.Owners.Where(o => o.Value == session).Select(o => o.Key).ToArray())
                {
                    state.Owners.Remove(value);
                }
            }
        }
    }

    private sealed class IndexState(SnmpType type)
    {
        public SnmpType Type { get; } = type;

        public Dictionary<SnmpValue, MasterSession> Owners { get; } = [];

        public int Highest { get; set; }
    }
}
