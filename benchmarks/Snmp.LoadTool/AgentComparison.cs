using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using static Snmp.LoadTool.Measurements;

namespace Snmp.LoadTool;

/// <summary>
/// The agent benchmark: our demo agent (a separate process, Snmp.DemoAgent, with as many table
/// rows as make its tree about as large as snmpd's) beside Net-SNMP's snmpd in the same run, each loaded by several client engines with requests in flight: GET/s of
/// sysDescr.0, and GetBulk varbinds/s walking the agent's whole tree. The rounds alternate
/// between the agents; figures are medians; agent CPU is the agent process's CPU time over wall
/// time (100 % = one core). Then the round trip of one sequential blocking GET to each agent.
/// </summary>
internal static class AgentComparison
{
    public static async Task RunAsync(double seconds, int rounds, int clients, int inFlightPerClient)
    {
        var culture = CultureInfo.InvariantCulture;
        await using var snmpd = await SnmpdFixture.StartAsync();
        // Serve about as many objects as snmpd: the demo table has four readable columns, and
        // the built-in objects and demo scalars add about 60 more.
        int snmpdObjects = await CountObjects(snmpd.Endpoint);
        int rows = Math.Max(1, (snmpdObjects - 60) / 4);
        int port = FreePort();
        using var ours = StartDemoAgent(port, rows);
        var oursEndpoint = new IPEndPoint(IPAddress.Loopback, port);
        await WaitForAgent(oursEndpoint);

        var agents = new (string Name, IPEndPoint Endpoint, int Pid)[]
        {
            ("Net-SNMP snmpd", snmpd.Endpoint, snmpd.ProcessId),
            ("Snmp.Architecture demo agent", oursEndpoint, ours.Id),
        };
        Console.WriteLine($"{clients} client engines x {inFlightPerClient} requests in flight, {seconds} s rounds, median of {rounds}, {Environment.ProcessorCount} cores shared by clients and agent");
        Console.WriteLine();
        Console.WriteLine("| agent | objects in its tree | GET/s | agent CPU | GetBulk varbinds/s (max-repetitions 25) | agent CPU |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var results = agents.ToDictionary(a => a.Name, _ => (Get: new List<(double Rate, double Cpu)>(), Bulk: new List<(double Rate, double Cpu)>(), Objects: 0));
        var sequential = agents.ToDictionary(a => a.Name, _ => new List<(double Rate, double Cpu)>());
        // Item 4 of issue 13: the agent's CPU per varbind for Get with 1 and 10 varbinds and for
        // GetBulk with max-repetitions 10 and 50, the same objects (the first of the system group on).
        var perVarBind = agents.ToDictionary(a => a.Name, _ => PerVarBindKinds.ToDictionary(k => k, _ => new List<(double CpuPerVarBind, double CpuPerRequest, double VarBindsPerRequest)>()));
        var firstObjects = new Dictionary<string, ObjectIdentifier[]>();
        foreach (var agent in agents)
        {
            firstObjects[agent.Name] = await FirstObjects(agent.Endpoint, 10);
        }

        for (int round = 0; round < rounds; round++)
        {
            foreach (var agent in agents)
            {
                var entry = results[agent.Name];
                entry.Get.Add(await Measure(agent.Pid, () => LoadGets(agent.Endpoint, clients, inFlightPerClient, seconds)));
                entry.Bulk.Add(await Measure(agent.Pid, () => LoadBulkWalks(agent.Endpoint, clients, seconds)));
                sequential[agent.Name].Add(await Measure(agent.Pid, () => SequentialGets(agent.Endpoint, seconds)));
                foreach (var kind in PerVarBindKinds)
                {
                    perVarBind[agent.Name][kind].Add(await MeasurePerVarBind(agent.Pid, agent.Endpoint, clients, inFlightPerClient, seconds, kind, firstObjects[agent.Name]));
                }

                if (round == 0)
                {
                    entry.Objects = await CountObjects(agent.Endpoint);
                }

                results[agent.Name] = entry;
            }
        }

        foreach (var (name, (get, bulk, objects)) in results)
        {
            Console.WriteLine($"| {name} | {objects} | {Median(get.Select(g => g.Rate)).ToString("F0", culture)} | {Median(get.Select(g => g.Cpu)).ToString("P0", culture)} | " +
                $"{Median(bulk.Select(b => b.Rate)).ToString("F0", culture)} | {Median(bulk.Select(b => b.Cpu)).ToString("P0", culture)} |");
        }

        var snmpdGet = Median(results[agents[0].Name].Get.Select(g => g.Rate));
        var oursGet = Median(results[agents[1].Name].Get.Select(g => g.Rate));
        var snmpdBulk = Median(results[agents[0].Name].Bulk.Select(g => g.Rate));
        var oursBulk = Median(results[agents[1].Name].Bulk.Select(g => g.Rate));
        Console.WriteLine($"| ratio (ours / snmpd) | | {(oursGet / snmpdGet).ToString("F2", culture)} | | {(oursBulk / snmpdBulk).ToString("F2", culture)} | |");
        Console.WriteLine();
        Console.WriteLine("| agent | sequential blocking GET round trip (one client, one at a time) | agent CPU per GET |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var (name, samples) in sequential)
        {
            Console.WriteLine($"| {name} | {(1e6 / Median(samples.Select(x => x.Rate))).ToString("F1", culture)} us | {Median(samples.Select(x => x.Cpu / x.Rate * 1e6)).ToString("F1", culture)} us |");
        }

        double snmpdTrip = 1 / Median(sequential[agents[0].Name].Select(x => x.Rate));
        double oursTrip = 1 / Median(sequential[agents[1].Name].Select(x => x.Rate));
        Console.WriteLine($"| ratio (ours / snmpd) | {(oursTrip / snmpdTrip).ToString("F2", culture)} | |");
        Console.WriteLine();
        Console.WriteLine($"Agent CPU per varbind ({clients} clients x {inFlightPerClient} in flight; the objects from sysDescr.0 on; median over rounds, spread (max - min) / median):");
        Console.WriteLine();
        Console.WriteLine("| agent | request | varbinds / request | agent CPU / request | agent CPU / varbind | per varbind / Get of 1 |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var agent in agents)
        {
            double getOne = Median(perVarBind[agent.Name][PerVarBindKinds[0]].Select(x => x.CpuPerVarBind));
            foreach (var kind in PerVarBindKinds)
            {
                var list = perVarBind[agent.Name][kind];
                var perVb = list.Select(x => x.CpuPerVarBind).ToList();
                double median = Median(perVb);
                double spread = median == 0 ? 0 : (perVb.Max() - perVb.Min()) / median;
                Console.WriteLine($"| {agent.Name} | {kind} | {Median(list.Select(x => x.VarBindsPerRequest)).ToString("F1", culture)} | {Median(list.Select(x => x.CpuPerRequest)).ToString("F1", culture)} us | " +
                    $"{median.ToString("F2", culture)} us ({spread.ToString("P0", culture).Replace(" ", "", StringComparison.Ordinal)}) | {(median / getOne).ToString("F2", culture)} |");
            }
        }

        ours.Kill(entireProcessTree: true);
    }

    private static readonly string[] PerVarBindKinds = ["Get, 1 varbind", "Get, 10 varbinds", "GetBulk, max-repetitions 10", "GetBulk, max-repetitions 50"];

    // The first count objects of the agent's tree from sysDescr.0 on.
    private static async Task<ObjectIdentifier[]> FirstObjects(IPEndPoint endpoint, int count)
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(endpoint);
        var page = await manager.GetBulkAsync(0, count, "1.3.6.1.2.1.1");
        return page.Select(vb => vb.Oid).ToArray();
    }

    private static async Task<(double CpuPerVarBind, double CpuPerRequest, double VarBindsPerRequest)> MeasurePerVarBind(
        int pid, IPEndPoint endpoint, int clients, int inFlight, double seconds, string kind, ObjectIdentifier[] firstObjects)
    {
        Func<Manager, Task<VarBindList>> request = kind switch
        {
            "Get, 1 varbind" => m => m.GetAsync(firstObjects[0]),
            "Get, 10 varbinds" => m => m.GetAsync(firstObjects),
            "GetBulk, max-repetitions 10" => m => m.GetBulkAsync(0, 10, "1.3.6.1.2.1.1"),
            "GetBulk, max-repetitions 50" => m => m.GetBulkAsync(0, 50, "1.3.6.1.2.1.1"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        long requests = 0, varBinds = 0;
        var engines = Enumerable.Range(0, clients).Select(_ => new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public")).ToList();
        try
        {
            var managers = engines.Select(e => { var m = e.Manager(endpoint); m.Timeout = TimeSpan.FromSeconds(10); return m; }).ToList();
            foreach (var manager in managers)
            {
                await request(manager); // warm: JIT, the agent's caches
            }

            var before = ProcessCpu(pid);
            var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            await Task.WhenAll(managers.SelectMany(manager => Enumerable.Range(0, inFlight).Select(async _ =>
            {
                while (Stopwatch.GetTimestamp() < end)
                {
                    var answer = await request(manager).ConfigureAwait(false);
                    Interlocked.Increment(ref requests);
                    Interlocked.Add(ref varBinds, answer.Count);
                }
            })));
            double cpuUs = (ProcessCpu(pid) - before).TotalMicroseconds;
            return (cpuUs / varBinds, cpuUs / requests, (double)varBinds / requests);
        }
        finally
        {
            foreach (var engine in engines)
            {
                await engine.DisposeAsync();
            }
        }
    }

    internal static Process StartDemoAgent(int port, int rows)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Snmp.DemoAgent.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var bootsFile = Path.Combine(Path.GetTempPath(), $"loadtool-demo-agent-{port}.boots");
        foreach (var arg in new[] { dll, "--port", port.ToString(CultureInfo.InvariantCulture), "--rows", rows.ToString(CultureInfo.InvariantCulture), "--boots-file", bootsFile })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the demo agent did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"demo agent: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitForAgent(IPEndPoint endpoint)
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(endpoint);
        manager.Timeout = TimeSpan.FromMilliseconds(500);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await manager.GetAsync("1.3.6.1.2.1.1.1.0");
                return;
            }
            catch (SnmpTimeoutException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
            }
        }
    }

    private static async Task<(double Rate, double Cpu)> Measure(int pid, Func<Task<long>> run)
    {
        var before = ProcessCpu(pid);
        var watch = Stopwatch.StartNew();
        long count = await run();
        double elapsed = watch.Elapsed.TotalSeconds;
        return (count / elapsed, (ProcessCpu(pid) - before).TotalSeconds / elapsed);
    }

    private static async Task<long> SequentialGets(IPEndPoint endpoint, double seconds)
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(endpoint);
        manager.Timeout = TimeSpan.FromSeconds(10);
        ObjectIdentifier sysDescr = "1.3.6.1.2.1.1.1.0";
        await manager.GetAsync(sysDescr);
        return await Task.Run(() =>
        {
            long count = 0;
            var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                manager.Get(sysDescr);
                count++;
            }

            return count;
        });
    }

    private static async Task<long> LoadGets(IPEndPoint endpoint, int clients, int inFlight, double seconds)
    {
        long count = 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var engines = Enumerable.Range(0, clients).Select(_ => new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public")).ToList();
        try
        {
            var workers = engines.SelectMany(engine =>
            {
                var manager = engine.Manager(endpoint);
                manager.Timeout = TimeSpan.FromSeconds(10);
                return Enumerable.Range(0, inFlight).Select(async _ =>
                {
                    while (Stopwatch.GetTimestamp() < end)
                    {
                        await manager.GetAsync("1.3.6.1.2.1.1.1.0").ConfigureAwait(false);
                        Interlocked.Increment(ref count);
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

        return count;
    }

    private static async Task<long> LoadBulkWalks(IPEndPoint endpoint, int clients, double seconds)
    {
        long count = 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var engines = Enumerable.Range(0, clients).Select(_ => new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public")).ToList();
        try
        {
            await Task.WhenAll(engines.Select(async engine =>
            {
                var manager = engine.Manager(endpoint);
                manager.Timeout = TimeSpan.FromSeconds(10);
                manager.WalkMaxRepetitions = 25;
                while (Stopwatch.GetTimestamp() < end)
                {
                    await foreach (var _ in manager.WalkAsync("1.3.6.1").ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref count);
                        if (Stopwatch.GetTimestamp() >= end)
                        {
                            break;
                        }
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

        return count;
    }

    private static async Task<int> CountObjects(IPEndPoint endpoint)
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(endpoint);
        int count = 0;
        await foreach (var _ in manager.WalkAsync("1.3.6.1"))
        {
            count++;
        }

        return count;
    }

    internal static int FreePort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}

/// <summary>What both load-tool runs measure with: a process's CPU time, and medians.</summary>
internal static class Measurements
{
    /// <summary>User plus system CPU time of a process (/proc/PID/stat fields 14 and 15, 100 ticks a second on Linux).</summary>
    public static TimeSpan ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
