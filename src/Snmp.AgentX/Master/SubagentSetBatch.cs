using Snmp.AgentX.Protocol;

namespace Snmp.AgentX.Master;

/// <summary>
/// One subagent's part of one Set (RFC 2741 7.2.4): its varbinds go in one TestSet; the Command
/// Responder's commit of the first of them sends CommitSet, its undo sends UndoSet, and the end of
/// the Set sends CleanupSet. A session that ends or does not answer in the middle fails the phase
/// it was in, so the Command Responder undoes what was committed elsewhere (commitFailed), or
/// reports undoFailed.
/// </summary>
internal sealed class SubagentSetBatch(Registration owner, string context, List<int> positions, VarBindList all)
{
    private readonly uint _transactionId = owner.Session.NextTransactionId();
    private AgentXResponsePdu? _test;
    private bool _committed;
    private bool _commitSent;
    private bool _undoSent;

    public async Task TestAsync(CancellationToken cancellationToken)
    {
        var varBinds = new VarBindList(positions.Select(i => all[i]));
        _test = await owner.Session.SendSetPhaseAsync(owner, new AgentXVarBindPdu(AgentXPduType.TestSet, varBinds)
        {
            Context = context.Length == 0 ? null : new OctetString(context),
            TransactionId = _transactionId,
        }, cancellationToken).ConfigureAwait(false);
    }

    public SetPreparation Preparation(VarBindList varBinds, ObjectIdentifier name)
    {
        int position = positions.FindIndex(i => varBinds[i].Oid.Equals(name));
        var test = _test!;
        if (test.Error != AgentXError.NoAgentXError)
        {
            // res.index is 1-based in the TestSet's own list; 0 or out of range blames its first varbind.
            int failed = test.Index >= 1 && test.Index <= positions.Count ? test.Index - 1 : 0;
            if (position >= failed)
            {
                var status = (ushort)test.Error is >= 1 and <= 18 ? test.ErrorStatus : ErrorStatus.GenErr;
                return SetPreparation.Fail(status == ErrorStatus.NoError ? ErrorStatus.GenErr : status);
            }
        }

        return SetPreparation.Ready(CommitAsync, UndoAsync);
    }

    private async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_commitSent)
        {
            return;
        }

        _commitSent = true;
        var response = await owner.Session.SendSetPhaseAsync(owner, new AgentXHeaderOnlyPdu(AgentXPduType.CommitSet) { TransactionId = _transactionId }, cancellationToken).ConfigureAwait(false);
        if (response.Error != AgentXError.NoAgentXError)
        {
            throw new AgentXResponseException("CommitSet", response.Error, response.Index);
        }

        _committed = true;
    }

    private async ValueTask UndoAsync(CancellationToken cancellationToken)
    {
        if (!_committed || _undoSent)
        {
            return;
        }

        _undoSent = true;
        var response = await owner.Session.SendSetPhaseAsync(owner, new AgentXHeaderOnlyPdu(AgentXPduType.UndoSet) { TransactionId = _transactionId }, cancellationToken).ConfigureAwait(false);
        if (response.Error != AgentXError.NoAgentXError)
        {
            throw new AgentXResponseException("UndoSet", response.Error, response.Index);
        }
    }

    public async ValueTask CleanupAsync(CancellationToken cancellationToken)
    {
        // RFC 2741 7.2.4.4: CleanupSet ends the transaction at the subagent; it has no Response.
        if (_test is not null && !owner.Session.IsClosed)
        {
            await owner.Session.SendAsync(new AgentXHeaderOnlyPdu(AgentXPduType.CleanupSet) { TransactionId = _transactionId }, cancellationToken).ConfigureAwait(false);
        }
    }
}
