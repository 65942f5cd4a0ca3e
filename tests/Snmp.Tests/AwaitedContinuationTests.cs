using Snmp.Messages;

namespace Snmp.Tests;

/// <summary>
/// Where the code after <c>await manager.GetAsync(...)</c> runs (issue 26): on the UDP receive
/// thread that got the answer while another thread of the mapping goes on receiving (else on the
/// engine's answer threads), and a continuation that blocks there (on a blocking Get, on
/// <c>.Result</c> of another request, on an event only another answer sets) stalls neither the
/// engine's receiving nor anyone else's answer, nor the engine's disposal. Our Agent on 127.0.0.1
/// answers; each wait is bounded only against a hang.
/// </summary>
[TestFixture]
public class AwaitedContinuationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier SysName = "1.3.6.1.2.1.1.5.0";

    private static bool OnAnswerThread() => Thread.CurrentThread.Name == "SNMP answers";

    private static bool OnReceiveThread() => Thread.CurrentThread.Name?.StartsWith("SNMP UDP receive", StringComparison.Ordinal) == true;

    private static async Task<(Agent Agent, Engine Engine, Manager Manager)> StartAsync(bool continueOnReceiveThread = false)
    {
        var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("public");
#pragma warning disable CS0618 // the obsolete option must change nothing
        var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = new OctetString("public"), ContinueOnReceiveThread = continueOnReceiveThread });
#pragma warning restore CS0618
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = Patience;
        // Get onto an engine's thread: a request answered before its await continues where the
        // await is, so loop until one really waited. From there each request is sent by the
        // engine's thread, and its answer's continuation runs on an engine's thread again.
        for (int i = 0; i < 200 && !OnReceiveThread() && !OnAnswerThread(); i++)
        {
            await manager.GetAsync(SysDescr).ConfigureAwait(false);
        }

        Assert.That(OnReceiveThread() || OnAnswerThread(), Is.True, "an awaited request continued on one of the engine's threads");
        return (agent, engine, manager);
    }

    private static async Task StopAsync(Agent agent, Engine engine)
    {
        await Task.Yield();
        await engine.DisposeAsync();
        await agent.DisposeAsync();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_continuation_that_blocks_on_another_requests_Result_gets_it(bool continueOnReceiveThread)
    {
        var run = Task.Run(async () =>
        {
            var (agent, engine, manager) = await StartAsync(continueOnReceiveThread);
            // Blocks this answer thread until the other request's answer arrives.
            var name = manager.GetAsync(SysName).Result;
            await StopAsync(agent, engine);
            return name;
        });

        Assert.That(run.Wait(Patience), Is.True, "the blocked continuation got its answer (no deadlock)");
        Assert.That(run.Result[0].Oid, Is.EqualTo(SysName));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_continuation_that_makes_a_blocking_request_gets_its_answer(bool continueOnReceiveThread)
    {
        var run = Task.Run(async () =>
        {
            var (agent, engine, manager) = await StartAsync(continueOnReceiveThread);
            var name = manager.Get(SysName);
            var walked = manager.Walk("1.3.6.1.2.1.1").Count();
            await StopAsync(agent, engine);
            return (name, walked);
        });

        Assert.That(run.Wait(Patience), Is.True, "the blocking requests inside the continuation got their answers");
        Assert.That(run.Result.name[0].Oid, Is.EqualTo(SysName));
        Assert.That(run.Result.walked, Is.GreaterThan(3));
    }

    [Test]
    public async Task A_continuation_blocked_until_another_answer_arrives_holds_up_no_other_answer()
    {
        var run = Task.Run(async () =>
        {
            var (agent, engine, manager) = await StartAsync();
            using var otherAnswered = new ManualResetEventSlim();
            int otherThread = 0;
            var other = Task.Run(async () =>
            {
                await manager.GetAsync(SysName).ConfigureAwait(false);
                otherThread = Environment.CurrentManagedThreadId;
                otherAnswered.Set();
            });

            // This answer thread waits for code that runs only after the other answer's await:
            // with continuations queued behind a busy thread, it would wait forever. (Its id is
            // read before the await below, which may move us to the other task's thread.)
            int blockedThread = Environment.CurrentManagedThreadId;
            bool set = otherAnswered.Wait(Patience);
            await other;
            bool elsewhere = otherThread != blockedThread;
            await StopAsync(agent, engine);
            return (set, elsewhere);
        });

        Assert.That(run.Wait(Patience * 2), Is.True);
        Assert.That(run.Result.set, Is.True, "the other answer's continuation ran while this one blocked");
        Assert.That(run.Result.elsewhere, Is.True);
    }

    [Test]
    public async Task Awaited_requests_continue_on_the_receive_thread_that_got_the_answer()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("public");
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = new OctetString("public") });
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = Patience;

        var places = new List<(bool Answer, bool Receive)>();
        for (int i = 0; i < 50; i++)
        {
            await manager.GetAsync(SysDescr).ConfigureAwait(false);
            places.Add((OnAnswerThread(), OnReceiveThread()));
        }

        await Task.Yield();
        // An answer that arrives before its await is registered continues on an answer thread;
        // the rest run where they were received, with no hand-off.
        Assert.That(places.Select(p => p.Receive), Has.Some.True, "the answers' continuations ran on the receive threads");
        Assert.That(places.Select(p => p.Answer || p.Receive), Is.All.True, "every continuation ran on one of the engine's threads");
    }

    [Test]
    public async Task Disposing_the_engine_wakes_every_awaiting_request_even_with_the_answer_threads_blocked()
    {
        // A UDP socket that never answers stands in for a silent agent.
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silent.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var (agent, engine, manager) = await Task.Run(() => StartAsync());
        var toSilent = engine.Manager((System.Net.IPEndPoint)silent.LocalEndPoint!);
        toSilent.Timeout = TimeSpan.FromHours(1);
        using var release = new ManualResetEventSlim();
        using var blocked = new CountdownEvent(12);

        // Occupy every receive and answer thread there can be (and more) with continuations that
        // block until after the disposal.
        var blockers = Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            await manager.GetAsync(SysDescr).ConfigureAwait(false);
            blocked.Signal();
            release.Wait(Patience * 4);
        })).ToArray();
        Assert.That(blocked.Wait(Patience), Is.True);
        var waiting = Enumerable.Range(0, 20).Select(_ => toSilent.GetAsync(SysDescr)).ToArray();

        var disposal = Task.Run(engine.DisposeAsync);
        Assert.That(await Task.WhenAny(disposal, Task.Delay(Patience * 2)), Is.SameAs(disposal), "the disposal did not wait for the continuations blocked on the receive threads");
        foreach (var request in waiting)
        {
            Assert.That(() => request.Wait(Patience), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<ObjectDisposedException>());
        }

        release.Set();
        await Task.WhenAll(blockers).WaitAsync(Patience);
        await agent.DisposeAsync();
    }

    [Test]
    public async Task Cancelling_wakes_an_awaiting_request()
    {
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silent.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = new OctetString("public") });
        var manager = engine.Manager((System.Net.IPEndPoint)silent.LocalEndPoint!);
        manager.Timeout = TimeSpan.FromHours(1);
        using var cancellation = new CancellationTokenSource();

        var requests = Enumerable.Range(0, 10).Select(_ => manager.GetAsync([SysDescr], null, cancellation.Token)).ToArray();
        cancellation.Cancel();

        foreach (var request in requests)
        {
            Assert.That(async () => await request.WaitAsync(Patience), Throws.InstanceOf<OperationCanceledException>());
        }
    }
}
