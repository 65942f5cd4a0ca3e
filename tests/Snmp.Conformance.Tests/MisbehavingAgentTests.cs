using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Conformance.Tests;

/// <summary>
/// Each check proven able to fail: our Agent (which passes every check) behind a relay that
/// breaks one rule the way agents in the field do. Each staging fails exactly the checks that
/// test that rule, skips what then has nothing to test, and passes everything else.
/// </summary>
public class MisbehavingAgentTests
{
    private static readonly ObjectIdentifier Row3Name = OwnAgent.Entry.Append(2, 3);

    [Test]
    public async Task TruncatedRequestIdsFailTheRequestIdChecks()
    {
        // A 16-bit request-id field, as in agents that keep it in a short.
        var report = await RunThroughAsync(CommunityResponses((request, response) => response is Pdu p ? Rebuild(p, requestId: p.RequestId & 0xFFFF) : response));
        AssertOutcomes(report, fails: ["rfc3416/4.2.1/3", "rfc3416/4.2.1/4", "rfc3416/4.2.1/5", "rfc3416/4.2.1/6", "rfc3416/4.2.1/7"]);
    }

    [Test]
    public async Task GetNextGoingBackwardsFailsTheWalkChecks()
    {
        var report = await RunThroughAsync(CommunityResponses((request, response) =>
            request is Pdu { Type: PduType.GetNextRequest } r && r.VarBinds.Count == 1 && r.VarBinds[0].Oid == Row3Name && response is Pdu p
                ? Rebuild(p, varBinds: new VarBindList(new VarBind(OwnAgent.Entry.Append(2, 1), p.VarBinds[0].Value)))
                : response));
        // The walk stops where it went backwards, so it never reaches the end or the Counter64 beyond.
        AssertOutcomes(report, fails: ["rfc3416/4.2.2/1", "rfc3416/4.2.2/2"],
            skips: ["rfc3584/4.4/2", "rfc3584/4.2.2.1/1", "rfc3584/4.2.2.1/2"]);
    }

    [Test]
    public async Task Counter64InSnmpV1FailsTheCoexistenceChecks()
    {
        // An agent that serves SNMPv1 as SNMPv2c whenever the answer holds a Counter64.
        var report = await RunThroughAsync(async (request, upstream) =>
        {
            if (SnmpMessageCodec.PeekVersion(request) != 0)
            {
                return await upstream(request);
            }

            var message = SnmpMessageCodec.DecodeCommunityMessage(request);
            var asV2 = SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, message.Community, message.Pdu));
            var answer = await upstream(asV2);
            if (answer is null || SnmpMessageCodec.DecodeCommunityMessage(answer).Pdu is not Pdu { ErrorStatus: ErrorStatus.NoError } p
                || !p.VarBinds.AsSpan().ToArray().Any(v => v.Value is Counter64) || p.VarBinds.AsSpan().ToArray().Any(v => v.Value.IsException))
            {
                return await upstream(request);
            }

            answer[4] = 0; // msgVersion 1 -> 0 (the message is short, so its header is 30 LL 02 01 01)
            return answer;
        });
        AssertOutcomes(report, fails: ["rfc3584/4.2.2.1/1", "rfc3584/4.2.2.1/2"]);
    }

    [Test]
    public async Task TooBigOnGetBulkFailsTheBulkChecks()
    {
        var report = await RunThroughAsync(CommunityResponses((request, response) =>
            request is BulkPdu && response is Pdu p ? new Pdu(PduType.Response, p.RequestId, ErrorStatus.TooBig, 0, VarBindList.Empty) : response));
        AssertOutcomes(report, fails: ["rfc3416/4.2.3/1", "rfc3416/4.2.3/2", "rfc3416/4.2.3/3", "rfc3416/4.2.3/4", "rfc3416/4.2.3/5", "rfc3416/4.2.3/6", "rfc3416/4.2.3/7", "rfc3416/4.2.3/8", "rfc3415/3.2/3"]);
    }

    [Test]
    public async Task WrongErrorIndexFailsTheErrorIndexChecks()
    {
        var report = await RunThroughAsync(CommunityResponses((request, response) =>
            response is Pdu { ErrorStatus: not ErrorStatus.NoError } p ? Rebuild(p, errorIndex: p.ErrorIndex + 1) : response));
        AssertOutcomes(report, fails:
        [
            "rfc3416/4.2.5/1", "rfc3416/4.2.5/2", "rfc3416/4.2.5/3", "rfc3416/4.2.5/4", "rfc3416/4.2.5/5", "rfc3416/4.2.5/6", "rfc3416/4.2.5/7",
            "rfc2579/RowStatus/2", "rfc2579/RowStatus/3", "rfc2579/RowStatus/5",
            "rfc3584/4.4/1", "rfc3584/4.4/2", "rfc3584/4.4/3", "rfc3584/4.4/4", "rfc3584/4.2.2.1/2",
        ]);
    }

    [Test]
    public async Task ReplyFromAnotherPortFailsTheAddressCheck()
    {
        var report = await RunThroughAsync((request, upstream) => upstream(request), replyFromOtherPort: true);
        AssertOutcomes(report, fails: ["rfc3417/2/1"]);
    }

    [Test]
    public async Task AnsweringUnknownCommunitiesFailsTheCommunityChecks()
    {
        // Every community is taken for the write community.
        var report = await RunThroughAsync(async (request, upstream) =>
        {
            if (SnmpMessageCodec.PeekVersion(request) is not (0 or 1))
            {
                return await upstream(request);
            }

            CommunityMessage message;
            try
            {
                message = SnmpMessageCodec.DecodeCommunityMessage(request);
            }
            catch (SnmpDecodeException)
            {
                return await upstream(request);
            }

            var community = System.Text.Encoding.UTF8.GetString(message.Community.Span);
            return community.StartsWith("conformance", StringComparison.Ordinal)
                ? await upstream(SnmpMessageCodec.Encode(new CommunityMessage(message.Version, "private"u8.ToArray(), message.Pdu)))
                : await upstream(request);
        }, silence: TimeSpan.FromSeconds(1)); // the failure is an answer that must arrive within the wait for silence
        AssertOutcomes(report, fails: ["rfc3584/5.2.1/1", "rfc3584/5.2.1/2"]);
    }

    [Test]
    public async Task TheRelayAloneChangesNothing()
    {
        var report = await RunThroughAsync((request, upstream) => upstream(request));
        AssertOutcomes(report, fails: []);
    }

    private static async Task<ConformanceReport> RunThroughAsync(Func<byte[], MisbehavingProxy.Upstream, Task<byte[]?>> handler, bool replyFromOtherPort = false, TimeSpan? silence = null)
    {
        await using var agent = OwnAgent.Start();
        await using var proxy = new MisbehavingProxy(agent.Endpoints[0], handler, replyFromOtherPort);
        var target = OwnAgent.Target(proxy.Endpoint);
        return await ConformanceSuite.RunAsync(silence is null ? target : new ConformanceTarget
        {
            Agent = target.Agent, ReadCommunity = target.ReadCommunity, WriteCommunity = target.WriteCommunity,
            RestrictedCommunity = target.RestrictedCommunity, RestrictedSubtree = target.RestrictedSubtree,
            UserName = target.UserName, AuthProtocol = target.AuthProtocol, AuthPassphrase = target.AuthPassphrase,
            PrivProtocol = target.PrivProtocol, PrivPassphrase = target.PrivPassphrase, NoAuthUser = target.NoAuthUser,
            RowStatusColumn = target.RowStatusColumn, SilenceTimeout = silence.Value,
        });
    }

    /// <summary>A handler that forwards everything and lets <paramref name="change"/> rewrite SNMPv1/v2c Responses (given the request's PDU).</summary>
    private static Func<byte[], MisbehavingProxy.Upstream, Task<byte[]?>> CommunityResponses(Func<SnmpPdu?, SnmpPdu, SnmpPdu> change) => async (request, upstream) =>
    {
        var answer = await upstream(request);
        if (answer is null || SnmpMessageCodec.PeekVersion(answer) is not (0 or 1))
        {
            return answer;
        }

        SnmpPdu? asked = null;
        try
        {
            asked = SnmpMessageCodec.DecodeCommunityMessage(request).Pdu;
        }
        catch (SnmpDecodeException)
        {
        }

        var message = SnmpMessageCodec.DecodeCommunityMessage(answer);
        return SnmpMessageCodec.Encode(new CommunityMessage(message.Version, message.Community, change(asked, message.Pdu)));
    };

    private static Pdu Rebuild(Pdu pdu, int? requestId = null, int? errorIndex = null, VarBindList? varBinds = null) =>
        new(pdu.Type, requestId ?? pdu.RequestId, pdu.ErrorStatus, errorIndex ?? pdu.ErrorIndex, varBinds ?? pdu.VarBinds);

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
