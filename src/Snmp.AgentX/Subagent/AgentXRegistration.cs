namespace Snmp.AgentX;

/// <summary>
/// One region a subagent registers with its master (agentx-Register-PDU, RFC 2741 6.2.3 and
/// 7.1.5): a subtree in a context, at a priority (1 is the most preferred, 255 the least; RFC
/// 2741's default is 127), optionally a range of subtrees (<see cref="RangeSubId"/>,
/// <see cref="UpperBound"/>) or one object instance (<see cref="Instance"/>).
/// </summary>
public sealed record AgentXRegistration
{
    /// <summary>A registration of <paramref name="subtree"/> at priority 127 in the default context.</summary>
    public AgentXRegistration(ObjectIdentifier subtree)
    {
        Subtree = subtree ?? throw new ArgumentNullException(nameof(subtree));
    }

    /// <summary>The registered subtree (r.subtree); with <see cref="RangeSubId"/>, the first of the range.</summary>
    public ObjectIdentifier Subtree { get; init; }

    /// <summary>r.priority: lower values win where registrations of the same subtree compete (RFC 2741 7.1.5.1). Default 127.</summary>
    public byte Priority { get; init; } = 127;

    /// <summary>The context, "" for the default context.</summary>
    public string Context { get; init; } = "";

    /// <summary>
    /// r.range_subid: 0 for a plain subtree; else the 1-based position of the sub-identifier that
    /// runs from the subtree's value at that position up to <see cref="UpperBound"/>, so one
    /// registration stands for several subtrees (a row's columns, say).
    /// </summary>
    public byte RangeSubId { get; init; }

    /// <summary>r.upper_bound: the last value of the ranging sub-identifier (with <see cref="RangeSubId"/>).</summary>
    public uint UpperBound { get; init; }

    /// <summary>r.timeout in seconds for requests in this region; 0 leaves the session's.</summary>
    public byte Timeout { get; init; }

    /// <summary>INSTANCE_REGISTRATION: the subtree is one object instance (RFC 2741 7.1.5.1).</summary>
    public bool Instance { get; init; }
}
