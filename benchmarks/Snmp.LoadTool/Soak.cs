using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.LoadTool;

/// <summary>
/// The soak (issue 10): our Agent and one poller Engine in this process, under a steady mixed load
/// for a number of minutes: SNMPv1, SNMPv2c and SNMPv3 (authPriv) Gets, Sets and walks, Gets to a
/// dead loopback port that time out, requests cancelled part-way, Managers created per request and
/// dropped, and a whole second Engine created, used (discovery included) and disposed every few
/// seconds. Every sample forces a full blocking GC and reads the managed heap, the live
/// System.Threading timers, the threads (the process's and the thread pool's) and the open file
/// descriptors and sockets (/proc/self/fd). A leak shows as a slope: the least-squares slope per
/// hour of each is printed over all samples and over the second half (after warm-up).
/// </summary>
internal static class Soak
{
    private static readonly ObjectIdentifier Enterprise = "1.3.6.1.4.1.99999.42";
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier WritableObject = "1.3.6.1.4.1.99999.42.2";
    private static readonly ObjectIdentifier Writable = WritableObject.Append(0);
    private static readonly ObjectIdentifier System = "1.3.6.1.2.1.1";
    private const int TableObjects = 100;
    private const int MaxInFlight = 256;

    public static async Task RunAsync(double minutes, double sampleSeconds, double ratePerSecond)
    {
        var culture = CultureInfo.InvariantCulture;
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], SysName = "soak" });
        agent.AddCommunity("public");
        agent.AddCommunity("private", writable: true);
        agent.AddUser("soak", AuthenticationProtocol.HmacSha256, "soak-auth-secret", PrivacyProtocol.Aes128, "soak-priv-secret", writable: true);
        agent.Mib.AddScalar(WritableObject, new Integer32(0), writable: true);
        for (int i = 1; i <= TableObjects; i++)
        {
            agent.Mib.AddScalar(Enterprise.Append(1, (uint)i), new OctetString($"object {i}"));
        }

        var target = agent.Endpoints[0];
        var dead = DeadPort();

        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        engine.Usm.AddUser("soak", AuthenticationProtocol.HmacSha256, "soak-auth-secret", PrivacyProtocol.Aes128, "soak-priv-secret");
        var v1 = engine.Manager(target, SnmpVersion.SNMPv1);
        var v2c = engine.Manager(target);
        var v2cWrite = engine.Manager(target, community: "private");
        var v3 = engine.Manager(target, SnmpVersion.SNMPv3);
        var deadV2c = engine.Manager(dead);
        var deadV3 = engine.Manager(dead, SnmpVersion.SNMPv3, engineId: agent.LocalEngine.EngineId);
        foreach (var m in new[] { v1, v2c, v2cWrite, v3 })
        {
            m.Timeout = TimeSpan.FromSeconds(10);
        }

        foreach (var m in new[] { deadV2c, deadV3 })
        {
            m.Timeout = TimeSpan.FromSeconds(1);
            m.RefreshPeriod = TimeSpan.FromMilliseconds(250);
        }

        var outcomes = new Outcomes();
        using var stop = new CancellationTokenSource();
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var random = new Random(20261126);
        long operation = 0;

        async Task One(long n)
        {
            try
            {
                switch (n % 20)
                {
                    case 0 or 1 or 2 or 3 or 4:
                        Check(await v2c.GetAsync(SysDescr, Instance(n)));
                        break;
                    case 5 or 6:
                        await v1.GetAsync(SysDescr);
                        break;
                    case 7 or 8 or 9:
                        Check(await v3.GetAsync(SysDescr, Instance(n)));
                        break;
                    case 10:
                        await v2cWrite.SetAsync(new VarBind(Writable, new Integer32((int)(n & 0x7FFFFFFF))));
                        break;
                    case 11:
                        await v3.SetAsync(new VarBind(Writable, new Integer32((int)(n & 0x7FFFFFFF))));
                        break;
                    case 12:
                        await Count(v2c.WalkAsync(Enterprise));
                        break;
                    case 13:
                        await Count(v1.WalkAsync(System));
                        break;
                    case 14:
                        await Count(v3.WalkAsync(Enterprise));
                        break;
                    case 15:
                        await (n % 40 == 15 ? deadV2c : deadV3).GetAsync(SysDescr);
                        break;
                    case 16:
                        {
                            // Cancelled part-way (or answered first: either is fine).
                            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1 + (n % 7)));
                            await v3.GetAsync([SysDescr], null, cancel.Token);
                            break;
                        }

                    case 17:
                        {
                            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50 + (n % 200)));
                            await deadV2c.GetAsync([SysDescr], null, cancel.Token);
                            break;
                        }

                    case 18:
                        // A Manager per request, dropped afterwards.
                        await engine.Manager(target, n % 3 == 0 ? SnmpVersion.SNMPv1 : SnmpVersion.SNMPv2c).GetAsync(SysDescr);
                        break;
                    default:
                        await engine.Manager(target, SnmpVersion.SNMPv3).GetAsync(SysDescr);
                        break;
                }

                outcomes.Count(ref outcomes.Answered);
            }
            catch (SnmpTimeoutException)
            {
                outcomes.Count(ref outcomes.TimedOut);
            }
            catch (OperationCanceledException)
            {
                outcomes.Count(ref outcomes.Cancelled);
            }
            catch (Exception e)
            {
                outcomes.Unexpected(e);
            }
            finally
            {
                inFlight.Release();
            }
        }

        // A whole Engine created, used and disposed: discovery, key localisation, sockets, timers.
        async Task EngineChurn()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await using (var fresh = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public"))
                    {
                        fresh.Usm.AddUser("soak", AuthenticationProtocol.HmacSha256, "soak-auth-secret", PrivacyProtocol.Aes128, "soak-priv-secret");
                        await fresh.Manager(target, SnmpVersion.SNMPv3).GetAsync(SysDescr);
                        await fresh.Manager(target).GetAsync(SysDescr);
                        var pending = fresh.Manager(dead).GetAsync(SysDescr); // still pending at Dispose
                        await fresh.DisposeAsync();
                        try
                        {
                            await pending;
                        }
                        catch (ObjectDisposedException)
                        {
                        }
                    }

                    outcomes.Count(ref outcomes.EnginesDisposed);
                    await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    outcomes.Unexpected(e);
                }
            }
        }

        await v3.GetAsync(SysDescr); // discovery before the clock starts
        var churn = Task.Run(EngineChurn);
        var load = Task.Run(async () =>
        {
            // Paced: a tick every 10 ms starts the operations due by then.
            var watch = Stopwatch.StartNew();
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await WaitForTick(tick, stop.Token))
            {
                long due = (long)(watch.Elapsed.TotalSeconds * ratePerSecond);
                while (operation < due && !stop.IsCancellationRequested)
                {
                    if (!inFlight.Wait(0))
                    {
                        outcomes.Count(ref outcomes.Skipped); // the cap on requests in flight
                        operation++;
                        continue;
                    }

                    _ = One(operation++);
                }
            }
        });

        Console.WriteLine($"Soak: our Agent on {target}, one poller Engine, {ratePerSecond.ToString(culture)} operations/s for {minutes.ToString(culture)} min, a sample every {sampleSeconds.ToString(culture)} s, {Environment.ProcessorCount} cores");
        Console.WriteLine("mix per 20: 5 v2c Get, 2 v1 Get, 3 v3 Get, 1 v2c Set, 1 v3 Set, walks (v2c, v1, v3), 1 Get to a dead port (1 s timeout), 2 cancelled, 2 new Managers; an Engine created and disposed every ~2 s");
        Console.WriteLine();
        Console.WriteLine("| minute | managed heap after GC (KB) | timers | threads | pool threads | fds | sockets | answered | timed out | cancelled | engines disposed | unexpected |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromMinutes(minutes);
        while (true)
        {
            var sample = Take(clock.Elapsed);
            samples.Add(sample);
            Console.WriteLine($"| {sample.At.TotalMinutes.ToString("F1", culture)} | {(sample.HeapBytes / 1024.0).ToString("F0", culture)} | {sample.Timers} | {sample.Threads} | {sample.PoolThreads} | {sample.Fds} | {sample.Sockets} | " +
                $"{Volatile.Read(ref outcomes.Answered)} | {Volatile.Read(ref outcomes.TimedOut)} | {Volatile.Read(ref outcomes.Cancelled)} | {Volatile.Read(ref outcomes.EnginesDisposed)} | {Volatile.Read(ref outcomes.UnexpectedCount)} |");
            if (clock.Elapsed >= end)
            {
                break;
            }

            var next = TimeSpan.FromSeconds(sampleSeconds * samples.Count);
            await Task.Delay(next > end ? end - clock.Elapsed : next - clock.Elapsed > TimeSpan.Zero ? next - clock.Elapsed : TimeSpan.Zero);
        }

        await stop.CancelAsync();
        await load;
        await churn;
        // Let what is in flight finish (the longest, a dead-port timeout, takes 1 s).
        for (int i = 0; i < MaxInFlight; i++)
        {
            await inFlight.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Console.WriteLine();
        Console.WriteLine($"operations started {operation}, skipped at the in-flight cap {outcomes.Skipped}; answered {outcomes.Answered}, timed out {outcomes.TimedOut}, cancelled {outcomes.Cancelled}, unexpected {outcomes.UnexpectedCount}; " +
            $"engines created and disposed {outcomes.EnginesDisposed}; poller retransmissions {engine.Retransmissions}");
        Console.WriteLine($"agent: snmpInPkts {agent.Statistics[Snmp.AbstractServices.SnmpCounter.SnmpInPkts]}, snmpOutPkts {agent.Statistics[Snmp.AbstractServices.SnmpCounter.SnmpOutPkts]}");
        foreach (var e in outcomes.FirstUnexpected)
        {
            Console.WriteLine($"unexpected: {e}");
        }

        Console.WriteLine();
        Console.WriteLine("| measure | start | end | slope per hour, all samples | slope per hour, second half |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        var half = samples.Skip(samples.Count / 2).ToList();
        void Row(string name, Func<Sample, double> value, string format) =>
            Console.WriteLine($"| {name} | {value(samples[0]).ToString(format, culture)} | {value(samples[^1]).ToString(format, culture)} | " +
                $"{Slope(samples, value).ToString("F1", culture)} | {Slope(half, value).ToString("F1", culture)} |");
        Row("managed heap after GC (KB)", s => s.HeapBytes / 1024.0, "F0");
        Row("System.Threading timers", s => s.Timers, "F0");
        Row("threads (process)", s => s.Threads, "F0");
        Row("thread pool threads", s => s.PoolThreads, "F0");
        Row("open file descriptors", s => s.Fds, "F0");
        Row("open sockets", s => s.Sockets, "F0");
    }

    private static void Check(VarBindList answer)
    {
        if (answer.Count != 2 || answer[1].Value is not OctetString)
        {
            throw new InvalidOperationException($"a wrong answer: {string.Join(", ", answer)}");
        }
    }

    private static ObjectIdentifier Instance(long n) => Enterprise.Append(1, (uint)(n % TableObjects) + 1, 0);

    private static async Task<bool> WaitForTick(PeriodicTimer tick, CancellationToken cancellationToken)
    {
        try
        {
            return await tick.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task Count(IAsyncEnumerable<VarBind> walk)
    {
        int count = 0;
        await foreach (var _ in walk)
        {
            count++;
        }

        if (count == 0)
        {
            throw new InvalidOperationException("an empty walk");
        }
    }

    private static Sample Take(TimeSpan at)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        long heap = GC.GetTotalMemory(forceFullCollection: false);
        int fds = 0, sockets = 0;
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            fds++;
            try
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                {
                    sockets++;
                }
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }

        return new Sample(at, heap, Timer.ActiveCount, ProcessThreads(), ThreadPool.ThreadCount, fds, sockets);
    }

    private static int ProcessThreads()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                return int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    /// <summary>The least-squares slope of the value against time, per hour.</summary>
    internal static double Slope(IReadOnlyList<Sample> samples, Func<Sample, double> value)
    {
        if (samples.Count < 2)
        {
            return double.NaN;
        }

        double meanT = samples.Average(s => s.At.TotalHours);
        double meanV = samples.Average(value);
        double num = samples.Sum(s => (s.At.TotalHours - meanT) * (value(s) - meanV));
        double den = samples.Sum(s => (s.At.TotalHours - meanT) * (s.At.TotalHours - meanT));
        return den == 0 ? double.NaN : num / den;
    }

    private static IPEndPoint DeadPort()
    {
        // Bound and closed: nobody listens there (the kernel answers with ICMP port-unreachable).
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }

    internal sealed record Sample(TimeSpan At, long HeapBytes, long Timers, int Threads, int PoolThreads, int Fds, int Sockets);

    private sealed class Outcomes
    {
        public long Answered;
        public long TimedOut;
        public long Cancelled;
        public long Skipped;
        public long EnginesDisposed;
        public long UnexpectedCount;
        public readonly List<Exception> FirstUnexpected = [];

        public void Count(ref long counter) => Interlocked.Increment(ref counter);

        public void Unexpected(Exception e)
        {
            Interlocked.Increment(ref UnexpectedCount);
            lock (FirstUnexpected)
            {
                if (FirstUnexpected.Count < 5)
                {
                    FirstUnexpected.Add(e);
                }
            }
        }
    }
}
