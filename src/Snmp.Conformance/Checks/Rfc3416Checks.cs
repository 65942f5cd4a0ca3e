using Snmp.Conformance.Wire;
using Snmp.Messages;
using Snmp.Pdus;
using static Snmp.Conformance.Checks.CheckHelpers;

namespace Snmp.Conformance.Checks;

/// <summary>RFC 3416: the protocol operations (Get, GetNext, GetBulk, Set) over SNMPv2c.</summary>
internal static class Rfc3416Checks
{
    private const string SameFields = "All fields of the Response-PDU have the same values as the corresponding fields of the received request except as indicated below.";
    private const CheckPrerequisites Read = CheckPrerequisites.ReadCommunity;
    private const CheckPrerequisites Write = CheckPrerequisites.ReadCommunity | CheckPrerequisites.WriteCommunity;

    public static IEnumerable<ConformanceCheck> All()
    {
        // 4.2.1: request-id echoed, edge values (managers match answers by it).
        int number = 1;
        foreach (var (value, name) in new (int, string)[] { (0, "0"), (1, "1"), (int.MaxValue, "2^31-1"), (-1, "-1"), (int.MinValue, "-2^31"), (0x12345678, "0x12345678 (above 16 bits)"), (65536, "65536 (just above 16 bits)") })
        {
            yield return Check($"rfc3416/4.2.1/{number++}", CheckLevel.Must, Read, SameFields,
                $"GetRequest sysUpTime.0 with request-id {name}", $"a Response-PDU with request-id {name}",
                ctx => RequestIdEchoedAsync(ctx, value));
        }

        yield return Check("rfc3416/3/1", CheckLevel.Must, Read, "Response-PDU ::= [2] IMPLICIT PDU",
            "GetRequest sysDescr.0", "a PDU with tag 0xA2 (Response-PDU)", async ctx =>
            {
                var request = CheckContext.Community(SnmpVersion.SNMPv2c, ctx.ReadCommunity, new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysDescr)));
                var reply = await ctx.SendAsync(request).ConfigureAwait(false) ?? throw Failed("a Response-PDU", "no answer", new Datagram(request, ctx.Target.Agent));
                var tree = BerNode.TryParse(reply.Octets);
                var pduTag = tree?.Children is { Count: 3 } c ? c[2].Tag[0] : (byte)0;
                return pduTag == 0xA2 ? CheckVerdict.Pass() : CheckVerdict.Fail("tag 0xA2", $"tag 0x{pduTag:X2}", reply.Octets);
            });

        yield return Check("rfc3416/4.2.1/8", CheckLevel.Must, Read,
            "Otherwise, the value of the Response-PDU's error-status field is set to `noError', and the value of its error-index field is zero.",
            "GetRequest sysDescr.0, sysObjectID.0, sysUpTime.0", "noError, error-index 0", async ctx =>
            {
                var (pdu, datagram) = await ctx.GetAsync(SysDescr, SysObjectId, SysUpTime).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                return CheckVerdict.Pass();
            });

        yield return Check("rfc3416/4.2.1/9", CheckLevel.Must, Read, SameFields,
            "GetRequest sysUpTime.0, sysDescr.0, sysName.0, sysObjectID.0 (not in order)", "the same four names in the same order", async ctx =>
            {
                ObjectIdentifier[] asked = [SysUpTime, SysDescr, SysName, SysObjectId];
                var (pdu, datagram) = await ctx.GetAsync(asked).ConfigureAwait(false);
                var names = pdu.VarBinds.AsSpan().ToArray().Select(v => v.Oid).ToArray();
                return names.SequenceEqual(asked) ? CheckVerdict.Pass() : CheckVerdict.Fail(string.Join(", ", asked.AsEnumerable()), string.Join(", ", names.AsEnumerable()), datagram.Octets);
            });

        yield return Check("rfc3416/4.2.1/10", CheckLevel.Must, Read,
            "If the variable binding's name does not have an OBJECT IDENTIFIER prefix which exactly matches the OBJECT IDENTIFIER prefix of any (potential) variable accessible by this request, then its value field is set to `noSuchObject'.",
            "GetRequest 1.3.6.1.2.1.1.200.0 (no object under system.200)", "noError and the value noSuchObject", async ctx =>
            {
                var (pdu, datagram) = await ctx.GetAsync(Oid("1.3.6.1.2.1.1.200.0")).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                return pdu.VarBinds[0].Value is NoSuchObject ? CheckVerdict.Pass() : CheckVerdict.Fail("noSuchObject", $"{pdu.VarBinds[0].Value.Type}", datagram.Octets);
            });

        yield return Check("rfc3416/4.2.1/11", CheckLevel.Must, Read,
            "Otherwise, if the variable binding's name does not exactly match the name of a variable accessible by this request, then its value field is set to `noSuchInstance'.",
            "GetRequest sysDescr.1 (the object exists, the instance cannot)", "noError and the value noSuchInstance", async ctx =>
            {
                var (pdu, datagram) = await ctx.GetAsync(Oid("1.3.6.1.2.1.1.1.1")).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                return pdu.VarBinds[0].Value is NoSuchInstance ? CheckVerdict.Pass() : CheckVerdict.Fail("noSuchInstance", $"{pdu.VarBinds[0].Value.Type}", datagram.Octets);
            });

        yield return Check("rfc3416/4.2.1/12", CheckLevel.Must, Read, SameFields,
            "GetRequest with an empty variable-bindings list", "a Response-PDU, noError, an empty variable-bindings list", async ctx =>
            {
                var (pdu, datagram) = await ctx.V2Async(new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.Empty)).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                return pdu.VarBinds.Count == 0 ? CheckVerdict.Pass() : CheckVerdict.Fail("0 varbinds", Describe(pdu), datagram.Octets);
            });

        yield return Check("rfc3416/4.2.2/1", CheckLevel.Must, Read,
            "The variable is located which is in the lexicographically ordered list of the names of all variables which are accessible by this request and whose name is the first lexicographic successor of the variable binding's name in the incoming GetNextRequest-PDU.",
            $"GetNextRequest steps from the walk root to endOfMibView (at most --max-walk)", "every name strictly greater than the one asked", async ctx =>
            {
                var walk = await ctx.WalkAsync().ConfigureAwait(false);
                foreach (var step in walk)
                {
                    if (step.Answer.Value is not EndOfMibView && step.Answer.Oid <= step.Asked)
                    {
                        return CheckVerdict.Fail($"a name after {step.Asked}", $"{step.Answer.Oid} (not after it)", step.Datagram.Octets);
                    }
                }

                return walk.Count > 1 ? CheckVerdict.Pass($"{walk.Count} steps") : CheckVerdict.Skip("the walk found nothing");
            });

        yield return Check("rfc3416/4.2.2/2", CheckLevel.Must, Read,
            "If the requested variable binding's name does not lexicographically precede the name of any variable accessible by this request, i.e., there is no lexicographic successor, then the corresponding variable binding produced in the Response-PDU has its value field set to `endOfMibView', and its name field set to the variable binding's name in the request.",
            "GetNextRequest of the last name of the walk", "endOfMibView with the request's name", async ctx =>
            {
                var walk = await ctx.WalkAsync().ConfigureAwait(false);
                var last = walk[^1];
                if (walk.Count >= ctx.Target.MaxWalk && last.Answer.Value is not EndOfMibView)
                {
                    return CheckVerdict.Skip($"the walk did not reach the end in {ctx.Target.MaxWalk} steps");
                }

                if (last.Answer.Value is EndOfMibView)
                {
                    return last.Answer.Oid == last.Asked ? CheckVerdict.Pass() : CheckVerdict.Fail($"endOfMibView named {last.Asked}", $"endOfMibView named {last.Answer.Oid}", last.Datagram.Octets);
                }

                return CheckVerdict.Fail($"endOfMibView after {last.Asked}", $"{last.Answer.Oid} = {last.Answer.Value.Type}", last.Datagram.Octets);
            });

        yield return Check("rfc3416/4.2.2/3", CheckLevel.Must, Read, SameFields,
            "GetNextRequest sysDescr.0, system, sysUpTime.0 in one PDU", "three varbinds, each after the name asked at its place", async ctx =>
            {
                ObjectIdentifier[] asked = [SysDescr, Oid("1.3.6.1.2.1.1"), SysUpTime];
                var (pdu, datagram) = await ctx.GetNextAsync(asked).ConfigureAwait(false);
                RequireNoError(pdu, datagram);
                if (pdu.VarBinds.Count != 3)
                {
                    return CheckVerdict.Fail("3 varbinds", Describe(pdu), datagram.Octets);
                }

                for (int i = 0; i < 3; i++)
                {
                    if (pdu.VarBinds[i].Value is not EndOfMibView && pdu.VarBinds[i].Oid <= asked[i])
                    {
                        return CheckVerdict.Fail($"varbind {i + 1} after {asked[i]}", $"{pdu.VarBinds[i].Oid}", datagram.Octets);
                    }
                }

                return pdu.VarBinds[1].Oid == SysDescr ? CheckVerdict.Pass() : CheckVerdict.Fail($"varbind 2 = {SysDescr} (the successor of system)", $"{pdu.VarBinds[1].Oid}", datagram.Octets);
            });

        foreach (var check in Rfc3416BulkChecks.All())
        {
            yield return check;
        }

        foreach (var check in Rfc3416SetChecks.All())
        {
            yield return check;
        }
    }

    private static async Task<CheckVerdict> RequestIdEchoedAsync(CheckContext ctx, int requestId)
    {
        var request = CheckContext.Community(SnmpVersion.SNMPv2c, ctx.ReadCommunity, new Pdu(PduType.GetRequest, requestId, VarBindList.ForRequest(SysUpTime)));
        var reply = await ctx.SendAsync(request).ConfigureAwait(false);
        if (reply is null)
        {
            return CheckVerdict.Fail($"a Response-PDU with request-id {Text(requestId)}", "no answer", request);
        }

        var message = CheckContext.DecodeCommunity(reply);
        return message.Pdu.RequestId == requestId && message.Pdu.Type == PduType.Response
            ? CheckVerdict.Pass()
            : CheckVerdict.Fail($"a Response-PDU with request-id {Text(requestId)}", $"a {message.Pdu.Type} with request-id {Text(message.Pdu.RequestId)}", reply.Octets);
    }
}
