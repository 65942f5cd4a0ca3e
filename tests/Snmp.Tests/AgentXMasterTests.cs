using System.Net.Sockets;
using Snmp.AgentX;
using Snmp.AgentX.Protocol;
using Snmp.AgentX.Session;
using Snmp.Testing;

namespace Snmp.Tests;

/// <summary>
/// Our Agent as an AgentX master (RFC 2741) against subagents written out PDU by PDU: the
/// registry's overlap rules (7.1.5.1, 7.2.1), a subagent that never answers (genErr, bounded by
/// the master's timeout on the agent's clock), malformed PDUs (that session closed with
/// parseError, counted, the others untouched), and a session that ends in the middle of a Set
/// (what was committed elsewhere undone). Net-SNMP's snmpd -X under the master is in the
/// interop tests.
/// </summary>
[TestFixture]
public sealed class AgentXMasterTests
{
    private static readonly ObjectIdentifier Region = "1.3.6.1.4.1.99999.50";
    private static readonly ObjectIdentifier Own = "1.3.6.1.4.1.99999.60";
    private string _directory = null!;
    private SteppedClock _clock = null!;
    private Agent _agent = null!;
    private Engine _engine = null!;
    private Manager _manager = null!;

    private string Socket => Path.Combine(_directory, "master");

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("agentx-master-").FullName;
        _clock = new SteppedClock();
        _agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], AgentXAddress = Socket, AgentXTimeout = TimeSpan.FromSeconds(3) }, null, _clock);
        _agent.AddCommunity("private", writable: true);
        _agent.Mib.AddScalar(Own, new OctetString("own"), writable: true);
        _engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private");
        _manager = _engine.Manager(_agent.Endpoints[0]);
    }

    [TearDown]
    public async Task TearDown()
    {
        _engine.Dispose();
        await _agent.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task The_same_subtree_at_the_same_priority_is_duplicateRegistration_and_the_better_priority_answers()
    {
        await using var first = await RawSubagent.OpenAsync(Socket);
        await using var second = await RawSubagent.OpenAsync(Socket);

        Assert.That(await first.RegisterAsync(Region, 127), Is.EqualTo(AgentXError.NoAgentXError));
        Assert.That(await second.RegisterAsync(Region, 127), Is.EqualTo(AgentXError.DuplicateRegistration), "RFC 2741 7.1.5.1");
        Assert.That(await second.RegisterAsync(Region, 100), Is.EqualTo(AgentXError.NoAgentXError), "another priority may overlap");
        Assert.That(await second.RegisterAsync(Own, 127), Is.EqualTo(AgentXError.DuplicateRegistration), "the agent's own object");
        Assert.That(await second.RegisterAsync(Own.Append(1), 127), Is.EqualTo(AgentXError.RequestDenied), "inside the agent's own object");
        Assert.That(await first.RegisterAsync(Region, 127, context: "nowhere"), Is.EqualTo(AgentXError.UnsupportedContext));

        // RFC 2741 7.2.1: the identical subtree at priority 100 wins over 127.
        var get = _manager.GetAsync(Region.Append(1, 0));
        var request = await second.ExpectAsync<AgentXGetPdu>();
        await second.RespondAsync(request, [new VarBind(Region.Append(1, 0), new Integer32(100))]);
        Assert.That((await get)[0].Value, Is.EqualTo(new Integer32(100)));

        // A more specific registration wins inside its subtree whatever its priority.
        Assert.That(await first.RegisterAsync(Region.Append(2), 200), Is.EqualTo(AgentXError.NoAgentXError));
        var inner = _manager.GetAsync(Region.Append(2, 0));
        var toFirst = await first.ExpectAsync<AgentXGetPdu>();
        await first.RespondAsync(toFirst, [new VarBind(Region.Append(2, 0), new Integer32(200))]);
        Assert.That((await inner)[0].Value, Is.EqualTo(new Integer32(200)));
    }

    [Test]
    public async Task A_range_registration_stands_for_each_subtree_of_its_range()
    {
        // The subagent's tree has Region.1 .. Region.4; it registers Region.2 .. Region.3 as one range.
        var ranged = new AgentXSubagent(new AgentXSubagentOptions
        {
            MasterAddress = Socket,
            Registrations = [new AgentXRegistration(Region.Append(2)) { RangeSubId = (byte)(Region.Length + 1), UpperBound = 3 }],
        });
        await using (ranged)
        {
            for (uint i = 1; i <= 4; i++)
            {
                ranged.Mib.AddScalar(Region.Append(i), new Integer32((int)i));
            }

            await ranged.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var walked = new List<string>();
            await foreach (var varBind in _manager.WalkAsync(Region))
            {
                walked.Add($"{varBind.Oid}={varBind.Value}");
            }

            var outside = await _manager.GetAsync(Region.Append(1, 0), Region.Append(4, 0));
            Assert.That(walked, Is.EqualTo(new[] { $"{Region}.2.0=2", $"{Region}.3.0=3" }), "the range's subtrees and nothing of the tree outside it");
            Assert.That(outside.Select(v => v.Value), Has.All.InstanceOf<NoSuchObject>());
        }
    }

    [Test]
    public async Task A_walk_crosses_subagents_and_own_objects_in_order()
    {
        await using var subagent = new AgentXSubagent(new AgentXSubagentOptions { MasterAddress = Socket });
        subagent.Mib.AddScalar(Region.Append(1), new Integer32(1));
        subagent.Mib.AddScalar(Region.Append(3), new Integer32(3));
        await subagent.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var other = new AgentXSubagent(new AgentXSubagentOptions { MasterAddress = Socket });
        other.Mib.AddScalar(Region.Append(2), new Integer32(2));
        await other.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var walked = new List<VarBind>();
        await foreach (var varBind in _manager.WalkAsync("1.3.6.1.4.1.99999"))
        {
            walked.Add(varBind);
        }

        Assert.That(walked.Select(v => $"{v.Oid}={v.Value}"), Is.EqualTo(new[]
        {
            $"{Region}.1.0=1", $"{Region}.2.0=2", $"{Region}.3.0=3", $"{Own}.0=own",
        }));
    }

    [Test]
    public async Task A_subagent_that_never_answers_is_genErr_after_the_timeout_on_the_agents_clock()
    {
        await using var silent = await RawSubagent.OpenAsync(Socket);
        Assert.That(await silent.RegisterAsync(Region, 127), Is.EqualTo(AgentXError.NoAgentXError));
        var before = _clock.Elapsed;

        var get = _manager.GetAsync(Region.Append(1, 0), Own.Append(0));
        var error = Assert.ThrowsAsync<SnmpErrorResponseException>(() => _clock.RunAsync(get));

        Assert.That((error!.ErrorStatus, error.ErrorIndex), Is.EqualTo((ErrorStatus.GenErr, 1)), "RFC 3416 4.2.1: genErr at the varbind");
        Assert.That(_clock.Elapsed - before, Is.EqualTo(TimeSpan.FromSeconds(3)), "the master's timeout, on its clock");
        Assert.That(_agent.AgentX!.Timeouts, Is.EqualTo(1));
    }

    [TestCase(true, TestName = "An oversize PDU closes that session only, counted")]
    [TestCase(false, TestName = "A truncated PDU closes that session only, counted")]
    public async Task A_malformed_pdu_closes_that_session_only(bool oversize)
    {
        await using var bad = await RawSubagent.OpenAsync(Socket);
        await using var good = await RawSubagent.OpenAsync(Socket);
        Assert.That(await good.RegisterAsync(Region, 127), Is.EqualTo(AgentXError.NoAgentXError));
        Assert.That(await bad.RegisterAsync(Region.Append(9), 127), Is.EqualTo(AgentXError.NoAgentXError));

        if (oversize)
        {
            // A Ping whose header announces 16 MiB of payload: refused from the header alone.
            await bad.SendRawAsync([1, (byte)AgentXPduType.Ping, 0x10, 0, 0, 0, 0, (byte)bad.SessionId, 0, 0, 0, 0, 0, 0, 0, 9, 1, 0, 0, 0]);
        }
        else
        {
            // A Register whose payload ends inside its subtree: then the subagent hangs up.
            var register = AgentXCodec.Encode(new AgentXRegisterPdu(AgentXPduType.Register, 0, 127, 0, Region.Append(8), 0) { SessionId = bad.SessionId, PacketId = 99 });
            await bad.SendRawAsync(register[..^4]);
            bad.Socket.Shutdown(SocketShutdown.Send);
        }

        var close = await bad.ReadAsync();
        Assert.That(close, Is.InstanceOf<AgentXClosePdu>().With.Property(nameof(AgentXClosePdu.Reason)).EqualTo(AgentXCloseReason.ParseError), "RFC 2741 7.1: Close, parseError");

        Assert.That(await WaitUntilAsync(() => _agent.AgentX!.ParseErrors == 1 && _agent.AgentX.SessionCount == 1), Is.True, "counted, and only that session ended");
        Assert.That(_agent.Mib.Find(Region.Append(9, 0))?.Oid, Is.EqualTo(Region), "its registration is gone; the other session's remains");
        var get = _manager.GetAsync(Region.Append(9, 0));
        var request = await good.ExpectAsync<AgentXGetPdu>();
        await good.RespondAsync(request, [new VarBind(Region.Append(9, 0), new Integer32(9))]);
        Assert.That((await get)[0].Value, Is.EqualTo(new Integer32(9)), "the other session still serves");
    }

    [Test]
    public async Task A_session_that_ends_in_the_middle_of_a_Set_leaves_nothing_changed()
    {
        await using var subagent = await RawSubagent.OpenAsync(Socket);
        Assert.That(await subagent.RegisterAsync(Region, 127), Is.EqualTo(AgentXError.NoAgentXError));

        // Our own object first: committed before the subagent's CommitSet, then undone.
        var set = _manager.SetAsync([new VarBind(Own.Append(0), new OctetString("changed")), new VarBind(Region.Append(1, 0), new Integer32(5))]);
        var test = await subagent.ExpectAsync<AgentXVarBindPdu>();
        Assert.That(test.Type, Is.EqualTo(AgentXPduType.TestSet));
        Assert.That(test.VarBinds.Single().Oid, Is.EqualTo(Region.Append(1, 0)), "only the subagent's varbinds");
        await subagent.RespondAsync(test, []);
        var commit = await subagent.ExpectAsync<AgentXHeaderOnlyPdu>();
        Assert.That(commit.Type, Is.EqualTo(AgentXPduType.CommitSet));
        Assert.That(commit.TransactionId, Is.EqualTo(test.TransactionId));
        await subagent.DisposeAsync(); // gone before answering

        var error = Assert.ThrowsAsync<SnmpErrorResponseException>(() => set);
        Assert.That((error!.ErrorStatus, error.ErrorIndex), Is.EqualTo((ErrorStatus.CommitFailed, 2)));
        Assert.That(await _agent.Mib.GetAsync(Own.Append(0)), Is.EqualTo(new OctetString("own")), "undone");
    }

    [Test]
    public async Task A_notification_from_a_subagent_goes_to_the_agents_targets()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        _agent.AddNotificationTarget(new NotificationTarget(receiver.Endpoints[0].ToString()) { Filter = [Region] });
        await using var subagent = new AgentXSubagent(new AgentXSubagentOptions { MasterAddress = Socket });
        subagent.Mib.AddScalar(Region.Append(1), new Integer32(1));
        await subagent.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        await subagent.NotifyAsync(Region.Append(0, 1), [new VarBind(Region.Append(1, 0), new Integer32(77))]);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var notifications = receiver.ReadAllAsync(patience.Token).GetAsyncEnumerator();
        Assert.That(await notifications.MoveNextAsync(), Is.True);
        Assert.That(notifications.Current.TrapOid, Is.EqualTo(Region.Append(0, 1)));
        Assert.That(notifications.Current.Payload, Is.EqualTo(new[] { new VarBind(Region.Append(1, 0), new Integer32(77)) }));
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>A subagent written out PDU by PDU over the codec, so each test controls every answer.</summary>
    private sealed class RawSubagent : IAsyncDisposable
    {
        private readonly AgentXConnection _connection;
        private uint _packetId;

        private RawSubagent(AgentXConnection connection, Socket socket)
        {
            _connection = connection;
            Socket = socket;
        }

        public Socket Socket { get; }

        public uint SessionId { get; private set; }

        public static async Task<RawSubagent> OpenAsync(string path)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
            var subagent = new RawSubagent(new AgentXConnection(socket, AgentXCodec.DefaultMaxPayloadLength), socket);
            await subagent.SendAsync(new AgentXOpenPdu(0, new ObjectIdentifier([]), new OctetString("raw")));
            var opened = await subagent.ExpectAsync<AgentXResponsePdu>();
            Assert.That(opened.Error, Is.EqualTo(AgentXError.NoAgentXError));
            subagent.SessionId = opened.SessionId;
            return subagent;
        }

        public async Task<AgentXError> RegisterAsync(ObjectIdentifier subtree, byte priority, string context = "")
        {
            await SendAsync(new AgentXRegisterPdu(AgentXPduType.Register, 0, priority, 0, subtree, 0) { Context = context.Length == 0 ? null : new OctetString(context) });
            return (await ExpectAsync<AgentXResponsePdu>()).Error;
        }

        public Task SendAsync(AgentXPdu pdu) => _connection.SendAsync(pdu with { SessionId = SessionId, PacketId = ++_packetId }, CancellationToken.None);

        public async Task SendRawAsync(byte[] bytes) => await Socket.SendAsync(bytes);

        public Task RespondAsync(AgentXPdu request, VarBind[] varBinds) =>
            _connection.SendAsync(new AgentXResponsePdu(0, AgentXError.NoAgentXError, 0, new VarBindList(varBinds))
            {
                SessionId = SessionId, TransactionId = request.TransactionId, PacketId = request.PacketId,
            }, CancellationToken.None);

        public async Task<AgentXPdu?> ReadAsync()
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                return await _connection.ReadAsync(patience.Token);
            }
            catch (IOException)
            {
                return null;
            }
        }

        public async Task<T> ExpectAsync<T>()
            where T : AgentXPdu
        {
            var pdu = await ReadAsync();
            return pdu as T ?? throw new AssertionException($"Expected a {typeof(T).Name}, got {pdu?.ToString() ?? "the end of the connection"}.");
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
