namespace Snmp.AgentX;

/// <summary>How an <see cref="AgentXSubagent"/> reaches its master and what it registers.</summary>
public sealed record AgentXSubagentOptions
{
    /// <summary>
    /// The master's address in Net-SNMP's <c>agentXSocket</c> syntax: a Unix socket path
    /// (<c>/var/agentx/master</c>, the default), <c>unix:PATH</c>, or <c>tcp:HOST:PORT</c>
    /// (<c>tcp:localhost:705</c>; RFC 2741 8.1).
    /// </summary>
    public string MasterAddress { get; init; } = "/var/agentx/master";

    /// <summary>o.id of the Open-PDU (RFC 2741 6.2.1): an identifier of this subagent, empty (the null OID) when it has none.</summary>
    public ObjectIdentifier Id { get; init; } = new([]);

    /// <summary>o.descr of the Open-PDU: what this subagent is, for the master's logs and agentxSessionTable.</summary>
    public string Description { get; init; } = "Snmp.AgentX subagent";

    /// <summary>o.timeout: how many seconds the master waits for this subagent's answers; 0 leaves the master's default.</summary>
    public byte Timeout { get; init; }

    /// <summary>
    /// The regions to register. Empty (the default): the root of every object registered in
    /// <see cref="AgentXSubagent.Mib"/> and the contexts' trees when a session opens, at
    /// <see cref="Priority"/>.
    /// </summary>
    public IReadOnlyList<AgentXRegistration> Registrations { get; init; } = [];

    /// <summary>r.priority of the registrations made from the MibTree's objects (RFC 2741 default: 127).</summary>
    public byte Priority { get; init; } = 127;

    /// <summary>How long to wait for the master's Response to what this subagent sends. Default 5 s.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before connecting again after the master went away or could not be reached. Default 15 s (Net-SNMP's agentxPingInterval).</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest AgentX payload accepted from the master; a larger one is a parse error that ends the session. Default 1 MiB.</summary>
    public int MaxPayloadLength { get; init; } = 1 << 20;
}

/// <summary>How an agentx-IndexAllocate-PDU asks for index values (RFC 2741 7.1.4.1).</summary>
public enum AgentXIndexAllocation
{
    /// <summary>The values given.</summary>
    Specific,

    /// <summary>NEW_INDEX: values never allocated before.</summary>
    NewIndex,

    /// <summary>ANY_INDEX: values not allocated now.</summary>
    AnyIndex,
}
