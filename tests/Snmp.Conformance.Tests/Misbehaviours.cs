using System.Net;
using System.Text;
using Snmp.Ber;
using Snmp.Conformance.Wire;
using Snmp.Messages;
using Snmp.Pdus;
using Handler = System.Func<byte[], Snmp.Conformance.Tests.MisbehavingProxy.Upstream, System.Threading.Tasks.Task<byte[]?>>;

namespace Snmp.Conformance.Tests;

/// <summary>
/// The vocabulary the stagings are written in: handlers for <see cref="MisbehavingProxy"/> that
/// change requests before our Agent sees them or its answers after, for SNMPv1/v2c (decoded with
/// the library's codec) and SNMPv3 (opened and rebuilt with the checker's own USM code and the
/// test user's keys, so an authenticated or encrypted answer can be changed and still verify).
/// </summary>
internal static class Misbehaviours
{
    private static readonly V3Messages Keys = new(OwnAgent.Target(new IPEndPoint(IPAddress.Loopback, 1)));
    private static readonly IPEndPoint Nowhere = new(IPAddress.Loopback, 1);

    /// <summary>Forwards everything unchanged.</summary>
    public static Handler Relay { get; } = (request, upstream) => upstream(request);

    public static CommunityMessage? TryCommunity(byte[] octets)
    {
        try
        {
            return SnmpMessageCodec.PeekVersion(octets) is 0 or 1 ? SnmpMessageCodec.DecodeCommunityMessage(octets) : null;
        }
        catch (SnmpDecodeException)
        {
            return null;
        }
    }

    public static string CommunityName(CommunityMessage message) => Encoding.UTF8.GetString(message.Community.Span);

    public static byte[] Encode(CommunityMessage like, SnmpPdu pdu, string? community = null, SnmpVersion? version = null) =>
        SnmpMessageCodec.Encode(new CommunityMessage(version ?? like.Version, community is null ? like.Community : Encoding.UTF8.GetBytes(community), pdu));

    /// <summary>Changes the Response to SNMPv1/v2c requests that <paramref name="when"/> picks; <paramref name="change"/> returns the PDU sent instead (null: no answer).</summary>
    public static Handler CommunityAnswers(Func<CommunityMessage, bool> when, Func<CommunityMessage, Pdu, SnmpPdu?> change) => async (request, upstream) =>
    {
        var answer = await upstream(request);
        var asked = TryCommunity(request);
        if (answer is null || asked is null || !when(asked) || TryCommunity(answer) is not { Pdu: Pdu pdu } message)
        {
            return answer;
        }

        return change(asked, pdu) is { } changed ? Encode(message, changed) : null;
    };

    /// <summary>Changes SNMPv1/v2c requests before the agent sees them (<paramref name="change"/> returns null to leave one alone).</summary>
    public static Handler CommunityRequests(Func<CommunityMessage, byte[]?> change) => (request, upstream) =>
        upstream(TryCommunity(request) is { } asked && change(asked) is { } changed ? changed : request);

    /// <summary>Changes any datagram before the agent sees it (<paramref name="change"/> returns null to leave it alone).</summary>
    public static Handler Requests(Func<byte[], byte[]?> change) => (request, upstream) => upstream(change(request) ?? request);

    /// <summary>Opens an SNMPv3 message with the test user's keys (null when it is not one).</summary>
    public static V3Reply? TryV3(byte[] octets)
    {
        try
        {
            return SnmpMessageCodec.PeekVersion(octets) == 3 ? Keys.Open(new Datagram(octets, Nowhere)) : null;
        }
        catch (SnmpDecodeException)
        {
            return null;
        }
        catch (CheckFailedException)
        {
            // It does not decrypt (the decryption-error check's request): its header and USM parameters still tell.
            var message = SnmpMessageCodec.DecodeV3Message(octets);
            return new V3Reply(message, Snmp.Security.Usm.UsmSecurityParameters.Decode(message.SecurityParameters, out _), null, null, new Datagram(octets, Nowhere));
        }
    }

    /// <summary>The non-repeaters and max-repetitions of a GetBulkRequest as sent (the codec takes negative ones as zero, as RFC 3416 says to).</summary>
    public static (long NonRepeaters, long MaxRepetitions)? BulkFields(byte[] octets)
    {
        if (BerNode.TryParse(octets)?.Children is not { Count: 3 } message || message[2].Tag[0] != 0xA5 || message[2].Children is not { Count: 4 } pdu)
        {
            return null;
        }

        static long Value(byte[] content) => content.Length is 0 or > 8 ? 0 : content.Aggregate((long)(sbyte)content[0] >> 8, (acc, b) => (acc << 8) | b);
        return (Value(pdu[1].Content), Value(pdu[2].Content));
    }

    /// <summary>Changes the answer to SNMPv3 requests that <paramref name="when"/> picks; <paramref name="change"/> returns the octets sent instead (null: no answer).</summary>
    public static Handler V3Answers(Func<V3Reply, bool> when, Func<V3Reply, V3Reply, byte[]?> change) => async (request, upstream) =>
    {
        var answer = await upstream(request);
        if (answer is null || TryV3(request) is not { } asked || !when(asked) || TryV3(answer) is not { } opened)
        {
            return answer;
        }

        return change(asked, opened);
    };

    public static string UserOf(V3Reply message) => Encoding.UTF8.GetString(message.Usm.UserName.Span);

    public static bool IsDiscovery(V3Reply request) => request.Usm.UserName.IsEmpty && request.Usm.AuthoritativeEngineId.IsEmpty;

    public static SecurityLevel LevelOf(V3Reply message) => message.Message.GlobalData.MsgFlags.HasFlag(MsgFlags.Priv) ? SecurityLevel.AuthPriv
        : message.Message.GlobalData.MsgFlags.HasFlag(MsgFlags.Auth) ? SecurityLevel.AuthNoPriv : SecurityLevel.NoAuthNoPriv;

    /// <summary>The agent's SNMPv3 answer built again as the agent would (its engine, the user's keys), with the parts given changed.</summary>
    public static byte[] Rebuild(V3Reply answer, SnmpPdu? pdu = null, SecurityLevel? level = null, int? msgId = null, int? boots = null, MsgFlags? flags = null)
    {
        var scoped = answer.ScopedPdu ?? throw new InvalidOperationException("an answer the test user cannot open");
        return Keys.Build(new V3Request
        {
            Pdu = pdu ?? scoped.Pdu,
            Level = level ?? LevelOf(answer),
            MsgId = msgId ?? answer.Message.GlobalData.MsgId,
            MsgMaxSize = answer.Message.GlobalData.MsgMaxSize,
            Reportable = false,
            Flags = flags,
            UserName = UserOf(answer),
            EngineId = answer.Usm.AuthoritativeEngineId.ToArray(),
            Boots = boots ?? answer.Usm.AuthoritativeEngineBoots,
            Time = answer.Usm.AuthoritativeEngineTime,
            ContextName = Encoding.UTF8.GetString(scoped.ContextName.Span),
            ContextEngineId = scoped.ContextEngineId.ToArray(),
        }, null);
    }

    /// <summary>A Report like <paramref name="report"/> whose first varbind names <paramref name="counter"/> instead.</summary>
    public static Pdu ReportOf(SnmpPdu report, string counter) =>
        new(PduType.Report, report.RequestId, ErrorStatus.NoError, 0, new VarBindList(new VarBind(ObjectIdentifier.Parse(counter), new Counter32(1))));

    public static bool FirstNameIs(V3Reply message, string oid) => message.ScopedPdu?.Pdu is { VarBinds.Count: > 0 } pdu && pdu.VarBinds[0].Oid == ObjectIdentifier.Parse(oid);

    /// <summary>An SNMPv3 request re-encoded with other msgFlags and security model (a digest it carries no longer verifies).</summary>
    public static byte[]? WithHeader(byte[] request, Func<HeaderData, HeaderData> change)
    {
        try
        {
            if (SnmpMessageCodec.PeekVersion(request) != 3)
            {
                return null;
            }

            var message = SnmpMessageCodec.DecodeV3Message(request);
            var header = change(message.GlobalData);
            return header == message.GlobalData ? null
                : SnmpMessageCodec.Encode(message.ScopedPdu is { } scoped ? new SnmpV3Message(header, message.SecurityParameters, scoped) : new SnmpV3Message(header, message.SecurityParameters, message.EncryptedPdu));
        }
        catch (SnmpDecodeException)
        {
            return null;
        }
    }

    /// <summary>The octets re-encoded with <paramref name="replace"/> deciding each node's new encoding (null: kept, its children re-encoded), every length minimal.</summary>
    public static byte[] Reencode(BerNode node, Func<BerNode, byte[]?> replace)
    {
        if (replace(node) is { } replaced)
        {
            return replaced;
        }

        byte[] content = node.Children is { } children ? children.SelectMany(c => Reencode(c, replace)).ToArray() : node.Content;
        return [.. node.Tag, .. BerNode.MinimalLengthOctets(content.Length), .. content];
    }

    public static Pdu With(Pdu pdu, int? requestId = null, ErrorStatus? status = null, int? errorIndex = null, VarBindList? varBinds = null, PduType? type = null) =>
        new(type ?? pdu.Type, requestId ?? pdu.RequestId, status ?? pdu.ErrorStatus, errorIndex ?? pdu.ErrorIndex, varBinds ?? pdu.VarBinds);

    public static VarBind[] Items(VarBindList list) => list.AsSpan().ToArray();

    public static bool IsGet(CommunityMessage m, PduType type, SnmpVersion version = SnmpVersion.SNMPv2c, string community = "public") =>
        m.Version == version && m.Pdu.Type == type && CommunityName(m) == community;
}
