
namespace Snmp;

/// <summary>
/// Per-request settings that override the Manager's defaults. Every property left null takes
/// the Manager's value.
/// </summary>
public sealed record RequestOptions
{
    /// <summary>Total time allowed for the request, measured from its first transmission (default 10 s).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Interval between retransmissions of the request, which keep its request-id (default 1 s).</summary>
    public TimeSpan? RefreshPeriod { get; init; }

    /// <summary>
    /// SNMPv3: end the request at once with <see cref="SnmpReportException"/> when the agent
    /// answers with a Report below the request's security level whose msgID is the request's
    /// (an unauthenticated usmStatsWrongDigests after a wrong pass phrase, say), as Net-SNMP's
    /// tools do. Off by default: such a Report is remembered and named in the timeout's detail
    /// while the request waits for an authenticated answer (RFC 3414 3.2), because anyone who
    /// can send the manager a datagram with that msgID can forge it.
    /// </summary>
    public bool EndOnUnauthenticatedReport { get; init; }

    /// <summary>The community for this request (SNMPv1/v2c only).</summary>
    public OctetString? Community { get; init; }

    /// <summary>The USM user for this request (SNMPv3 only); its namespace is the Manager's.</summary>
    public string? UserName { get; init; }

    /// <summary>The security level for this request (SNMPv3 only).</summary>
    public SecurityLevel? SecurityLevel { get; init; }

    /// <summary>The contextName for this request (SNMPv3 only; default "").</summary>
    public OctetString? Context { get; init; }

    /// <summary>
    /// The contextEngineID for this request (SNMPv3 only; default: the agent's snmpEngineID, given
    /// or discovered): a proxy's or a multi-engine agent's other engine (RFC 3412 section 7.1).
    /// </summary>
    public OctetString? ContextEngineId { get; init; }

    /// <summary>
    /// Whether the handle forms (<c>BeginGet</c>, ...) wait for the response before returning
    /// the handle (the reference's <c>wait</c> parameter); null means the Manager's autowait.
    /// The blocking forms (<c>Get</c>, ...) always wait; the async forms never block.
    /// </summary>
    public bool? Wait { get; init; }
}
