using System.Globalization;
using Snmp.Ber;
using Snmp.Conformance.Wire;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Conformance;

/// <summary>One step of a GetNext walk: what was asked, what came back, and the datagram.</summary>
internal sealed record WalkStep(ObjectIdentifier Asked, VarBind Answer, Datagram Datagram);

/// <summary>
/// What a check's body works with: the target, a channel to the agent, request-ids, SNMPv3
/// messages, and what earlier checks learnt (the engine, a walk), so the suite asks once.
/// </summary>
internal sealed class CheckContext
{
    private int _requestId = 1000;
    private int _msgId = 5000;
    private EngineState? _engine;
    private IReadOnlyList<WalkStep>? _walk;
    private string? _walkProblem;

    public CheckContext(ConformanceTarget target, CancellationToken cancellationToken)
    {
        Target = target;
        Channel = new AgentChannel(target.Agent);
        V3 = new V3Messages(target);
        CancellationToken = cancellationToken;
    }

    public ConformanceTarget Target { get; }

    public AgentChannel Channel { get; }

    public V3Messages V3 { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The restricted community's walk, once per run (RFC 3415 checks).</summary>
    public (IReadOnlyList<ObjectIdentifier> Steps, CheckVerdict? Problem)? RestrictedWalk { get; set; }

    public int NextRequestId() => Interlocked.Increment(ref _requestId);

    public int NextMsgId() => Interlocked.Increment(ref _msgId);

    public string ReadCommunity => Target.ReadCommunity ?? throw new CheckSkippedException("no read community");

    public string WriteCommunity => Target.WriteCommunity ?? throw new CheckSkippedException("no write community");

    /// <summary>Sends and waits for an answer the check expects (<see cref="ConformanceTarget.ResponseTimeout"/>).</summary>
    public Task<Datagram?> SendAsync(byte[] request) => Channel.ExchangeAsync(request, Target.ResponseTimeout, CancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/>, which the agent must drop, and then a probe it must
    /// answer (a GetRequest with the read community, else SNMPv3 discovery) from the same socket:
    /// the answer to <paramref name="request"/> when one came before the probe's (or within
    /// <see cref="ConformanceTarget.SilenceTimeout"/> after it), else null. When neither is
    /// answered within <see cref="ConformanceTarget.ResponseTimeout"/> the agent is asked again
    /// whether it lives; if not, the check fails (<paramref name="what"/> names the datagram).
    /// </summary>
    public async Task<Datagram?> SendExpectingSilenceAsync(byte[] request, string what)
    {
        var (probe, isProbeAnswer) = Probe();
        var result = await Channel.ExchangeBeforeProbeAsync(request, probe, isProbeAnswer, Target.ResponseTimeout, Target.SilenceTimeout, CancellationToken).ConfigureAwait(false);
        if (result.Answer is null && !result.ProbeAnswered)
        {
            await RequireAliveAsync(what, request).ConfigureAwait(false);
        }

        return result.Answer;
    }

    /// <summary>A request the agent answers, and how to know its answer: a GetRequest sysUpTime.0 with the read community, else SNMPv3 discovery.</summary>
    private (byte[] Probe, Func<byte[], bool> IsAnswer) Probe()
    {
        if (Target.ReadCommunity is not null)
        {
            int requestId = NextRequestId();
            return (Community(SnmpVersion.SNMPv2c, Target.ReadCommunity, new Pdu(PduType.GetRequest, requestId, VarBindList.ForRequest(ObjectIdentifier.Parse("1.3.6.1.2.1.1.3.0")))), octets =>
            {
                try
                {
                    return SnmpMessageCodec.PeekVersion(octets) is 1 && SnmpMessageCodec.DecodeCommunityMessage(octets).Pdu is { Type: PduType.Response } pdu && pdu.RequestId == requestId;
                }
                catch (SnmpDecodeException)
                {
                    return false;
                }
            });
        }

        int msgId = NextMsgId();
        return (V3.Build(new V3Request { Pdu = new Pdu(PduType.GetRequest, NextRequestId(), VarBindList.Empty), MsgId = msgId, UserName = "", EngineId = [] }, null), octets =>
        {
            try
            {
                return SnmpMessageCodec.PeekVersion(octets) is 3 && SnmpMessageCodec.DecodeV3Message(octets).GlobalData.MsgId == msgId;
            }
            catch (SnmpDecodeException)
            {
                return false;
            }
        });
    }

    public static byte[] Community(SnmpVersion version, string community, SnmpPdu pdu) =>
        SnmpMessageCodec.Encode(new CommunityMessage(version, System.Text.Encoding.UTF8.GetBytes(community), pdu));

    /// <summary>Sends a community message and returns the decoded answer; no answer or an undecodable one fails the check.</summary>
    public async Task<(CommunityMessage Message, Datagram Datagram)> CommunityExchangeAsync(SnmpVersion version, string community, SnmpPdu pdu)
    {
        var request = Community(version, community, pdu);
        var reply = await SendAsync(request).ConfigureAwait(false)
            ?? throw new CheckFailedException("a Response-PDU", string.Create(CultureInfo.InvariantCulture, $"no answer within {Target.ResponseTimeout.TotalSeconds:0.###} s"), request);
        return (DecodeCommunity(reply), reply);
    }

    public static CommunityMessage DecodeCommunity(Datagram reply)
    {
        try
        {
            return SnmpMessageCodec.DecodeCommunityMessage(reply.Octets);
        }
        catch (SnmpDecodeException e)
        {
            throw new CheckFailedException("a well-formed SNMPv1/v2c message", $"octets that do not decode: {e.Message}", reply.Octets);
        }
    }

    /// <summary>A Response-PDU to <paramref name="pdu"/> over SNMPv2c with the read community (or <paramref name="community"/>).</summary>
    public async Task<(Pdu Pdu, Datagram Datagram)> V2Async(SnmpPdu pdu, string? community = null, SnmpVersion version = SnmpVersion.SNMPv2c)
    {
        var (message, datagram) = await CommunityExchangeAsync(version, community ?? ReadCommunity, pdu).ConfigureAwait(false);
        if (message.Pdu is not Pdu response || response.Type != PduType.Response)
        {
            throw new CheckFailedException("a Response-PDU", $"a {message.Pdu.Type}", datagram.Octets);
        }

        if (response.RequestId != pdu.RequestId)
        {
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"request-id {pdu.RequestId}"), string.Create(CultureInfo.InvariantCulture, $"request-id {response.RequestId}"), datagram.Octets);
        }

        return (response, datagram);
    }

    public Task<(Pdu Pdu, Datagram Datagram)> GetAsync(params ObjectIdentifier[] oids) =>
        V2Async(new Pdu(PduType.GetRequest, NextRequestId(), VarBindList.ForRequest(oids)));

    public Task<(Pdu Pdu, Datagram Datagram)> GetNextAsync(params ObjectIdentifier[] oids) =>
        V2Async(new Pdu(PduType.GetNextRequest, NextRequestId(), VarBindList.ForRequest(oids)));

    public Task<(Pdu Pdu, Datagram Datagram)> SetAsync(string community, params VarBind[] varBinds) =>
        V2Async(new Pdu(PduType.SetRequest, NextRequestId(), new VarBindList(varBinds)), community);

    /// <summary>The agent answers a plain GetRequest (sysUpTime.0) with the read community, or SNMPv3 discovery without one.</summary>
    public async Task<bool> IsAliveAsync()
    {
        if (Target.ReadCommunity is not null)
        {
            var request = Community(SnmpVersion.SNMPv2c, Target.ReadCommunity, new Pdu(PduType.GetRequest, NextRequestId(), VarBindList.ForRequest(ObjectIdentifier.Parse("1.3.6.1.2.1.1.3.0"))));
            for (int attempt = 0; attempt < 2; attempt++)
            {
                if (await SendAsync(request).ConfigureAwait(false) is not null)
                {
                    return true;
                }
            }

            return false;
        }

        return await TryDiscoverAsync().ConfigureAwait(false) is not null;
    }

    /// <summary>Checks the agent still answers after something hostile; fails the check when not.</summary>
    public async Task RequireAliveAsync(string after, byte[] evidence)
    {
        if (!await IsAliveAsync().ConfigureAwait(false))
        {
            throw new CheckFailedException("the agent answers a GetRequest afterwards", $"no answer to a GetRequest after {after}", evidence);
        }
    }

    /// <summary>Discovery: a noAuthNoPriv reportable GetRequest with empty engine ID and user (RFC 3414 4); the Report and the engine it names.</summary>
    public async Task<(EngineState Engine, V3Reply Report)?> TryDiscoverAsync()
    {
        var request = V3.Build(new V3Request { Pdu = new Pdu(PduType.GetRequest, NextRequestId(), VarBindList.Empty), MsgId = NextMsgId(), UserName = "", EngineId = [] }, null);
        var reply = await SendAsync(request).ConfigureAwait(false);
        if (reply is null)
        {
            return null;
        }

        var opened = V3.Open(reply);
        return (new EngineState(opened.Usm.AuthoritativeEngineId.ToArray(), opened.Usm.AuthoritativeEngineBoots, opened.Usm.AuthoritativeEngineTime, Environment.TickCount64 * TimeSpan.TicksPerMillisecond), opened);
    }

    /// <summary>The agent's engine, discovered once.</summary>
    public async Task<EngineState> EngineAsync()
    {
        if (_engine is not null)
        {
            return _engine;
        }

        var found = await TryDiscoverAsync().ConfigureAwait(false) ?? throw new CheckFailedException("a Report to discovery (RFC 3414 section 4)", "no answer");
        if (found.Engine.EngineId.Length == 0)
        {
            throw new CheckFailedException("a Report naming the agent's snmpEngineID", "an empty msgAuthoritativeEngineID", found.Report.Datagram.Octets);
        }

        _engine = found.Engine;
        return _engine;
    }

    /// <summary>Sends an SNMPv3 request and opens the answer; no answer fails the check.</summary>
    public async Task<V3Reply> V3Async(V3Request request)
    {
        var engine = await EngineAsync().ConfigureAwait(false);
        var octets = V3.Build(request, engine);
        var reply = await SendAsync(octets).ConfigureAwait(false)
            ?? throw new CheckFailedException("an answer", string.Create(CultureInfo.InvariantCulture, $"no answer within {Target.ResponseTimeout.TotalSeconds:0.###} s"), octets);
        return V3.Open(reply);
    }

    /// <summary>The user's best level: authPriv with privacy configured, else authNoPriv.</summary>
    public SecurityLevel UserLevel => Target.PrivProtocol is not null ? SecurityLevel.AuthPriv : SecurityLevel.AuthNoPriv;

    /// <summary>
    /// A GetNext walk with the read community from <see cref="ConformanceTarget.WalkRoot"/> to
    /// endOfMibView (or <see cref="ConformanceTarget.MaxWalk"/> steps), once per run. The checks
    /// judge it; an answer that is not a Response fails each check that uses the walk.
    /// </summary>
    public async Task<IReadOnlyList<WalkStep>> WalkAsync()
    {
        if (_walk is not null)
        {
            return _walk;
        }

        if (_walkProblem is not null)
        {
            throw new CheckSkippedException(_walkProblem);
        }

        var steps = new List<WalkStep>();
        var next = Target.WalkRoot;
        for (int i = 0; i < Target.MaxWalk; i++)
        {
            var (pdu, datagram) = await GetNextAsync(next).ConfigureAwait(false);
            if (pdu.ErrorStatus != ErrorStatus.NoError || pdu.VarBinds.Count != 1)
            {
                _walkProblem = $"the walk stopped at {next}: {pdu.ErrorStatus}";
                throw new CheckFailedException("a Response with one varbind and noError", $"{pdu.ErrorStatus}, {pdu.VarBinds.Count} varbinds", datagram.Octets);
            }

            var answer = pdu.VarBinds[0];
            steps.Add(new WalkStep(next, answer, datagram));
            if (answer.Value is EndOfMibView || answer.Oid <= next)
            {
                break;
            }

            next = answer.Oid;
        }

        _walk = steps;
        return steps;
    }

    /// <summary>A Counter32 of the agent (snmpInBadCommunityNames, ...), or null when it does not serve it.</summary>
    public async Task<long?> ReadCounterAsync(ObjectIdentifier oid)
    {
        if (Target.ReadCommunity is null)
        {
            return null;
        }

        var (pdu, _) = await GetAsync(oid).ConfigureAwait(false);
        return pdu.VarBinds.Count == 1 && pdu.VarBinds[0].Value is Counter32 c ? c.Value : null;
    }
}
