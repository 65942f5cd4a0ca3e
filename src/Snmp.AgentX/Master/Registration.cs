namespace Snmp.AgentX.Master;

/// <summary>One registered subtree (a range registration is one of these per subtree it stands for).</summary>
internal sealed record Registration(MasterSession Session, string Context, ObjectIdentifier Subtree, byte Priority, TimeSpan? Timeout, long Order)
{
    /// <summary>The first OID after the subtree (exclusive end), or null when nothing follows it.</summary>
    public ObjectIdentifier? End { get; } = Successor(Subtree);

    public bool Covers(ObjectIdentifier name) => name >= Subtree && (End is null || name < End);

    /// <summary>The lexicographically first OID after every OID starting with <paramref name="subtree"/>.</summary>
    public static ObjectIdentifier? Successor(ObjectIdentifier subtree)
    {
        var ids = subtree.SubIdentifiers.ToArray();
        for (int i = ids.Length - 1; i >= 0; i--)
        {
            if (ids[i] != uint.MaxValue)
            {
                ids[i]++;
                return new ObjectIdentifier(ids.AsSpan(0, i + 1));
            }
        }

        return null;
    }
}

/// <summary>A stretch of OIDs [Low, High) that one session answers for (High null: unbounded).</summary>
internal readonly record struct Fragment(ObjectIdentifier Low, ObjectIdentifier? High, Registration Owner)
{
    public bool Contains(ObjectIdentifier name) => name >= Low && (High is null || name < High);
}
