using Snmp.Conformance.Wire;
using Snmp.Pdus;
using static Snmp.Conformance.Checks.CheckHelpers;

namespace Snmp.Conformance.Checks;

/// <summary>RFC 3584 (communities, SNMPv1 beside SNMPv2) and RFC 3415 (views never leak).</summary>
internal static class Rfc3584Checks
{
    private const CheckPrerequisites Read = CheckPrerequisites.ReadCommunity;
    private const CheckPrerequisites Write = CheckPrerequisites.ReadCommunity | CheckPrerequisites.WriteCommunity;

    private const string GetExceptions = "\"If the error-status is noError, the variable bindings SHALL be checked for any SNMPv2 exception (noSuchObject or noSuchInstance) or an SNMPv2 syntax that is unknown to SNMPv1 (Counter64). If there are any such variable bindings, one of those variable bindings SHALL be selected (it is an implementation choice as to which is selected), and: - The error-status SHALL be set to noSuchName, - The error-index SHALL be set to the position (in the variable binding list of the original request) of the selected variable binding ...\" (RFC 3584 section 4.2.2.3, step (2))";

    private const string GetNextExceptions = "\"If there is any variable binding that contains an SNMPv2 exception endOfMibView (if there is more than one then it is an implementation decision as to which is chosen): - The error-status SHALL be set to noSuchName, - The error-index SHALL be set to the position (in the variable binding list of the original request) of the variable binding that returned such an SNMPv2 exception ...\" (RFC 3584 section 4.2.2.4, step (2))";

    private const string ErrorMapping = "\"The error status SHALL be translated to an SNMPv1 error-status using the table in section 4.4, \"Error Status Mappings\". - The error-index SHALL be set to the position (in the original request) of the variable binding that caused the error-status.\" (RFC 3584 section 4.2.2.5); the table maps wrongValue, wrongEncoding, wrongType, wrongLength and inconsistentValue to badValue, noAccess, notWritable, noCreation, inconsistentName and authorizationError to noSuchName (section 4.4)";

    private const string Counter64Get = "\"The impact on multi-lingual command responders is that they MUST NOT ever return a variable binding containing a Counter64 value in a response to a request that was received using the SNMPv1 message version. ... On receipt of an SNMPv1 GetRequest-PDU containing a variable binding whose name field points to an object instance of type Counter64, a GetResponsePDU SHALL be returned, with an error-status of noSuchName and the error-index set to the variable binding that caused this error.\" (RFC 3584 section 4.2.2.1)";

    private const string Counter64GetNext = "\"The impact on multi-lingual command responders is that they MUST NOT ever return a variable binding containing a Counter64 value in a response to a request that was received using the SNMPv1 message version. ... On an SNMPv1 GetNextRequest-PDU, any object instance which contains a syntax of Counter64 SHALL be skipped, and the next accessible object instance that does not have the syntax of Counter64 SHALL be retrieved.\" (RFC 3584 section 4.2.2.1)";

    private const string BadCommunity = "\"If no such entry can be found, an authentication failure occurs as described in RFC 1157 [RFC1157], and the snmpInBadCommunityNames counter is incremented.\" (RFC 3584 section 5.2.1; an authentication failure discards the message, RFC 1157 section 4.1)";

    public static IEnumerable<ConformanceCheck> All()
    {
        yield return Check("rfc3584/5.2.1/1", CheckLevel.Must, Read,
            BadCommunity,
            "SNMPv2c GetRequest sysUpTime.0 with an unknown community", "no answer; snmpInBadCommunityNames one higher (when the agent serves it)", async ctx =>
            {
                var before = await ctx.ReadCounterAsync(SnmpInBadCommunityNames).ConfigureAwait(false);
                var request = CheckContext.Community(SnmpVersion.SNMPv2c, "conformance-no-such-community", new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)));
                var reply = await ctx.SendExpectingSilenceAsync(request, "a GetRequest with an unknown community").ConfigureAwait(false);
                if (reply is not null)
                {
                    return ExpectSilence(reply, "an unknown community");
                }

                var after = await ctx.ReadCounterAsync(SnmpInBadCommunityNames).ConfigureAwait(false);
                if (before is null || after is null)
                {
                    return CheckVerdict.Pass("silent; snmpInBadCommunityNames.0 not served, so not counted here");
                }

                return after > before ? CheckVerdict.Pass() : CheckVerdict.Fail($"snmpInBadCommunityNames above {before}", $"{after}", request);
            });

        yield return Check("rfc3584/5.2.1/2", CheckLevel.Must, Read,
            BadCommunity,
            "SNMPv1 SetRequest sysContact.0 with an unknown community", "no answer", async ctx =>
            {
                var request = CheckContext.Community(SnmpVersion.SNMPv1, "conformance-bad-write", new Pdu(PduType.SetRequest, ctx.NextRequestId(), new VarBindList(new VarBind(Oid("1.3.6.1.2.1.1.4.0"), new OctetString("x")))));
                return ExpectSilence(await ctx.SendExpectingSilenceAsync(request, "a SetRequest with an unknown community").ConfigureAwait(false), "an unknown community");
            });

        yield return Check("rfc3584/4.2.2.3/1", CheckLevel.Must, Read, GetExceptions,
            "SNMPv1 GetRequest sysUpTime.0 and 1.3.6.1.2.1.1.200.0 (no such object)", "noSuchName(2), error-index 2, no exception value", async ctx =>
            {
                var (pdu, datagram) = await V1Async(ctx, new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime, Oid("1.3.6.1.2.1.1.200.0"))), ctx.ReadCommunity).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.NoSuchName, 2);
            });

        yield return Check("rfc3584/4.2.2.4/1", CheckLevel.Must, Read, GetNextExceptions,
            "SNMPv1 GetNextRequest of the last name of the SNMPv2c walk", "noSuchName(2), error-index 1 (no endOfMibView)", async ctx =>
            {
                var walk = await ctx.WalkAsync().ConfigureAwait(false);
                if (walk[^1].Answer.Value is not EndOfMibView)
                {
                    return CheckVerdict.Skip("the walk did not reach the end of the MIB view");
                }

                var (pdu, datagram) = await V1Async(ctx, new Pdu(PduType.GetNextRequest, ctx.NextRequestId(), VarBindList.ForRequest(walk[^1].Asked)), ctx.ReadCommunity).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.NoSuchName, 1);
            });

        yield return Check("rfc3584/4.4/3", CheckLevel.Must, Write, ErrorMapping,
            "SNMPv1 SetRequest of the first writable object with an INTEGER (wrongType in SNMPv2)", "badValue(3), error-index 1", async ctx =>
            {
                var (pdu, datagram) = await V1Async(ctx, new Pdu(PduType.SetRequest, ctx.NextRequestId(), new VarBindList(new VarBind(ctx.Target.WritableObjects[0], new Integer32(7)))), ctx.WriteCommunity).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.BadValue, 1);
            });

        yield return Check("rfc3584/4.4/4", CheckLevel.Must, Write, ErrorMapping,
            "SNMPv1 SetRequest of the read-only object (notWritable in SNMPv2)", "noSuchName(2), error-index 1", async ctx =>
            {
                var (pdu, datagram) = await V1Async(ctx, new Pdu(PduType.SetRequest, ctx.NextRequestId(), new VarBindList(new VarBind(ctx.Target.ReadOnlyObject, new OctetString("conformance")))), ctx.WriteCommunity).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.NoSuchName, 1);
            });

        yield return Check("rfc3584/4.4/5", CheckLevel.Must, Write, ErrorMapping,
            "SNMPv1 SetRequest of the first writable object with the read community (noAccess in SNMPv2)", "noSuchName(2), error-index 1 (or 0 for a request refused as a whole)", async ctx =>
            {
                var (pdu, datagram) = await V1Async(ctx, new Pdu(PduType.SetRequest, ctx.NextRequestId(), new VarBindList(new VarBind(ctx.Target.WritableObjects[0], new OctetString("conformance-v1")))), ctx.ReadCommunity).ConfigureAwait(false);
                // authorizationError (the request refused as a whole, error-index 0) maps to noSuchName too.
                return pdu.ErrorStatus == ErrorStatus.NoSuchName && pdu.ErrorIndex == 0 ? CheckVerdict.Pass("noSuchName, error-index 0 (authorizationError mapped)") : ExpectError(pdu, datagram, ErrorStatus.NoSuchName, 1);
            });

        yield return Check("rfc3584/4.2.2.1/1", CheckLevel.Must, Read, Counter64GetNext,
            "SNMPv1 GetNextRequest of the name just before the walk's first Counter64 object", "not Counter64 (tag 0x46): the next object SNMPv1 can carry", async ctx =>
            {
                var (before, counter) = await FirstCounter64Async(ctx).ConfigureAwait(false);
                var request = CheckContext.Community(SnmpVersion.SNMPv1, ctx.ReadCommunity, new Pdu(PduType.GetNextRequest, ctx.NextRequestId(), VarBindList.ForRequest(before)));
                var reply = await ctx.SendAsync(request).ConfigureAwait(false) ?? throw Failed("a GetResponse", "no answer", new Datagram(request, ctx.Target.Agent));
                if (HasCounter64(reply))
                {
                    return CheckVerdict.Fail($"the object after {counter} (Counter64 skipped)", "a Counter64 value (tag 0x46) in an SNMPv1 message", reply.Octets);
                }

                var pdu = (Pdu)CheckContext.DecodeCommunity(reply).Pdu;
                if (pdu.ErrorStatus == ErrorStatus.NoError && pdu.VarBinds[0].Oid <= counter)
                {
                    return CheckVerdict.Fail($"a name after {counter}", $"{pdu.VarBinds[0].Oid}", reply.Octets);
                }

                return CheckVerdict.Pass();
            });

        yield return Check("rfc3584/4.2.2.1/2", CheckLevel.Must, Read, Counter64Get,
            "SNMPv1 GetRequest of the walk's first Counter64 object", "noSuchName(2), error-index 1, no Counter64", async ctx =>
            {
                var (_, counter) = await FirstCounter64Async(ctx).ConfigureAwait(false);
                var request = CheckContext.Community(SnmpVersion.SNMPv1, ctx.ReadCommunity, new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(counter)));
                var reply = await ctx.SendAsync(request).ConfigureAwait(false) ?? throw Failed("a GetResponse", "no answer", new Datagram(request, ctx.Target.Agent));
                if (HasCounter64(reply))
                {
                    return CheckVerdict.Fail("noSuchName", "a Counter64 value (tag 0x46) in an SNMPv1 message", reply.Octets);
                }

                var pdu = (Pdu)CheckContext.DecodeCommunity(reply).Pdu;
                return ExpectError(pdu, reply, ErrorStatus.NoSuchName, 1);
            });

        yield return Check("rfc3584/4.2.2.2/1", CheckLevel.Should, Read,
            "\"... a GetBulkRequest should only be received in an SNMPv2c or SNMPv3 message ...\" (RFC 3584 section 4.2.2.2, lower-case: RFC 1157 defines no GetBulkRequest-PDU, so an SNMPv1 message carrying one does not parse as SNMPv1; no RFC says MUST about it, hence SHOULD)",
            "an SNMPv1 message carrying a GetBulkRequest-PDU (tag 0xA5)", "no answer", async ctx =>
            {
                var octets = CheckContext.Community(SnmpVersion.SNMPv2c, ctx.ReadCommunity, new BulkPdu(ctx.NextRequestId(), 0, 5, VarBindList.ForRequest(Oid("1.3.6.1.2.1.1"))));
                var tree = BerNode.TryParse(octets)!;
                octets[tree.HeaderLength + 2] = 0;
                return ExpectSilence(await ctx.SendExpectingSilenceAsync(octets, "a GetBulkRequest in SNMPv1").ConfigureAwait(false), "a GetBulkRequest in SNMPv1");
            });

        yield return Check("rfc3584/4.4/6", CheckLevel.Must, Read,
            "\"The following tables shows the mappings of SNMPv1 error-status values into SNMPv2 error-status values, and the mappings of SNMPv2 error-status values into SNMPv1 error-status values.\" (RFC 3584 section 4.4: every SNMPv2 error maps onto noError, tooBig, noSuchName, badValue or genErr; SNMPv1 has error-status 0 to 5, RFC 1157 section 4.1.1)",
            "SNMPv1 GetRequest of sysUpTime.0, sysDescr.1 and 1.3.6.1.2.1.1.200.0", "an error-status from 0 to 5 and no exception value", async ctx =>
            {
                var (pdu, datagram) = await V1Async(ctx, new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime, Oid("1.3.6.1.2.1.1.1.1"), Oid("1.3.6.1.2.1.1.200.0"))), ctx.ReadCommunity).ConfigureAwait(false);
                return (int)pdu.ErrorStatus is >= 0 and <= 5 ? CheckVerdict.Pass() : CheckVerdict.Fail("error-status 0..5", Describe(pdu), datagram.Octets);
            });

        foreach (var check in Rfc3415Checks.All())
        {
            yield return check;
        }
    }

    private static async Task<(Pdu Pdu, Datagram Datagram)> V1Async(CheckContext ctx, Pdu request, string community)
    {
        var octets = CheckContext.Community(SnmpVersion.SNMPv1, community, request);
        var reply = await ctx.SendAsync(octets).ConfigureAwait(false) ?? throw Failed("a GetResponse-PDU", "no answer", new Datagram(octets, ctx.Target.Agent));
        if (HasCounter64(reply) || HasException(reply))
        {
            throw Failed("an SNMPv1 GetResponse (no Counter64, no exception values)", "a value SNMPv1 cannot carry", reply);
        }

        var message = CheckContext.DecodeCommunity(reply);
        if (message.Pdu is not Pdu pdu || pdu.Type != PduType.Response || pdu.RequestId != request.RequestId)
        {
            throw Failed($"a GetResponse with request-id {request.RequestId}", $"{message.Pdu.Type} request-id {message.Pdu.RequestId}", reply);
        }

        return (pdu, reply);
    }

    /// <summary>The walk's first Counter64 object and the name asked just before it; skips the check when the walk has none.</summary>
    private static async Task<(ObjectIdentifier Before, ObjectIdentifier Counter)> FirstCounter64Async(CheckContext ctx)
    {
        foreach (var step in await ctx.WalkAsync().ConfigureAwait(false))
        {
            if (step.Answer.Value is Snmp.Counter64)
            {
                return (step.Asked, step.Answer.Oid);
            }
        }

        throw new CheckSkippedException("the walk found no Counter64 object");
    }

    /// <summary>A value with tag 0x46 (Counter64) among the varbinds of a raw SNMPv1 message.</summary>
    public static bool HasCounter64(Datagram reply) => VarBindValueTags(reply).Contains((byte)0x46);

    private static bool HasException(Datagram reply) => VarBindValueTags(reply).Any(t => t is 0x80 or 0x81 or 0x82);

    private static IEnumerable<byte> VarBindValueTags(Datagram reply)
    {
        var tree = BerNode.TryParse(reply.Octets);
        if (tree?.Children is not { Count: 3 } message || message[2].Children is not { Count: 4 } pdu || pdu[3].Children is not { } list)
        {
            return [];
        }

        return list.Where(vb => vb.Children is { Count: 2 }).Select(vb => vb.Children![1].Tag[0]).ToArray();
    }
}
