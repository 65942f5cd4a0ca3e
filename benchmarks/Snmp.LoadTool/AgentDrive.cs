using System.Diagnostics;
using System.Globalization;
using System.Net;
using static Snmp.LoadTool.Measurements;

namespace Snmp.LoadTool;

/// <summary>
/// <c>--drive NAME=HOST:PORT=PID[,NAME=HOST:PORT=PID...]</c>: loads agents someone else started
/// (scripts/sim-compare.py starts Debian's snmpsimd and our <c>snmp sim</c> on the same recordings)
/// with the same SNMPv2c requests, rounds alternating between the agents: GET/s of one object
/// (<c>--get-oid</c>, several client engines with requests in flight) and GetBulk varbinds/s
/// (max-repetitions 25, one walk of <c>--bulk-root</c> after another per client). Agent CPU is the
/// agent process's CPU time over wall time (100 % = one core), read from /proc/PID/stat. Prints
/// medians and each agent's ratio to the first. An agent of several processes (snmpsim run as
/// several instances, as its documentation suggests for throughput) is
/// <c>NAME=HOST:PORT+HOST:PORT=PID+PID</c>: its clients take the addresses in turn, and its CPU is
/// the sum of its processes'.
/// </summary>
internal static class AgentDrive
{
    public const string Flag = "--drive";

    public static async Task RunAsync(double seconds, int rounds, int clients, int inFlight, int walkers)
    {
        var culture = CultureInfo.InvariantCulture;
        var agents = Text(Flag, "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseAgent).ToList();
        if (agents.Count == 0)
        {
            throw new ArgumentException($"{Flag} NAME=HOST:PORT=PID[,...] names no agent");
        }

        var community = Text("--community", "public");
        ObjectIdentifier getOid = Text("--get-oid", "1.3.6.1.2.1.1.1.0");
        ObjectIdentifier bulkRoot = Text("--bulk-root", "1.3.6.1.2.1");
        foreach (var agent in agents)
        {
            foreach (var endpoint in agent.Endpoints)
            {
                await WaitForAgent(endpoint, community, getOid);
            }

            // Warm-up, not measured: JIT, snmpsim's first reads of the recording's index.
            await LoadGets(agent.Endpoints, community, getOid, clients, inFlight, 1);
            await LoadBulkWalks(agent.Endpoints, community, bulkRoot, walkers, 1);
        }

        Console.WriteLine($"v2c community \"{community}\"; GET {getOid}: {clients} client engines x {inFlight} in flight; GetBulk walks of {bulkRoot} (max-repetitions 25) by {walkers} client engines, one walk at a time each;");
        Console.WriteLine($"{seconds.ToString(culture)} s rounds alternating between the agents, median of {rounds}; {Environment.ProcessorCount} cores shared by the clients and the agents; load average at the start {LoadAverage()}");
        var gets = agents.ToDictionary(a => a.Name, _ => new List<(double Rate, double Cpu)>());
        var bulks = agents.ToDictionary(a => a.Name, _ => new List<(double Rate, double Cpu)>());
        var failures = agents.ToDictionary(a => a.Name, _ => 0L);
        for (int round = 0; round < rounds; round++)
        {
            foreach (var agent in agents)
            {
                var (get, getFailures) = await Measure(agent.Pids, () => LoadGets(agent.Endpoints, community, getOid, clients, inFlight, seconds));
                var (bulk, bulkFailures) = await Measure(agent.Pids, () => LoadBulkWalks(agent.Endpoints, community, bulkRoot, walkers, seconds));
                gets[agent.Name].Add(get);
                bulks[agent.Name].Add(bulk);
                failures[agent.Name] += getFailures + bulkFailures;
            }
        }

        Console.WriteLine();
        Console.WriteLine("| agent | GET/s | agent CPU | GetBulk varbinds/s | agent CPU | timeouts and errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var agent in agents)
        {
            Console.WriteLine($"| {agent.Name} | {Median(gets[agent.Name].Select(g => g.Rate)).ToString("F0", culture)} | {Median(gets[agent.Name].Select(g => g.Cpu)).ToString("P0", culture)} | " +
                $"{Median(bulks[agent.Name].Select(b => b.Rate)).ToString("F0", culture)} | {Median(bulks[agent.Name].Select(b => b.Cpu)).ToString("P0", culture)} | {failures[agent.Name]} |");
        }

        // Every later agent against every earlier one.
        for (int later = 1; later < agents.Count; later++)
        {
            for (int earlier = 0; earlier < later; earlier++)
            {
                var (a, b) = (agents[later].Name, agents[earlier].Name);
                double getRatio = Median(gets[a].Select(g => g.Rate)) / Median(gets[b].Select(g => g.Rate));
                double bulkRatio = Median(bulks[a].Select(g => g.Rate)) / Median(bulks[b].Select(g => g.Rate));
                Console.WriteLine($"| ratio ({a} / {b}) | {getRatio.ToString("F1", culture)} | | {bulkRatio.ToString("F1", culture)} | | |");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"load average at the end {LoadAverage()}");
    }

    private static (string Name, IPEndPoint[] Endpoints, int[] Pids) ParseAgent(string text)
    {
        var parts = text.Split('=');
        var endpoints = parts.Length == 3 ? parts[1].Split('+').Select(e => IPEndPoint.TryParse(e, out var endpoint) ? endpoint : null).ToArray() : [];
        var pids = parts.Length == 3 ? parts[2].Split('+').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : -1).ToArray() : [];
        if (endpoints.Length == 0 || endpoints.Any(e => e is null) || pids.Length == 0 || pids.Any(p => p < 0))
        {
            throw new ArgumentException($"'{text}' is not NAME=HOST:PORT[+HOST:PORT...]=PID[+PID...]");
        }

        return (parts[0], [.. endpoints.Select(e => e!)], pids);
    }

    private static string Text(string name, string fallback)
    {
        var args = Environment.GetCommandLineArgs();
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static async Task WaitForAgent(IPEndPoint endpoint, string community, ObjectIdentifier oid)
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: community);
        var manager = engine.Manager(endpoint);
        manager.Timeout = TimeSpan.FromSeconds(2);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await manager.GetAsync(oid);
                return;
            }
            catch (SnmpTimeoutException) when (deadline.Elapsed < TimeSpan.FromSeconds(120))
            {
            }
        }
    }

    private static async Task<((double Rate, double Cpu) Result, long Failures)> Measure(int[] pids, Func<Task<(long Count, long Failures)>> run)
    {
        double Cpu() => pids.Sum(pid => ProcessCpu(pid).TotalSeconds);
        var before = Cpu();
        var watch = Stopwatch.StartNew();
        var (count, failures) = await run();
        double elapsed = watch.Elapsed.TotalSeconds;
        return ((count / elapsed, (Cpu() - before) / elapsed), failures);
    }

    private static async Task<(long, long)> LoadGets(IPEndPoint[] endpoints, string community, ObjectIdentifier oid, int clients, int inFlight, double seconds)
    {
        long count = 0, failures = 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var engines = Enumerable.Range(0, clients).Select(_ => new Engine(SnmpVersion.SNMPv2c, defaultCommunity: community)).ToList();
        try
        {
            var workers = engines.SelectMany((engine, e) =>
            {
                var manager = engine.Manager(endpoints[e % endpoints.Length]);
                manager.Timeout = TimeSpan.FromSeconds(5);
                return Enumerable.Range(0, inFlight).Select(async _ =>
                {
                    while (Stopwatch.GetTimestamp() < end)
                    {
                        try
                        {
                            var answer = await manager.GetAsync(oid).ConfigureAwait(false);
                            if (answer[0].Value is NoSuchObject or NoSuchInstance)
                            {
                                Interlocked.Increment(ref failures);
                                continue;
                            }

                            Interlocked.Increment(ref count);
                        }
                        catch (SnmpException)
                        {
                            Interlocked.Increment(ref failures);
                        }
                    }
                });
            });
            await Task.WhenAll(workers);
        }
        finally
        {
            foreach (var engine in engines)
            {
                await engine.DisposeAsync();
            }
        }

        return (count, failures);
    }

    private static async Task<(long, long)> LoadBulkWalks(IPEndPoint[] endpoints, string community, ObjectIdentifier root, int clients, double seconds)
    {
        long count = 0, failures = 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var engines = Enumerable.Range(0, clients).Select(_ => new Engine(SnmpVersion.SNMPv2c, defaultCommunity: community)).ToList();
        try
        {
            await Task.WhenAll(engines.Select(async (engine, e) =>
            {
                var manager = engine.Manager(endpoints[e % endpoints.Length]);
                manager.Timeout = TimeSpan.FromSeconds(5);
                manager.WalkMaxRepetitions = 25;
                while (Stopwatch.GetTimestamp() < end)
                {
                    try
                    {
                        await foreach (var _ in manager.WalkAsync(root).ConfigureAwait(false))
                        {
                            Interlocked.Increment(ref count);
                            if (Stopwatch.GetTimestamp() >= end)
                            {
                                break;
                            }
                        }
                    }
                    catch (SnmpException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }));
        }
        finally
        {
            foreach (var engine in engines)
            {
                await engine.DisposeAsync();
            }
        }

        return (count, failures);
    }
}
