using Snmp.Conformance.Wire;
using Snmp.Pdus;
using static Snmp.Conformance.Checks.CheckHelpers;

namespace Snmp.Conformance.Checks;

/// <summary>RFC 3416 4.2.3: GetBulk's N, M and R, its order, and truncation instead of tooBig.</summary>
internal static class Rfc3416BulkChecks
{
    private const CheckPrerequisites Read = CheckPrerequisites.ReadCommunity;

    private const string Negative = "If the value in the non-repeaters field is less than zero, then the value of the field is set to zero. Similarly, if the value in the max-repetitions field is less than zero, then the value of the field is set to zero.";

    private const string Arithmetic = "Consequently, the total number of requested variable bindings communicated by the request is given by N + (M * R), where N is the minimum of: a) the value of the non-repeaters field in the request, and b) the number of variable bindings in the request; M is the value of the max-repetitions field in the request; and R is the maximum of: a) number of variable bindings in the request - N, and b) zero.";

    private const string LesserNumber = "If the size of the message encapsulating the Response-PDU containing the requested number of variable bindings would be greater than either a local constraint or the maximum message size of the originator, then the response is generated with a lesser number of variable bindings.";

    public static IEnumerable<ConformanceCheck> All()
    {
        yield return Check("rfc3416/4.2.3/1", CheckLevel.Must, Read, Arithmetic,
            "GetBulkRequest non-repeaters 5, max-repetitions 3, two varbinds (sysDescr, sysObjectID)", "N = 2, R = 0: exactly the two successors", ctx =>
                BulkMatchesAsync(ctx, 5, 3, [Oid("1.3.6.1.2.1.1.1"), Oid("1.3.6.1.2.1.1.2")], 2, 0, 3));

        yield return Check("rfc3416/4.2.3/2", CheckLevel.Must, Read, Negative,
            "GetBulkRequest non-repeaters -1, max-repetitions 2, one varbind (system)", "N = 0, M = 2, R = 1: two successive names", ctx =>
                BulkMatchesAsync(ctx, -1, 2, [Oid("1.3.6.1.2.1.1")], 0, 1, 2));

        yield return Check("rfc3416/4.2.3/3", CheckLevel.Must, Read, Negative,
            "GetBulkRequest non-repeaters 1, max-repetitions -5, two varbinds", "M = 0: only the non-repeater's successor", ctx =>
                BulkMatchesAsync(ctx, 1, -5, [Oid("1.3.6.1.2.1.1.1"), Oid("1.3.6.1.2.1.1")], 1, 1, 0));

        yield return Check("rfc3416/4.2.3/4", CheckLevel.Must, Read, Arithmetic,
            "GetBulkRequest non-repeaters 0, max-repetitions 0, one varbind", "M = 0: an empty variable-bindings list, noError", ctx =>
                BulkMatchesAsync(ctx, 0, 0, [Oid("1.3.6.1.2.1.1")], 0, 1, 0));

        yield return Check("rfc3416/4.2.3/5", CheckLevel.Must, Read,
            "For each iteration i, such that i is greater than zero and less than or equal to M, and for each repeated variable, r, such that r is greater than zero and less than or equal to R, the (N + ((i-1) * R) + r)-th variable binding in the Response-PDU is set to the first lexicographic successor of the (N + ((i-2) * R) + r)-th variable binding in the Response-PDU.",
            "GetBulkRequest non-repeaters 1, max-repetitions 4, varbinds sysUpTime, system, sysObjectID.0", "1 + 4 * 2 varbinds in repetition order, each as a GetNext walk finds it", ctx =>
                BulkMatchesAsync(ctx, 1, 4, [Oid("1.3.6.1.2.1.1.3"), Oid("1.3.6.1.2.1.1"), SysObjectId], 1, 2, 4));

        yield return Check("rfc3416/4.2.3/6", CheckLevel.Must, Read, LesserNumber,
            "GetBulkRequest non-repeaters 0, max-repetitions 2147483647, one varbind (the walk root)", "a Response-PDU with noError (truncated to fit), never tooBig", async ctx =>
            {
                var (pdu, datagram) = await ctx.V2Async(new BulkPdu(ctx.NextRequestId(), 0, int.MaxValue, VarBindList.ForRequest(ctx.Target.WalkRoot))).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                return pdu.VarBinds.Count > 0 ? CheckVerdict.Pass($"{pdu.VarBinds.Count} varbinds") : CheckVerdict.Fail("at least one varbind", Describe(pdu), datagram.Octets);
            });

        yield return Check("rfc3416/4.2.3/7", CheckLevel.Must, Read, LesserNumber,
            "GetBulkRequest non-repeaters 0, max-repetitions 200, varbinds system, sysDescr.0, sysUpTime.0", "noError, never tooBig; fewer than 600 varbinds only when the message would not fit", async ctx =>
            {
                var (pdu, datagram) = await ctx.V2Async(new BulkPdu(ctx.NextRequestId(), 0, 200, VarBindList.ForRequest(Oid("1.3.6.1.2.1.1"), SysDescr, SysUpTime))).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                return pdu.VarBinds.Count > 0 ? CheckVerdict.Pass($"{pdu.VarBinds.Count} varbinds in {datagram.Octets.Length} octets") : CheckVerdict.Fail("at least one varbind", Describe(pdu), datagram.Octets);
            });

        yield return Check("rfc3416/4.2.3/8", CheckLevel.Should, Read, LesserNumber,
            "GetBulkRequest non-repeaters 0, max-repetitions 10, one varbind (system): a small answer", "all 10 varbinds (truncating only what would not fit), unless the MIB view ends first", async ctx =>
            {
                var (pdu, datagram) = await ctx.V2Async(new BulkPdu(ctx.NextRequestId(), 0, 10, VarBindList.ForRequest(Oid("1.3.6.1.2.1.1")))).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                bool ended = pdu.VarBinds.Count > 0 && pdu.VarBinds[pdu.VarBinds.Count - 1].Value is EndOfMibView;
                return pdu.VarBinds.Count == 10 || ended ? CheckVerdict.Pass() : CheckVerdict.Fail($"10 varbinds (the message would be far under 484 octets)", $"{pdu.VarBinds.Count} varbinds in {datagram.Octets.Length} octets", datagram.Octets);
            });
    }

    /// <summary>
    /// Sends a GetBulk and compares its answer with the N + M * R list a GetNext walk gives
    /// (<paramref name="n"/>, <paramref name="r"/>, <paramref name="m"/> as the RFC computes them):
    /// the answer must be a non-empty prefix of that list in repetition order (or the whole list when small),
    /// stopping early only at endOfMibView.
    /// </summary>
    private static async Task<CheckVerdict> BulkMatchesAsync(CheckContext ctx, int nonRepeaters, int maxRepetitions, ObjectIdentifier[] names, int n, int r, int m)
    {
        var (pdu, datagram) = await ctx.V2Async(new BulkPdu(ctx.NextRequestId(), nonRepeaters, maxRepetitions, VarBindList.ForRequest(names))).ConfigureAwait(false);
        RequireNoError(pdu, datagram);
        var expected = new List<ObjectIdentifier>();
        for (int i = 0; i < n; i++)
        {
            expected.Add(await SuccessorAsync(ctx, names[i]).ConfigureAwait(false));
        }

        var cursors = names.Skip(n).ToArray();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < r; j++)
            {
                cursors[j] = await SuccessorAsync(ctx, cursors[j]).ConfigureAwait(false);
                expected.Add(cursors[j]);
            }
        }

        var got = pdu.VarBinds.AsSpan().ToArray();
        int total = n + (m * r);
        if (got.Length > total)
        {
            return CheckVerdict.Fail($"at most N + M * R = {total} varbinds", Describe(pdu), datagram.Octets);
        }

        for (int i = 0; i < got.Length; i++)
        {
            if (got[i].Value is EndOfMibView)
            {
                continue;
            }

            if (got[i].Oid != expected[i])
            {
                return CheckVerdict.Fail($"varbind {i + 1} = {expected[i]}", $"varbind {i + 1} = {got[i].Oid}", datagram.Octets);
            }
        }

        bool endedEarly = got.Length > 0 && got[^1].Value is EndOfMibView;
        if (got.Length < total && !endedEarly)
        {
            return CheckVerdict.Fail($"all {total} varbinds (a small answer needs no truncation)", $"{got.Length} varbinds in {datagram.Octets.Length} octets", datagram.Octets);
        }

        return CheckVerdict.Pass();
    }

    private static async Task<ObjectIdentifier> SuccessorAsync(CheckContext ctx, ObjectIdentifier oid)
    {
        var (pdu, datagram) = await ctx.GetNextAsync(oid).ConfigureAwait(false);
        RequireNoError(pdu, datagram);
        return pdu.VarBinds[0].Value is EndOfMibView ? oid : pdu.VarBinds[0].Oid;
    }
}
