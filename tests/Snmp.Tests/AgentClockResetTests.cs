using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;
using Snmp.Testing;

namespace Snmp.Tests;

/// <summary>
/// Issue 10 item 3: an agent without non-volatile storage restarts with snmpEngineBoots back at 1
/// under the same snmpEngineID. A live Manager must reach it again through the authenticated
/// usmStatsNotInTimeWindows Report that answers its own request (RFC 3414 3.2 step 7b, section
/// 4), and must still refuse a lower clock anywhere else, saying so when the request times out.
/// The Manager's clock is fake; the agents answer in real time while it stands still.
/// </summary>
[TestFixture]
public class AgentClockResetTests
{
    private const string User = "ops";
    private const string AuthSecret = "ops-auth-secret";
    private const string PrivSecret = "ops-priv-secret";
    private static readonly ObjectIdentifier Scalar = "1.3.6.1.4.1.99999.7.0";

    private static Agent StartAgent(OctetString engineId, int port, string? bootsFile)
    {
        var agent = new Agent(new AgentOptions { ListenOn = [$"127.0.0.1:{port}"], EngineId = engineId, EngineBootsFile = bootsFile });
        agent.AddUser(User, AuthenticationProtocol.HmacSha256, AuthSecret, PrivacyProtocol.Aes128, PrivSecret);
        agent.Mib.AddScalar("1.3.6.1.4.1.99999.7", new Integer32(7));
        return agent;
    }

    private static Engine ManagerEngine(SteppedClock clock)
    {
        var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv3, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = OctetString.Empty, Autowait = true }, null, null, clock);
        engine.Usm.AddUser(User, AuthenticationProtocol.HmacSha256, AuthSecret, PrivacyProtocol.Aes128, PrivSecret);
        return engine;
    }

    /// <summary>
    /// For <see cref="SteppedClock.RunAsync(Task, Func{bool}?)"/>: the clock may move on once
    /// <paramref name="condition"/> holds (waited for in real time, with a bound that only a hang
    /// reaches), never once <paramref name="operation"/> has finished.
    /// </summary>
    private static Func<bool> Once(Task operation, Func<bool> condition) =>
        () => SpinWait.SpinUntil(() => operation.IsCompleted || condition(), TimeSpan.FromSeconds(10)) && !operation.IsCompleted;

    [Test]
    public async Task A_manager_reaches_an_agent_that_restarted_with_its_boots_back_at_1()
    {
        var engineId = LocalEngine.GenerateEngineId();
        var directory = Directory.CreateTempSubdirectory("clock-reset-");
        try
        {
            // Six earlier boots kept in the file: the first agent runs in boot 7.
            var bootsFile = Path.Combine(directory.FullName, "agent.boots");
            for (int i = 0; i < 6; i++)
            {
                EngineBootsFile.Boot(bootsFile, engineId);
            }

            var clock = new SteppedClock();
            await using var engine = ManagerEngine(clock);
            int port;
            Manager manager;
            await using (var before = StartAgent(engineId, 0, bootsFile))
            {
                Assert.That(before.LocalEngine.Boots, Is.EqualTo(7));
                port = before.Endpoints[0].Port;
                manager = engine.Manager(before.Endpoints[0]);
                var first = await clock.RunAsync(manager.GetAsync(Scalar), mayAdvance: () => false);
                Assert.That(first[0].Value, Is.EqualTo(new Integer32(7)));
                Assert.That(engine.Usm.SecurityModel.GetEngineTime(engineId)!.Value.Boots, Is.EqualTo(7));
            }

            // The same engine comes back with no memory: boots 1, time 0, same snmpEngineID.
            await using var after = StartAgent(engineId, port, bootsFile: null);
            Assert.That(after.LocalEngine.Boots, Is.EqualTo(1));

            // The clock may move only if the Manager dropped the agent's answer (the failure this
            // test is about); a recovered request completes in real time with the clock standing.
            var get = manager.GetAsync(Scalar);
            var values = await clock.RunAsync(get, mayAdvance: Once(get, () => engine.Statistics[SnmpCounter.UsmStatsNotInTimeWindows] > 0));

            Assert.That(values[0].Value, Is.EqualTo(new Integer32(7)));
            Assert.That(after.Statistics[SnmpCounter.UsmStatsNotInTimeWindows], Is.EqualTo(1), "the agent refused the stale clock once and reported it");
            Assert.That(engine.Statistics[SnmpCounter.UsmStatsNotInTimeWindows], Is.Zero, "the Manager accepted the authenticated Report answering its request");
            Assert.That(engine.Usm.SecurityModel.GetEngineTime(engineId)!.Value.Boots, Is.EqualTo(1), "the restarted agent's clock was adopted");
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.Zero), "one immediate retry, no timeout");

            // And it stays reachable.
            var again = await clock.RunAsync(manager.GetAsync(Scalar), mayAdvance: () => false);
            Assert.That(again[0].Value, Is.EqualTo(new Integer32(7)));
            Assert.That(after.Statistics[SnmpCounter.UsmStatsNotInTimeWindows], Is.EqualTo(1));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_response_with_a_lower_clock_is_refused_and_the_timeout_says_the_clock_went_backwards()
    {
        var (engine, manager, agent, clock) = await SynchronisedAtBoot7Async();
        await using var _ = engine;
        await using var __ = agent;

        // Responses (not Reports) from an earlier epoch of the engine's clock: never adopted,
        // whatever request they claim to answer, since a replay can answer anything.
        agent.Clock = (1, 5);
        // Each wait starts after one more transmission; the clock moves on once the answer to it
        // has been refused.
        int waits = 0;
        var get = manager.GetAsync(Scalar);
        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() =>
            clock.RunAsync(get, mayAdvance: () =>
            {
                waits++;
                return Once(get, () => engine.Statistics[SnmpCounter.UsmStatsNotInTimeWindows] >= waits)();
            }));

        Assert.That(error!.Transmissions, Is.EqualTo(2));
        Assert.That(agent.Answers, Is.EqualTo(3), "both transmissions were answered, with the lower clock");
        Assert.That(error.Message, Does.Contain("snmpEngineBoots went from 7 to 1"));
        Assert.That(error.Message, Does.Not.Contain(AuthSecret));
        Assert.That(engine.Usm.SecurityModel.GetEngineTime(agent.EngineId)!.Value.Boots, Is.EqualTo(7));
        Assert.That(engine.Statistics[SnmpCounter.UsmStatsNotInTimeWindows], Is.EqualTo(2));
    }

    [Test]
    public async Task An_authenticated_report_with_a_lower_clock_answering_no_request_of_ours_is_refused()
    {
        var (engine, manager, agent, clock) = await SynchronisedAtBoot7Async();
        await using var _ = engine;
        await using var __ = agent;

        // A notInTimeWindow Report from boot 1, but for a msgID this Manager is not waiting for:
        // what a replay of an old Report looks like.
        agent.Reply = Reply.ReportToAnotherMsgId;
        agent.Clock = (1, 5);
        int waits = 0;
        var get = manager.GetAsync(Scalar);
        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(get, mayAdvance: () =>
        {
            waits++;
            return Once(get, () => engine.Statistics[SnmpCounter.UsmStatsNotInTimeWindows] >= waits)();
        }));

        Assert.That(error!.Message, Does.Contain("snmpEngineBoots went from 7 to 1"));
        Assert.That(engine.Usm.SecurityModel.GetEngineTime(agent.EngineId)!.Value.Boots, Is.EqualTo(7));
    }

    [Test]
    public async Task An_unauthenticated_report_claiming_a_lower_clock_changes_nothing_and_is_named_in_the_timeout()
    {
        var (engine, manager, agent, clock) = await SynchronisedAtBoot7Async();
        await using var _ = engine;
        await using var __ = agent;

        agent.Reply = Reply.UnauthenticatedReport;
        agent.Clock = (1, 5);
        long received = engine.Statistics[SnmpCounter.SnmpInPkts];
        int waits = 0;
        var get = manager.GetAsync(Scalar);
        // The receive loop handles one datagram at a time: once the k-th answer has arrived,
        // the ones before it have been processed.
        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(get, mayAdvance: () =>
        {
            waits++;
            return Once(get, () => engine.Statistics[SnmpCounter.SnmpInPkts] - received >= waits)();
        }));

        Assert.That(error!.Transmissions, Is.EqualTo(2));
        Assert.That(error.Message, Does.Contain("meanwhile an unauthenticated report claimed"));
        Assert.That(error.Message, Does.Not.Contain("snmpEngineBoots went from"), "an unauthenticated clock is not even a refused one");
        Assert.That(engine.Usm.SecurityModel.GetEngineTime(agent.EngineId)!.Value.Boots, Is.EqualTo(7));
        Assert.That(engine.Statistics[SnmpCounter.UsmStatsNotInTimeWindows], Is.Zero);
    }

    /// <summary>A Manager (authNoPriv user, fake clock) that has heard the scripted agent in boot 7.</summary>
    private static async Task<(Engine Engine, Manager Manager, ScriptedAgent Agent, SteppedClock Clock)> SynchronisedAtBoot7Async()
    {
        var engineId = LocalEngine.GenerateEngineId();
        var agent = new ScriptedAgent(engineId, new UsmUser(new OctetString(User), AuthenticationProtocol.HmacSha256, AuthSecret.ToBytes(), null, default));
        var clock = new SteppedClock();
        var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv3, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = OctetString.Empty, Autowait = true }, null, null, clock);
        engine.Usm.AddUser(User, AuthenticationProtocol.HmacSha256, AuthSecret);
        var manager = engine.Manager(agent.Endpoint, engineId: engineId);
        manager.Timeout = TimeSpan.FromSeconds(2);
        manager.RefreshPeriod = TimeSpan.FromSeconds(1);
        agent.Clock = (7, 1000);
        var first = await clock.RunAsync(manager.GetAsync(Scalar), mayAdvance: () => false);
        Assert.That(first[0].Value, Is.EqualTo(new Integer32(7)));
        return (engine, manager, agent, clock);
    }

    /// <summary>What the scripted agent answers with.</summary>
    private enum Reply
    {
        /// <summary>An authenticated Response.</summary>
        Response,

        /// <summary>An authenticated usmStatsNotInTimeWindows Report whose msgID answers nothing (a replay's).</summary>
        ReportToAnotherMsgId,

        /// <summary>A noAuthNoPriv usmStatsNotInTimeWindows Report answering the request.</summary>
        UnauthenticatedReport,
    }

    /// <summary>
    /// A scripted SNMPv3 agent on loopback: answers every authNoPriv request as <see cref="Reply"/>
    /// says (a Response carries the requested OIDs, each 7), with whatever clock the test gives it.
    /// </summary>
    private sealed class ScriptedAgent : IAsyncDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly CancellationTokenSource _stop = new();
        private readonly OctetString _engineId;
        private readonly UsmUser _user;
        private readonly Task _loop;
        private int _answers;

        public ScriptedAgent(OctetString engineId, UsmUser user)
        {
            _engineId = engineId;
            _user = user;
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _loop = Task.Run(ServeAsync);
        }

        public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

        public OctetString EngineId => _engineId;

        public (int Boots, int Time) Clock { get; set; }

        /// <summary>What the agent answers with.</summary>
        public Reply Reply { get; set; }

        public int Answers => Volatile.Read(ref _answers);

        private async Task ServeAsync()
        {
            var buffer = new byte[65535];
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                await AnswerAsync(buffer.AsMemory(0, received.ReceivedBytes).ToArray(), received.RemoteEndPoint);
            }
        }

        private async Task AnswerAsync(byte[] datagram, EndPoint from)
        {
            var request = SnmpMessageCodec.DecodeV3Message(datagram);
            var pdu = request.ScopedPdu!.Pdu;
            var answer = Reply == Reply.Response
                ? new Pdu(PduType.Response, pdu.RequestId, new VarBindList(pdu.VarBinds.Select(v => new VarBind(v.Oid, new Integer32(7)))))
                : SnmpCounterObjects.ReportPdu(pdu.RequestId, SnmpCounter.UsmStatsNotInTimeWindows, 1);
            var scopedPdu = new ScopedPdu(_engineId.Value, ReadOnlyMemory<byte>.Empty, answer);
            int msgId = Reply == Reply.ReportToAnotherMsgId ? request.GlobalData.MsgId ^ 0x1000 : request.GlobalData.MsgId;
            byte[] message;
            if (Reply == Reply.UnauthenticatedReport)
            {
                var parameters = new UsmSecurityParameters(_engineId.Value, Clock.Boots, Clock.Time, _user.UserName.Value, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty).Encode(out _);
                message = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(msgId, 65507, MsgFlags.None, 3), parameters, scopedPdu));
            }
            else
            {
                // This USM is not authoritative for the engine: it secures with its notion of
                // the engine's clock, which is whatever the test set.
                var signer = new UserBasedSecurityModel();
                signer.AddUser(_engineId, _user);
                signer.LearnEngine(_engineId, Clock.Boots, Clock.Time);
                message = signer.GenerateRequestMsg(new HeaderData(msgId, 65507, MsgFlags.Auth, 3), 65507, _engineId, _user.UserName, SecurityLevel.AuthNoPriv, scopedPdu);
            }

            Interlocked.Increment(ref _answers);
            await _socket.SendToAsync(message, from);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _socket.Dispose();
            await _loop;
            _stop.Dispose();
        }
    }
}

internal static class ClockResetTestText
{
    public static byte[] ToBytes(this string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
