using System.Net;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Snmp.Messages;
using Snmp.Tests.Fakes;

namespace Snmp.Tests;

/// <summary>
/// How the blocking forms wait for their answer (Manager.Wait and, on Linux, its futex wake-up):
/// every wake-up arrives whatever the order of setting and sleeping, and a set from an earlier
/// wait never ends a later one early.
/// </summary>
[TestFixture]
public class ManagerBlockingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public void The_futex_wake_up_is_used_on_x64_and_arm64_Linux()
    {
        bool expected = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
        Assert.That(Manager.CallerWakeUp.Supported, Is.EqualTo(expected));
    }

    [Test]
    public void A_wake_up_set_before_the_wait_lets_it_return_at_once()
    {
        var thread = new Thread(() =>
        {
            var wakeUp = Manager.CallerWakeUp.ForThisThread;
            wakeUp.Arm();
            wakeUp.Set();
            wakeUp.Wait(); // would sleep forever if the set were lost
        }) { IsBackground = true };
        thread.Start();
        Assert.That(thread.Join(Patience), Is.True);
    }

    [Test]
    public void Each_thread_has_its_own_wake_up_and_keeps_it()
    {
        var mine = Manager.CallerWakeUp.ForThisThread;
        Manager.CallerWakeUp? other = null;
        var thread = new Thread(() => other = Manager.CallerWakeUp.ForThisThread);
        thread.Start();
        Assert.That(thread.Join(Patience), Is.True);
        Assert.That(Manager.CallerWakeUp.ForThisThread, Is.SameAs(mine));
        Assert.That(other, Is.Not.Null.And.Not.SameAs(mine));
    }

    [Test]
    public void Wait_returns_the_result_or_throws_the_exception_a_task_completed_on_another_thread_gives()
    {
        for (int i = 0; i < 200; i++)
        {
            var answer = new TaskCompletionSource<int>();
            var failure = new TaskCompletionSource<int>();
            int expected = i;
            var completer = new Thread(() =>
            {
                if (expected % 2 == 0)
                {
                    Thread.Yield();
                }

                answer.SetResult(expected);
                failure.SetException(new SnmpTimeoutException(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 161), TimeSpan.FromSeconds(1), 1));
            });
            completer.Start();
            Assert.That(Manager.Wait(answer.Task), Is.EqualTo(expected));
            Assert.Throws<SnmpTimeoutException>(() => Manager.Wait(failure.Task), "unwrapped, not an AggregateException");
            Assert.That(completer.Join(Patience), Is.True);
        }
    }

    [Test]
    public void Ping_pong_between_two_threads_loses_no_wake_up()
    {
        // Two threads hand a turn back and forth, each through its own wake-up, many times: a
        // lost wake-up leaves both asleep and the bound below fails the test.
        const int Turns = 20_000;
        Manager.CallerWakeUp? first = null, second = null;
        using var ready = new Barrier(2);
        int firstTurns = 0, secondTurns = 0;
        var a = new Thread(() =>
        {
            first = Manager.CallerWakeUp.ForThisThread;
            first.Arm();
            ready.SignalAndWait();
            for (int i = 0; i < Turns; i++)
            {
                first.Wait();
                first.Arm();
                firstTurns++;
                second!.Set();
            }
        }) { IsBackground = true };
        var b = new Thread(() =>
        {
            second = Manager.CallerWakeUp.ForThisThread;
            second.Arm();
            ready.SignalAndWait();
            for (int i = 0; i < Turns; i++)
            {
                first!.Set();
                second.Wait();
                second.Arm();
                secondTurns++;
            }
        }) { IsBackground = true };
        a.Start();
        b.Start();
        Assert.That(a.Join(Patience) && b.Join(Patience), Is.True, "a wake-up was lost");
        Assert.That((firstTurns, secondTurns), Is.EqualTo((Turns, Turns)));
    }

    [Test]
    public void Many_threads_blocking_on_tasks_completed_by_one_thread_all_wake()
    {
        // One completer (like the transport's receive thread) completes the tasks of many
        // blocked callers, in the order they were queued.
        const int Callers = 8, Rounds = 500;
        var queue = new System.Collections.Concurrent.BlockingCollection<TaskCompletionSource<int>>();
        var completer = new Thread(() =>
        {
            foreach (var request in queue.GetConsumingEnumerable())
            {
                request.SetResult(42);
            }
        }) { IsBackground = true };
        completer.Start();
        int answered = 0;
        var callers = Enumerable.Range(0, Callers).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < Rounds; i++)
            {
                var request = new TaskCompletionSource<int>(); // completions run on the completer, as callerBlocks requests do
                queue.Add(request);
                if (Manager.Wait(request.Task) == 42)
                {
                    Interlocked.Increment(ref answered);
                }
            }
        }) { IsBackground = true }).ToList();
        callers.ForEach(t => t.Start());
        Assert.That(callers.All(t => t.Join(Patience)), Is.True, "a blocked caller was never woken");
        queue.CompleteAdding();
        Assert.That(answered, Is.EqualTo(Callers * Rounds));
    }

    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";

    /// <summary>
    /// Our Agent behind a loss-free relay that shows which local port each request left from, and
    /// a v2c Manager of its own engine; the first (asynchronous) GET has told the engine's port.
    /// </summary>
    private sealed class RelayedAgent : IAsyncDisposable
    {
        private Agent _agent = null!;
        private LossyUdpRelay _relay = null!;

        public Engine Engine { get; private set; } = null!;

        public Manager Manager { get; private set; } = null!;

        /// <summary>Where the engine's own socket sends from.</summary>
        public IPEndPoint EnginesPort { get; private set; } = null!;

        /// <summary>Where the newest request came from.</summary>
        public IPEndPoint? LastSource => _relay.Client;

        public static async Task<RelayedAgent> StartAsync()
        {
            var setUp = new RelayedAgent { _agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] }) };
            setUp._agent.AddCommunity("public");
            setUp._relay = new LossyUdpRelay(setUp._agent.Endpoints[0], seed: 1, loss: 0, duplication: 0, reordering: 0);
            setUp.Engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
            setUp.Manager = setUp.Engine.Manager(setUp._relay.Address.ToString());
            setUp.Manager.Timeout = Patience;
            Assert.That((await setUp.Manager.GetAsync(SysDescr))[0].Oid, Is.EqualTo(SysDescr));
            setUp.EnginesPort = setUp._relay.Client!;
            return setUp;
        }

        public async ValueTask DisposeAsync()
        {
            await Engine.DisposeAsync();
            await _relay.DisposeAsync();
            await _agent.DisposeAsync();
        }
    }

    [Test]
    public async Task A_blocking_request_leaves_from_a_socket_lent_to_its_thread_and_an_async_one_from_the_engines()
    {
        await using var setUp = await RelayedAgent.StartAsync();
        var manager = setUp.Manager;

        Assert.That(manager.Get(SysDescr)[0].Oid, Is.EqualTo(SysDescr));
        var lent = setUp.LastSource!;
        Assert.That(manager.Walk("1.3.6.1.2.1.1").Count(), Is.GreaterThan(3), "a blocking walk reads its answers the same way");
        Assert.That(setUp.LastSource, Is.EqualTo(lent), "the thread's next blocking requests borrow the same socket again");
        Assert.That((await manager.GetAsync(SysDescr))[0].Oid, Is.EqualTo(SysDescr));
        Assert.That(setUp.LastSource, Is.EqualTo(setUp.EnginesPort), "asynchronous requests keep leaving from the engine's socket");
        Assert.That(lent.Port, Is.Not.EqualTo(setUp.EnginesPort.Port));
    }

    [Test]
    public async Task A_blocking_walk_asks_for_the_next_page_before_its_caller_reads_on_and_gives_each_varbind_once_in_order()
    {
        await using var setUp = await RelayedAgent.StartAsync();
        var manager = setUp.Manager;
        manager.WalkMaxRepetitions = 1;
        var expected = new List<VarBind>();
        await foreach (var vb in manager.WalkAsync("1.3.6.1.2.1.1"))
        {
            expected.Add(vb);
        }

        using var walk = manager.Walk("1.3.6.1.2.1.1").GetEnumerator();
        Assert.That(walk.MoveNext(), Is.True);
        var walked = new List<VarBind> { walk.Current };
        // The first page came through the socket lent to this thread; the second is asked for
        // before the caller reads on, from the engine's socket (the receive thread reads its answer).
        Assert.That(SpinWait.SpinUntil(() => Equals(setUp.LastSource, setUp.EnginesPort), Patience), Is.True, "the next page was not asked for");
        while (walk.MoveNext())
        {
            walked.Add(walk.Current);
        }

        Assert.That(expected, Has.Count.GreaterThan(3));
        Assert.That(walked.Select(vb => vb.Oid), Is.EqualTo(expected.Select(vb => vb.Oid)), "the same objects, in order, each once (sysUpTime's value moves on)");
    }

    [Test]
    public async Task A_blocking_walk_left_early_ends_its_next_page_and_the_manager_goes_on()
    {
        await using var setUp = await RelayedAgent.StartAsync();
        var manager = setUp.Manager;
        manager.WalkMaxRepetitions = 1;
        Assert.That(manager.Walk("1.3.6.1.2.1.1").Take(2).Count(), Is.EqualTo(2));
        Assert.That(manager.Get(SysDescr)[0].Oid, Is.EqualTo(SysDescr));
        Assert.That(manager.Walk("1.3.6.1.2.1.1").Count(), Is.GreaterThan(3));
    }

    [Test]
    public async Task When_every_socket_is_lent_blocking_requests_share_the_engines_and_still_get_their_answers()
    {
        await using var setUp = await RelayedAgent.StartAsync();
        var manager = setUp.Manager;

        // Every socket the mapping lends is out (as with 64 other blocked callers).
        var lent = new List<Snmp.AbstractServices.ITransportExchange>();
        while (setUp.Engine.Dispatcher.RentExchange(Snmp.AbstractServices.TransportDomain.UdpIpv4) is { } exchange)
        {
            lent.Add(exchange);
        }

        Assert.That(lent, Has.Count.EqualTo(Snmp.Transport.Udp.UdpTransportMapping.MaxExchanges));
        var answers = new ConcurrentBag<VarBind>();
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                answers.Add(manager.Get(SysDescr)[0]);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        Assert.That(threads.All(t => t.Join(Patience)), Is.True, "a blocking request without a socket of its own never ended");

        Assert.That(answers, Has.Count.EqualTo(20));
        Assert.That(answers.Select(a => a.Oid), Is.All.EqualTo(SysDescr));
        Assert.That(setUp.LastSource, Is.EqualTo(setUp.EnginesPort), "they went out from the engine's own socket");

        // Given back, a socket is lent again to the next blocking request.
        lent.ForEach(e => e.Return());
        Assert.That(manager.Get(SysDescr)[0].Oid, Is.EqualTo(SysDescr));
        Assert.That(setUp.LastSource, Is.Not.EqualTo(setUp.EnginesPort));
    }
}
