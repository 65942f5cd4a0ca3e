using Snmp.AgentX.Protocol;
using Snmp.Testing;

namespace Snmp.AgentX.Tests.Subagent;

public sealed class AgentXSubagentTests
{
    private const uint SessionId = 41;
    private static readonly ObjectIdentifier Enterprise = new("1.3.6.1.4.1.8072.9999.7");
    private static readonly ObjectIdentifier Name = Enterprise.Append(1);
    private static readonly ObjectIdentifier Count = Enterprise.Append(2);
    private static readonly ObjectIdentifier Table = Enterprise.Append(3, 1);

    private static AgentXSubagent NewSubagent(FakeMaster master, TimeProvider? clock = null, AgentXSubagentOptions? options = null)
    {
        var subagent = new AgentXSubagent((options ?? new AgentXSubagentOptions()) with { MasterAddress = "unix:" + master.Path }, null, clock);
        subagent.Mib.AddScalar(Name, new OctetString("first"), writable: true);
        subagent.Mib.AddScalar(Count, new Counter32(7));
        var table = subagent.Mib.AddTable(Table, new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible), new MibColumn(2, SnmpType.OctetString, MibAccess.ReadWrite));
        table.SetRow(new ObjectIdentifier(1), new Integer32(1), new OctetString("one"));
        table.SetRow(new ObjectIdentifier(2), new Integer32(2), new OctetString("two"));
        return subagent;
    }

    [Test]
    public async Task OpensAndRegistersEachObjectOfItsMibTree()
    {
        await using var master = new FakeMaster();
        await using var subagent = NewSubagent(master, options: new AgentXSubagentOptions { Priority = 99, Description = "test subagent", Timeout = 3 });
        var started = subagent.StartAsync();
        await using var session = await master.AcceptAsync();

        var open = await session.ExpectAsync<AgentXOpenPdu>();
        Assert.That(open.Description.ToText(), Is.EqualTo("test subagent"));
        Assert.That(open.Timeout, Is.EqualTo(3));
        await session.RespondAsync(open, sessionId: SessionId);
        var registered = new List<AgentXRegisterPdu>();
        for (int i = 0; i < 3; i++)
        {
            var register = await session.ExpectAsync<AgentXRegisterPdu>();
            registered.Add(register);
            await session.RespondAsync(register);
        }

        await started;
        Assert.That(registered.Select(r => r.Subtree), Is.EqualTo(new[] { Name, Count, Table }));
        Assert.That(registered.Select(r => r.Priority), Is.All.EqualTo(99));
        Assert.That(subagent.SessionId, Is.EqualTo(SessionId));
        Assert.That(subagent.IsOpen);
    }

    [Test]
    public async Task AnswersGetGetNextAndGetBulkWithinTheSearchRanges()
    {
        await using var master = new FakeMaster();
        await using var subagent = NewSubagent(master);
        var started = subagent.StartAsync();
        await using var session = await master.AcceptAsync();
        await session.AcceptOpenAndRegistrationsAsync(SessionId, 3);
        await started;
        var empty = new ObjectIdentifier([]);

        var get = await session.AskAsync(new AgentXGetPdu(AgentXPduType.Get, [new(Name.Append(0), false, empty), new(Count.Append(1), false, empty), new(Enterprise.Append(9, 0), false, empty)]), SessionId);
        Assert.That(get.Error, Is.EqualTo(AgentXError.NoAgentXError));
        Assert.That(get.VarBinds.Select(v => v.Value), Is.EqualTo(new SnmpValue[] { new OctetString("first"), NoSuchInstance.Instance, NoSuchObject.Instance }));

        var next = await session.AskAsync(new AgentXGetPdu(AgentXPduType.GetNext,
        [
            new(Name, false, empty),                 // -> Name.0
            new(Name.Append(0), true, empty),        // include: Name.0 itself
            new(Name.Append(0), false, Count),       // the next (Count.0) lies at the range's end: endOfMibView
            new(Table.Append(2, 1), false, empty),   // the table's second row
        ]), SessionId);
        Assert.That(next.VarBinds.Select(v => v.ToString()), Is.EqualTo(new[]
        {
            new VarBind(Name.Append(0), new OctetString("first")).ToString(),
            new VarBind(Name.Append(0), new OctetString("first")).ToString(),
            new VarBind(Name.Append(0), EndOfMibView.Instance).ToString(),
            new VarBind(Table.Append(2, 2), new OctetString("two")).ToString(),
        }));

        var bulk = await session.AskAsync(new AgentXGetBulkPdu(1, 3, [new(Name, false, empty), new(Table.Append(2), false, Table.Append(3))]), SessionId);
        Assert.That(bulk.VarBinds.Select(v => v.Oid.ToString() + "=" + v.Value), Is.EqualTo(new[]
        {
            Name.Append(0) + "=first",
            Table.Append(2, 1) + "=one",
            Table.Append(2, 2) + "=two",
            Table.Append(2, 2) + "=endOfMibView",
        }), "the repetitions stop once every repeater has ended");
    }

    [Test]
    public async Task RunsTheSetPhasesOnTheSameInstrumentationAsTheAgent()
    {
        await using var master = new FakeMaster();
        await using var subagent = NewSubagent(master);
        var started = subagent.StartAsync();
        await using var session = await master.AcceptAsync();
        await session.AcceptOpenAndRegistrationsAsync(SessionId, 3);
        await started;
        var set = new VarBindList(new VarBind(Name.Append(0), new OctetString("second")), new VarBind(Table.Append(2, 1), new OctetString("uno")));

        var test = await session.AskAsync(new AgentXVarBindPdu(AgentXPduType.TestSet, set), SessionId, transactionId: 5);
        Assert.That(test.Error, Is.EqualTo(AgentXError.NoAgentXError));
        Assert.That((await subagent.Mib.GetAsync(Name.Append(0))).ToString(), Is.EqualTo("first"), "TestSet changes nothing");
        var commit = await session.AskAsync(new AgentXHeaderOnlyPdu(AgentXPduType.CommitSet), SessionId, transactionId: 5);
        Assert.That(commit.Error, Is.EqualTo(AgentXError.NoAgentXError));
        Assert.That((await subagent.Mib.GetAsync(Name.Append(0))).ToString(), Is.EqualTo("second"));
        Assert.That((await subagent.Mib.GetAsync(Table.Append(2, 1))).ToString(), Is.EqualTo("uno"));
        var undo = await session.AskAsync(new AgentXHeaderOnlyPdu(AgentXPduType.UndoSet), SessionId, transactionId: 5);
        Assert.That(undo.Error, Is.EqualTo(AgentXError.NoAgentXError));
        Assert.That((await subagent.Mib.GetAsync(Name.Append(0))).ToString(), Is.EqualTo("first"), "UndoSet restores");
        Assert.That((await subagent.Mib.GetAsync(Table.Append(2, 1))).ToString(), Is.EqualTo("one"));
        await session.SendAsync(new AgentXHeaderOnlyPdu(AgentXPduType.CleanupSet) { SessionId = SessionId, TransactionId = 5, PacketId = 77 });

        // A read-only object fails TestSet with notWritable at its index; the master then cleans up.
        var refused = await session.AskAsync(new AgentXVarBindPdu(AgentXPduType.TestSet, new VarBindList(new VarBind(Name.Append(0), new OctetString("x")), new VarBind(Count.Append(0), new Counter32(1)))), SessionId, transactionId: 6);
        Assert.That(refused.ErrorStatus, Is.EqualTo(ErrorStatus.NotWritable));
        Assert.That(refused.Index, Is.EqualTo(2));
        var wrongType = await session.AskAsync(new AgentXVarBindPdu(AgentXPduType.TestSet, new VarBindList(new VarBind(Name.Append(0), new Integer32(3)))), SessionId, transactionId: 7);
        Assert.That(wrongType.ErrorStatus, Is.EqualTo(ErrorStatus.WrongType));
        Assert.That(wrongType.Index, Is.EqualTo(1));
    }

    [Test]
    public async Task NotifySendsSnmpTrapOidFirstAndARefusalIsTyped()
    {
        await using var master = new FakeMaster();
        await using var subagent = NewSubagent(master);
        var started = subagent.StartAsync();
        await using var session = await master.AcceptAsync();
        await session.AcceptOpenAndRegistrationsAsync(SessionId, 3);
        await started;
        var trap = new ObjectIdentifier("1.3.6.1.4.1.8072.9999.7.0.1");

        var sent = subagent.NotifyAsync(trap, [new VarBind(Name.Append(0), new OctetString("first"))], context: "ctx");
        var notify = await session.ExpectAsync<AgentXVarBindPdu>();
        await session.RespondAsync(notify);
        await sent;
        Assert.That(notify.Type, Is.EqualTo(AgentXPduType.Notify));
        Assert.That(notify.Context?.ToText(), Is.EqualTo("ctx"));
        Assert.That(notify.VarBinds[0], Is.EqualTo(new VarBind("1.3.6.1.6.3.1.1.4.1.0", trap)));
        Assert.That(notify.VarBinds[1].Oid, Is.EqualTo(Name.Append(0)));

        var allocation = subagent.AllocateIndexAsync([new VarBind("1.3.6.1.4.1.8072.9999.7.3.1.1", new Integer32(9))]);
        var allocate = await session.ExpectAsync<AgentXVarBindPdu>();
        await session.RespondAsync(allocate, AgentXError.IndexAlreadyAllocated);
        var error = Assert.ThrowsAsync<AgentXResponseException>(() => allocation);
        Assert.That(error!.Error, Is.EqualTo(AgentXError.IndexAlreadyAllocated));
    }

    [Test]
    public async Task AfterTheMasterGoesAwayItConnectsAgainOnItsClockAndRegistersAgain()
    {
        var clock = new SteppedClock();
        await using var master = new FakeMaster();
        await using var subagent = NewSubagent(master, clock, new AgentXSubagentOptions { ReconnectInterval = TimeSpan.FromSeconds(20) });
        var started = subagent.StartAsync();
        var first = await master.AcceptAsync();
        await first.AcceptOpenAndRegistrationsAsync(SessionId, 3);
        await started;
        var before = clock.Elapsed;

        await first.DisposeAsync(); // the master restarts
        var again = Task.Run(async () =>
        {
            var session = await master.AcceptAsync();
            var registered = await session.AcceptOpenAndRegistrationsAsync(SessionId + 1, 3);
            return (session, registered);
        });
        var (second, registeredAgain) = await clock.RunAsync(again, mayAdvance: () => clock.Elapsed - before < TimeSpan.FromSeconds(20));
        // (The clock moves for the reconnect interval only: the new session's Open and Registers
        // wait on response timers that must not expire while the fake master answers them.)
        await subagent.WaitForSessionAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(clock.Elapsed - before, Is.EqualTo(TimeSpan.FromSeconds(20)), "it waited its reconnect interval on its clock, once");
        Assert.That(registeredAgain.Select(r => r.Subtree), Is.EqualTo(new[] { Name, Count, Table }));
        Assert.That(subagent.SessionId, Is.EqualTo(SessionId + 1));
        Assert.That(subagent.SessionsOpened, Is.EqualTo(2));
        await second.DisposeAsync();
    }

    [Test]
    public async Task AMalformedPduFromTheMasterEndsThatSessionWithParseErrorAndIsCounted()
    {
        await using var master = new FakeMaster();
        await using var subagent = NewSubagent(master, options: new AgentXSubagentOptions { MaxPayloadLength = 4096 });
        var started = subagent.StartAsync();
        await using var session = await master.AcceptAsync();
        await session.AcceptOpenAndRegistrationsAsync(SessionId, 3);
        await started;

        // A Get whose header announces a payload over the subagent's limit (oversize).
        byte[] oversize = [1, (byte)AgentXPduType.Get, 0x10, 0, 0, 0, 0, (byte)SessionId, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 0];
        await session.Socket.SendAsync(oversize);
        var close = await session.ExpectAsync<AgentXClosePdu>();

        Assert.That(close.Reason, Is.EqualTo(AgentXCloseReason.ParseError));
        Assert.That(subagent.ParseErrors, Is.EqualTo(1));
        Assert.That(await session.ReadAsync(), Is.Null, "the subagent closed the connection");
    }

    [TestCase("/var/agentx/master", "/var/agentx/master")]
    [TestCase("unix:/tmp/x/master", "/tmp/x/master")]
    [TestCase("tcp:localhost:705", "Unspecified/localhost:705")]
    [TestCase("tcp:127.0.0.1:1705", "127.0.0.1:1705")]
    [TestCase("tcp:[::1]:7050", "[::1]:7050")]
    [TestCase("tcp:127.0.0.1", "127.0.0.1:705")]
    public void ReadsNetSnmpsAgentXSocketSyntax(string address, string endPoint)
    {
        Assert.That(Snmp.AgentX.Session.AgentXAddress.Parse(address).ToString(), Is.EqualTo(endPoint));
    }

    [TestCase("udp:127.0.0.1:705")]
    [TestCase("tcp:127.0.0.1:99999")]
    [TestCase("unix:")]
    [TestCase("master")]
    public void RefusesWhatIsNotAnAgentXAddress(string address)
    {
        Assert.Throws<FormatException>(() => new AgentXSubagent(new AgentXSubagentOptions { MasterAddress = address }));
    }
}
