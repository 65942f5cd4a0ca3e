namespace Snmp.AgentX;

/// <summary>
/// The master answered a subagent's request (Open, Register, Notify, IndexAllocate, ...) with an
/// error (res.error, RFC 2741 6.2.16), or did not answer at all (<see cref="Error"/> null: the
/// session ended or the response timeout passed).
/// </summary>
public sealed class AgentXResponseException : SnmpException
{
    /// <summary>Creates the exception for a refused or unanswered request.</summary>
    /// <param name="request">What was asked ("Register 1.3.6.1.4.1.99", "Notify").</param>
    /// <param name="error">res.error, or null when no Response came.</param>
    /// <param name="index">res.index: the 1-based varbind at fault, or 0.</param>
    /// <param name="detail">Why no Response came, when <paramref name="error"/> is null.</param>
    public AgentXResponseException(string request, AgentXError? error, int index = 0, string? detail = null)
        : base(error is { } e
            ? $"The AgentX master refused {request}: {e}{(index > 0 ? $" at varbind {index}" : "")}."
            : $"The AgentX master did not answer {request}{(detail is null ? "." : ": " + detail)}")
    {
        Error = error;
        Index = index;
    }

    /// <summary>res.error, or null when the master did not answer.</summary>
    public AgentXError? Error { get; }

    /// <summary>res.index: the 1-based varbind at fault, or 0.</summary>
    public int Index { get; }
}
