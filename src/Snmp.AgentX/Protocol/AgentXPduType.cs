namespace Snmp.AgentX.Protocol;

/// <summary>h.type: the AgentX PDU types (RFC 2741 section 6.1).</summary>
internal enum AgentXPduType : byte
{
    Open = 1,
    Close = 2,
    Register = 3,
    Unregister = 4,
    Get = 5,
    GetNext = 6,
    GetBulk = 7,
    TestSet = 8,
    CommitSet = 9,
    UndoSet = 10,
    CleanupSet = 11,
    Notify = 12,
    Ping = 13,
    IndexAllocate = 14,
    IndexDeallocate = 15,
    AddAgentCaps = 16,
    RemoveAgentCaps = 17,
    Response = 18,
}

/// <summary>h.flags (RFC 2741 section 6.1): bits 0 to 4; the others are reserved and sent as 0.</summary>
[Flags]
internal enum AgentXFlags : byte
{
    None = 0,

    /// <summary>INSTANCE_REGISTRATION: a Register-PDU's subtree is one object instance (RFC 2741 7.1.5.1).</summary>
    InstanceRegistration = 0x01,

    /// <summary>NEW_INDEX: allocate an index value never allocated before (RFC 2741 7.1.4.1).</summary>
    NewIndex = 0x02,

    /// <summary>ANY_INDEX: allocate any index value not now allocated (RFC 2741 7.1.4.1).</summary>
    AnyIndex = 0x04,

    /// <summary>NON_DEFAULT_CONTEXT: a context octet string follows the header.</summary>
    NonDefaultContext = 0x08,

    /// <summary>NETWORK_BYTE_ORDER: every multi-octet integer of this PDU is big-endian.</summary>
    NetworkByteOrder = 0x10,
}

/// <summary>c.reason of a Close-PDU (RFC 2741 section 6.2.2).</summary>
internal enum AgentXCloseReason : byte
{
    Other = 1,
    ParseError = 2,
    ProtocolError = 3,
    Timeouts = 4,
    Shutdown = 5,
    ByManager = 6,
}
