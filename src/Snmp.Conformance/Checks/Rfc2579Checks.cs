using Snmp.Pdus;
using static Snmp.Conformance.Checks.CheckHelpers;

namespace Snmp.Conformance.Checks;

/// <summary>RFC 2579's RowStatus on a scratch row of the target's table, destroyed afterwards.</summary>
internal static class Rfc2579Checks
{
    private const CheckPrerequisites Row = CheckPrerequisites.ReadCommunity | CheckPrerequisites.RowStatusTable;

    public static IEnumerable<ConformanceCheck> All()
    {
        yield return Check("rfc2579/RowStatus/1", CheckLevel.Must, Row,
            "createAndWait, which is supplied by a management station wishing to create a new instance of a conceptual row (but not make it available for use by the managed device); ... the status column is then notInService or notReady. (RFC 2579, RowStatus)",
            "SetRequest RowStatus.<scratch> = createAndWait(5), then GetRequest of it", "noError, then notInService(2) or notReady(3)", ctx => WithScratchRowAsync(ctx, async instance =>
            {
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                var (read, readDatagram) = await ctx.GetAsync(instance).ConfigureAwait(false);
                return read.VarBinds[0].Value is Integer32 { Value: 2 or 3 } ? CheckVerdict.Pass() : CheckVerdict.Fail("notInService(2) or notReady(3)", Describe(read), readDatagram.Octets);
            }));

        yield return Check("rfc2579/RowStatus/2", CheckLevel.Must, Row,
            "If a management station attempts to create a conceptual row (createAndGo or createAndWait) which already exists, the agent responds with inconsistentValue. (RFC 2579, RowStatus)",
            "createAndWait(5) on the scratch row, then createAndWait(5) on it again", "inconsistentValue(12), error-index 1", ctx => WithScratchRowAsync(ctx, async instance =>
            {
                var (first, firstDatagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                RequireNoError(first, firstDatagram);
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.InconsistentValue, 1);
            }));

        yield return Check("rfc2579/RowStatus/3", CheckLevel.Must, Row,
            "The value notReady(3) may be read but is never written by a management station: a SetRequest with it is refused with wrongValue (or inconsistentValue). (RFC 2579, RowStatus)",
            "createAndWait(5) on the scratch row, then notReady(3)", "wrongValue(10) or inconsistentValue(12), error-index 1", ctx => WithScratchRowAsync(ctx, async instance =>
            {
                var (first, firstDatagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                RequireNoError(first, firstDatagram);
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(3))).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.WrongValue, 1, ErrorStatus.InconsistentValue);
            }));

        yield return Check("rfc2579/RowStatus/4", CheckLevel.Must, Row,
            "destroy, which is supplied by a management station wishing to delete all of the instances associated with an existing conceptual row. (RFC 2579, RowStatus)",
            "createAndWait(5) on the scratch row, destroy(6), then GetRequest of its RowStatus", "noError, then noSuchInstance", ctx => WithScratchRowAsync(ctx, async instance =>
            {
                var (first, firstDatagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                RequireNoError(first, firstDatagram);
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(6))).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                var (read, readDatagram) = await ctx.GetAsync(instance).ConfigureAwait(false);
                return read.VarBinds[0].Value is NoSuchInstance or NoSuchObject ? CheckVerdict.Pass() : CheckVerdict.Fail("noSuchInstance", Describe(read), readDatagram.Octets);
            }));

        yield return Check("rfc2579/RowStatus/5", CheckLevel.Must, Row,
            "For a conceptual row that does not exist, a SetRequest of its status column to active or notInService is refused with inconsistentValue, while destroy succeeds. (RFC 2579, RowStatus, the table of state transitions)",
            "SetRequest RowStatus.<scratch> = active(1) for a row that does not exist", "inconsistentValue(12) (or noCreation/inconsistentName), error-index 1", ctx => WithScratchRowAsync(ctx, async instance =>
            {
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(1))).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.InconsistentValue, 1, ErrorStatus.NoCreation, ErrorStatus.InconsistentName);
            }));
    }

    /// <summary>Runs a check on the scratch row's RowStatus instance and destroys the row afterwards, whatever happened.</summary>
    private static async Task<CheckVerdict> WithScratchRowAsync(CheckContext ctx, Func<ObjectIdentifier, Task<CheckVerdict>> body)
    {
        var instance = ctx.Target.RowStatusColumn!.Append(ctx.Target.RowIndex);
        var (existing, _) = await ctx.GetAsync(instance).ConfigureAwait(false);
        if (existing.VarBinds.Count == 1 && existing.VarBinds[0].Value is Integer32)
        {
            return CheckVerdict.Skip($"the scratch row {instance} already exists");
        }

        try
        {
            return await body(instance).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(6))).ConfigureAwait(false);
            }
            catch (CheckFailedException)
            {
                // The check's verdict stands.
            }
        }
    }
}
