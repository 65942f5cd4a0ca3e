using System.Diagnostics;
using System.Globalization;
using Snmp;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Smi;

// End-to-end load tool: GET requests per second against a private Net-SNMP snmpd on 127.0.0.1,
// sequential and with 1, 8, 32 and 256 requests in flight, and the wall time of a full bulk walk
// beside Net-SNMP's own snmpbulkwalk over the same tree, in the same run. Each figure is the
// median of several rounds; snmpd's CPU use during the GET rounds shows whether the agent (not
// the library) is the bottleneck.
//
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- [--seconds 3] [--rounds 3]

var seconds = ArgValue("--seconds", 3.0);
var rounds = (int)ArgValue("--rounds", 3.0);
var culture = CultureInfo.InvariantCulture;

await using var snmpd = await SnmpdFixture.StartAsync();
await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmpdFixture.ReadCommunity);
var manager = engine.Manager(snmpd.Endpoint);
manager.Timeout = TimeSpan.FromSeconds(10);
ObjectIdentifier sysDescr = "1.3.6.1.2.1.1.1.0";
await manager.GetAsync(sysDescr); // warm-up: JIT, socket

Console.WriteLine($"Net-SNMP snmpd on {snmpd.Endpoint}, {Environment.ProcessorCount} cores, {seconds} s per round, median of {rounds} rounds");
Console.WriteLine();
Console.WriteLine("| load | GET/s (median) | snmpd CPU | client CPU | retransmissions |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");

await Report("sequential (blocking Get)", () => RunSequential(seconds));
foreach (int inFlight in new[] { 1, 8, 32, 256 })
{
    await Report($"{inFlight} in flight", () => RunInFlight(inFlight, seconds));
}

Console.WriteLine();
Console.WriteLine("| full walk of snmpd's tree (GetBulk, max-repetitions 25) | wall time (median) | varbinds |");
Console.WriteLine("| --- | ---: | ---: |");
var ours = new List<double>();
var theirs = new List<double>();
int ourCount = 0, theirCount = 0;
for (int round = 0; round < rounds; round++)
{
    manager.WalkMaxRepetitions = 25;
    var watch = Stopwatch.StartNew();
    ourCount = 0;
    await foreach (var _ in manager.WalkAsync("1.3"))
    {
        ourCount++;
    }

    ours.Add(watch.Elapsed.TotalMilliseconds);

    watch.Restart();
    theirCount = await RunSnmpBulkWalk();
    theirs.Add(watch.Elapsed.TotalMilliseconds);
}

Console.WriteLine($"| Snmp.Architecture Manager.WalkAsync | {Median(ours).ToString("F1", culture)} ms | {ourCount} |");
Console.WriteLine($"| Net-SNMP snmpbulkwalk (process incl. start-up) | {Median(theirs).ToString("F1", culture)} ms | {theirCount} |");
Console.WriteLine($"| ratio (ours / snmpbulkwalk) | {(Median(ours) / Median(theirs)).ToString("F2", culture)} | |");
return;

async Task Report(string label, Func<Task<long>> run)
{
    var rates = new List<double>();
    var agentCpu = new List<double>();
    var clientCpu = new List<double>();
    long retransmissionsBefore = engine.Retransmissions;
    for (int round = 0; round < rounds; round++)
    {
        var agentBefore = ProcessCpu(snmpd.ProcessId);
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long completed = await run();
        double elapsed = watch.Elapsed.TotalSeconds;
        rates.Add(completed / elapsed);
        agentCpu.Add((ProcessCpu(snmpd.ProcessId) - agentBefore).TotalSeconds / elapsed);
        clientCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds / elapsed);
    }

    Console.WriteLine($"| {label} | {Median(rates).ToString("F0", culture)} | {Median(agentCpu).ToString("P0", culture)} | {Median(clientCpu).ToString("P0", culture)} | {engine.Retransmissions - retransmissionsBefore} |");
}

Task<long> RunSequential(double duration)
{
    return Task.Run(() =>
    {
        long count = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            manager.Get(sysDescr);
            count++;
        }

        return count;
    });
}

async Task<long> RunInFlight(int inFlight, double duration)
{
    long count = 0;
    var end = Stopwatch.GetTimestamp() + (long)(duration * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, inFlight).Select(async _ =>
    {
        while (Stopwatch.GetTimestamp() < end)
        {
            await manager.GetAsync(sysDescr).ConfigureAwait(false);
            Interlocked.Increment(ref count);
        }
    });
    await Task.WhenAll(workers);
    return count;
}

async Task<int> RunSnmpBulkWalk()
{
    var start = new ProcessStartInfo(NetSnmpInstallation.Require("snmpbulkwalk"))
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var arg in new[] { "-v2c", "-c", SnmpdFixture.ReadCommunity, "-Cr25", "-On", "-m", "", snmpd.Peer, "1.3" })
    {
        start.ArgumentList.Add(arg);
    }

    start.Environment["MIBS"] = "";
    start.Environment["SNMP_PERSISTENT_DIR"] = Path.Combine(Path.GetTempPath(), "snmp-loadtool");
    using var process = Process.Start(start)!;
    int lines = 0;
    while (await process.StandardOutput.ReadLineAsync() is { } line)
    {
        if (line.StartsWith('.') && !line.Contains("No more variables", StringComparison.Ordinal))
        {
            lines++;
        }
    }

    await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    return lines;
}

static TimeSpan ProcessCpu(int pid)
{
    // /proc/PID/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux).
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return TimeSpan.FromSeconds(ticks / 100.0);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static double ArgValue(string name, double fallback)
{
    var args = Environment.GetCommandLineArgs();
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
