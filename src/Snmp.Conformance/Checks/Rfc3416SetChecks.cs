using Snmp.Conformance.Wire;
using Snmp.Pdus;
using static Snmp.Conformance.Checks.CheckHelpers;

namespace Snmp.Conformance.Checks;

/// <summary>RFC 3416 4.2.5: SetRequest errors, error-index and atomicity; every change is undone.</summary>
internal static class Rfc3416SetChecks
{
    private const CheckPrerequisites Write = CheckPrerequisites.ReadCommunity | CheckPrerequisites.WriteCommunity;

    private const string WrongType = "Otherwise, if the variable binding's value field specifies, according to the ASN.1 language, a type which is inconsistent with that required for all variables which share the same OBJECT IDENTIFIER prefix as the variable binding's name, then the value of the Response-PDU's error-status field is set to `wrongType', and the value of its error-index field is set to the index of the failed variable binding.";

    public static IEnumerable<ConformanceCheck> All()
    {
        yield return Check("rfc3416/4.2.5/1", CheckLevel.Must, Write, WrongType,
            "SetRequest of the first writable object with an INTEGER", "wrongType, error-index 1; the object unchanged", ctx =>
                WithRestoreAsync(ctx, 1, async originals =>
                {
                    var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(Writable(ctx, 0), new Integer32(7))).ConfigureAwait(false);
                    return ExpectError(pdu, datagram, ErrorStatus.WrongType, 1);
                }));

        yield return Check("rfc3416/4.2.5/2", CheckLevel.Must, Write,
            "Otherwise, if the variable binding's value field specifies, according to the ASN.1 language, a length which is inconsistent with that required for all variables which share the same OBJECT IDENTIFIER prefix as the variable binding's name, then the value of the Response-PDU's error-status field is set to `wrongLength', and the value of its error-index field is set to the index of the failed variable binding.",
            "SetRequest of the first writable object (a DisplayString, SIZE 0..255) with 300 octets", "wrongLength, error-index 1", ctx =>
                WithRestoreAsync(ctx, 1, async originals =>
                {
                    var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(Writable(ctx, 0), new OctetString(new string('x', 300)))).ConfigureAwait(false);
                    return ExpectError(pdu, datagram, ErrorStatus.WrongLength, 1);
                }));

        yield return Check("rfc3416/4.2.5/3", CheckLevel.Must, Write,
            "Otherwise, if there are no variables which share the same OBJECT IDENTIFIER prefix as the variable binding's name, and which are able to be created or modified no matter what new value is specified, then the value of the Response-PDU's error-status field is set to `notWritable', and the value of its error-index field is set to the index of the failed variable binding.",
            "SetRequest of the read-only object (sysDescr.0) with an OCTET STRING", "notWritable, error-index 1", async ctx =>
            {
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(ctx.Target.ReadOnlyObject, new OctetString("conformance"))).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.NotWritable, 1);
            });

        yield return Check("rfc3416/4.2.5/4", CheckLevel.Must, Write,
            "Otherwise, if the variable binding's name specifies a variable which does not exist and could not ever be created (even though some variables sharing the same OBJECT IDENTIFIER prefix might under some circumstances be able to be created or modified), then the value of the Response-PDU's error-status field is set to `noCreation', and the value of its error-index field is set to the index of the failed variable binding.",
            "SetRequest of instance .1 of the first writable scalar (only .0 can exist)", "noCreation, error-index 1", async ctx =>
            {
                var scalar = Writable(ctx, 0);
                if (scalar[scalar.Length - 1] != 0)
                {
                    return CheckVerdict.Skip($"{scalar} is not a scalar instance (.0)");
                }

                var other = new ObjectIdentifier(scalar.SubIdentifiers[..^1]).Append(1);
                var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(other, new OctetString("conformance"))).ConfigureAwait(false);
                return ExpectError(pdu, datagram, ErrorStatus.NoCreation, 1);
            });

        int number = 5;
        foreach (var (position, name) in new[] { (1, "first"), (2, "middle"), (3, "last") })
        {
            yield return Check($"rfc3416/4.2.5/{number++}", CheckLevel.Must, Write, WrongType,
                $"SetRequest of three varbinds, two proper values of writable objects and an INTEGER for a DisplayString {name}", $"wrongType, error-index {position}; no object changed", ctx =>
                    WithRestoreAsync(ctx, 3, async originals =>
                    {
                        var varBinds = Enumerable.Range(0, 3).Select(i => i == position - 1
                            ? new VarBind(Writable(ctx, i), new Integer32(7))
                            : new VarBind(Writable(ctx, i), new OctetString($"conformance-{i}"))).ToArray();
                        var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, varBinds).ConfigureAwait(false);
                        var verdict = ExpectError(pdu, datagram, ErrorStatus.WrongType, position);
                        if (verdict.Outcome != CheckOutcome.Pass)
                        {
                            return verdict;
                        }

                        return await UnchangedAsync(ctx, originals).ConfigureAwait(false) ?? CheckVerdict.Pass();
                    }, writablesNeeded: 3));
        }

        yield return Check("rfc3416/4.2.5/8", CheckLevel.Must, Write,
            "Each of these variable assignments occurs as if simultaneously with respect to all other assignments specified in the same request.",
            "SetRequest of a new value for the first writable object and a value for the read-only object", "an error, and the first object still holds its old value", ctx =>
                WithRestoreAsync(ctx, 1, async originals =>
                {
                    var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(Writable(ctx, 0), new OctetString("conformance-atomic")), new VarBind(ctx.Target.ReadOnlyObject, new OctetString("conformance"))).ConfigureAwait(false);
                    if (pdu.ErrorStatus == ErrorStatus.NoError)
                    {
                        return CheckVerdict.Fail("an error for the read-only object", Describe(pdu), datagram.Octets);
                    }

                    return await UnchangedAsync(ctx, originals).ConfigureAwait(false) ?? CheckVerdict.Pass();
                }));

        yield return Check("rfc3416/4.2.5/9", CheckLevel.Must, Write,
            "Otherwise, if the variable binding's name specifies an existing or non-existent variable to which this request is/would be denied access because it is/would not be in the appropriate MIB view, then the value of the Response-PDU's error-status field is set to `noAccess', and the value of its error-index field is set to the index of the failed variable binding.",
            "SetRequest of the first writable object with the read community (no write view)", "noAccess (or authorizationError), error-index 1; the object unchanged", ctx =>
                WithRestoreAsync(ctx, 1, async originals =>
                {
                    var (pdu, datagram) = await ctx.SetAsync(ctx.ReadCommunity, new VarBind(Writable(ctx, 0), new OctetString("conformance-ro"))).ConfigureAwait(false);
                    var verdict = ExpectError(pdu, datagram, ErrorStatus.NoAccess, 1);
                    if (verdict.Outcome != CheckOutcome.Pass && pdu.ErrorStatus == ErrorStatus.AuthorizationError)
                    {
                        verdict = CheckVerdict.Pass("authorizationError (the request was refused as a whole)");
                    }

                    return verdict.Outcome != CheckOutcome.Pass ? verdict : await UnchangedAsync(ctx, originals).ConfigureAwait(false) ?? verdict;
                }));

        yield return Check("rfc3416/4.2.5/10", CheckLevel.Must, Write,
            "Otherwise, the value of the Response-PDU's error-status field is set to `noError', and the value of its error-index field is zero.",
            "SetRequest of a new value for the first writable object, then GetRequest of it (then the old value put back)", "noError, the varbind echoed, the new value read back", ctx =>
                WithRestoreAsync(ctx, 1, async originals =>
                {
                    var value = new OctetString("conformance-set");
                    var (pdu, datagram) = await ctx.SetAsync(ctx.WriteCommunity, new VarBind(Writable(ctx, 0), value)).ConfigureAwait(false);
                    RequireNoError(pdu, datagram);
                    if (pdu.VarBinds.Count != 1 || pdu.VarBinds[0] != new VarBind(Writable(ctx, 0), value))
                    {
                        return CheckVerdict.Fail($"the varbind echoed: {Writable(ctx, 0)} = \"{value}\"", Describe(pdu), datagram.Octets);
                    }

                    var (read, readDatagram) = await ctx.GetAsync(Writable(ctx, 0)).ConfigureAwait(false);
                    return read.VarBinds.Count == 1 && read.VarBinds[0].Value == value ? CheckVerdict.Pass() : CheckVerdict.Fail($"\"{value}\" read back", Describe(read), readDatagram.Octets);
                }));
    }

    private static ObjectIdentifier Writable(CheckContext ctx, int index) => ctx.Target.WritableObjects[index];

    /// <summary>Reads every original back and fails when one changed.</summary>
    private static async Task<CheckVerdict?> UnchangedAsync(CheckContext ctx, IReadOnlyList<VarBind> originals)
    {
        var (pdu, datagram) = await ctx.GetAsync(originals.Select(o => o.Oid).ToArray()).ConfigureAwait(false);
        for (int i = 0; i < originals.Count && i < pdu.VarBinds.Count; i++)
        {
            if (pdu.VarBinds[i].Value != originals[i].Value)
            {
                return CheckVerdict.Fail($"{originals[i].Oid} still \"{originals[i].Value}\" (the failed Set changed nothing)", $"\"{pdu.VarBinds[i].Value}\"", datagram.Octets);
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the writable objects a check uses, runs it, and sets every one back to what it held
    /// (RFC 3416's own undo is what is being tested, so the checker does its own).
    /// </summary>
    private static async Task<CheckVerdict> WithRestoreAsync(CheckContext ctx, int count, Func<IReadOnlyList<VarBind>, Task<CheckVerdict>> body, int writablesNeeded = 1)
    {
        if (ctx.Target.WritableObjects.Count < writablesNeeded)
        {
            return CheckVerdict.Skip($"needs {writablesNeeded} writable objects (--writable)");
        }

        var oids = ctx.Target.WritableObjects.Take(Math.Max(count, writablesNeeded)).ToArray();
        var (pdu, datagram) = await ctx.GetAsync(oids).ConfigureAwait(false);
        if (pdu.ErrorStatus != ErrorStatus.NoError || pdu.VarBinds.AsSpan().ToArray().Any(v => v.Value is not OctetString))
        {
            return CheckVerdict.Skip($"the writable objects do not all read as OCTET STRINGs: {Describe(pdu)}");
        }

        var originals = pdu.VarBinds.AsSpan().ToArray();
        try
        {
            return await body(originals).ConfigureAwait(false);
        }
        finally
        {
            foreach (var original in originals)
            {
                try
                {
                    await ctx.SetAsync(ctx.WriteCommunity, original).ConfigureAwait(false);
                }
                catch (CheckFailedException)
                {
                    // The check's own verdict stands; a failed restore is the agent's to explain.
                }
            }
        }
    }
}
