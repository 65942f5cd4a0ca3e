namespace Snmp.AgentX.Master;

/// <summary>
/// An outermost registered subtree as the Command Responder sees it: a <see cref="ManagedObject"/>
/// in the context's <see cref="MibTree"/> whose Get, GetNext and Set go to the subagents that
/// registered the parts of it (RFC 2741 7.2.1 to 7.2.4), so the agent's request path is the same
/// with or without AgentX.
/// </summary>
internal sealed class SubagentSubtree(ObjectIdentifier root, string context, AgentXRegistry registry) : ManagedObject(root)
{
    private static readonly ObjectIdentifier NoEnd = new([]);

    public override async ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken)
    {
        // RFC 2741 7.2.1.1: a Get goes to the subagent whose registration holds the name.
        if (registry.Find(context, name) is not { } owner)
        {
            return NoSuchObject.Instance;
        }

        var answer = await owner.Session.RequestAsync(owner, new AgentXSearchRangeRequest(name, false, NoEnd, Next: false), cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public override async ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken)
    {
        // RFC 2741 7.2.1.2: each region after the name in turn, its range bounded by the next
        // region, until one has an instance.
        var end = Registration.Successor(Oid);
        foreach (var fragment in registry.Fragments(context))
        {
            if (fragment.High is { } high && high <= name || !fragment.Low.StartsWith(Oid))
            {
                continue;
            }

            if (end is not null && fragment.Low >= end)
            {
                break;
            }

            bool inside = fragment.Low <= name;
            var start = inside ? name : fragment.Low;
            var answer = await fragment.Owner.Session.RequestAsync(fragment.Owner,
                new AgentXSearchRangeRequest(start, Include: !inside, fragment.High ?? NoEnd, Next: true), cancellationToken).ConfigureAwait(false);
            if (answer.Value is not EndOfMibView && answer.Oid > name && fragment.Contains(answer.Oid))
            {
                return answer;
            }
        }

        return null;
    }

    public override async ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken)
    {
        if (registry.Find(context, name) is not { } owner)
        {
            return SetPreparation.Fail(ErrorStatus.NotWritable);
        }

        // RFC 2741 7.2.4.1: one TestSet per subagent with all of its varbinds of the Set.
        var key = (typeof(SubagentSetBatch), owner.Session);
        if (!transaction.Items.TryGetValue(key, out var item))
        {
            var mine = new List<int>();
            for (int i = 0; i < transaction.VarBinds.Count; i++)
            {
                if (registry.Find(context, transaction.VarBinds[i].Oid)?.Session == owner.Session)
                {
                    mine.Add(i);
                }
            }

            var batch = new SubagentSetBatch(owner, context, mine, transaction.VarBinds);
            transaction.Items[key] = batch;
            transaction.OnCompleted((_, ct) => batch.CleanupAsync(ct));
            await batch.TestAsync(cancellationToken).ConfigureAwait(false);
            item = batch;
        }

        return ((SubagentSetBatch)item).Preparation(transaction.VarBinds, name);
    }
}

/// <summary>A Get (Next false) or GetNext request for one SearchRange.</summary>
internal readonly record struct AgentXSearchRangeRequest(ObjectIdentifier Start, bool Include, ObjectIdentifier End, bool Next);
