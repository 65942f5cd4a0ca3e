using Microsoft.Extensions.Logging;
using Snmp.AgentX.Protocol;

namespace Snmp.AgentX.Subagent;

/// <summary>
/// A subagent's side of RFC 2741 section 7.2.3 and 7.2.4: answers the master's Get, GetNext and
/// GetBulk from the <see cref="MibTree"/> of the request's context, within each SearchRange, and
/// runs the Set phases (TestSet, CommitSet, UndoSet, CleanupSet) through the same
/// <see cref="ManagedObject.PrepareSetAsync"/> the Command Responder uses. One per session: the
/// transactions in their Set phases belong to it.
/// </summary>
internal sealed class MibRequestProcessor(Func<OctetString?, MibTree?> contexts, ILogger logger)
{
    private readonly Dictionary<uint, SetState> _transactions = [];

    /// <summary>Transactions between TestSet and CleanupSet.</summary>
    public int OpenTransactions => _transactions.Count;

    /// <summary>The Response to send for <paramref name="request"/>, or null when none is due (CleanupSet).</summary>
    public async Task<AgentXResponsePdu?> ProcessAsync(AgentXPdu request, CancellationToken cancellationToken)
    {
        switch (request.Type)
        {
            case AgentXPduType.CommitSet:
                return await CommitAsync(request, cancellationToken).ConfigureAwait(false);
            case AgentXPduType.UndoSet:
                return await UndoAsync(request, cancellationToken).ConfigureAwait(false);
            case AgentXPduType.CleanupSet:
                // RFC 2741 7.2.4.4: no response to CleanupSet.
                _transactions.Remove(request.TransactionId);
                return null;
        }

        var mib = contexts(request.Context);
        if (mib is null)
        {
            // A context this subagent never registered: nothing of it can be answered.
            return Respond(request, (AgentXError)(ushort)ErrorStatus.GenErr, 0, VarBindList.Empty);
        }

        try
        {
            return request switch
            {
                AgentXGetPdu { Type: AgentXPduType.Get } get => Respond(request, AgentXError.NoAgentXError, 0, await GetAsync(mib, get.Ranges, cancellationToken).ConfigureAwait(false)),
                AgentXGetPdu next => Respond(request, AgentXError.NoAgentXError, 0, await GetNextAsync(mib, next.Ranges, cancellationToken).ConfigureAwait(false)),
                AgentXGetBulkPdu bulk => Respond(request, AgentXError.NoAgentXError, 0, await GetBulkAsync(mib, bulk, cancellationToken).ConfigureAwait(false)),
                AgentXVarBindPdu { Type: AgentXPduType.TestSet } test => await TestAsync(mib, test, cancellationToken).ConfigureAwait(false),
                _ => Respond(request, AgentXError.ProcessingError, 0, VarBindList.Empty),
            };
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // The instrumentation failed: genErr (RFC 2741 7.2.3, as an SNMP agent would answer).
            logger.LogWarning(e, "The instrumentation failed a {Type} from the master", request.Type);
            return Respond(request, (AgentXError)(ushort)ErrorStatus.GenErr, 0, VarBindList.Empty);
        }
    }

    /// <summary>
    /// Forgets every transaction: the session is gone. What was committed stays (the master may
    /// have answered the Set already); what was only tested was never changed.
    /// </summary>
    public void Abandon() => _transactions.Clear();

    private static async Task<VarBindList> GetAsync(MibTree mib, IReadOnlyList<AgentXSearchRange> ranges, CancellationToken cancellationToken)
    {
        // RFC 2741 7.2.3.1: each start OID's value, or noSuchObject / noSuchInstance.
        var results = new VarBind[ranges.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new VarBind(ranges[i].Start, await mib.GetAsync(ranges[i].Start, cancellationToken).ConfigureAwait(false));
        }

        return new VarBindList(results);
    }

    private static async Task<VarBindList> GetNextAsync(MibTree mib, IReadOnlyList<AgentXSearchRange> ranges, CancellationToken cancellationToken)
    {
        var results = new VarBind[ranges.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = await NextInRangeAsync(mib, ranges[i], cancellationToken).ConfigureAwait(false);
        }

        return new VarBindList(results);
    }

    /// <summary>
    /// RFC 2741 7.2.3.2: the first instance in the SearchRange (the start itself when include is
    /// set), before its end; else endOfMibView named by the start.
    /// </summary>
    private static async ValueTask<VarBind> NextInRangeAsync(MibTree mib, AgentXSearchRange range, CancellationToken cancellationToken)
    {
        if (range.Include)
        {
            var value = await mib.GetAsync(range.Start, cancellationToken).ConfigureAwait(false);
            if (!value.IsException)
            {
                return new VarBind(range.Start, value);
            }
        }

        var next = await mib.GetNextAsync(range.Start, cancellationToken).ConfigureAwait(false);
        return next is { } found && (range.End.Length == 0 || found.Oid < range.End)
            ? found
            : new VarBind(range.Start, EndOfMibView.Instance);
    }

    private static async Task<VarBindList> GetBulkAsync(MibTree mib, AgentXGetBulkPdu bulk, CancellationToken cancellationToken)
    {
        // RFC 2741 7.2.3.3: the non-repeaters once, then up to max-repetitions rounds of the
        // repeaters, each round continuing after what the last one found, within its range.
        var ranges = bulk.Ranges;
        int n = Math.Min(bulk.NonRepeaters, ranges.Count);
        var results = new List<VarBind>();
        for (int i = 0; i < n; i++)
        {
            results.Add(await NextInRangeAsync(mib, ranges[i], cancellationToken).ConfigureAwait(false));
        }

        var cursors = ranges.Skip(n).ToArray();
        for (int repetition = 0; repetition < bulk.MaxRepetitions && cursors.Length > 0; repetition++)
        {
            bool allEnded = true;
            for (int j = 0; j < cursors.Length; j++)
            {
                var found = await NextInRangeAsync(mib, cursors[j], cancellationToken).ConfigureAwait(false);
                results.Add(found);
                if (found.Value is not EndOfMibView)
                {
                    allEnded = false;
                    cursors[j] = cursors[j] with { Start = found.Oid, Include = false };
                }
            }

            if (allEnded)
            {
                break;
            }
        }

        return new VarBindList(results);
    }

    private async Task<AgentXResponsePdu> TestAsync(MibTree mib, AgentXVarBindPdu test, CancellationToken cancellationToken)
    {
        // RFC 2741 7.2.4.1: every varbind tested, nothing changed; the first failure is the answer.
        var varBinds = test.VarBinds;
        var transaction = new SetTransaction(varBinds);
        var state = new SetState(new SetPreparation[varBinds.Count]);
        _transactions[test.TransactionId] = state;
        for (int i = 0; i < varBinds.Count; i++)
        {
            var (oid, value) = varBinds[i];
            var target = mib.Find(oid);
            var prepared = target is null
                ? SetPreparation.Fail(ErrorStatus.NotWritable)
                : await target.PrepareSetAsync(oid, value, transaction, cancellationToken).ConfigureAwait(false);
            if (prepared.Error != ErrorStatus.NoError)
            {
                state.Failed = true;
                return Respond(test, (AgentXError)(ushort)prepared.Error, (ushort)(i + 1), varBinds);
            }

            state.Prepared[i] = prepared;
        }

        return Respond(test, AgentXError.NoAgentXError, 0, VarBindList.Empty);
    }

    private async Task<AgentXResponsePdu> CommitAsync(AgentXPdu request, CancellationToken cancellationToken)
    {
        if (!_transactions.TryGetValue(request.TransactionId, out var state) || state.Failed)
        {
            return Respond(request, (AgentXError)(ushort)ErrorStatus.CommitFailed, 0, VarBindList.Empty);
        }

        // RFC 2741 7.2.4.2: commit; a failure undoes what this subagent committed before it.
        for (int i = 0; i < state.Prepared.Length; i++)
        {
            try
            {
                await state.Prepared[i]!.Commit!(cancellationToken).ConfigureAwait(false);
                state.Committed = i + 1;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogDebug(e, "CommitSet of varbind {Index} failed; undoing {Count} before it", i + 1, i);
                bool undone = await UndoCommittedAsync(state, cancellationToken).ConfigureAwait(false);
                return Respond(request, (AgentXError)(ushort)(undone ? ErrorStatus.CommitFailed : ErrorStatus.UndoFailed), (ushort)(i + 1), VarBindList.Empty);
            }
        }

        return Respond(request, AgentXError.NoAgentXError, 0, VarBindList.Empty);
    }

    private async Task<AgentXResponsePdu> UndoAsync(AgentXPdu request, CancellationToken cancellationToken)
    {
        // RFC 2741 7.2.4.3: reverse what CommitSet did.
        if (!_transactions.TryGetValue(request.TransactionId, out var state) || state.Undone)
        {
            return Respond(request, AgentXError.NoAgentXError, 0, VarBindList.Empty);
        }

        bool undone = await UndoCommittedAsync(state, cancellationToken).ConfigureAwait(false);
        return Respond(request, undone ? AgentXError.NoAgentXError : (AgentXError)(ushort)ErrorStatus.UndoFailed, 0, VarBindList.Empty);
    }

    private async Task<bool> UndoCommittedAsync(SetState state, CancellationToken cancellationToken)
    {
        state.Undone = true;
        bool ok = true;
        for (int k = state.Committed - 1; k >= 0; k--)
        {
            try
            {
                await state.Prepared[k]!.Undo!(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "UndoSet of varbind {Index} failed", k + 1);
                ok = false;
            }
        }

        state.Committed = 0;
        return ok;
    }

    private static AgentXResponsePdu Respond(AgentXPdu request, AgentXError error, ushort index, VarBindList varBinds) =>
        new(0, error, index, varBinds) { SessionId = request.SessionId, TransactionId = request.TransactionId, PacketId = request.PacketId };

    private sealed class SetState(SetPreparation?[] prepared)
    {
        public SetPreparation?[] Prepared { get; } = prepared;

        public int Committed { get; set; }

        public bool Failed { get; set; }

        public bool Undone { get; set; }
    }
}
