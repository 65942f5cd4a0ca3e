using Snmp.Conformance.Wire;
using Snmp.Messages;
using Snmp.Pdus;
using static Snmp.Conformance.Checks.CheckHelpers;

namespace Snmp.Conformance.Checks;

/// <summary>RFC 3412 (SNMPv3 message processing), RFC 3414 (USM) and RFC 3413's unknown context, over the wire.</summary>
internal static class Rfc3414Checks
{
    private const CheckPrerequisites Auth = CheckPrerequisites.AuthUser;
    private const CheckPrerequisites Priv = CheckPrerequisites.PrivUser;

    private const string Unconfirmed = "\"The reportableFlag MUST always be zero when the message contains a PDU from the Unconfirmed Class, such as a Report PDU, a response-type PDU (such as a Response PDU), or an unacknowledged notification-type PDU (such as an SNMPv2-trap PDU).\" (RFC 3412 section 6.4)";

    public static IEnumerable<ConformanceCheck> All()
    {
        yield return Check("rfc3414/4/1", CheckLevel.Must, CheckPrerequisites.None,
            "\"Note that an empty (zero length) securityEngineID is OK for a Request message, because that will cause the remote (authoritative) SNMP engine to return a Report PDU with the proper securityEngineID included in the msgAuthoritativeEngineID in the securityParameters of that returned Report PDU.\" (RFC 3414 section 3.1, step 5); \"Note in the event that a zero-length, or other illegally sized msgAuthoritativeEngineID is received, b) should be chosen to facilitate engineID discovery.\" (section 3.2, step 3; b) is usmStatsUnknownEngineIDs); SnmpEngineID ::= \"OCTET STRING (SIZE(5..32))\" (RFC 3411, SNMP-FRAMEWORK-MIB)",
            "a noAuthNoPriv reportable GetRequest with an empty msgAuthoritativeEngineID and user", "a Report with usmStatsUnknownEngineIDs.0 and an snmpEngineID of 5 to 32 octets", async ctx =>
            {
                var found = await ctx.TryDiscoverAsync().ConfigureAwait(false) ?? throw Failed("a Report", "no answer", null);
                var report = found.Report;
                var verdict = ExpectReport(report, UsmStatsUnknownEngineIds);
                if (verdict.Outcome != CheckOutcome.Pass)
                {
                    return verdict;
                }

                return found.Engine.EngineId.Length is >= 5 and <= 32 ? CheckVerdict.Pass() : CheckVerdict.Fail("an snmpEngineID of 5 to 32 octets", $"{found.Engine.EngineId.Length} octets", report.Datagram.Octets);
            });

        yield return Check("rfc3412/7.1/1", CheckLevel.Must, CheckPrerequisites.None,
            "\"The cached information for the original request is retrieved via the stateReference, including: - msgID, ...\" (RFC 3412 section 7.1, step 2b) and \"msgID is set as determined in step 1 or 2 above.\" (step 7b)",
            "discovery with msgID 31337", "a Report with msgID 31337", async ctx =>
            {
                var request = ctx.V3.Build(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.Empty), MsgId = 31337, UserName = "", EngineId = [] }, null);
                var reply = await ctx.SendAsync(request).ConfigureAwait(false) ?? throw Failed("a Report", "no answer", new Datagram(request, ctx.Target.Agent));
                var opened = ctx.V3.Open(reply);
                return opened.Message.GlobalData.MsgId == 31337 ? CheckVerdict.Pass() : CheckVerdict.Fail("msgID 31337", $"msgID {opened.Message.GlobalData.MsgId}", reply.Octets);
            });

        yield return Check("rfc3412/6.4/1", CheckLevel.Must, CheckPrerequisites.None, Unconfirmed,
            "discovery (a reportable request)", "a Report whose msgFlags has reportableFlag zero", async ctx =>
            {
                var found = await ctx.TryDiscoverAsync().ConfigureAwait(false) ?? throw Failed("a Report", "no answer", null);
                var flags = found.Report.Message.GlobalData.MsgFlags;
                return flags.HasFlag(MsgFlags.Reportable) ? CheckVerdict.Fail("reportableFlag 0", $"msgFlags 0x{(byte)flags:X2}", found.Report.Datagram.Octets) : CheckVerdict.Pass();
            });

        yield return Check("rfc3412/6.4/2", CheckLevel.Must, Priv,
            "\"The reportableFlag is a secondary aid in determining whether a Report PDU MUST be sent. It is only used in cases where the PDU portion of a message cannot be decoded, due to, for example, an incorrect encryption key. ... Similarly, when the reportableFlag is used and its value is zero, then a Report PDU MUST NOT be sent.\" (RFC 3412 section 6.4; section 7.1, step 3b: \"if the reportableFlag is zero and the pduType cannot be determined, then the original message is discarded\")",
            "an authPriv GetRequest with reportableFlag zero, properly authenticated, whose msgPrivacyParameters has 4 octets (it cannot be decrypted)", "no answer (no usmStatsDecryptionErrors Report)", async ctx =>
            {
                var engine = await ctx.EngineAsync().ConfigureAwait(false);
                var request = ctx.V3.Build(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), Level = SecurityLevel.AuthPriv, PrivacyParameters = [1, 2, 3, 4], Reportable = false }, engine);
                return ExpectSilence(await ctx.SendExpectingSilenceAsync(request, "an undecryptable request with reportableFlag zero").ConfigureAwait(false), "an undecryptable request with reportableFlag zero");
            });

        yield return Check("rfc3412/6.4/4", CheckLevel.Must, CheckPrerequisites.None,
            "\"If the reportableFlag is set to zero for a message containing a request-type PDU (such as a Get PDU) or an acknowledged notification-type PDU (such as an Inform PDU), then the receiver of that message MUST process it as though the reportableFlag had been set to one.\" (RFC 3412 section 6.4)",
            "discovery (a noAuthNoPriv GetRequest, empty msgAuthoritativeEngineID and user) with reportableFlag zero", "a Report with usmStatsUnknownEngineIDs.0, as to discovery with reportableFlag one", async ctx =>
            {
                var request = ctx.V3.Build(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.Empty), MsgId = ctx.NextMsgId(), UserName = "", EngineId = [], Reportable = false }, null);
                // No answer is found out by order too: the GetRequest sent after it is answered first.
                var reply = await ctx.SendExpectingSilenceAsync(request, "discovery with reportableFlag zero").ConfigureAwait(false)
                    ?? throw Failed("a Report", "no answer (the request sent after it was answered, this one not)", new Datagram(request, ctx.Target.Agent));
                return ExpectReport(ctx.V3.Open(reply), UsmStatsUnknownEngineIds);
            });

        yield return Check("rfc3412/6.4/3", CheckLevel.Must, Auth, Unconfirmed,
            "an authenticated GetRequest sysUpTime.0 at the user's level, msgID 4242", "a Response with msgID 4242, reportableFlag zero, the request's securityLevel, a digest that verifies", async ctx =>
            {
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), Level = ctx.UserLevel, MsgId = 4242 }).ConfigureAwait(false);
                var flags = reply.Message.GlobalData.MsgFlags;
                var expectedFlags = ctx.UserLevel == SecurityLevel.AuthPriv ? MsgFlags.Auth | MsgFlags.Priv : MsgFlags.Auth;
                if (reply.Pdu.Type != PduType.Response)
                {
                    return CheckVerdict.Fail("a Response", DescribeV3(reply), reply.Datagram.Octets);
                }

                if (flags != expectedFlags || reply.Message.GlobalData.MsgId != 4242)
                {
                    return CheckVerdict.Fail($"msgID 4242, msgFlags 0x{(byte)expectedFlags:X2}", $"msgID {reply.Message.GlobalData.MsgId}, msgFlags 0x{(byte)flags:X2}", reply.Datagram.Octets);
                }

                return reply.DigestVerified == true ? CheckVerdict.Pass() : CheckVerdict.Fail("a digest that verifies with the user's key", "one that does not", reply.Datagram.Octets);
            });

        yield return Check("rfc3412/7.2/1", CheckLevel.Must, CheckPrerequisites.None,
            "\"If the authFlag is not set and privFlag is set, then the snmpInvalidMsgs counter is incremented, the message is discarded without further processing, and a FAILURE result is returned.\" (RFC 3412 section 7.2, step 5d)",
            "a reportable GetRequest with msgFlags 0x06 (privFlag without authFlag)", "no answer; snmpInvalidMsgs one higher when the agent serves it", ctx =>
                DroppedAndCountedAsync(ctx, new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), Flags = MsgFlags.Priv | MsgFlags.Reportable, UserName = "" }, SnmpInvalidMsgs));

        yield return Check("rfc3412/7.2/2", CheckLevel.Must, CheckPrerequisites.None,
            "\"If the value of the msgSecurityModel component does not match a supported securityModel, then the snmpUnknownSecurityModels counter is incremented, the message is discarded without further processing, and a FAILURE result is returned.\" (RFC 3412 section 7.2, step 4)",
            "a reportable GetRequest with msgSecurityModel 99", "no answer; snmpUnknownSecurityModels one higher when the agent serves it", ctx =>
                DroppedAndCountedAsync(ctx, new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), SecurityModel = 99, UserName = "" }, SnmpUnknownSecurityModels));

        yield return Check("rfc3414/3.2/1", CheckLevel.Must, CheckPrerequisites.None,
            "\"If the value of the msgAuthoritativeEngineID field in the securityParameters is unknown then: ... b) the usmStatsUnknownEngineIDs counter is incremented, and an error indication (unknownEngineID) together with the OID and value of the incremented counter is returned to the calling module.\" (RFC 3414 section 3.2, step 3)",
            "a noAuthNoPriv reportable GetRequest for engine ID 80000000000000000000000001", "a Report with usmStatsUnknownEngineIDs.0", async ctx =>
            {
                await ctx.EngineAsync().ConfigureAwait(false);
                byte[] other = Convert.FromHexString("80000000000000000000000001");
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), UserName = ctx.Target.UserName ?? "conformance", EngineId = other, ContextEngineId = other }).ConfigureAwait(false);
                return ExpectReport(reply, UsmStatsUnknownEngineIds);
            });

        yield return Check("rfc3414/3.2/2", CheckLevel.Must, CheckPrerequisites.None,
            "\"If no information is available for the user, then the usmStatsUnknownUserNames counter is incremented and an error indication (unknownSecurityName) together with the OID and value of the incremented counter is returned to the calling module.\" (RFC 3414 section 3.2, step 4)",
            "a noAuthNoPriv reportable GetRequest as user \"conformance-no-such-user\"", "a Report with usmStatsUnknownUserNames.0", async ctx =>
            {
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), UserName = "conformance-no-such-user" }).ConfigureAwait(false);
                return ExpectReport(reply, UsmStatsUnknownUserNames);
            });

        yield return Check("rfc3414/3.2/3", CheckLevel.Must, CheckPrerequisites.NoAuthUser,
            "\"If the information about the user indicates that it does not support the securityLevel requested by the caller, then the usmStatsUnsupportedSecLevels counter is incremented and an error indication (unsupportedSecurityLevel) together with the OID and value of the incremented counter is returned to the calling module.\" (RFC 3414 section 3.2, step 5)",
            "an authNoPriv reportable GetRequest as the noAuthNoPriv-only user", "a Report with usmStatsUnsupportedSecLevels.0", async ctx =>
            {
                var engine = await ctx.EngineAsync().ConfigureAwait(false);
                var request = new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), UserName = ctx.Target.NoAuthUser, Flags = MsgFlags.Auth | MsgFlags.Reportable };
                var octets = BuildWithFakeDigest(ctx, request, engine);
                var reply = await ctx.SendAsync(octets).ConfigureAwait(false) ?? throw Failed("a Report", "no answer", new Datagram(octets, ctx.Target.Agent));
                return ExpectReport(ctx.V3.Open(reply), UsmStatsUnsupportedSecLevels);
            });

        yield return Check("rfc3414/3.2/4", CheckLevel.Must, Auth,
            "\"If the authentication module returns failure, then the message cannot be trusted, so the usmStatsWrongDigests counter is incremented and an error indication (authenticationFailure) together with the OID and value of the incremented counter is returned to the calling module.\" (RFC 3414 section 3.2, step 6)",
            "a reportable GetRequest at the user's level with one digest octet changed", "a Report with usmStatsWrongDigests.0", async ctx =>
            {
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), Level = ctx.UserLevel, CorruptDigest = true }).ConfigureAwait(false);
                return ExpectReport(reply, UsmStatsWrongDigests);
            });

        yield return Check("rfc3414/3.2/5", CheckLevel.Must, Auth,
            "\"If the message is considered to be outside of the Time Window then the usmStatsNotInTimeWindows counter is incremented and an error indication (notInTimeWindow) together with the OID, the value of the incremented counter, and an indication that the error must be reported with a securityLevel of authNoPriv, is returned to the calling module\" (RFC 3414 section 3.2, step 7a)",
            "a reportable GetRequest at the user's level with msgAuthoritativeEngineTime 1000 s ahead", "a Report with usmStatsNotInTimeWindows.0, authNoPriv, its digest verifying with the user's key", async ctx =>
            {
                var engine = await ctx.EngineAsync().ConfigureAwait(false);
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), Level = ctx.UserLevel, Time = V3Messages.CurrentTime(engine) + 1000 }).ConfigureAwait(false);
                var verdict = ExpectReport(reply, UsmStatsNotInTimeWindows);
                if (verdict.Outcome != CheckOutcome.Pass)
                {
                    return verdict;
                }

                var flags = reply.Message.GlobalData.MsgFlags;
                return (flags & (MsgFlags.Auth | MsgFlags.Priv)) == MsgFlags.Auth && reply.DigestVerified == true
                    ? CheckVerdict.Pass()
                    : CheckVerdict.Fail("an authNoPriv Report whose digest verifies", $"msgFlags 0x{(byte)flags:X2}, digest {(reply.DigestVerified == true ? "verifies" : "does not verify")}", reply.Datagram.Octets);
            });

        yield return Check("rfc3414/3.2/6", CheckLevel.Must, Auth,
            "\"If any securityStateReference is passed (Response or Report message), then information concerning the user is extracted from the cachedSecurityData. ... The securityEngineID is set to the local snmpEngineID.\" (RFC 3414 section 3.1, step 1a) and \"If the securityLevel specifies that the message is to be authenticated, then the current values of snmpEngineBoots and snmpEngineTime corresponding to the securityEngineID from the LCD are used.\" (step 6a)",
            "a reportable GetRequest at the user's level with msgAuthoritativeEngineBoots one lower", "a notInTimeWindow Report carrying the boots discovery found and a time within 5 s of it", async ctx =>
            {
                var engine = await ctx.EngineAsync().ConfigureAwait(false);
                if (engine.Boots == 0)
                {
                    return CheckVerdict.Skip("snmpEngineBoots is 0: no lower value to send");
                }

                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), Level = ctx.UserLevel, Boots = engine.Boots - 1 }).ConfigureAwait(false);
                var verdict = ExpectReport(reply, UsmStatsNotInTimeWindows);
                if (verdict.Outcome != CheckOutcome.Pass)
                {
                    return verdict;
                }

                int now = V3Messages.CurrentTime(engine);
                return reply.Usm.AuthoritativeEngineBoots == engine.Boots && Math.Abs(reply.Usm.AuthoritativeEngineTime - now) <= 5
                    ? CheckVerdict.Pass()
                    : CheckVerdict.Fail($"boots {engine.Boots}, time about {now}", $"boots {reply.Usm.AuthoritativeEngineBoots}, time {reply.Usm.AuthoritativeEngineTime}", reply.Datagram.Octets);
            });

        yield return Check("rfc3414/3.2/8", CheckLevel.Should, Priv,
            "\"If the information about the user indicates that it does not support the securityLevel requested by the caller, then the usmStatsUnsupportedSecLevels counter is incremented ...\" (RFC 3414 section 3.2, step 5). The RFC does not say whether a user with an authentication and a privacy protocol supports authNoPriv; the checker reads that it does (whether it may use it is VACM's to say), hence SHOULD",
            "an authNoPriv GetRequest sysUpTime.0 as the authPriv user", "a Response (or a VACM refusal), not usmStatsUnsupportedSecLevels", async ctx =>
            {
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), Level = SecurityLevel.AuthNoPriv }).ConfigureAwait(false);
                return reply.ScopedPdu?.Pdu is Pdu { Type: PduType.Report } report && report.VarBinds.Count > 0 && report.VarBinds[0].Oid == UsmStatsUnsupportedSecLevels
                    ? CheckVerdict.Fail("a Response", Describe(report), reply.Datagram.Octets)
                    : CheckVerdict.Pass();
            });

        yield return Check("rfc3414/3.2/7", CheckLevel.Must, Priv,
            "\"If the privacy module returns failure, then the message can not be processed, so the usmStatsDecryptionErrors counter is incremented and an error indication (decryptionError) together with the OID and value of the incremented counter is returned to the calling module.\" (RFC 3414 section 3.2, step 8a; msgPrivacyParameters of other than 8 octets cannot be decrypted, RFC 3414 section 8.3.2 and RFC 3826 section 3.1.4)",
            "an authPriv reportable GetRequest, properly authenticated, whose msgPrivacyParameters has 4 octets", "a Report with usmStatsDecryptionErrors.0", async ctx =>
            {
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), Level = SecurityLevel.AuthPriv, PrivacyParameters = [1, 2, 3, 4] }).ConfigureAwait(false);
                return ExpectReport(reply, UsmStatsDecryptionErrors);
            });

        yield return Check("rfc3414/2.2/1", CheckLevel.Must, Auth,
            "\"The securityEngineID is set to the local snmpEngineID.\" (RFC 3414 section 3.1, step 1a) and \"the current values of snmpEngineBoots and snmpEngineTime corresponding to the securityEngineID from the LCD are used.\" (step 6a): the objects snmpEngineID, snmpEngineBoots and snmpEngineTime (RFC 3411, SNMP-FRAMEWORK-MIB) read what the USM carries",
            "an authenticated GetRequest snmpEngineID.0, snmpEngineBoots.0, snmpEngineTime.0", "the engine ID and boots discovery found, a time within 5 s of discovery's plus the time since", async ctx =>
            {
                var engine = await ctx.EngineAsync().ConfigureAwait(false);
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SnmpEngineId, SnmpEngineBoots, SnmpEngineTime)), MsgId = ctx.NextMsgId(), Level = ctx.UserLevel }).ConfigureAwait(false);
                var pdu = reply.Pdu as Pdu;
                if (pdu is null || pdu.Type != PduType.Response || pdu.VarBinds.Count != 3)
                {
                    return CheckVerdict.Fail("a Response with three varbinds", DescribeV3(reply), reply.Datagram.Octets);
                }

                int now = V3Messages.CurrentTime(engine);
                bool idMatches = pdu.VarBinds[0].Value is OctetString id && id.Span.SequenceEqual(engine.EngineId);
                bool bootsMatch = pdu.VarBinds[1].Value is Integer32 boots && boots.Value == engine.Boots;
                bool timeMatches = pdu.VarBinds[2].Value is Integer32 time && Math.Abs(time.Value - now) <= 5;
                return idMatches && bootsMatch && timeMatches
                    ? CheckVerdict.Pass()
                    : CheckVerdict.Fail($"{Convert.ToHexString(engine.EngineId)}, {engine.Boots}, about {now}", $"{pdu.VarBinds[0].Value}, {pdu.VarBinds[1].Value}, {pdu.VarBinds[2].Value}", reply.Datagram.Octets);
            });

        yield return Check("rfc3413/3.2/1", CheckLevel.Must, Auth,
            "\"If the isAccessAllowed ASI returns a noSuchContext error, processing of the management operation is halted, no result PDU is generated, the snmpUnknownContexts counter is incremented, and control is passed to step (6) below for generation of a report message.\" (RFC 3413 section 3.2); \"If information about this SNMP context is absent from the table, then an errorIndication (noSuchContext) is returned to the calling module.\" (RFC 3415 section 3.2, step 1)",
            "an authenticated reportable GetRequest in context \"conformance-no-such-context\"", "a Report with snmpUnknownContexts.0", async ctx =>
            {
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)), MsgId = ctx.NextMsgId(), Level = ctx.UserLevel, ContextName = "conformance-no-such-context" }).ConfigureAwait(false);
                return ExpectReport(reply, SnmpUnknownContexts);
            });

        yield return Check("rfc3416/4.2.1/13", CheckLevel.Must, Auth,
            "This alternate Response-PDU is formatted with the same value in its request-id field as the received GetRequest-PDU, with the value of its error-status field set to `tooBig', the value of its error-index field set to zero, and an empty variable-bindings field.",
            "an authenticated GetRequest of sysDescr.0 20 times with msgMaxSize 484 (the request itself under 484 octets)", "tooBig, error-index 0, no varbinds, in a message of at most 484 octets", async ctx =>
            {
                var oids = Enumerable.Repeat(SysDescr, 20).ToArray();
                var reply = await ctx.V3Async(new V3Request { Pdu = new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(oids)), MsgId = ctx.NextMsgId(), Level = ctx.UserLevel, MsgMaxSize = 484 }).ConfigureAwait(false);
                if (reply.Pdu is not Pdu pdu || pdu.Type != PduType.Response)
                {
                    return CheckVerdict.Fail("a Response", DescribeV3(reply), reply.Datagram.Octets);
                }

                if (pdu.ErrorStatus == ErrorStatus.NoError && reply.Datagram.Octets.Length <= 484)
                {
                    return CheckVerdict.Skip("the 20 values fit in 484 octets: tooBig not provoked");
                }

                return pdu.ErrorStatus == ErrorStatus.TooBig && pdu.ErrorIndex == 0 && pdu.VarBinds.Count == 0 && reply.Datagram.Octets.Length <= 484
                    ? CheckVerdict.Pass()
                    : CheckVerdict.Fail("tooBig(1), error-index 0, no varbinds, at most 484 octets", $"{Describe(pdu)} in {reply.Datagram.Octets.Length} octets", reply.Datagram.Octets);
            });

        yield return Check("rfc3416/4.2.3/9", CheckLevel.Must, Auth,
            "If the size of the message encapsulating the Response-PDU containing the requested number of variable bindings would be greater than either a local constraint or the maximum message size of the originator, then the response is generated with a lesser number of variable bindings.",
            "an authenticated GetBulkRequest max-repetitions 100 from the walk root with msgMaxSize 484", "noError, some varbinds, the whole message at most 484 octets", async ctx =>
            {
                var reply = await ctx.V3Async(new V3Request { Pdu = new BulkPdu(ctx.NextRequestId(), 0, 100, VarBindList.ForRequest(ctx.Target.WalkRoot)), MsgId = ctx.NextMsgId(), Level = ctx.UserLevel, MsgMaxSize = 484 }).ConfigureAwait(false);
                if (reply.Pdu is not Pdu pdu || pdu.Type != PduType.Response)
                {
                    return CheckVerdict.Fail("a Response", DescribeV3(reply), reply.Datagram.Octets);
                }

                return pdu.ErrorStatus == ErrorStatus.NoError && pdu.VarBinds.Count > 0 && reply.Datagram.Octets.Length <= 484
                    ? CheckVerdict.Pass($"{pdu.VarBinds.Count} varbinds in {reply.Datagram.Octets.Length} octets")
                    : CheckVerdict.Fail("noError with some varbinds in at most 484 octets", $"{Describe(pdu)} in {reply.Datagram.Octets.Length} octets", reply.Datagram.Octets);
            });
    }

    private static string DescribeV3(V3Reply reply) => reply.ScopedPdu?.Pdu is Pdu pdu ? Describe(pdu) : $"{reply.ScopedPdu?.Pdu.Type.ToString() ?? "an unreadable PDU"}";

    /// <summary>A Report whose first varbind is <paramref name="counter"/> (a Counter32).</summary>
    private static CheckVerdict ExpectReport(V3Reply reply, ObjectIdentifier counter)
    {
        if (reply.ScopedPdu?.Pdu is not Pdu pdu || pdu.Type != PduType.Report)
        {
            return CheckVerdict.Fail($"a Report with {counter}", reply.ScopedPdu is null ? "an encrypted answer" : DescribeV3(reply), reply.Datagram.Octets);
        }

        if (pdu.VarBinds.Count < 1 || pdu.VarBinds[0].Oid != counter || pdu.VarBinds[0].Value is not Counter32)
        {
            return CheckVerdict.Fail($"a Report with {counter} (Counter32)", Describe(pdu), reply.Datagram.Octets);
        }

        return reply.Message.GlobalData.MsgFlags.HasFlag(MsgFlags.Reportable)
            ? CheckVerdict.Fail("reportableFlag 0 on the Report", $"msgFlags 0x{(byte)reply.Message.GlobalData.MsgFlags:X2}", reply.Datagram.Octets)
            : CheckVerdict.Pass();
    }

    private static async Task<CheckVerdict> DroppedAndCountedAsync(CheckContext ctx, V3Request request, ObjectIdentifier counter)
    {
        var before = await ctx.ReadCounterAsync(counter).ConfigureAwait(false);
        var octets = ctx.V3.Build(request with { MsgId = ctx.NextMsgId() }, null);
        var reply = await ctx.SendExpectingSilenceAsync(octets, "the message").ConfigureAwait(false);
        if (reply is not null)
        {
            return ExpectSilence(reply, "the message");
        }

        var after = await ctx.ReadCounterAsync(counter).ConfigureAwait(false);
        if (before is null || after is null)
        {
            return CheckVerdict.Pass($"silent; {counter} not served, so not counted here");
        }

        return after > before ? CheckVerdict.Pass() : CheckVerdict.Fail($"{counter} above {before}", $"{after}", octets);
    }

    /// <summary>A message that claims authentication with twelve octets of digest nobody could verify (the user has no key).</summary>
    private static byte[] BuildWithFakeDigest(CheckContext ctx, V3Request request, EngineState engine)
    {
        var noKeys = new V3Messages(new ConformanceTarget { Agent = ctx.Target.Agent, UserName = request.UserName });
        var plain = noKeys.Build(request with { Flags = MsgFlags.Reportable }, engine);
        // Re-encode the USM parameters with a 12-octet digest and set authFlag.
        var message = Snmp.Ber.SnmpMessageCodec.DecodeV3Message(plain);
        var usm = Snmp.Security.Usm.UsmSecurityParameters.Decode(message.SecurityParameters, out _) with { AuthenticationParameters = new byte[12] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 } };
        var header = message.GlobalData with { MsgFlags = MsgFlags.Auth | MsgFlags.Reportable };
        return Snmp.Ber.SnmpMessageCodec.Encode(new SnmpV3Message(header, usm.Encode(out _), message.ScopedPdu!));
    }
}
