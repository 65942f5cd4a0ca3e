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
            "\"Otherwise, the conceptual row is created, a `noError' response is returned, and the status column is immediately set to either `notInService' or `notReady', depending on whether it has sufficient information to (attempt to) make the conceptual row available for use by the managed device.\" (RFC 2579, RowStatus, Interaction 2b: Negotiating the Creation of the Conceptual Row)",
            "SetRequest RowStatus.<scratch> = createAndWait(5), then GetRequest of it", "noError, then notInService(2) or notReady(3)", ctx => WithScratchRowAsync(ctx, async instance =>
            {
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                var (read, readDatagram) = await ctx.GetAsync(instance).ConfigureAwait(false);
                return read.VarBinds[0].Value is Integer32 { Value: 2 or 3 } ? CheckVerdict.Pass() : CheckVerdict.Fail("notInService(2) or notReady(3)", Describe(read), readDatagram.Octets);
            }));

        yield return Check("rfc2579/RowStatus/2", CheckLevel.Must, Row,
            "RFC 2579, RowStatus, the table of state transitions: \"set status column to createAndWait\" when the status column is notReady, notInService or active: \"inconsistentValue\"",
            "createAndWait(5) on the scratch row, then createAndWait(5) on it again", "inconsistentValue(12), error-index 1", ctx => WithScratchRowAsync(ctx, async instance =>
            {
                var (first, firstDatagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                RequireNoError(first, firstDatagram);
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.InconsistentValue, 1);
            }));

        yield return Check("rfc2579/RowStatus/3", CheckLevel.Must, Row,
            "\"Whereas five of the six values (all except `notReady') may be specified in a management protocol set operation, only three values will be returned in response to a management protocol retrieval operation\" (RFC 2579, RowStatus); a value that cannot be set is wrongValue: \"Otherwise, if the variable binding's value field specifies a value which could under no circumstances be assigned to the variable, then the value of the Response-PDU's error-status field is set to `wrongValue'\" (RFC 3416 section 4.2.5); inconsistentValue is accepted too",
            "createAndWait(5) on the scratch row, then notReady(3)", "wrongValue(10) or inconsistentValue(12), error-index 1", ctx => WithScratchRowAsync(ctx, async instance =>
            {
                var (first, firstDatagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(5))).ConfigureAwait(false);
                RequireNoError(first, firstDatagram);
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(instance, new Integer32(3))).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.WrongValue, 1, ErrorStatus.InconsistentValue);
            }));

        yield return Check("rfc2579/RowStatus/4", CheckLevel.Must, Row,
            "\"For deletion of conceptual rows, a management protocol set operation is issued which sets the instance of the status column to `destroy'. ... If the operation succeeds, then all instances associated with the conceptual row are immediately removed.\" (RFC 2579, RowStatus, Conceptual Row Deletion)",
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
            "RFC 2579, RowStatus, the table of state transitions: \"set status column to active\" when the status column does not exist: \"inconsistentValue\"; and its NOTE: \"Other processing of (this and other varbinds of) the set request may result in a response other than noError being returned, e.g., wrongValue, noCreation, etc.\"",
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
