using Snmp.Pdus;
using static Snmp.Conformance.Checks.CheckHelpers;

namespace Snmp.Conformance.Checks;

/// <summary>RFC 3415: what a restricted view lets through, on Get, GetNext, GetBulk and whole walks.</summary>
internal static class Rfc3415Checks
{
    private const CheckPrerequisites Restricted = CheckPrerequisites.RestrictedCommunity;

    private const string NotInView = "\"If the specified variableName (object instance) is not in the MIB view (see DESCRIPTION clause for vacmViewTreeFamilyTable in section 4), then an errorIndication (notInView) is returned to the calling module.\" (RFC 3415 section 3.2, step 5b)";

    /// <summary>
    /// The names a GetNext walk with the restricted community finds, walked once per run, and a
    /// failing verdict when one is outside its subtree or the walk goes backwards.
    /// </summary>
    private static async Task<(IReadOnlyList<ObjectIdentifier> Steps, CheckVerdict? Problem)> RestrictedWalkAsync(CheckContext ctx)
    {
        if (ctx.RestrictedWalk is { } done)
        {
            return done;
        }

        var subtree = ctx.Target.RestrictedSubtree!;
        var steps = new List<ObjectIdentifier>();
        var next = ctx.Target.WalkRoot;
        CheckVerdict? problem = CheckVerdict.Skip($"the restricted walk did not end in {ctx.Target.MaxWalk} steps");
        for (int i = 0; i < ctx.Target.MaxWalk; i++)
        {
            var (pdu, datagram) = await ctx.V2Async(new Pdu(PduType.GetNextRequest, ctx.NextRequestId(), VarBindList.ForRequest(next)), ctx.Target.RestrictedCommunity).ConfigureAwait(false);
            RequireNoError(pdu, datagram);
            var answer = pdu.VarBinds[0];
            if (answer.Value is EndOfMibView)
            {
                problem = null;
                break;
            }

            if (!answer.Oid.StartsWith(subtree))
            {
                problem = CheckVerdict.Fail($"names under {subtree} only", $"{answer.Oid} = {answer.Value.Type}", datagram.Octets);
                break;
            }

            if (answer.Oid <= next)
            {
                problem = CheckVerdict.Fail($"a name after {next}", $"{answer.Oid}", datagram.Octets);
                break;
            }

            steps.Add(answer.Oid);
            next = answer.Oid;
        }

        ctx.RestrictedWalk = (steps, problem);
        return (steps, problem);
    }

    public static IEnumerable<ConformanceCheck> All()
    {
        yield return Check("rfc3415/3.2/1", CheckLevel.Must, Restricted, NotInView,
            "a GetNext walk from 1.3.6.1 with the restricted community", "only names inside its subtree, then endOfMibView", async ctx =>
            {
                var (steps, verdict) = await RestrictedWalkAsync(ctx).ConfigureAwait(false);
                return verdict ?? CheckVerdict.Pass($"{steps.Count} objects in view");
            });

        yield return Check("rfc3415/3.2/2", CheckLevel.Must, Restricted,
            "\"If the variable binding's name does not have an OBJECT IDENTIFIER prefix which exactly matches the OBJECT IDENTIFIER prefix of any (potential) variable accessible by this request, then its value field is set to `noSuchObject'.\" (RFC 3416 section 4.2.1; what is accessible is what RFC 3415 section 3.2 step 5 finds in the MIB view)",
            "GetRequest of the walk's first object outside the restricted subtree, with the restricted community", "noSuchObject (or noSuchInstance), never the value", async ctx =>
            {
                var outside = (await ctx.WalkAsync().ConfigureAwait(false)).FirstOrDefault(s => s.Answer.Value is not EndOfMibView && !s.Answer.Oid.StartsWith(ctx.Target.RestrictedSubtree!))
                    ?? throw new CheckSkippedException("the walk found nothing outside the restricted subtree");
                var (pdu, datagram) = await ctx.V2Async(new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(outside.Answer.Oid)), ctx.Target.RestrictedCommunity).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                return pdu.VarBinds[0].Value is NoSuchObject or NoSuchInstance
                    ? CheckVerdict.Pass()
                    : CheckVerdict.Fail($"noSuchObject for {outside.Answer.Oid}", $"{pdu.VarBinds[0].Value.Type}: {pdu.VarBinds[0].Value}", datagram.Octets);
            });

        yield return Check("rfc3415/3.2/3", CheckLevel.Must, Restricted, NotInView,
            "GetBulkRequest non-repeaters 0, max-repetitions 3 from the last name of the restricted walk, with the restricted community", "endOfMibView (nothing beyond the view)", async ctx =>
            {
                var (steps, problem) = await RestrictedWalkAsync(ctx).ConfigureAwait(false);
                if (problem is not null || steps.Count == 0)
                {
                    return CheckVerdict.Skip("the restricted walk did not end cleanly");
                }

                var (pdu, datagram) = await ctx.V2Async(new BulkPdu(ctx.NextRequestId(), 0, 3, VarBindList.ForRequest(steps[^1])), ctx.Target.RestrictedCommunity).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                foreach (var vb in pdu.VarBinds)
                {
                    if (vb.Value is not EndOfMibView && !vb.Oid.StartsWith(ctx.Target.RestrictedSubtree!))
                    {
                        return CheckVerdict.Fail($"names under {ctx.Target.RestrictedSubtree} only", $"{vb.Oid} = {vb.Value.Type}", datagram.Octets);
                    }
                }

                return CheckVerdict.Pass();
            });
    }
}
