using Snmp.Ber;
using Snmp.Conformance.Wire;
using Snmp.Messages;
using Snmp.Pdus;
using static Snmp.Conformance.Tests.Misbehaviours;
using Handler = System.Func<byte[], Snmp.Conformance.Tests.MisbehavingProxy.Upstream, System.Threading.Tasks.Task<byte[]?>>;

namespace Snmp.Conformance.Tests;

/// <summary>One way of getting the RFCs wrong, staged in front of our Agent, and exactly what it must fail (and skip).</summary>
public sealed class Staging
{
    internal Staging(string name, Func<Handler> handler, string[] fails, string[]? skips = null, bool replyFromOtherPort = false)
    {
        Name = name;
        Handler = handler;
        Fails = fails;
        Skips = skips ?? [];
        ReplyFromOtherPort = replyFromOtherPort;
    }

    public string Name { get; }

    internal Func<Handler> Handler { get; }

    public string[] Fails { get; }

    public string[] Skips { get; }

    public bool ReplyFromOtherPort { get; }

    public override string ToString() => Name;
}

/// <summary>
/// Each check proven able to fail: our Agent (which passes every check) behind a relay that
/// breaks one rule the way agents in the field do. Each staging fails exactly the checks that
/// test that rule, skips what then has nothing to test, and passes everything else; every check
/// of the catalogue is failed by some staging.
/// </summary>
[NonParallelizable]
public class MisbehavingAgentTests
{
    private static readonly ObjectIdentifier Row3Name = OwnAgent.Entry.Append(2, 3);
    private static readonly ObjectIdentifier RowStatusColumn = OwnAgent.Entry.Append(3);
    private static readonly ObjectIdentifier System = ObjectIdentifier.Parse("1.3.6.1.2.1.1");
    private static readonly ObjectIdentifier SysDescr = ObjectIdentifier.Parse("1.3.6.1.2.1.1.1.0");
    private static readonly ObjectIdentifier SnmpEngineId = ObjectIdentifier.Parse("1.3.6.1.6.3.10.2.1.1.0");

    private const string UnknownEngineIds = "1.3.6.1.6.3.15.1.1.4.0";
    private const string UnknownUserNames = "1.3.6.1.6.3.15.1.1.3.0";
    private const string UnsupportedSecLevels = "1.3.6.1.6.3.15.1.1.1.0";
    private const string WrongDigests = "1.3.6.1.6.3.15.1.1.5.0";
    private const string DecryptionErrors = "1.3.6.1.6.3.15.1.1.6.0";
    private const string NotInTimeWindows = "1.3.6.1.6.3.15.1.1.2.0";
    private const string UnknownContexts = "1.3.6.1.6.3.12.1.5.0";
    private const string UnknownPduHandlers = "1.3.6.1.6.3.11.2.1.3.0";

    /// <summary>Checks no staging can make fail, each with the reason (none today).</summary>
    private static readonly Dictionary<string, string> Unstageable = [];

    /// <summary>What our Agent itself fails, so every staging fails it too (none today: rfc3412/6.4/4 was, until the engine was fixed).</summary>
    internal static readonly string[] OwnAgentFails = [];

    public static IEnumerable<Staging> Stagings()
    {
        // rfc3416 4.2.1: Get.
        yield return new("request-ids kept in 16 bits", () => CommunityAnswers(_ => true, (_, p) => With(p, requestId: p.RequestId & 0xFFFF)),
            ["rfc3416/4.2.1/3", "rfc3416/4.2.1/4", "rfc3416/4.2.1/5", "rfc3416/4.2.1/6", "rfc3416/4.2.1/7"]);
        yield return new("request-ids 0 and 1 swapped (an agent that numbers from 0 itself)", () => CommunityAnswers(_ => true, (_, p) => p.RequestId is 0 or 1 ? With(p, requestId: 1 - p.RequestId) : p),
            ["rfc3416/4.2.1/1", "rfc3416/4.2.1/2"]);
        yield return new("the Response to a Get of sysDescr.0 alone tagged as a Report (0xA8)", () => CommunityAnswers(
            m => IsGet(m, PduType.GetRequest) && m.Pdu.VarBinds.Count == 1 && m.Pdu.VarBinds[0].Oid == SysDescr, (_, p) => With(p, type: PduType.Report)),
            ["rfc3416/3/1"]);
        yield return new("noError with a non-zero error-index on a Get of three", () => CommunityAnswers(
            m => IsGet(m, PduType.GetRequest) && m.Pdu.VarBinds.Count == 3, (_, p) => p.ErrorStatus == ErrorStatus.NoError ? With(p, errorIndex: 3) : p),
            ["rfc3416/4.2.1/8"]);
        yield return new("the varbinds of a Get of four answered in OID order", () => CommunityAnswers(
            m => IsGet(m, PduType.GetRequest) && m.Pdu.VarBinds.Count == 4, (_, p) => With(p, varBinds: new VarBindList(Items(p.VarBinds).OrderBy(v => v.Oid).ToArray()))),
            ["rfc3416/4.2.1/9"]);
        yield return new("noSuchObject answered as noSuchInstance", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv2c,
            (_, p) => With(p, varBinds: new VarBindList(Items(p.VarBinds).Select(v => v.Value is NoSuchObject ? new VarBind(v.Oid, NoSuchInstance.Instance) : v).ToArray()))),
            ["rfc3416/4.2.1/10"]);
        yield return new("noSuchInstance answered as noSuchObject", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv2c,
            (_, p) => With(p, varBinds: new VarBindList(Items(p.VarBinds).Select(v => v.Value is NoSuchInstance ? new VarBind(v.Oid, NoSuchObject.Instance) : v).ToArray()))),
            ["rfc3416/4.2.1/11"]);
        yield return new("an empty Get answered with genErr", () => CommunityAnswers(m => m.Pdu.Type == PduType.GetRequest && m.Pdu.VarBinds.Count == 0, (_, p) => With(p, status: ErrorStatus.GenErr)),
            ["rfc3416/4.2.1/12"]);

        // rfc3416 4.2.2: GetNext.
        yield return new("GetNext going backwards in the table", () => CommunityAnswers(
            m => IsGet(m, PduType.GetNextRequest) && m.Pdu.VarBinds.Count == 1 && m.Pdu.VarBinds[0].Oid == Row3Name,
            (_, p) => With(p, varBinds: new VarBindList(new VarBind(OwnAgent.Entry.Append(2, 1), p.VarBinds[0].Value)))),
            // The walk stops where it went backwards, so it never reaches the end or the Counter64 beyond.
            ["rfc3416/4.2.2/1", "rfc3416/4.2.2/2"], skips: ["rfc3584/4.2.2.4/1", "rfc3584/4.2.2.1/1", "rfc3584/4.2.2.1/2"]);
        yield return new("endOfMibView named after the name asked", () => CommunityAnswers(m => m.Pdu.Type == PduType.GetNextRequest,
            (_, p) => With(p, varBinds: new VarBindList(Items(p.VarBinds).Select(v => v.Value is EndOfMibView ? new VarBind(v.Oid.Append(0), v.Value) : v).ToArray()))),
            ["rfc3416/4.2.2/2"]);
        yield return new("a GetNext of three answers its last two swapped", () => CommunityAnswers(m => IsGet(m, PduType.GetNextRequest) && m.Pdu.VarBinds.Count == 3,
            (_, p) => With(p, varBinds: new VarBindList(p.VarBinds[0], p.VarBinds[2], p.VarBinds[1]))),
            ["rfc3416/4.2.2/3"]);

        // rfc3416 4.2.3: GetBulk.
        yield return new("tooBig for every GetBulk", () => CommunityAnswers(m => m.Pdu is BulkPdu, (_, p) => new Pdu(PduType.Response, p.RequestId, ErrorStatus.TooBig, 0, VarBindList.Empty)),
            ["rfc3416/4.2.3/1", "rfc3416/4.2.3/2", "rfc3416/4.2.3/3", "rfc3416/4.2.3/4", "rfc3416/4.2.3/5", "rfc3416/4.2.3/6", "rfc3416/4.2.3/7", "rfc3416/4.2.3/8", "rfc3415/3.2/3"]);
        yield return new("non-repeaters above the varbind count taken as zero", () => CommunityRequests(m => m.Pdu is BulkPdu b && b.NonRepeaters > b.VarBinds.Count
            ? Encode(m, new BulkPdu(b.RequestId, 0, b.MaxRepetitions, b.VarBinds)) : null),
            ["rfc3416/4.2.3/1"]);
        yield return new("negative non-repeaters or max-repetitions answered with genErr", () => async (request, upstream) =>
        {
            var answer = await upstream(request);
            return answer is not null && BulkFields(request) is { } f && (f.NonRepeaters < 0 || f.MaxRepetitions < 0) && TryCommunity(answer) is { Pdu: Pdu p } m
                ? Encode(m, new Pdu(PduType.Response, p.RequestId, ErrorStatus.GenErr, 0, VarBindList.Empty))
                : answer;
        }, ["rfc3416/4.2.3/2", "rfc3416/4.2.3/3"]);
        yield return new("max-repetitions 0 taken as 1", () => Requests(r => BulkFields(r) is { MaxRepetitions: 0 } && TryCommunity(r) is { Pdu: BulkPdu b } m
            ? Encode(m, new BulkPdu(b.RequestId, b.NonRepeaters, 1, b.VarBinds)) : null),
            ["rfc3416/4.2.3/4"]);
        yield return new("repetitions in column order", () => CommunityAnswers(m => m.Pdu is BulkPdu b && b.VarBinds.Count - Math.Max(0, b.NonRepeaters) >= 2,
            (asked, p) =>
            {
                var b = (BulkPdu)asked.Pdu;
                int n = Math.Max(0, b.NonRepeaters), r = b.VarBinds.Count - n;
                var items = Items(p.VarBinds);
                var columns = items.Take(n).Concat(Enumerable.Range(0, r).SelectMany(j => items.Skip(n).Where((_, i) => i % r == j))).ToArray();
                return With(p, varBinds: new VarBindList(columns));
            }),
            ["rfc3416/4.2.3/5"]);
        yield return new("tooBig instead of truncation when N + M * R is above 500", () => CommunityAnswers(
            m => m.Pdu is BulkPdu b && (long)b.MaxRepetitions * (b.VarBinds.Count - Math.Max(0, b.NonRepeaters)) > 500,
            (_, p) => new Pdu(PduType.Response, p.RequestId, ErrorStatus.TooBig, 0, VarBindList.Empty)),
            ["rfc3416/4.2.3/6", "rfc3416/4.2.3/7"]);
        yield return new("a GetBulk of one repeater cut to 5 repetitions", () => CommunityAnswers(m => m.Pdu is BulkPdu b && b.VarBinds.Count == 1 && b.NonRepeaters <= 0,
            (_, p) => With(p, varBinds: new VarBindList(Items(p.VarBinds).Take(5).ToArray()))),
            ["rfc3416/4.2.3/8"]);

        // rfc3416 4.2.5: Set.
        yield return new("wrongType of a one-varbind Set answered noError", () => CommunityAnswers(m => m.Pdu.Type == PduType.SetRequest && m.Version == SnmpVersion.SNMPv2c && m.Pdu.VarBinds.Count == 1,
            (_, p) => p.ErrorStatus == ErrorStatus.WrongType ? With(p, status: ErrorStatus.NoError, errorIndex: 0) : p),
            ["rfc3416/4.2.5/1"]);
        yield return new("wrongLength answered as wrongValue", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv2c,
            (_, p) => p.ErrorStatus == ErrorStatus.WrongLength ? With(p, status: ErrorStatus.WrongValue) : p),
            ["rfc3416/4.2.5/2"]);
        yield return new("notWritable answered as noAccess", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv2c,
            (_, p) => p.ErrorStatus == ErrorStatus.NotWritable ? With(p, status: ErrorStatus.NoAccess) : p),
            ["rfc3416/4.2.5/3"]);
        yield return new("noCreation of a scalar's other instance answered as notWritable", () => CommunityAnswers(
            m => m.Version == SnmpVersion.SNMPv2c && m.Pdu.Type == PduType.SetRequest && m.Pdu.VarBinds.Count == 1 && m.Pdu.VarBinds[0].Oid.StartsWith(System),
            (_, p) => p.ErrorStatus == ErrorStatus.NoCreation ? With(p, status: ErrorStatus.NotWritable) : p),
            ["rfc3416/4.2.5/4"]);
        yield return new("error-index counted from 0 in a Set of several varbinds", () => CommunityAnswers(m => m.Pdu.Type == PduType.SetRequest && m.Pdu.VarBinds.Count > 2,
            (_, p) => p.ErrorStatus != ErrorStatus.NoError ? With(p, errorIndex: p.ErrorIndex - 1) : p),
            ["rfc3416/4.2.5/5", "rfc3416/4.2.5/6", "rfc3416/4.2.5/7"]);
        yield return new("a failed Set of several varbinds applies the others", () => async (request, upstream) =>
        {
            var answer = await upstream(request);
            if (answer is not null && TryCommunity(request) is { Pdu: { Type: PduType.SetRequest, VarBinds.Count: > 1 } set } asked
                && TryCommunity(answer)?.Pdu is Pdu { ErrorStatus: not ErrorStatus.NoError, ErrorIndex: > 0 } failed)
            {
                var others = Items(set.VarBinds).Where((_, i) => i != failed.ErrorIndex - 1).ToArray();
                await upstream(Encode(asked, new Pdu(PduType.SetRequest, set.RequestId, new VarBindList(others))));
            }

            return answer;
        }, ["rfc3416/4.2.5/5", "rfc3416/4.2.5/6", "rfc3416/4.2.5/7", "rfc3416/4.2.5/8"]);
        yield return new("a Set with the read community answered as notWritable", () => CommunityAnswers(m => m.Pdu.Type == PduType.SetRequest && m.Version == SnmpVersion.SNMPv2c && CommunityName(m) == "public",
            (_, p) => With(p, status: ErrorStatus.NotWritable, errorIndex: 1)),
            ["rfc3416/4.2.5/9"]);
        yield return new("a Set's Response echoes an empty value", () => CommunityAnswers(m => m.Pdu.Type == PduType.SetRequest && m.Version == SnmpVersion.SNMPv2c && m.Pdu.VarBinds.Count == 1,
            (_, p) => p.ErrorStatus == ErrorStatus.NoError ? With(p, varBinds: new VarBindList(new VarBind(p.VarBinds[0].Oid, new OctetString("")))) : p),
            ["rfc3416/4.2.5/10"]);

        // rfc2579: RowStatus on the scratch row.
        yield return new("a row made by createAndWait reads as active", () => CommunityAnswers(m => m.Pdu.Type == PduType.GetRequest && m.Pdu.VarBinds.Count == 1 && m.Pdu.VarBinds[0].Oid.StartsWith(RowStatusColumn),
            (_, p) => p.VarBinds[0].Value is Integer32 { Value: 2 or 3 } ? With(p, varBinds: new VarBindList(new VarBind(p.VarBinds[0].Oid, new Integer32(1)))) : p),
            ["rfc2579/RowStatus/1"]);
        yield return new("createAndWait on an existing row answered noError", () => CommunityAnswers(RowStatusSet(5),
            (_, p) => p.ErrorStatus == ErrorStatus.InconsistentValue ? With(p, status: ErrorStatus.NoError, errorIndex: 0) : p),
            ["rfc2579/RowStatus/2"]);
        yield return new("notReady written by the manager answered noError", () => CommunityAnswers(RowStatusSet(3),
            (_, p) => With(p, status: ErrorStatus.NoError, errorIndex: 0)),
            ["rfc2579/RowStatus/3"]);
        yield return new("destroy right after createAndWait acknowledged but not done", DestroyIgnoredAfterCreate, ["rfc2579/RowStatus/4"]);
        yield return new("active for a row that does not exist answered noError", () => CommunityAnswers(RowStatusSet(1),
            (_, p) => With(p, status: ErrorStatus.NoError, errorIndex: 0)),
            ["rfc2579/RowStatus/5"]);

        // rfc3414, rfc3412, rfc3413: SNMPv3.
        yield return new("discovery's Report names usmStatsUnknownUserNames", () => V3Answers(r => IsDiscovery(r) && r.Message.GlobalData.MsgFlags.HasFlag(MsgFlags.Reportable), (_, a) => Rebuild(a, ReportOf(a.Pdu, UnknownUserNames))),
            ["rfc3414/4/1"]);
        yield return new("discovery's Report carries another msgID", () => V3Answers(IsDiscovery, (_, a) => Rebuild(a, msgId: a.Message.GlobalData.MsgId + 1)),
            ["rfc3412/7.1/1"]);
        yield return new("discovery's Report has reportableFlag set", () => V3Answers(r => IsDiscovery(r) && r.Message.GlobalData.MsgFlags.HasFlag(MsgFlags.Reportable), (_, a) => Rebuild(a, flags: MsgFlags.Reportable)),
            ["rfc3412/6.4/1", "rfc3414/4/1"]);
        yield return new("an undecryptable request with reportableFlag zero is reported on anyway", () => Requests(r => WithHeader(r, h => h.MsgFlags.HasFlag(MsgFlags.Priv) ? h with { MsgFlags = h.MsgFlags | MsgFlags.Reportable } : h)),
            ["rfc3412/6.4/2"]);
        yield return new("a plaintext request with reportableFlag zero dropped", () => async (request, upstream) =>
            TryV3(request) is { ScopedPdu: not null } m && !m.Message.GlobalData.MsgFlags.HasFlag(MsgFlags.Reportable) ? null : await upstream(request),
            ["rfc3412/6.4/4"]);
        yield return new("the Response to msgID 4242 carries msgID 4243", () => V3Answers(r => r.Message.GlobalData.MsgId == 4242, (_, a) => Rebuild(a, msgId: 4243)),
            ["rfc3412/6.4/3"]);
        yield return new("privFlag without authFlag processed as noAuthNoPriv", () => Requests(r => WithHeader(r, h => h.MsgFlags.HasFlag(MsgFlags.Priv) && !h.MsgFlags.HasFlag(MsgFlags.Auth) ? h with { MsgFlags = h.MsgFlags & ~MsgFlags.Priv } : h)),
            ["rfc3412/7.2/1"]);
        yield return new("an unknown security model processed as USM", () => Requests(r => WithHeader(r, h => h.MsgSecurityModel == 99 ? h with { MsgSecurityModel = 3 } : h)),
            ["rfc3412/7.2/2"]);
        yield return new("invalid messages and unknown communities dropped without counting", () => async (request, upstream) =>
        {
            bool drop = WithHeader(request, h => h.MsgSecurityModel == 99 || (h.MsgFlags.HasFlag(MsgFlags.Priv) && !h.MsgFlags.HasFlag(MsgFlags.Auth)) ? h with { MsgId = -1 } : h) is not null
                || TryCommunity(request) is { } m && CommunityName(m).StartsWith("conformance", StringComparison.Ordinal);
            return drop ? null : await upstream(request);
        }, ["rfc3412/7.2/1", "rfc3412/7.2/2", "rfc3584/5.2.1/1"]);
        yield return new("an unknown engine ID reported as usmStatsUnknownUserNames", () => V3Answers(r => !IsDiscovery(r) && FirstNameIs(r, "1.3.6.1.2.1.1.3.0") && r.Usm.AuthoritativeEngineId.Span.SequenceEqual(Convert.FromHexString("80000000000000000000000001")),
            (_, a) => Rebuild(a, ReportOf(a.Pdu, UnknownUserNames))),
            ["rfc3414/3.2/1"]);
        yield return new("an unknown user reported as usmStatsUnknownEngineIDs", () => V3Answers(_ => true, (_, a) => FirstNameIs(a, UnknownUserNames) ? Rebuild(a, ReportOf(a.Pdu, UnknownEngineIds)) : a.Datagram.Octets),
            ["rfc3414/3.2/2"]);
        yield return new("an unsupported level reported as usmStatsWrongDigests", () => V3Answers(_ => true, (_, a) => FirstNameIs(a, UnsupportedSecLevels) ? Rebuild(a, ReportOf(a.Pdu, WrongDigests)) : a.Datagram.Octets),
            ["rfc3414/3.2/3"]);
        yield return new("a wrong digest reported as usmStatsUnknownUserNames", () => V3Answers(_ => true, (_, a) => FirstNameIs(a, WrongDigests) ? Rebuild(a, ReportOf(a.Pdu, UnknownUserNames)) : a.Datagram.Octets),
            ["rfc3414/3.2/4"]);
        yield return new("notInTimeWindow for a clock ahead reported at authPriv", () => V3Answers(r => r.Usm.AuthoritativeEngineTime > 500,
            (r, a) => FirstNameIs(a, NotInTimeWindows) && r.Usm.AuthoritativeEngineTime - a.Usm.AuthoritativeEngineTime > 500 ? Rebuild(a, level: SecurityLevel.AuthPriv) : a.Datagram.Octets),
            ["rfc3414/3.2/5"]);
        yield return new("notInTimeWindow for old boots carries boots one higher", () => V3Answers(_ => true,
            (r, a) => FirstNameIs(a, NotInTimeWindows) && r.Usm.AuthoritativeEngineBoots < a.Usm.AuthoritativeEngineBoots ? Rebuild(a, boots: a.Usm.AuthoritativeEngineBoots + 1) : a.Datagram.Octets),
            ["rfc3414/3.2/6"]);
        yield return new("an authPriv user refused at authNoPriv", () => V3Answers(r => UserOf(r) == "check-priv" && LevelOf(r) == SecurityLevel.AuthNoPriv,
            (r, a) => FirstNameIs(a, NotInTimeWindows) ? a.Datagram.Octets : Rebuild(a, ReportOf(r.Pdu, UnsupportedSecLevels), level: SecurityLevel.NoAuthNoPriv)),
            ["rfc3414/3.2/8"]);
        yield return new("a decryption error reported as usmStatsWrongDigests", () => V3Answers(_ => true, (_, a) => FirstNameIs(a, DecryptionErrors) ? Rebuild(a, ReportOf(a.Pdu, WrongDigests)) : a.Datagram.Octets),
            ["rfc3414/3.2/7"]);
        yield return new("snmpEngineBoots served one higher than the USM carries", () => V3Answers(r => FirstNameIs(r, SnmpEngineId.ToString()),
            (_, a) => a.Pdu is Pdu { VarBinds.Count: 3 } p && p.VarBinds[1].Value is Integer32 boots
                ? Rebuild(a, With(p, varBinds: new VarBindList(p.VarBinds[0], new VarBind(p.VarBinds[1].Oid, new Integer32(boots.Value + 1)), p.VarBinds[2])))
                : a.Datagram.Octets),
            ["rfc3414/2.2/1"]);
        yield return new("an unknown context reported as snmpUnknownPDUHandlers", () => V3Answers(_ => true, (_, a) => FirstNameIs(a, UnknownContexts) ? Rebuild(a, ReportOf(a.Pdu, UnknownPduHandlers)) : a.Datagram.Octets),
            ["rfc3413/3.2/1"]);
        yield return new("tooBig over msgMaxSize 484 keeps the request's varbinds", () => V3Answers(r => r.Message.GlobalData.MsgMaxSize == 484 && r.ScopedPdu?.Pdu.Type == PduType.GetRequest,
            (r, a) => a.Pdu is Pdu { ErrorStatus: ErrorStatus.TooBig } p ? Rebuild(a, With(p, varBinds: r.Pdu.VarBinds)) : a.Datagram.Octets),
            ["rfc3416/4.2.1/13"]);
        yield return new("GetBulk over msgMaxSize 484 answered with genErr", () => V3Answers(r => r.Message.GlobalData.MsgMaxSize == 484 && r.ScopedPdu?.Pdu is BulkPdu,
            (_, a) => a.Pdu is Pdu p ? Rebuild(a, new Pdu(PduType.Response, p.RequestId, ErrorStatus.GenErr, 0, VarBindList.Empty)) : a.Datagram.Octets),
            ["rfc3416/4.2.3/9"]);

        // rfc3584: communities and SNMPv1.
        yield return new("every unknown community taken for the write community", () => CommunityRequests(m => CommunityName(m).StartsWith("conformance", StringComparison.Ordinal)
            ? Encode(m, m.Pdu, community: "private") : null),
            ["rfc3584/5.2.1/1", "rfc3584/5.2.1/2"]);
        yield return new("SNMPv1 noSuchName points at the first varbind", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv1,
            (_, p) => p.ErrorStatus == ErrorStatus.NoSuchName && p.ErrorIndex > 1 ? With(p, errorIndex: 1) : p),
            ["rfc3584/4.2.2.3/1"]);
        yield return new("an SNMPv1 GetNext past the end answered with genErr", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv1 && m.Pdu.Type == PduType.GetNextRequest,
            (_, p) => p.ErrorStatus == ErrorStatus.NoSuchName ? With(p, status: ErrorStatus.GenErr) : p),
            ["rfc3584/4.2.2.4/1"]);
        yield return new("SNMPv1 badValue answered as wrongType", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv1,
            (_, p) => p.ErrorStatus == ErrorStatus.BadValue ? With(p, status: ErrorStatus.WrongType) : p),
            ["rfc3584/4.4/3"]);
        yield return new("an SNMPv1 Set of a read-only object answered readOnly", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv1 && m.Pdu.Type == PduType.SetRequest && CommunityName(m) == "private",
            (_, p) => p.ErrorStatus == ErrorStatus.NoSuchName ? With(p, status: ErrorStatus.ReadOnly) : p),
            ["rfc3584/4.4/4"]);
        yield return new("an SNMPv1 Set with the read community answered readOnly", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv1 && m.Pdu.Type == PduType.SetRequest && CommunityName(m) == "public",
            (_, p) => With(p, status: ErrorStatus.ReadOnly, errorIndex: 1)),
            ["rfc3584/4.4/5"]);
        yield return new("SNMPv1 answers carry SNMPv2's noAccess(6) for noSuchName", () => CommunityAnswers(m => m.Version == SnmpVersion.SNMPv1 && m.Pdu.Type == PduType.GetRequest,
            (_, p) => p.ErrorStatus == ErrorStatus.NoSuchName ? With(p, status: ErrorStatus.NoAccess) : p),
            ["rfc3584/4.2.2.3/1", "rfc3584/4.4/6", "rfc3584/4.2.2.1/2"]);
        yield return new("Counter64 served over SNMPv1", () => async (request, upstream) =>
        {
            if (TryCommunity(request) is not { Version: SnmpVersion.SNMPv1 } message)
            {
                return await upstream(request);
            }

            // An agent that serves SNMPv1 as SNMPv2c whenever the answer holds a Counter64.
            var answer = await upstream(Encode(message, message.Pdu, version: SnmpVersion.SNMPv2c));
            if (answer is null || TryCommunity(answer)?.Pdu is not Pdu { ErrorStatus: ErrorStatus.NoError } p
                || !Items(p.VarBinds).Any(v => v.Value is Counter64) || Items(p.VarBinds).Any(v => v.Value.IsException))
            {
                return await upstream(request);
            }

            answer[4] = 0; // msgVersion 1 -> 0 (the message is short, so its header is 30 LL 02 01 01)
            return answer;
        }, ["rfc3584/4.2.2.1/1", "rfc3584/4.2.2.1/2"]);
        yield return new("a GetBulk in SNMPv1 served as SNMPv2c", () => Requests(r =>
        {
            var tree = BerNode.TryParse(r);
            return tree?.Children is { Count: 3 } c && c[0].Content is [0] && c[2].Tag[0] == 0xA5 ? Reencode(tree, n => n == c[0] ? [0x02, 0x01, 0x01] : null) : null;
        }), ["rfc3584/4.2.2.2/1"]);

        // rfc3415: views.
        yield return new("the restricted community's GetNext runs on past its view", () => async (request, upstream) =>
        {
            var answer = await upstream(request);
            if (answer is not null && TryCommunity(request) is { Pdu.Type: PduType.GetNextRequest } m && CommunityName(m) == "restricted"
                && TryCommunity(answer)?.Pdu is { VarBinds.Count: 1 } p && p.VarBinds[0].Value is EndOfMibView)
            {
                return await upstream(Encode(m, m.Pdu, community: "public"));
            }

            return answer;
        }, ["rfc3415/3.2/1"], skips: ["rfc3415/3.2/3"]);
        yield return new("the restricted community's Get sees the whole MIB", () => CommunityRequests(m => CommunityName(m) == "restricted" && m.Pdu.Type == PduType.GetRequest ? Encode(m, m.Pdu, community: "public") : null),
            ["rfc3415/3.2/2"]);
        yield return new("the restricted community's GetBulk sees the whole MIB", () => CommunityRequests(m => CommunityName(m) == "restricted" && m.Pdu is BulkPdu ? Encode(m, m.Pdu, community: "public") : null),
            ["rfc3415/3.2/3"]);

        // rfc3417 and rfc3412 4.2.1: BER and what cannot be parsed.
        yield return new("long-form lengths read wrong: the answer carries request-id 0", () => async (request, upstream) =>
        {
            var answer = await upstream(request);
            return answer is not null && BerNode.TryParse(request) is { MinimalLength: false } && TryCommunity(answer) is { Pdu: Pdu p } m ? Encode(m, With(p, requestId: 0)) : answer;
        }, ["rfc3417/8/1", "rfc3417/8/2"]);
        yield return new("an indefinite length accepted", () => Requests(r => r is [0x30, 0x80, .., 0, 0] ? [0x30, .. BerNode.MinimalLengthOctets(r.Length - 4), .. r.AsSpan(2, r.Length - 4)] : null),
            ["rfc3417/8/3"]);
        yield return new("a GetNext answer's request-id in a redundant leading octet", () => WalkAnswers(pdu => Reencode(pdu, n => n == pdu.Children![0] ? [0x02, (byte)(n.Content.Length + 1), 0x00, .. n.Content] : null)),
            ["rfc3417/8/4"]);
        yield return new("a GetNext answer's lengths in the long form", () => WalkAnswers(pdu => [.. pdu.Tag, 0x82, (byte)(pdu.Content.Length >> 8), (byte)pdu.Content.Length, .. pdu.Content]),
            ["rfc3417/8/5"]);
        yield return new("what does not decode answered with genErr", () => async (request, upstream) =>
        {
            var answer = await upstream(request);
            bool decodes;
            try
            {
                _ = SnmpMessageCodec.PeekVersion(request) == 3 ? (object)SnmpMessageCodec.DecodeV3Message(request) : SnmpMessageCodec.DecodeCommunityMessage(request);
                decodes = true;
            }
            catch (Exception e) when (e is SnmpDecodeException or ArgumentException)
            {
                decodes = false;
            }

            return answer ?? (decodes ? null : SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(), new Pdu(PduType.Response, 0, ErrorStatus.GenErr, 0, VarBindList.Empty))));
        }, ["rfc3412/4.2.1/1", "rfc3412/4.2.1/2", "rfc3412/4.2.1/3", "rfc3412/4.2.1/4", "rfc3412/4.2.1/5", "rfc3412/4.2.1/6", "rfc3412/4.2.1/7", "rfc3412/4.2.1/8", "rfc3417/8/3", "rfc3584/4.2.2.2/1"]);
        yield return new("version 7 served as SNMPv2c", () => Requests(r =>
        {
            var tree = BerNode.TryParse(r);
            return tree?.Children is { Count: 3 } c && c[0].Content is [7] ? Reencode(tree, n => n == c[0] ? [0x02, 0x01, 0x01] : null) : null;
        }), ["rfc3412/4.2.1/8"]);
        yield return new("replies sent from another port", () => Relay, ["rfc3417/2/1"], replyFromOtherPort: true);
    }

    /// <summary>Every check of the catalogue is failed by some staging, or named unstageable with a reason.</summary>
    [Test]
    public void Every_check_is_failed_by_a_staging()
    {
        var staged = Stagings().SelectMany(s => s.Fails).Concat(OwnAgentFails).ToHashSet();
        var ids = ConformanceSuite.Checks.Select(c => c.Id).ToArray();
        Assert.That(ids.Where(id => !staged.Contains(id) && !Unstageable.ContainsKey(id)), Is.Empty, "checks no staging fails");
        Assert.That(staged.Concat(Unstageable.Keys).Where(id => !ids.Contains(id)), Is.Empty, "named checks that do not exist");
        Assert.That(Unstageable.Keys.Where(staged.Contains), Is.Empty, "checks called unstageable that a staging fails");
        Assert.That(Stagings().Select(s => s.Name), Is.Unique);
    }

    [TestCaseSource(nameof(Stagings))]
    public async Task A_staging_fails_exactly_its_checks(Staging staging)
    {
        await using var agent = OwnAgent.Start();
        await using var proxy = new MisbehavingProxy(agent.Endpoints[0], staging.Handler(), staging.ReplyFromOtherPort);
        var report = await ConformanceSuite.RunAsync(OwnAgent.Target(proxy.Endpoint));
        AssertOutcomes(report, [.. staging.Fails, .. OwnAgentFails], staging.Skips);
    }

    [Test]
    public async Task TheRelayAloneChangesNothing()
    {
        await using var agent = OwnAgent.Start();
        await using var proxy = new MisbehavingProxy(agent.Endpoints[0], Relay);
        AssertOutcomes(await ConformanceSuite.RunAsync(OwnAgent.Target(proxy.Endpoint)), fails: OwnAgentFails);
    }

    private static Func<CommunityMessage, bool> RowStatusSet(int value) => m =>
        m.Pdu.Type == PduType.SetRequest && m.Pdu.VarBinds.Count == 1 && m.Pdu.VarBinds[0].Oid.StartsWith(RowStatusColumn) && m.Pdu.VarBinds[0].Value is Integer32 v && v.Value == value;

    /// <summary>A destroy(6) that comes right after a createAndWait(5) that succeeded is answered noError and not done.</summary>
    private static Handler DestroyIgnoredAfterCreate()
    {
        bool lastWasCreate = false;
        return async (request, upstream) =>
        {
            var asked = TryCommunity(request);
            if (asked is not null && RowStatusSet(6)(asked) && lastWasCreate)
            {
                lastWasCreate = false;
                return Encode(asked, new Pdu(PduType.Response, asked.Pdu.RequestId, ErrorStatus.NoError, 0, asked.Pdu.VarBinds));
            }

            var answer = await upstream(request);
            lastWasCreate = asked is not null && RowStatusSet(5)(asked) && answer is not null && TryCommunity(answer)?.Pdu is Pdu { ErrorStatus: ErrorStatus.NoError };
            return answer;
        };
    }

    /// <summary>Changes the PDU of each answer to a GetNext with the read community (the walk's steps), as raw BER.</summary>
    private static Handler WalkAnswers(Func<BerNode, byte[]> pdu) => async (request, upstream) =>
    {
        var answer = await upstream(request);
        if (answer is null || TryCommunity(request) is not { } m || !IsGet(m, PduType.GetNextRequest) || BerNode.TryParse(answer) is not { Children: { Count: 3 } c } tree)
        {
            return answer;
        }

        return Reencode(tree, n => n == c[2] ? pdu(n) : null);
    };

    /// <summary>Every check passes except <paramref name="fails"/> (failed) and <paramref name="skips"/> (skipped).</summary>
    private static void AssertOutcomes(ConformanceReport report, string[] fails, string[]? skips = null)
    {
        var text = new StringWriter();
        report.WriteText(text, strict: true);
        var expected = report.Results.ToDictionary(r => r.Check.Id, r => fails.Contains(r.Check.Id) ? CheckOutcome.Fail : skips?.Contains(r.Check.Id) == true ? CheckOutcome.Skip : CheckOutcome.Pass);
        var actual = report.Results.ToDictionary(r => r.Check.Id, r => r.Outcome);
        Assert.That(fails.Concat(skips ?? []).Where(id => !actual.ContainsKey(id)), Is.Empty, "checks named that do not exist");
        Assert.That(actual.Where(kv => expected[kv.Key] != kv.Value).Select(kv => $"{kv.Key}: {kv.Value}, expected {expected[kv.Key]}"), Is.Empty, text.ToString());
    }
}
