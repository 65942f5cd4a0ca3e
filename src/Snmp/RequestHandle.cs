
namespace Snmp;

/// <summary>
/// A request in flight: what a Manager's non-async methods return. With autowait (the default)
/// the request has already completed when you get the handle; otherwise call <see cref="Wait"/>
/// (or await its <see cref="Task"/>) when you need the answer, and meanwhile send other requests or
/// register the handle with a <see cref="RequestPoller"/>.
/// </summary>
public sealed class RequestHandle
{
    internal RequestHandle(Task<VarBindList> task, string description)
    {
        Task = task;
        Description = description;
    }

    /// <summary>The request's completion: its varbinds, or the typed exception that ended it.</summary>
    public Task<VarBindList> Task { get; }

    /// <summary>What was asked of whom, for logs and diagnostics.</summary>
    public string Description { get; }

    /// <summary>True once the response arrived or the request failed.</summary>
    public bool IsDone => Task.IsCompleted;

    /// <summary>Blocks until the request completes and returns the response's varbinds.</summary>
    /// <exception cref="SnmpTimeoutException">No response within the timeout.</exception>
    /// <exception cref="SnmpErrorResponseException">The agent answered with an error-status.</exception>
    /// <exception cref="SnmpImproperResponseException">The response does not answer the request.</exception>
    public VarBindList Wait() => Task.GetAwaiter().GetResult();

    /// <inheritdoc />
    public override string ToString() => $"{Description} ({(IsDone ? Task.Status.ToString() : "pending")})";
}
