using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Snmp.Tool.Demo;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Security.Usm;
using static Snmp.LoadTool.Measurements;

namespace Snmp.LoadTool;

/// <summary>
/// The cost of one request (issue 13), in one run against a private snmpd: a .NET UDP echo round
/// trip over loopback as the physical baseline; sequential GETs through the blocking <c>Get</c>
/// and through <c>GetAsync</c> awaited one at a time; 32 GETs in flight; and a sequential GetNext
/// walk of snmpd's whole tree beside Net-SNMP's <c>snmpwalk</c>. For each: wall time per request,
/// the process's CPU time per request (getrusage, microsecond resolution), its CPU share, and per
/// request the thread-pool work items, the voluntary context switches (a thread going to sleep:
/// each hand-off between threads costs one) and the bytes allocated.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --sequential [--seconds 3] [--rounds 3]</c>.
/// The measures run in turn inside each round, so slow phases of the shared machine fall on all of
/// them; the tables give each one's median over the rounds and its spread (max - min) / median.
/// </remarks>
internal static class SequentialCost
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";

    // The measures' names: scripts/sequential_cost_summary.py reads them from the output.
    private const string Echo = ".NET UDP echo over loopback (blocking send/receive)";
    private const string HandOffEcho = ".NET UDP echo, answer handed to the caller by a receive thread";
    private const string V2cBlockingToOurs = "v2c blocking Get to our Agent (child process), sequential";
    private const string V3BlockingToOurs = "v3 authPriv blocking Get to our Agent, sequential";
    private const string V2cBlocking = "v2c blocking Get, sequential";
    private const string V2cAsync = "v2c GetAsync awaited one at a time";
    private const string V2cInFlight = "v2c GetAsync, 32 in flight";
    private const string V3InFlight = "v3 authPriv GetAsync, 32 in flight";
    private const string V2cInFlightToOurs = "v2c GetAsync, 32 in flight, to our Agent";
    private const string V3InFlightToOurs = "v3 authPriv GetAsync, 32 in flight, to our Agent";
    // SNMPv3 without security (the demo agent's demo-noauth): what message processing and USM's
    // framing cost beside v2c, apart from the cryptography. (The rows "continuations on the
    // receive thread" measured EngineOptions.ContinueOnReceiveThread, obsolete since issue 26 and
    // the default's behaviour for a manager's UDP mapping: removed.)
    private const string V3NoAuthInFlightToOurs = "v3 noAuthNoPriv GetAsync, 32 in flight, to our Agent";

    /// <summary>The demo agent's SNMPv3 authPriv user (HMAC-SHA-256 + AES-128, password <see cref="DemoMib.Password"/>).</summary>
    private const string OurV3User = "demo-priv";

    /// <summary>Runs every measure <paramref name="rounds"/> times for <paramref name="seconds"/> each and prints the tables.</summary>
    /// <param name="seconds">How long each measure runs in a round.</param>
    /// <param name="rounds">How many rounds.</param>
    /// <param name="only">When given, only the measures whose name contains it (and no walk): for profiling one of them.</param>
    public static async Task RunAsync(double seconds, int rounds, string? only = null)
    {
        await using var snmpd = await SnmpdFixture.StartAsync(
        [
            "createUser loaduser SHA \"load-auth-pass\" AES \"load-priv-pass\"",
            "rouser loaduser priv",
        ]);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmpdFixture.ReadCommunity);
        var v2c = engine.Manager(snmpd.Endpoint);
        await using var engineV1 = new Engine(SnmpVersion.SNMPv1, defaultCommunity: SnmpdFixture.ReadCommunity);
        var v1 = engineV1.Manager(snmpd.Endpoint);
        await using var engineV3 = new Engine(SnmpVersion.SNMPv3);
        engineV3.Usm.AddUser("loaduser", AuthenticationProtocol.HmacSha1, "load-auth-pass", PrivacyProtocol.Aes128, "load-priv-pass");
        var v3 = engineV3.Manager(snmpd.Endpoint);
        foreach (var m in new[] { v1, v2c, v3 })
        {
            m.Timeout = TimeSpan.FromSeconds(10);
            await m.GetAsync(SysDescr); // JIT, sockets, SNMPv3 discovery
        }

        using var echo = new UdpEcho(handOff: false);
        echo.RoundTrips(1000); // JIT
        using var handOffEcho = new UdpEcho(handOff: true);
        handOffEcho.RoundTrips(1000);
        using var futexEcho = new UdpEcho(handOff: true, futex: true);
        futexEcho.RoundTrips(1000);

        // Our own Agent (the demo agent, a child process like snmpd): the library's share of a
        // round trip, beside the echo, without snmpd's ~25 us of work in it.
        int agentPort = AgentComparison.FreePort();
        using var ourAgent = AgentComparison.StartDemoAgent(agentPort, rows: 10);
        using var stopOurAgent = new StopOnDispose(ourAgent);
        var ourAgentEndpoint = new IPEndPoint(IPAddress.Loopback, agentPort);
        await AgentComparison.WaitForAgent(ourAgentEndpoint);
        await using var engineToOurs = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: DemoMib.ReadCommunity);
        var toOurs = engineToOurs.Manager(ourAgentEndpoint);
        toOurs.Timeout = TimeSpan.FromSeconds(10);
        await toOurs.GetAsync(SysDescr);
        // SNMPv3 authPriv to our Agent as the demo agent's user demo-priv (HMAC-SHA-256 + AES-128):
        // the same load as the v2c measures to it, against an agent whose v3 answers cost it little
        // more than its v2c ones, so that the v3/v2c ratio of the client's CPU is the library's
        // and not the agent's (snmpd answers v3 authPriv far more slowly than v2c).
        await using var engineV3ToOurs = new Engine(SnmpVersion.SNMPv3);
        engineV3ToOurs.Usm.AddUser(OurV3User, AuthenticationProtocol.HmacSha256, DemoMib.Password, PrivacyProtocol.Aes128, DemoMib.Password);
        var v3ToOurs = engineV3ToOurs.Manager(ourAgentEndpoint);
        v3ToOurs.Timeout = TimeSpan.FromSeconds(10);
        await v3ToOurs.GetAsync(SysDescr); // discovery, time synchronisation, key localisation

        engineV3ToOurs.Usm.AddUser("demo-noauth");
        var v3NoAuthToOurs = engineV3ToOurs.Manager(ourAgentEndpoint, defaultUserName: "demo-noauth");
        v3NoAuthToOurs.Timeout = TimeSpan.FromSeconds(10);
        await v3NoAuthToOurs.GetAsync(SysDescr);

        var measures = new (string Name, Func<Sample> Run)[]
        {
            (Echo, () => Measure(() => echo.RoundTrips(seconds), snmpd.ProcessId)),
            (HandOffEcho, () => Measure(() => handOffEcho.RoundTrips(seconds), snmpd.ProcessId)),
            (".NET UDP echo, answer handed over through the blocking requests' futex wake-up", () => Measure(() => futexEcho.RoundTrips(seconds), snmpd.ProcessId)),
            (V2cBlockingToOurs, () => Measure(() => Sequential(toOurs, seconds), ourAgent.Id)),
            (V3BlockingToOurs, () => Measure(() => Sequential(v3ToOurs, seconds), ourAgent.Id)),
            (V2cBlocking, () => Measure(() => Sequential(v2c, seconds), snmpd.ProcessId)),
            (V2cAsync, () => Measure(() => SequentialAsync(v2c, seconds), snmpd.ProcessId)),
            ("v3 authPriv blocking Get, sequential", () => Measure(() => Sequential(v3, seconds), snmpd.ProcessId)),
            (V2cInFlight, () => Measure(() => InFlight(v2c, 32, seconds), snmpd.ProcessId)),
            (V3InFlight, () => Measure(() => InFlight(v3, 32, seconds), snmpd.ProcessId)),
            (V2cInFlightToOurs, () => Measure(() => InFlight(toOurs, 32, seconds), ourAgent.Id)),
            (V3InFlightToOurs, () => Measure(() => InFlight(v3ToOurs, 32, seconds), ourAgent.Id)),
            (V3NoAuthInFlightToOurs, () => Measure(() => InFlight(v3NoAuthToOurs, 32, seconds), ourAgent.Id)),
        };
        if (only is not null)
        {
            measures = measures.Where(m => m.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToArray();
        }

        var samples = measures.ToDictionary(m => m.Name, _ => new List<Sample>());
        var ourWalk = new List<double>();
        var netSnmpWalk = new List<double>();
        var walkCpu = new List<double>();
        var walkCpuPerRequest = new List<double>();
        var walkRatioPerObject = new List<double>();
        var asyncWalk = new List<double>();
        var asyncWalkCpu = new List<double>();
        var asyncWalkRatioPerObject = new List<double>();
        int ourCount = 0, theirCount = 0, asyncCount = 0;
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in measures)
            {
                samples[name].Add(run());
            }

            if (only is not null)
            {
                continue;
            }

            var cpuBefore = Usage.Now();
            var watch = Stopwatch.StartNew();
            ourCount = v1.Walk("1.3").Count();
            ourWalk.Add(watch.Elapsed.TotalMilliseconds);
            walkCpu.Add((Usage.Now().CpuSeconds - cpuBefore.CpuSeconds) * 1e3);
            walkCpuPerRequest.Add(walkCpu[^1] * 1e3 / (ourCount + 1)); // one GetNext per varbind, and the last one that ends the walk
            watch.Restart();
            theirCount = await RunSnmpWalk(snmpd.Peer);
            netSnmpWalk.Add(watch.Elapsed.TotalMilliseconds);
            // snmpd's tree changes while it runs (its process and socket tables follow the machine),
            // so the two walks of a round may see different numbers of objects: compare per object.
            walkRatioPerObject.Add(ourWalk[^1] / Math.Max(1, ourCount) / (netSnmpWalk[^1] / Math.Max(1, theirCount)));

            // The same walk written with await (issue 26 item 4: both forms).
            cpuBefore = Usage.Now();
            watch.Restart();
            asyncCount = 0;
            await foreach (var _ in v1.WalkAsync("1.3"))
            {
                asyncCount++;
            }

            asyncWalk.Add(watch.Elapsed.TotalMilliseconds);
            asyncWalkCpu.Add((Usage.Now().CpuSeconds - cpuBefore.CpuSeconds) * 1e3);
            asyncWalkRatioPerObject.Add(asyncWalk[^1] / Math.Max(1, asyncCount) / (netSnmpWalk[^1] / Math.Max(1, theirCount)));
        }

        Console.WriteLine($"Net-SNMP snmpd on {snmpd.Endpoint}, our Agent (the demo agent, a child process) on {ourAgentEndpoint}, {Environment.ProcessorCount} cores, {seconds} s per measure, {rounds} rounds; median (spread = (max - min) / median)");
        Console.WriteLine("CPU is this process's user + system time (getrusage): for the echo it covers both ends, for the GETs only the client.");
        Console.WriteLine($"v3 authPriv: to snmpd as loaduser (HMAC-SHA-96 + AES-128); to our Agent as the demo agent's user {OurV3User} (HMAC-SHA-256 + AES-128, password DemoMib.Password).");
        Console.WriteLine("agent CPU is the answering agent's CPU share (/proc, 10 ms ticks): snmpd's, or our Agent's for the measures to it.");
        Console.WriteLine();
        Console.WriteLine("| measure | wall us / request | CPU us / request | CPU share | work items / request | voluntary ctx switches / request | bytes / request | agent CPU |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, _) in measures)
        {
            var s = samples[name];
            Console.WriteLine($"| {name} | {Cell(s.Select(x => x.WallUs))} | {Cell(s.Select(x => x.CpuUs))} | {Cell(s.Select(x => x.CpuShare * 100), "F0")} % | {Cell(s.Select(x => x.WorkItems), "F2")} | {Cell(s.Select(x => x.VoluntarySwitches), "F2")} | {Cell(s.Select(x => x.Bytes), "F0")} | {Median(s.Select(x => x.AgentShare * 100)).ToString("F0", Culture)} % |");
        }

        double MedianOf(string name, Func<Sample, double> field) => Median(samples[name].Select(field));
        PrintBottlenecks(samples);
        PrintV3Ratios(samples);
        if (only is not null)
        {
            return;
        }

        double WallOf(string name) => MedianOf(name, x => x.WallUs);
        double CpuOf(string name) => MedianOf(name, x => x.CpuUs);
        double echoUs = WallOf(Echo);
        Console.WriteLine();
        Console.WriteLine($"sequential blocking Get / UDP echo round trip (wall): to snmpd {(WallOf(V2cBlocking) / echoUs).ToString("F2", Culture)}, to our Agent {(WallOf(V2cBlockingToOurs) / echoUs).ToString("F2", Culture)}; " +
            $"GetAsync / echo: {(WallOf(V2cAsync) / echoUs).ToString("F2", Culture)}; blocking / async CPU per GET: {(CpuOf(V2cBlocking) / CpuOf(V2cAsync)).ToString("F2", Culture)}; " +
            $"echo with a hand-off / echo: {(WallOf(HandOffEcho) / echoUs).ToString("F2", Culture)}");
        Console.WriteLine();
        Console.WriteLine("| sequential GetNext walk of snmpd's tree from 1.3 (SNMPv1) | wall time | varbinds |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| Snmp.Architecture Manager.Walk (blocking), CPU {Cell(walkCpu, "F0")} ms, {Cell(walkCpuPerRequest)} us per GetNext | {Cell(ourWalk, "F0")} ms | {ourCount} |");
        Console.WriteLine($"| Net-SNMP snmpwalk -v1 (process incl. start-up) | {Cell(netSnmpWalk, "F0")} ms | {theirCount} |");
        Console.WriteLine($"| ratio (ours / snmpwalk) | {(Median(ourWalk) / Median(netSnmpWalk)).ToString("F2", Culture)} | |");
        Console.WriteLine($"| ratio per object (ours / snmpwalk) | {Cell(walkRatioPerObject, "F2")} | |");
        Console.WriteLine($"| Snmp.Architecture Manager.WalkAsync (awaited), CPU {Cell(asyncWalkCpu, "F0")} ms | {Cell(asyncWalk, "F0")} ms | {asyncCount} |");
        Console.WriteLine($"| ratio per object (awaited / snmpwalk) | {Cell(asyncWalkRatioPerObject, "F2")} | |");
    }

    /// <summary>
    /// For each 32-in-flight measure, the client's and the agent's CPU shares side by side, and the
    /// share of each side's busiest thread (/proc/PID/task): a thread near one core (the agent's
    /// receive thread, which answers every request, or the client's) set the pace; when the agent
    /// set it, the client's CPU per GET also holds what its thread-pool workers burn waiting for it.
    /// The machine's busy share (all processes, /proc/stat) tells a machine whose cores are full,
    /// shared with other work, from one where the wake-ups between threads set the pace.
    /// </summary>
    private static void PrintBottlenecks(Dictionary<string, List<Sample>> samples)
    {
        var inFlight = samples.Where(m => m.Key.Contains("32 in flight", StringComparison.Ordinal) && m.Value.Count > 0).ToList();
        if (inFlight.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"| 32 in flight: who set the pace | client CPU share | client's busiest thread | agent CPU share | agent's busiest thread | agent CPU us / request | machine busy, of {Environment.ProcessorCount} cores | bound by |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (name, s) in inFlight)
        {
            double client = Median(s.Select(x => x.CpuShare));
            double agent = Median(s.Select(x => x.AgentShare));
            double clientThread = Median(s.Select(x => x.ClientBusiestThread));
            double agentThread = Median(s.Select(x => x.AgentBusiestThread));
            double agentUs = Median(s.Select(x => x.AgentShare * x.WallUs));
            double machine = Median(s.Select(x => x.MachineBusy));
            string bound = agentThread >= Busy && agentThread >= clientThread ? "the agent: one of its threads near a core"
                : clientThread >= Busy ? "the client: one of its threads near a core"
                : machine >= Busy ? "the machine: its cores full (other processes' work included)"
                : "no thread near a core and cores free: the round trips' wake-ups";
            Console.WriteLine($"| {name} | {Percent(client)} | {Percent(clientThread)} | {Percent(agent)} | {Percent(agentThread)} | {agentUs.ToString("F1", Culture)} | {Percent(machine)} | {bound} |");
        }
    }

    /// <summary>A thread (or the machine's cores) at or above this share of a core is taken as the bottleneck.</summary>
    private const double Busy = 0.85;

    private static string Percent(double share) => $"{(share * 100).ToString("F0", Culture)} %";

    /// <summary>The client's CPU per GET, v3 authPriv over v2c with 32 in flight, to snmpd and to our Agent (issue 13 item 3: aim 1.4x).</summary>
    private static void PrintV3Ratios(Dictionary<string, List<Sample>> samples)
    {
        bool first = true;
        foreach (var (label, v2cName, v3Name) in new[]
        {
            ("to snmpd", V2cInFlight, V3InFlight),
            ("to our Agent", V2cInFlightToOurs, V3InFlightToOurs),
            ("noAuthNoPriv, to our Agent", V2cInFlightToOurs, V3NoAuthInFlightToOurs),
        })
        {
            if (!samples.TryGetValue(v2cName, out var v2cSamples) || !samples.TryGetValue(v3Name, out var v3Samples) || v2cSamples.Count == 0 || v3Samples.Count == 0)
            {
                continue;
            }

            if (first)
            {
                Console.WriteLine();
                first = false;
            }

            double v2cCpu = Median(v2cSamples.Select(x => x.CpuUs));
            double v3Cpu = Median(v3Samples.Select(x => x.CpuUs));
            double v2cAgent = Median(v2cSamples.Select(x => x.AgentShare * x.WallUs));
            double v3Agent = Median(v3Samples.Select(x => x.AgentShare * x.WallUs));
            Console.WriteLine($"v3/v2c client CPU at 32 in flight, {label}: {(v3Cpu / v2cCpu).ToString("F2", Culture)} ({v3Cpu.ToString("F1", Culture)} / {v2cCpu.ToString("F1", Culture)} us per GET); " +
                $"the agent's CPU per GET v3/v2c: {(v2cAgent > 0 ? (v3Agent / v2cAgent).ToString("F2", Culture) : "-")}");
        }
    }

    private static string Cell(IEnumerable<double> values, string format = "F1")
    {
        var list = values.ToList();
        double median = Median(list);
        double spread = median == 0 ? 0 : (list.Max() - list.Min()) / median;
        return $"{median.ToString(format, Culture)} ({spread.ToString("P0", Culture).Replace(" ", "", StringComparison.Ordinal)})";
    }

    /// <summary>Blocking GETs of sysDescr.0 one after another for <paramref name="seconds"/>; returns how many.</summary>
    internal static long Sequential(Manager manager, double seconds)
    {
        long count = 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            manager.Get(SysDescr);
            count++;
        }

        return count;
    }

    private static long SequentialAsync(Manager manager, double seconds) => Task.Run(async () =>
    {
        long count = 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            await manager.GetAsync(SysDescr).ConfigureAwait(false);
            count++;
        }

        return count;
    }).GetAwaiter().GetResult();

    private static long InFlight(Manager manager, int inFlight, double seconds)
    {
        long count = 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                await manager.GetAsync(SysDescr).ConfigureAwait(false);
                Interlocked.Increment(ref count);
            }
        }));
        Task.WhenAll(workers).GetAwaiter().GetResult();
        return count;
    }

    private static Sample Measure(Func<long> run, int agentPid)
    {
        var before = Usage.Now();
        long workItems = ThreadPool.CompletedWorkItemCount;
        long bytes = GC.GetTotalAllocatedBytes(precise: false);
        var agentBefore = ProcessCpu(agentPid);
        var clientThreadsBefore = ThreadTicks(Environment.ProcessId);
        var agentThreadsBefore = ThreadTicks(agentPid);
        var machineBefore = MachineTicks();
        var watch = Stopwatch.StartNew();
        long count = run();
        double elapsed = watch.Elapsed.TotalSeconds;
        var after = Usage.Now();
        var machineAfter = MachineTicks();
        double machineBusy = machineAfter.Total == machineBefore.Total ? 0
            : (double)(machineAfter.Busy - machineBefore.Busy) / (machineAfter.Total - machineBefore.Total);
        double clientBusiest = BusiestThreadShare(clientThreadsBefore, ThreadTicks(Environment.ProcessId), elapsed);
        double agentBusiest = BusiestThreadShare(agentThreadsBefore, ThreadTicks(agentPid), elapsed);
        double cpu = after.CpuSeconds - before.CpuSeconds;
        return new Sample(
            elapsed / count * 1e6,
            cpu / count * 1e6,
            cpu / elapsed,
            (double)(ThreadPool.CompletedWorkItemCount - workItems) / count,
            (double)(after.VoluntarySwitches - before.VoluntarySwitches) / count,
            (double)(GC.GetTotalAllocatedBytes(precise: false) - bytes) / count,
            (ProcessCpu(agentPid) - agentBefore).TotalSeconds / elapsed,
            clientBusiest,
            agentBusiest,
            machineBusy);
    }

    /// <summary>The machine's busy and total clock ticks over all cores (/proc/stat "cpu" line; idle and iowait are not busy).</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(f => long.Parse(f, Culture)).ToArray();
        long total = cpu.Sum();
        return (total - cpu[3] - cpu[4], total);
    }

    /// <summary>User plus system clock ticks (100 a second) of each thread of a process (/proc/PID/task/TID/stat fields 14 and 15).</summary>
    private static Dictionary<int, long> ThreadTicks(int pid)
    {
        var ticks = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[int.Parse(Path.GetFileName(task), Culture)] = long.Parse(fields[11], Culture) + long.Parse(fields[12], Culture);
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return ticks;
    }

    /// <summary>The largest CPU share of one thread over <paramref name="elapsed"/> seconds (a thread born meanwhile counts from zero).</summary>
    private static double BusiestThreadShare(Dictionary<int, long> before, Dictionary<int, long> after, double elapsed) =>
        after.Count == 0 ? 0 : after.Max(t => t.Value - before.GetValueOrDefault(t.Key)) / 100.0 / elapsed;

    private static Task<int> RunSnmpWalk(string peer) =>
        NetSnmpWalkProcess.CountVarBindLinesAsync("snmpwalk", ["-v1", "-c", SnmpdFixture.ReadCommunity], peer);

    private sealed class StopOnDispose(Process process) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    }

    private readonly record struct Sample(double WallUs, double CpuUs, double CpuShare, double WorkItems, double VoluntarySwitches, double Bytes, double AgentShare, double ClientBusiestThread, double AgentBusiestThread, double MachineBusy);

    /// <summary>getrusage(RUSAGE_SELF): CPU time and context switches of the whole process, exited threads included.</summary>
    private readonly record struct Usage(double CpuSeconds, long VoluntarySwitches)
    {
        public static Usage Now()
        {
            var usage = new long[18]; // struct rusage on 64-bit Linux: two timevals, then 14 longs
            if (GetRUsage(0, usage) != 0)
            {
                throw new InvalidOperationException("getrusage failed");
            }

            double cpu = usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6;
            return new Usage(cpu, usage[4 + 12]); // ru_nvcsw
        }

        [DllImport("libc", EntryPoint = "getrusage")]
        private static extern int GetRUsage(int who, long[] usage);
    }

    /// <summary>
    /// A UDP echo on loopback: the server on its own thread, the client on the caller's, both
    /// blocking. With <c>handOff</c>, the client's socket is read by a thread of its own that
    /// wakes the caller through a <see cref="ManualResetEventSlim"/> (what the blocking requests
    /// used before issue 13's futex) or, with <c>futex</c>, through the wake-up the blocking
    /// requests use now: the difference to the plain echo is the price of that second wake-up.
    /// </summary>
    private sealed class UdpEcho : IDisposable
    {
        private readonly Socket _server = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Socket _client = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Thread _thread;
        private readonly Thread? _receiver;
        private readonly ManualResetEventSlim _answered = new(false, spinCount: 0);
        private readonly byte[] _message = new byte[48]; // about a v2c GetRequest for sysDescr.0

        private readonly bool _futex;

        public UdpEcho(bool handOff, bool futex = false)
        {
            _futex = futex && Manager.CallerWakeUp.Supported;
            _server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _client.Connect(_server.LocalEndPoint!);
            _thread = new Thread(Serve) { IsBackground = true, Name = "udp echo" };
            _thread.Start();
            if (handOff)
            {
                _receiver = new Thread(Receive) { IsBackground = true, Name = "udp echo client receive" };
                _receiver.Start();
            }
        }

        public long RoundTrips(double seconds)
        {
            long count = 0;
            var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                count += RoundTrips(100);
            }

            return count;
        }

        private Manager.CallerWakeUp? _wakeUp;

        public long RoundTrips(int n)
        {
            if (_futex)
            {
                Volatile.Write(ref _wakeUp, Manager.CallerWakeUp.ForThisThread); // the caller's own (one thread calls at a time)
            }

            var buffer = new byte[2048];
            for (int i = 0; i < n; i++)
            {
                if (_receiver is null)
                {
                    _client.Send(_message);
                    _client.Receive(buffer);
                }
                else if (_futex)
                {
                    _wakeUp!.Arm();
                    _client.Send(_message);
                    _wakeUp.Wait();
                }
                else
                {
                    _answered.Reset();
                    _client.Send(_message);
                    _answered.Wait();
                }
            }

            return n;
        }

        private void Receive()
        {
            var buffer = new byte[2048];
            try
            {
                while (true)
                {
                    _client.Receive(buffer);
                    if (_futex)
                    {
                        Volatile.Read(ref _wakeUp)!.Set();
                    }
                    else
                    {
                        _answered.Set();
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // disposed
            }
        }

        public void Dispose()
        {
            _server.Dispose();
            _client.Dispose();
        }

        private void Serve()
        {
            var buffer = new byte[2048];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                while (true)
                {
                    int n = _server.ReceiveFrom(buffer, ref from);
                    _server.SendTo(buffer.AsSpan(0, n), from);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // disposed
            }
        }
    }
}
