namespace Snmp.AgentX;

/// <summary>Where an AgentX master listens for subagents and how long it waits for them (RFC 2741).</summary>
public sealed record AgentXMasterOptions
{
    /// <summary>
    /// The address subagents connect to, in Net-SNMP's <c>agentXSocket</c> syntax: a Unix socket path,
    /// <c>unix:PATH</c>, or <c>tcp:HOST:PORT</c> (RFC 2741 8.1: port 705). A Unix socket file left
    /// from an earlier run is replaced.
    /// </summary>
    public string Address { get; init; } = "/var/agentx/master";

    /// <summary>
    /// How long a subagent may take to answer when neither its session (o.timeout) nor its
    /// registration (r.timeout) says: the request's varbind is then genErr. Default 5 s.
    /// </summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most sessions open at once; more connections are closed at once. Default 64.</summary>
    public int MaxSessions { get; init; } = 64;

    /// <summary>The largest payload accepted from a subagent; a larger one is a parse error that closes its session. Default 1 MiB.</summary>
    public int MaxPayloadLength { get; init; } = 1 << 20;

    /// <summary>The most subtrees one range registration (r.range_subid) may stand for; more is requestDenied. Default 1024.</summary>
    public int MaxRangeRegistrations { get; init; } = 1024;
}
