namespace Snmp.AgentX.Protocol;

/// <summary>
/// One AgentX PDU (RFC 2741 section 6): the header fields every PDU has (6.1) and, in the
/// subclasses, its payload. <see cref="Context"/> is the context octet string a PDU carries when
/// NON_DEFAULT_CONTEXT is set; null is the default context (and is all that PDUs without a context
/// field may have).
/// </summary>
internal abstract record AgentXPdu
{
    /// <summary>h.type.</summary>
    public abstract AgentXPduType Type { get; }

    /// <summary>h.flags other than NON_DEFAULT_CONTEXT and NETWORK_BYTE_ORDER, which the codec derives.</summary>
    public AgentXFlags Flags { get; init; }

    /// <summary>h.sessionID.</summary>
    public uint SessionId { get; init; }

    /// <summary>h.transactionID.</summary>
    public uint TransactionId { get; init; }

    /// <summary>h.packetID.</summary>
    public uint PacketId { get; init; }

    /// <summary>The non-default context, or null.</summary>
    public OctetString? Context { get; init; }

    /// <summary>Whether this type carries a context (RFC 2741 6.1, NON_DEFAULT_CONTEXT).</summary>
    public static bool HasContextField(AgentXPduType type) => type is AgentXPduType.Register or AgentXPduType.Unregister or AgentXPduType.Get or AgentXPduType.GetNext
        or AgentXPduType.GetBulk or AgentXPduType.TestSet or AgentXPduType.Notify or AgentXPduType.Ping or AgentXPduType.IndexAllocate
        or AgentXPduType.IndexDeallocate or AgentXPduType.AddAgentCaps or AgentXPduType.RemoveAgentCaps;
}

/// <summary>agentx-Open-PDU (RFC 2741 6.2.1).</summary>
internal sealed record AgentXOpenPdu(byte Timeout, ObjectIdentifier Id, OctetString Description) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Open;
}

/// <summary>agentx-Close-PDU (RFC 2741 6.2.2).</summary>
internal sealed record AgentXClosePdu(AgentXCloseReason Reason) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Close;
}

/// <summary>
/// agentx-Register-PDU (6.2.3) and agentx-Unregister-PDU (6.2.4): a subtree, and with
/// <see cref="RangeSubId"/> not 0 the range of subtrees whose sub-identifier at that (1-based)
/// position runs from the subtree's up to <see cref="UpperBound"/>. Unregister has no timeout (0).
/// </summary>
internal sealed record AgentXRegisterPdu(AgentXPduType RegisterType, byte Timeout, byte Priority, byte RangeSubId, ObjectIdentifier Subtree, uint UpperBound) : AgentXPdu
{
    public override AgentXPduType Type => RegisterType;
}

/// <summary>
/// A SearchRange (RFC 2741 5.2): from <see cref="Start"/> (itself included when
/// <see cref="Include"/>) up to, not including, <see cref="End"/>; an empty End is unbounded.
/// </summary>
internal readonly record struct AgentXSearchRange(ObjectIdentifier Start, bool Include, ObjectIdentifier End);

/// <summary>agentx-Get-PDU (6.2.5) and agentx-GetNext-PDU (6.2.6): a SearchRangeList.</summary>
internal sealed record AgentXGetPdu(AgentXPduType RequestType, IReadOnlyList<AgentXSearchRange> Ranges) : AgentXPdu
{
    public override AgentXPduType Type => RequestType;
}

/// <summary>agentx-GetBulk-PDU (6.2.7).</summary>
internal sealed record AgentXGetBulkPdu(ushort NonRepeaters, ushort MaxRepetitions, IReadOnlyList<AgentXSearchRange> Ranges) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.GetBulk;
}

/// <summary>
/// The PDUs whose payload is a VarBindList: agentx-TestSet-PDU (6.2.8), agentx-Notify-PDU
/// (6.2.10), agentx-IndexAllocate-PDU (6.2.12), agentx-IndexDeallocate-PDU (6.2.13).
/// </summary>
internal sealed record AgentXVarBindPdu(AgentXPduType VarBindType, VarBindList VarBinds) : AgentXPdu
{
    public override AgentXPduType Type => VarBindType;
}

/// <summary>
/// The PDUs with no payload beyond the header (and context): agentx-CommitSet-PDU,
/// agentx-UndoSet-PDU, agentx-CleanupSet-PDU (6.2.9) and agentx-Ping-PDU (6.2.11).
/// </summary>
internal sealed record AgentXHeaderOnlyPdu(AgentXPduType HeaderOnlyType) : AgentXPdu
{
    public override AgentXPduType Type => HeaderOnlyType;
}

/// <summary>agentx-AddAgentCaps-PDU (6.2.14); <see cref="Description"/> is null in agentx-RemoveAgentCaps-PDU (6.2.15).</summary>
internal sealed record AgentXAgentCapsPdu(AgentXPduType CapsType, ObjectIdentifier Id, OctetString? Description) : AgentXPdu
{
    public override AgentXPduType Type => CapsType;
}

/// <summary>agentx-Response-PDU (6.2.16).</summary>
internal sealed record AgentXResponsePdu(uint SysUpTime, AgentXError Error, ushort Index, VarBindList VarBinds) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Response;

    /// <summary>res.error as an SNMP error-status (values 1 to 18), for TestSet and the Get-type answers.</summary>
    public ErrorStatus ErrorStatus => (ErrorStatus)(ushort)Error;
}
