using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Snmp.AbstractServices;
using Snmp.MessageProcessing;
using Snmp.Pdus;
using Snmp.Security.Community;
using Snmp.Security.Usm;

namespace Snmp.Benchmarks;

/// <summary>
/// The per-message cost of SNMPv3 (issue 26 item 2) against SNMPv2c, in one run so that the
/// ratios come from one run: a GET of one scalar through the message processing model and its
/// security model, without dispatcher or transport. Each category's baseline is SNMPv2c
/// (<see cref="CommunityMessageProcessingModel"/> over the Community-based Security Model);
/// beside it SNMPv3 (<see cref="MessageProcessingModelV3"/> over USM) at noAuthNoPriv and at
/// authPriv with HMAC-SHA-96 and AES-128, the level the load tool's v3 rows use.
/// <list type="bullet">
/// <item><c>Request</c>: prepareOutgoingMessage of a GetRequest (what the manager does per
/// request: the PDU, sendPdu's parameters, generateRequestMsg, the cached request state) and
/// releaseState.</item>
/// <item><c>Response</c>: prepareDataElements of the agent's Response (decode,
/// processIncomingMsg: digest, timeliness, decryption; matched to an outstanding request kept
/// for the purpose).</item>
/// <item><c>Get</c>: both, the manager's per-GET cost.</item>
/// <item><c>Agent</c>: the agent's side, prepareDataElements of the request and
/// prepareResponseMessage of its Response.</item>
/// </list>
/// The clocks are frozen, so the messages stay inside USM's time window however long it runs.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class V3MessageCostBenchmarks
{
    private static readonly OctetString AgentEngineId = new(Convert.FromHexString("80001F8880C71100005F5F3A6A"));
    private static readonly OctetString ManagerEngineId = new(Convert.FromHexString("80001F88805E2C1E6E2B0D0A4F"));
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly IPEndPoint AgentAddress = new(IPAddress.Loopback, 161);
    private static readonly IPEndPoint ManagerAddress = new(IPAddress.Loopback, 50161);

    private readonly Side _v2c = new(SnmpVersion.SNMPv2c, SecurityLevel.NoAuthNoPriv);
    private readonly Side _v3NoAuth = new(SnmpVersion.SNMPv3, SecurityLevel.NoAuthNoPriv);
    private readonly Side _v3AuthPriv = new(SnmpVersion.SNMPv3, SecurityLevel.AuthPriv);

    [GlobalSetup]
    public void Setup()
    {
        _v2c.Setup();
        _v3NoAuth.Setup();
        _v3AuthPriv.Setup();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Request")]
    public int RequestV2c() => _v2c.Request();

    [Benchmark, BenchmarkCategory("Request")]
    public int RequestV3NoAuthNoPriv() => _v3NoAuth.Request();

    [Benchmark, BenchmarkCategory("Request")]
    public int RequestV3AuthPriv() => _v3AuthPriv.Request();

    [Benchmark(Baseline = true), BenchmarkCategory("Response")]
    public object ResponseV2c() => _v2c.Response();

    [Benchmark, BenchmarkCategory("Response")]
    public object ResponseV3NoAuthNoPriv() => _v3NoAuth.Response();

    [Benchmark, BenchmarkCategory("Response")]
    public object ResponseV3AuthPriv() => _v3AuthPriv.Response();

    [Benchmark(Baseline = true), BenchmarkCategory("Get")]
    public object GetV2c() => _v2c.Get();

    [Benchmark, BenchmarkCategory("Get")]
    public object GetV3NoAuthNoPriv() => _v3NoAuth.Get();

    [Benchmark, BenchmarkCategory("Get")]
    public object GetV3AuthPriv() => _v3AuthPriv.Get();

    [Benchmark(Baseline = true), BenchmarkCategory("Agent")]
    public int AgentV2c() => _v2c.Agent();

    [Benchmark, BenchmarkCategory("Agent")]
    public int AgentV3NoAuthNoPriv() => _v3NoAuth.Agent();

    [Benchmark, BenchmarkCategory("Agent")]
    public int AgentV3AuthPriv() => _v3AuthPriv.Agent();

    /// <summary>One version and level: a manager's model and an agent's, and a request and its Response made once.</summary>
    private sealed class Side(SnmpVersion version, SecurityLevel level)
    {
        private readonly TransportStateReference _fromAgent = new(TransportDomain.UdpIpv4, AgentAddress);
        private readonly TransportStateReference _fromManager = new(TransportDomain.UdpIpv4, ManagerAddress);
        private IMessageProcessingModel _manager = null!;
        private IMessageProcessingModel _agent = null!;
        private SecurityModel _securityModel;
        private OctetString _securityName = null!;
        private OctetString _contextEngineId = null!;
        private byte[] _request = null!;
        private byte[] _response = null!;
        private PduHandle _outstanding;
        private long _lastHandle;
        private int _lastRequestId;

        public void Setup()
        {
            var clock = new FrozenClock();
            if (version == SnmpVersion.SNMPv2c)
            {
                _securityModel = SecurityModel.SNMPv2c;
                _securityName = new OctetString("public");
                _contextEngineId = OctetString.Empty;
                _manager = new CommunityMessageProcessingModel(version, [new CommunityBasedSecurityModel(SecurityModel.SNMPv2c, ManagerEngineId)]);
                _agent = new CommunityMessageProcessingModel(version, [new CommunityBasedSecurityModel(SecurityModel.SNMPv2c, AgentEngineId)]);
            }
            else
            {
                // As an Engine composes them: each side has its own LocalEngine, and the manager
                // has learnt the agent's clock (discovery) before its first request.
                _securityModel = SecurityModel.Usm;
                _securityName = new OctetString("bench");
                _contextEngineId = AgentEngineId;
                var user = level == SecurityLevel.AuthPriv
                    ? new UsmUser(_securityName, AuthenticationProtocol.Find("HMAC-SHA-96"), "maplesyrup"u8, PrivacyProtocol.Find("AES"), "maplesyrup-privacy"u8)
                    : new UsmUser(_securityName, null, default, null, default);
                var managerUsm = new UserBasedSecurityModel(clock, null, new LocalEngine(ManagerEngineId, 1, clock));
                managerUsm.AddUser(AgentEngineId, user);
                managerUsm.LearnEngine(AgentEngineId, 3, 0);
                var agentUsm = new UserBasedSecurityModel(clock, null, new LocalEngine(AgentEngineId, 3, clock));
                agentUsm.AddUser(AgentEngineId, user);
                _manager = new MessageProcessingModelV3([managerUsm], ManagerEngineId);
                _agent = new MessageProcessingModelV3([agentUsm], AgentEngineId);
            }

            // The request a Response answers: kept outstanding for the whole run.
            _outstanding = new PduHandle(++_lastHandle);
            _request = _manager.PrepareOutgoingMessage(SendParameters(++_lastRequestId), _outstanding).Message.ToArray();
            _response = Answer(_request).ToArray();
            if (Response().SendPduHandle != _outstanding || Get().SendPduHandle != _outstanding || Agent() != _response.Length)
            {
                throw new InvalidOperationException("The Response does not answer the outstanding request.");
            }
        }

        public int Request()
        {
            var handle = new PduHandle(++_lastHandle);
            var message = _manager.PrepareOutgoingMessage(SendParameters(++_lastRequestId), handle);
            _manager.ReleaseState(handle);
            return message.Message.Length;
        }

        public PreparedDataElements Response() => _manager.PrepareDataElements(_response, _fromAgent);

        public PreparedDataElements Get()
        {
            Request();
            return Response();
        }

        public int Agent() => Answer(_request).Length;

        private ReadOnlyMemory<byte> Answer(byte[] request)
        {
            var elements = _agent.PrepareDataElements(request, _fromManager);
            var pdu = elements.Pdu;
            var response = new Pdu(PduType.Response, pdu.RequestId, new VarBindList(
                new VarBind(pdu.VarBinds[0].Oid, new OctetString("Linux router 6.1.0-13-amd64 #1 SMP PREEMPT_DYNAMIC x86_64"))));
            var parameters = new ProcessPduParameters(elements.MessageProcessingModel, elements.SecurityModel, elements.SecurityName, elements.SecurityLevel,
                elements.ContextEngineId, elements.ContextName, pdu, elements.MaxSizeResponseScopedPdu, elements.StateReference!, elements.TmStateReference);
            return _agent.PrepareResponseMessage(parameters, response).Message;
        }

        private SendPduParameters SendParameters(int requestId) =>
            new(TransportDomain.UdpIpv4, AgentAddress, version, _securityModel, _securityName, level, _contextEngineId, OctetString.Empty,
                new Pdu(PduType.GetRequest, requestId, new VarBindList(new VarBind(SysDescr))), ExpectResponse: true);
    }

    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
