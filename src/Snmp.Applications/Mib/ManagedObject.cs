using Snmp.Pdus;

namespace Snmp;

/// <summary>
/// A registered subtree of managed objects that the Command Responder serves (RFC 3413 section
/// 3.2 leaves instrumentation to the implementation). Subclasses answer for the instances under
/// <see cref="Oid"/>: <see cref="MibScalar"/> and <see cref="MibTable"/> cover most needs.
/// Every method may complete asynchronously, so slow data sources do not block the agent.
/// </summary>
public abstract class ManagedObject
{
    /// <summary>Registers the subtree rooted at <paramref name="oid"/>.</summary>
    protected ManagedObject(ObjectIdentifier oid)
    {
        Oid = oid ?? throw new ArgumentNullException(nameof(oid));
    }

    /// <summary>The root of the subtree this object answers for.</summary>
    public ObjectIdentifier Oid { get; }

    /// <summary>
    /// The value of the instance <paramref name="name"/> (which lies inside <see cref="Oid"/>), or
    /// <see cref="NoSuchInstance"/> / <see cref="NoSuchObject"/> (RFC 3416 4.2.1).
    /// </summary>
    public abstract ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken);

    /// <summary>The first instance in this subtree lexicographically after <paramref name="name"/>, or null when there is none.</summary>
    public abstract ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken);

    /// <summary>
    /// The test phase of a Set for one varbind (RFC 3416 4.2.5): checks that
    /// <paramref name="value"/> may be written to <paramref name="name"/> and returns how to commit
    /// and undo it, or the error-status that rejects it. Nothing may change until commit.
    /// </summary>
    /// <param name="name">The instance to write.</param>
    /// <param name="value">The value to write.</param>
    /// <param name="transaction">The whole Set, for objects whose varbinds depend on each other (a row created in one request).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public virtual ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.NotWritable));
}

/// <summary>
/// The outcome of a Set's test phase for one varbind: an error-status, or the commit and undo
/// actions the Command Responder runs once every varbind has passed its test.
/// </summary>
public sealed class SetPreparation
{
    private SetPreparation(ErrorStatus error, Func<CancellationToken, ValueTask>? commit, Func<CancellationToken, ValueTask>? undo)
    {
        Error = error;
        Commit = commit;
        Undo = undo;
    }

    /// <summary>NoError when the varbind can be written.</summary>
    public ErrorStatus Error { get; }

    /// <summary>Makes the change; throwing is commitFailed.</summary>
    public Func<CancellationToken, ValueTask>? Commit { get; }

    /// <summary>Reverses a committed change when a later varbind's commit failed; throwing is undoFailed.</summary>
    public Func<CancellationToken, ValueTask>? Undo { get; }

    /// <summary>The varbind is rejected with <paramref name="error"/> (wrongType, wrongValue, notWritable, ...).</summary>
    public static SetPreparation Fail(ErrorStatus error) =>
        error == ErrorStatus.NoError ? throw new ArgumentException("A failure needs an error-status.", nameof(error)) : new(error, null, null);

    /// <summary>The varbind passes its test; <paramref name="commit"/> and <paramref name="undo"/> run later.</summary>
    public static SetPreparation Ready(Func<CancellationToken, ValueTask> commit, Func<CancellationToken, ValueTask> undo) =>
        new(ErrorStatus.NoError, commit ?? throw new ArgumentNullException(nameof(commit)), undo ?? throw new ArgumentNullException(nameof(undo)));

    /// <summary>Synchronous convenience form of <see cref="Ready(Func{CancellationToken, ValueTask}, Func{CancellationToken, ValueTask})"/>.</summary>
    public static SetPreparation Ready(Action commit, Action undo)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(undo);
        return Ready(_ => { commit(); return ValueTask.CompletedTask; }, _ => { undo(); return ValueTask.CompletedTask; });
    }
}

/// <summary>One Set request as the instrumentation sees it: every varbind, and a place to share state between their tests.</summary>
public sealed class SetTransaction
{
    /// <summary>Creates the transaction for <paramref name="varBinds"/>.</summary>
    public SetTransaction(VarBindList varBinds)
    {
        VarBinds = varBinds ?? throw new ArgumentNullException(nameof(varBinds));
    }

    /// <summary>Every varbind of the Set, in order.</summary>
    public VarBindList VarBinds { get; }

    /// <summary>State objects share while testing (for example a row being created), keyed as they choose.</summary>
    public Dictionary<object, object> Items { get; } = [];

    /// <summary>
    /// The requester's securityModel (RFC 3411), <see cref="Snmp.AbstractServices.SecurityModel.Any"/>
    /// when unknown: what a column such as usmUserOwnAuthKeyChange (RFC 3414 section 5) checks.
    /// </summary>
    public Snmp.AbstractServices.SecurityModel SecurityModel { get; init; }

    /// <summary>The requester's securityName (RFC 3411), empty when unknown.</summary>
    public OctetString SecurityName { get; init; } = OctetString.Empty;
    private List<Func<bool, CancellationToken, ValueTask>>? _completions;

    /// <summary>
    /// Registers work to run once the Set is over, whatever its outcome: after the last commit,
    /// after an undo, or after a test failed (the argument says whether every varbind committed).
    /// An object that holds resources from its test phase releases them here (an AgentX master
    /// sends CleanupSet, RFC 2741 7.2.4.4). A failure here is logged, not answered.
    /// </summary>
    public void OnCompleted(Func<bool, CancellationToken, ValueTask> completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        (_completions ??= []).Add(completion);
    }

    internal async ValueTask CompleteAsync(bool succeeded, Action<Exception> failed, CancellationToken cancellationToken)
    {
        if (_completions is null)
        {
            return;
        }

        foreach (var completion in _completions)
        {
            try
            {
                await completion(succeeded, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Nothing to answer any more: the Set's outcome stands.
                failed(e);
            }
        }
    }
}
