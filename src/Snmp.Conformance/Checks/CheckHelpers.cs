using System.Globalization;
using Snmp.Conformance.Wire;
using Snmp.Pdus;

namespace Snmp.Conformance.Checks;

/// <summary>The small vocabulary the check bodies share.</summary>
internal static class CheckHelpers
{
    /// <summary>
    /// A check. A <paramref name="requirement"/> that is one bare sentence is an exact quote of the
    /// section its <paramref name="id"/> names, and is shown quoted with that section; any other
    /// (quotes of other sections, or the checker's reading) quotes and cites its own sources.
    /// </summary>
    public static ConformanceCheck Check(string id, CheckLevel level, CheckPrerequisites needs, string requirement, string sends, string expects, Func<CheckContext, Task<CheckVerdict>> run) =>
        new(id, level, needs, requirement.StartsWith('"') || requirement.Contains("RFC ", StringComparison.Ordinal) ? requirement : $"\"{requirement}\" ({Cite(id)})", sends, expects, run);

    /// <summary>"RFC 3416 section 4.2.1" for <c>rfc3416/4.2.1/3</c>.</summary>
    public static string Cite(string id)
    {
        var parts = id.Split('/');
        return $"RFC {parts[0][3..]} section {parts[1]}";
    }

    public static ObjectIdentifier Oid(string dotted) => ObjectIdentifier.Parse(dotted);

    public static readonly ObjectIdentifier SysDescr = Oid("1.3.6.1.2.1.1.1.0");
    public static readonly ObjectIdentifier SysObjectId = Oid("1.3.6.1.2.1.1.2.0");
    public static readonly ObjectIdentifier SysUpTime = Oid("1.3.6.1.2.1.1.3.0");
    public static readonly ObjectIdentifier SysName = Oid("1.3.6.1.2.1.1.5.0");
    public static readonly ObjectIdentifier SnmpInBadCommunityNames = Oid("1.3.6.1.2.1.11.4.0");
    public static readonly ObjectIdentifier SnmpInAsnParseErrs = Oid("1.3.6.1.2.1.11.6.0");
    public static readonly ObjectIdentifier SnmpUnknownSecurityModels = Oid("1.3.6.1.6.3.11.2.1.1.0");
    public static readonly ObjectIdentifier SnmpInvalidMsgs = Oid("1.3.6.1.6.3.11.2.1.2.0");
    public static readonly ObjectIdentifier SnmpUnknownContexts = Oid("1.3.6.1.6.3.12.1.5.0");
    public static readonly ObjectIdentifier UsmStats = Oid("1.3.6.1.6.3.15.1.1");
    public static readonly ObjectIdentifier UsmStatsUnsupportedSecLevels = Oid("1.3.6.1.6.3.15.1.1.1.0");
    public static readonly ObjectIdentifier UsmStatsNotInTimeWindows = Oid("1.3.6.1.6.3.15.1.1.2.0");
    public static readonly ObjectIdentifier UsmStatsUnknownUserNames = Oid("1.3.6.1.6.3.15.1.1.3.0");
    public static readonly ObjectIdentifier UsmStatsUnknownEngineIds = Oid("1.3.6.1.6.3.15.1.1.4.0");
    public static readonly ObjectIdentifier UsmStatsWrongDigests = Oid("1.3.6.1.6.3.15.1.1.5.0");
    public static readonly ObjectIdentifier UsmStatsDecryptionErrors = Oid("1.3.6.1.6.3.15.1.1.6.0");
    public static readonly ObjectIdentifier SnmpEngineId = Oid("1.3.6.1.6.3.10.2.1.1.0");
    public static readonly ObjectIdentifier SnmpEngineBoots = Oid("1.3.6.1.6.3.10.2.1.2.0");
    public static readonly ObjectIdentifier SnmpEngineTime = Oid("1.3.6.1.6.3.10.2.1.3.0");

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Describe(Pdu pdu) =>
        $"{pdu.Type} request-id {Text(pdu.RequestId)}, {pdu.ErrorStatus}({Text((int)pdu.ErrorStatus)}) index {Text(pdu.ErrorIndex)}, {Text(pdu.VarBinds.Count)} varbinds"
        + (pdu.VarBinds.Count is > 0 and <= 4 ? ": " + string.Join("; ", pdu.VarBinds.AsSpan().ToArray().Select(v => $"{v.Oid} = {v.Value.Type}: {Short(v.Value)}")) : "");

    private static string Short(SnmpValue value)
    {
        var text = value.ToString() ?? "";
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    public static CheckFailedException Failed(string expected, string actual, Datagram? datagram) => new(expected, actual, datagram?.Octets);

    /// <summary>Passes when the Response has <paramref name="status"/> at <paramref name="index"/>.</summary>
    public static CheckVerdict ExpectError(Pdu pdu, Datagram datagram, ErrorStatus status, int index, params ErrorStatus[] alsoAccepted)
    {
        if ((pdu.ErrorStatus == status || alsoAccepted.Contains(pdu.ErrorStatus)) && pdu.ErrorIndex == index)
        {
            return CheckVerdict.Pass();
        }

        var accepted = string.Join(" or ", new[] { status }.Concat(alsoAccepted).Select(s => $"{s}({Text((int)s)})"));
        return CheckVerdict.Fail($"error-status {accepted}, error-index {Text(index)}", Describe(pdu), datagram.Octets);
    }

    /// <summary>Passes when the Response is noError with error-index 0.</summary>
    public static void RequireNoError(Pdu pdu, Datagram datagram)
    {
        if (pdu.ErrorStatus != ErrorStatus.NoError || pdu.ErrorIndex != 0)
        {
            throw Failed("noError(0), error-index 0", Describe(pdu), datagram);
        }
    }

    /// <summary>The agent stayed silent: passes; an answer fails with its octets.</summary>
    public static CheckVerdict ExpectSilence(Datagram? reply, string what) =>
        reply is null ? CheckVerdict.Pass() : CheckVerdict.Fail($"no answer to {what}", $"an answer of {Text(reply.Octets.Length)} octets", reply.Octets);
}
