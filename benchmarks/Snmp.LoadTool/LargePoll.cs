using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Snmp.Messages;
using Snmp.Security.Usm;
using static Snmp.LoadTool.Measurements;

namespace Snmp.LoadTool;

/// <summary>
/// Large-scale polling (issue 13 item 5): ONE Engine with one Manager per agent polls thousands of
/// simulated agents (<see cref="SimulatedAgents"/>, in a child process, each on its own port of
/// 127.0.0.1 with its own snmpEngineID) for ten objects each, one GET of ten varbinds per agent per
/// round, with a fixed number of requests in flight, over SNMPv2c and over SNMPv3 authPriv
/// (HMAC-SHA-96 + AES-128). The first SNMPv3 round includes each agent's engine ID discovery
/// (RFC 3414 section 4) and key localisation; the rounds after it are steady polling. Reported per
/// round: wall time, the poller's CPU time (user + system), the simulator's, bytes allocated, peak
/// managed heap; per version: retained managed bytes per Manager before and after polling, peak
/// RSS, timeouts, errors, retransmissions.
/// </summary>
internal static class LargePoll
{
    public const string SimulatorFlag = "--poll-simulator";

    /// <summary>
    /// With this flag (<c>--poll 10000 --device-simulator</c>) the agents are the device simulator's
    /// (Snmp.Simulator, issue 24) instead of <see cref="SimulatedAgents"/>: one recording per agent
    /// (<see cref="PolledDevices"/>), one device per port, an SNMPv3 engine per port.
    /// </summary>
    public const string DeviceSimulatorFlag = "--device-simulator";

    /// <summary>The number after --poll on the command line, else 10,000.</summary>
    public static int AgentCountArgument()
    {
        var args = Environment.GetCommandLineArgs();
        int i = Array.IndexOf(args, "--poll");
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int count) && count > 0 ? count : 10_000;
    }

    public static async Task RunAsync(int agentCount, int inFlight, int rounds)
    {
        var culture = CultureInfo.InvariantCulture;
        RaiseOpenFileLimit(agentCount + 256);
        var load = File.ReadAllText("/proc/loadavg").Split(' ');
        Console.WriteLine(string.Create(culture,
            $"Large-scale poll: {agentCount} simulated agents on 127.0.0.1, one GET of {SimulatedAgents.PolledObjects.Length} varbinds each per round, {inFlight} requests in flight, {rounds} rounds per version; {Environment.ProcessorCount} cores, load average {load[0]} {load[1]} {load[2]}"));

        var setup = Stopwatch.StartNew();
        bool devices = Environment.GetCommandLineArgs().Contains(DeviceSimulatorFlag);
        await using var simulator = await SimulatorProcess.StartAsync(agentCount, devices);
        Console.WriteLine(string.Create(culture,
            $"simulator ({(devices ? "Snmp.Simulator: a recording per agent, one device per port, an SNMPv3 engine per port" : "a whole Agent per agent")}): {agentCount} agents started in {setup.Elapsed.TotalSeconds:F1} s (pid {simulator.ProcessId}, {ProcessCpu(simulator.ProcessId).TotalSeconds:F1} s CPU, heap {simulator.StartHeap / 1048576.0:F0} MiB, RSS {simulator.StartRss / 1048576.0:F0} MiB, {simulator.StartHeap / (double)agentCount / 1024:F1} KiB heap per simulated agent)"));

        foreach (var version in new[] { SnmpVersion.SNMPv2c, SnmpVersion.SNMPv3 })
        {
            await PollVersionAsync(version, simulator, inFlight, rounds);
        }

        var (received, dropped) = await simulator.CountsAsync();
        Console.WriteLine(string.Create(culture, $"simulator: {received} datagrams received in all, {dropped} dropped by its transport"));
    }

    private static async Task PollVersionAsync(SnmpVersion version, SimulatorProcess simulator, int inFlight, int rounds)
    {
        var culture = CultureInfo.InvariantCulture;
        int count = simulator.Ports.Count;
        ResetPeakRss();
        long heapBefore = SettledHeap();
        var engine = version == SnmpVersion.SNMPv3 ? new Engine(SnmpVersion.SNMPv3) : new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SimulatedAgents.Community);
        await using var _ = engine;
        var keys = Stopwatch.StartNew();
        if (version == SnmpVersion.SNMPv3)
        {
            // Once per user: the password-to-key derivation (RFC 3414 A.2) happens here, and each
            // agent's key localisation (H(Ku || engineID || Ku)) when its Manager first uses its engine ID.
            engine.Usm.AddUser(SimulatedAgents.UserName, AuthenticationProtocol.HmacSha1, SimulatedAgents.AuthPassword,
                PrivacyProtocol.Aes128, SimulatedAgents.PrivPassword);
        }

        keys.Stop();
        long heapEngine = SettledHeap();
        var managers = new Manager[count];
        for (int i = 0; i < count; i++)
        {
            managers[i] = engine.Manager(new IPEndPoint(IPAddress.Loopback, simulator.Ports[i]));
        }

        long heapManagers = SettledHeap();
        string name = version == SnmpVersion.SNMPv3 ? "SNMPv3 authPriv (SHA, AES-128)" : "SNMPv2c";
        Console.WriteLine();
        Console.WriteLine(string.Create(culture,
            $"{name}: one Engine, {count} Managers: {(heapManagers - heapEngine) / (double)count:F0} bytes each (retained managed heap after a full collection; the Engine itself {(heapEngine - heapBefore) / 1024.0:F0} KiB){(version == SnmpVersion.SNMPv3 ? $"; engine.Usm.AddUser (password to key, once) {keys.Elapsed.TotalMilliseconds:F0} ms" : "")}"));
        Console.WriteLine();
        Console.WriteLine("| round | wall | poller CPU | poller CPU per agent | simulator CPU | allocated per agent | peak managed heap | timeouts | errors | retransmissions |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var steadyWall = new List<double>();
        var steadyCpu = new List<double>();
        long totalTimeouts = 0, totalErrors = 0;
        for (int round = 1; round <= rounds; round++)
        {
            var result = await PollRoundAsync(managers, simulator, inFlight, engine);
            totalTimeouts += result.Timeouts;
            totalErrors += result.Errors;
            if (round > 1)
            {
                steadyWall.Add(result.Wall.TotalSeconds);
                steadyCpu.Add(result.Cpu.TotalSeconds);
            }

            Console.WriteLine(string.Create(culture,
                $"| {(round == 1 ? (version == SnmpVersion.SNMPv3 ? "1 (discovery + localisation)" : "1 (first)") : round.ToString(culture))} | {result.Wall.TotalSeconds:F2} s | {result.Cpu.TotalSeconds:F2} s | {result.Cpu.TotalMicroseconds / count:F0} us | {result.SimulatorCpu.TotalSeconds:F2} s | {result.Allocated / (double)count:F0} B | {result.PeakHeap / 1048576.0:F0} MiB | {result.Timeouts} | {result.Errors} | {result.Retransmissions} |"));
            if (result.FirstError is { } error)
            {
                Console.WriteLine($"  first error: {error}");
            }
        }

        long heapAfter = SettledHeap();
        Console.WriteLine();
        Console.WriteLine(string.Create(culture,
            $"{name}: steady round median {(steadyWall.Count > 0 ? Median(steadyWall) : double.NaN):F2} s wall ({(steadyWall.Count > 0 ? count / Median(steadyWall) : double.NaN):F0} agents/s), {(steadyCpu.Count > 0 ? Median(steadyCpu) : double.NaN):F2} s poller CPU; after polling {(heapAfter - heapEngine) / (double)count:F0} bytes retained per Manager (with what the engine learnt of its agent); peak RSS {PeakRss() / 1048576.0:F0} MiB; {totalTimeouts} timeouts, {totalErrors} errors"));
        GC.KeepAlive(managers);
    }

    private sealed record RoundResult(TimeSpan Wall, TimeSpan Cpu, TimeSpan SimulatorCpu, long Allocated, long PeakHeap, int Timeouts, int Errors, long Retransmissions, string? FirstError);

    private static async Task<RoundResult> PollRoundAsync(Manager[] managers, SimulatorProcess simulator, int inFlight, Engine engine)
    {
        int next = -1, timeouts = 0, errors = 0;
        string? firstError = null;
        long peakHeap = GC.GetTotalMemory(forceFullCollection: false);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                long heap = GC.GetTotalMemory(forceFullCollection: false);
                if (heap > Interlocked.Read(ref peakHeap))
                {
                    Interlocked.Exchange(ref peakHeap, heap);
                }

                try
                {
                    await Task.Delay(20, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        long retransmissions = engine.Retransmissions;
        var simulatorCpu = ProcessCpu(simulator.ProcessId);
        var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        var wall = Stopwatch.StartNew();
        var workers = new Task[inFlight];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < managers.Length)
                {
                    try
                    {
                        var answer = await managers[i].GetAsync(SimulatedAgents.PolledObjects).ConfigureAwait(false);
                        // The answer must be this agent's: ten varbinds, snmpEngineID.0 the agent's own.
                        if (answer.Count != SimulatedAgents.PolledObjects.Length || !Equals(answer[8].Value, SimulatedAgents.EngineIdOf(i)))
                        {
                            Interlocked.Increment(ref errors);
                            Interlocked.CompareExchange(ref firstError, $"agent {i}: unexpected answer {answer}", null);
                        }
                    }
                    catch (SnmpTimeoutException e)
                    {
                        Interlocked.Increment(ref timeouts);
                        Interlocked.CompareExchange(ref firstError, $"agent {i}: {e.Message}", null);
                    }
                    catch (SnmpException e)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"agent {i}: {e.GetType().Name}: {e.Message}", null);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        wall.Stop();
        self.Refresh();
        var used = self.TotalProcessorTime - cpu;
        long allocatedInRound = GC.GetTotalAllocatedBytes(precise: false) - allocated;
        await sampling.CancelAsync();
        await sampler;
        return new RoundResult(wall.Elapsed, used, ProcessCpu(simulator.ProcessId) - simulatorCpu, allocatedInRound, Interlocked.Read(ref peakHeap),
            timeouts, errors, engine.Retransmissions - retransmissions, firstError);
    }

    private static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>VmHWM of /proc/self/status: the peak resident set since start or the last <see cref="ResetPeakRss"/>.</summary>
    private static long PeakRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>Writing 5 to /proc/self/clear_refs sets VmHWM back to the current resident set (Linux 4.0 and later).</summary>
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Older kernels: the peak stays the process's.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Raises the soft limit on open files (RLIMIT_NOFILE) to <paramref name="wanted"/>, or to the
    /// hard limit where that is lower: every simulated agent holds one socket.
    /// </summary>
    public static void RaiseOpenFileLimit(int wanted)
    {
        const int RlimitNofile = 7; // Linux
        if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out var limit) != 0 || limit.Current >= (ulong)wanted)
        {
            return;
        }

        var raised = limit with { Current = Math.Min((ulong)wanted, limit.Maximum) };
        if (setrlimit(RlimitNofile, in raised) != 0 || raised.Current < (ulong)wanted)
        {
            Console.Error.WriteLine($"open files: soft limit {raised.Current}, hard limit {limit.Maximum}, {wanted} wanted; raise the hard limit (ulimit -Hn) for this many agents");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct ResourceLimit(ulong Current, ulong Maximum);

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out ResourceLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, in ResourceLimit limit);

    /// <summary>The simulator as a child process, so the poller's CPU and memory are its own.</summary>
    private sealed class SimulatorProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private SimulatorProcess(Process process, IReadOnlyList<int> ports, long heap, long rss)
        {
            _process = process;
            Ports = ports;
            StartHeap = heap;
            StartRss = rss;
        }

        public IReadOnlyList<int> Ports { get; }

        public long StartHeap { get; }

        public long StartRss { get; }

        public int ProcessId => _process.Id;

        public static async Task<SimulatorProcess> StartAsync(int agents, bool devices)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(typeof(SimulatorProcess).Assembly.Location);
            start.ArgumentList.Add(SimulatorFlag);
            start.ArgumentList.Add(agents.ToString(CultureInfo.InvariantCulture));
            if (devices)
            {
                start.ArgumentList.Add(DeviceSimulatorFlag);
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("the simulator process did not start");
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    Console.Error.WriteLine($"simulator: {e.Data}");
                }
            };
            process.BeginErrorReadLine();
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(10))
                ?? throw new InvalidOperationException("the simulator ended before it was ready");
            var fields = ready.Split(' ');
            var ports = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the simulator gave no ports");
            return new SimulatorProcess(process, [.. ports.Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture))],
                long.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture));
        }

        public async Task<(long Received, long Dropped)> CountsAsync()
        {
            await _process.StandardInput.WriteLineAsync("count");
            await _process.StandardInput.FlushAsync();
            var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException("the simulator ended");
            var fields = line.Split(' ');
            return (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }

    /// <summary>The child process: starts the agents, prints "ready heap rss" and their ports, and answers "count" until "quit" or end of input.</summary>
    public static async Task RunSimulatorAsync(int agentCount)
    {
        RaiseOpenFileLimit(agentCount + 256);
        if (Environment.GetCommandLineArgs().Contains(DeviceSimulatorFlag))
        {
            await RunDeviceSimulatorAsync(agentCount);
            return;
        }

        var started = Stopwatch.StartNew();
        await using var agents = SimulatedAgents.Start(agentCount, withUser: true);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{agentCount} agents in {started.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {GC.GetTotalMemory(forceFullCollection: true)} {Environment.WorkingSet}"));
        Console.WriteLine(string.Join(' ', agents.Agents.Select(a => a.Endpoints[0].Port.ToString(CultureInfo.InvariantCulture))));
        while (await Console.In.ReadLineAsync() is { } line)
        {
            switch (line)
            {
                case "count":
                    long received = agents.Agents.Sum(a => a.Statistics[Snmp.AbstractServices.SnmpCounter.SnmpInPkts]);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{received} {PooledUdpTransportMapping.Dropped}"));
                    break;
                case "quit":
                    return;
            }
        }
    }

    /// <summary>The child process with the device simulator (<see cref="PolledDevices"/>): ready line, ports, "count" and "quit" as with whole agents.</summary>
    private static async Task RunDeviceSimulatorAsync(int agentCount)
    {
        var started = Stopwatch.StartNew();
        using var devices = PolledDevices.Start(agentCount);
        var simulator = devices.Simulator;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{agentCount} devices in {started.Elapsed.TotalSeconds:F1} s ({devices.Writing.TotalSeconds:F1} s writing their recordings), {simulator.SharedRecordings} distinct recordings"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {GC.GetTotalMemory(forceFullCollection: true)} {Environment.WorkingSet}"));
        Console.WriteLine(string.Join(' ', simulator.Endpoints.Select(e => e.Port.ToString(CultureInfo.InvariantCulture))));
        while (await Console.In.ReadLineAsync() is { } line)
        {
            switch (line)
            {
                case "count":
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{simulator.Statistics[Snmp.AbstractServices.SnmpCounter.SnmpInPkts]} {simulator.DroppedRequests}"));
                    break;
                case "quit":
                    return;
            }
        }
    }
}
