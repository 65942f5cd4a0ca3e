using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Tests;

/// <summary>
/// One Engine driven from many threads at once against our Agent on loopback (issue 10): Managers
/// of every version created per request and dropped, blocking and asynchronous forms, requests
/// cancelled part-way, timeouts against a dead port, and the Engine disposed while all of that
/// runs. Nothing may hang (every wait is bounded), every request must end in its value or in the
/// exception its situation calls for, and nothing may stay behind: the request table and the
/// dispatcher's handles empty, the sockets and the threads the engines made go away.
/// Counts of operations, not durations, bound the work; no verdict depends on how fast it runs.
/// </summary>
[TestFixture]
[NonParallelizable] // it counts the process's sockets and threads
public class EngineStressTests
{
    private const int Workers = 8;
    private const int OperationsPerWorker = 40;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier Objects = "1.3.6.1.4.1.99999.7";
    private static readonly ObjectIdentifier WritableObject = "1.3.6.1.4.1.99999.8";
    private const int ObjectCount = 30;

    private enum Op
    {
        Get,
        BlockingGet,
        NewManagerGet,
        Set,
        Walk,
        Cancelled,
        DeadPort,
        DeadPortCancelled,
    }

    /// <summary>How one request ended.</summary>
    private sealed record Outcome(Op Op, SnmpVersion Version, Exception? Error);

    private Agent _agent = null!;
    private IPEndPoint _dead = null!;

    [OneTimeSetUp]
    public async Task StartAgent()
    {
        _agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], SysDescr = "stress agent" });
        _agent.AddCommunity("public", writable: true);
        _agent.AddUser("stress", AuthenticationProtocol.HmacSha1, "stress-auth-pw", PrivacyProtocol.Aes128, "stress-priv-pw", writable: true);
        _agent.Mib.AddScalar(WritableObject, new Integer32(0), writable: true);
        for (uint i = 1; i <= ObjectCount; i++)
        {
            _agent.Mib.AddScalar(Objects.Append(i), new Integer32((int)i));
        }

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _dead = (IPEndPoint)probe.LocalEndPoint!; // closed again: nobody listens there

        // A first engine brings up what the process creates once (socket engine, timer thread).
        await using var warmUp = NewEngine();
        await warmUp.Manager(_agent.Endpoints[0], SnmpVersion.SNMPv3).GetAsync(SysDescr);
    }

    [OneTimeTearDown]
    public async Task StopAgent() => await _agent.DisposeAsync();

    private static Engine NewEngine()
    {
        var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        engine.Usm.AddUser("stress", AuthenticationProtocol.HmacSha1, "stress-auth-pw", PrivacyProtocol.Aes128, "stress-priv-pw");
        return engine;
    }

    [Test]
    public async Task Many_threads_on_one_engine_get_values_or_typed_errors_and_leave_nothing_behind()
    {
        int socketsBefore = OpenSockets();
        int ownThreadsBefore = NonPoolThreads();
        var outcomes = new ConcurrentQueue<Outcome>();

        var engine = NewEngine();
        var shared = new[] { SnmpVersion.SNMPv1, SnmpVersion.SNMPv2c, SnmpVersion.SNMPv3 }.Select(v => Live(engine, v)).ToArray();
        var threads = StartWorkers(w =>
        {
            var random = new Random(w);
            for (int i = 0; i < OperationsPerWorker; i++)
            {
                var (op, version) = Next(random);
                outcomes.Enqueue(RunAsync(engine, shared, op, version, random.Next()).GetAwaiter().GetResult());
            }
        });
        JoinAll(threads);

        Assert.That(outcomes, Has.Count.EqualTo(Workers * OperationsPerWorker));
        AssertEachEndedAsItShould(outcomes, disposed: false);
        Assert.That(outcomes.Count(o => o.Error is null), Is.GreaterThan(Workers * OperationsPerWorker / 2), "most requests were answered");
        Assert.That(outcomes.Any(o => o.Error is SnmpTimeoutException), Is.True, "the dead port was tried");
        // Every request has ended: nothing is left in the tables.
        Assert.That(() => Pending(engine), Is.EqualTo((0, 0, 0)).After(10_000, 10), "requests, pduHandles, message processing models' request states");

        await engine.DisposeAsync().AsTask().WaitAsync(Patience);
        await AssertNothingLeftAsync(socketsBefore, ownThreadsBefore);
    }

    [Test]
    public async Task Disposing_the_engine_during_traffic_ends_every_request_and_leaves_nothing_behind()
    {
        int socketsBefore = OpenSockets();
        int ownThreadsBefore = NonPoolThreads();
        var outcomes = new ConcurrentQueue<Outcome>();
        var engine = NewEngine();
        var shared = new[] { SnmpVersion.SNMPv1, SnmpVersion.SNMPv2c, SnmpVersion.SNMPv3 }.Select(v => Live(engine, v)).ToArray();
        int completed = 0;

        // Workers go on until the engine refuses them.
        var threads = StartWorkers(w =>
        {
            var random = new Random(100 + w);
            while (true)
            {
                var (op, version) = Next(random);
                var outcome = RunAsync(engine, shared, op, version, random.Next()).GetAwaiter().GetResult();
                outcomes.Enqueue(outcome);
                Interlocked.Increment(ref completed);
                if (outcome.Error is ObjectDisposedException)
                {
                    return;
                }
            }
        });

        // Dispose once the traffic is under way, from two threads at once (it is idempotent).
        Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref completed) >= 8 * Workers, Patience), Is.True, "traffic started");
        var disposals = new[] { Task.Run(() => engine.Dispose()), Task.Run(async () => await engine.DisposeAsync()) };
        await Task.WhenAll(disposals).WaitAsync(Patience);

        JoinAll(threads); // every worker saw the engine go: no request hangs
        AssertEachEndedAsItShould(outcomes, disposed: true);
        Assert.That(outcomes.Count(o => o.Error is ObjectDisposedException), Is.EqualTo(Workers), "each worker's last request");
        Assert.That(() => Pending(engine), Is.EqualTo((0, 0, 0)).After(10_000, 10), "requests, pduHandles, message processing models' request states");
        Assert.Throws<ObjectDisposedException>(() => engine.Manager(_agent.Endpoints[0]));
        await AssertNothingLeftAsync(socketsBefore, ownThreadsBefore);
    }

    /// <summary>What the engine holds per request in flight: the Command Generator's table, the dispatcher's pduHandles, the message processing models' states.</summary>
    private static (int Requests, int PduHandles, int ModelStates) Pending(Engine engine) =>
        (engine.CommandGenerator.PendingRequests, engine.Dispatcher.OutstandingHandles,
         engine.Dispatcher.Models.Sum(m => m switch
         {
             Snmp.MessageProcessing.CommunityMessageProcessingModel community => community.OutstandingRequests,
             Snmp.MessageProcessing.MessageProcessingModelV3 v3 => v3.OutstandingRequests,
             _ => 0,
         }));

    private static (Op Op, SnmpVersion Version) Next(Random random) =>
        ((Op)random.Next(Enum.GetValues<Op>().Length), new[] { SnmpVersion.SNMPv1, SnmpVersion.SNMPv2c, SnmpVersion.SNMPv3 }[random.Next(3)]);

    /// <summary>Workers on threads of their own, so that their blocking calls never starve the thread pool the engine runs on.</summary>
    private static List<Thread> StartWorkers(Action<int> work)
    {
        var threads = Enumerable.Range(0, Workers).Select(w => new Thread(() => work(w)) { IsBackground = true, Name = $"stress worker {w}" }).ToList();
        threads.ForEach(t => t.Start());
        return threads;
    }

    private static void JoinAll(List<Thread> threads)
    {
        foreach (var thread in threads)
        {
            Assert.That(thread.Join(Patience), Is.True, $"{thread.Name} hung");
        }
    }

    private Manager Live(Engine engine, SnmpVersion version)
    {
        var manager = engine.Manager(_agent.Endpoints[0], version);
        // Real time, generous: a loaded machine still answers within it.
        manager.Timeout = TimeSpan.FromSeconds(30);
        return manager;
    }

    private async Task<Outcome> RunAsync(Engine engine, Manager[] shared, Op op, SnmpVersion version, int seed)
    {
        try
        {
            var manager = shared[version switch { SnmpVersion.SNMPv1 => 0, SnmpVersion.SNMPv2c => 1, _ => 2 }];
            uint index = (uint)(seed % ObjectCount) + 1;
            switch (op)
            {
                case Op.Get:
                    ExpectObject(await manager.GetAsync(Objects.Append(index, 0)), index);
                    break;
                case Op.BlockingGet:
                    ExpectObject(manager.Get(Objects.Append(index, 0)), index);
                    break;
                case Op.NewManagerGet:
                    ExpectObject(await Live(engine, version).GetAsync(Objects.Append(index, 0)), index); // and dropped
                    break;
                case Op.Set:
                    var value = new Integer32(seed);
                    var set = await manager.SetAsync(new VarBind(WritableObject.Append(0), value));
                    Expect(set.Count == 1 && set[0].Value.Equals(value), $"Set answered {set}");
                    break;
                case Op.Walk:
                    int count = 0;
                    await foreach (var _ in manager.WalkAsync(Objects))
                    {
                        count++;
                    }

                    Expect(count == ObjectCount, $"the walk found {count} objects");
                    break;
                case Op.Cancelled:
                    {
                        // Cancelled at once, or part-way through: either the value or the cancellation.
                        using var cancel = seed % 2 == 0 ? new CancellationTokenSource() : new CancellationTokenSource(TimeSpan.FromMilliseconds(seed % 5));
                        if (seed % 2 == 0)
                        {
                            await cancel.CancelAsync();
                        }

                        ExpectObject(await manager.GetAsync([Objects.Append(index, 0)], null, cancel.Token), index);
                        break;
                    }

                case Op.DeadPort:
                    await Dead(engine, version).GetAsync(SysDescr);
                    Expect(false, "an answer from a dead port");
                    break;
                case Op.DeadPortCancelled:
                    {
                        using var cancel = new CancellationTokenSource();
                        var pending = Dead(engine, version).GetAsync([SysDescr], null, cancel.Token);
                        await cancel.CancelAsync();
                        await pending;
                        Expect(false, "an answer from a dead port");
                        break;
                    }
            }

            return new Outcome(op, version, null);
        }
        catch (Exception e)
        {
            return new Outcome(op, version, e);
        }
    }

    private Manager Dead(Engine engine, SnmpVersion version)
    {
        // Known engine ID, so that SNMPv3 goes straight to the request (no discovery to wait out).
        var manager = engine.Manager(_dead, version, engineId: version == SnmpVersion.SNMPv3 ? _agent.LocalEngine.EngineId : null);
        manager.Timeout = TimeSpan.FromMilliseconds(300);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(100);
        return manager;
    }

    private static void ExpectObject(VarBindList result, uint index) =>
        Expect(result.Count == 1 && result[0].Equals(new VarBind(Objects.Append(index, 0), new Integer32((int)index))), $"object {index} answered {result}");

    /// <summary>Checks an answer on a worker thread: a wrong one becomes that request's outcome (never allowed), not an assertion off the test's thread.</summary>
    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new WrongAnswerException(what);
        }
    }

    private sealed class WrongAnswerException(string message) : Exception(message);

    /// <summary>
    /// Each request ended in its value (checked where it was made) or in the one exception its
    /// situation allows: the cancellation it asked for, the dead port's timeout, or the engine's
    /// shutdown once it was disposed.
    /// </summary>
    private static void AssertEachEndedAsItShould(IEnumerable<Outcome> outcomes, bool disposed)
    {
        TestContext.Progress.WriteLine(string.Join(", ", outcomes.GroupBy(o => (o.Op, Ended: o.Error?.GetType().Name ?? "value")).OrderBy(g => g.Key).Select(g => $"{g.Key.Op} {g.Key.Ended}: {g.Count()}")));
        foreach (var outcome in outcomes.Where(o => o.Error is not null))
        {
            var error = outcome.Error!;
            bool allowed = outcome.Op switch
            {
                Op.Cancelled => error is OperationCanceledException,
                Op.DeadPort => error is SnmpTimeoutException,
                Op.DeadPortCancelled => error is OperationCanceledException,
                _ => false,
            } || (disposed && error is ObjectDisposedException);
            Assert.That(allowed, Is.True, $"{outcome.Op} over {outcome.Version} ended in {error}");
        }
    }

    /// <summary>The engines' sockets are closed and the threads they started have ended (bounded waits).</summary>
    private static async Task AssertNothingLeftAsync(int socketsBefore, int ownThreadsBefore)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.That(await EventuallyAsync(() => OpenSockets() <= socketsBefore), Is.True, $"sockets: {OpenSockets()}, {socketsBefore} before");
        // Threads the process made outside the thread pool (the pool grows and shrinks on its own).
        Assert.That(await EventuallyAsync(() => NonPoolThreads() <= ownThreadsBefore), Is.True, $"threads outside the pool: {NonPoolThreads()}, {ownThreadsBefore} before");
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
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

    private static int NonPoolThreads()
    {
        int threads = int.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))["Threads:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return threads - ThreadPool.ThreadCount;
    }

    private static int OpenSockets() =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });
}
