using System.Diagnostics;
using System.Globalization;
using Snmp;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Security.Usm;
using static Snmp.LoadTool.Measurements;

// End-to-end load tool: GET requests per second against a private Net-SNMP snmpd on 127.0.0.1,
// sequential and with 1, 8, 32 and 256 requests in flight, over SNMPv2c and over SNMPv3 authPriv
// (SHA/AES) in alternating rounds of the same run, with the client's CPU cost per GET of each, and the wall time of a full bulk walk
// beside Net-SNMP's own snmpbulkwalk over the same tree, in the same run. Each figure is the
// median of several rounds; snmpd's CPU use during the GET rounds shows whether the agent (not
// the library) is the bottleneck.
//
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- [--seconds 3] [--rounds 3]
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --agents [--clients 4] [--in-flight 8]   (our agent beside snmpd)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --notifications [--pool 30000] [--engines 1000] [--queue-capacity N]   (our TrapReceiver and Notifier beside snmptrapd)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --soak <minutes> [--sample-seconds 30] [--rate 200]   (leak soak, see Soak)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --sequential [--only "32 in flight"]   (the cost of one request, see SequentialCost)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --poll [10000] [--in-flight 256] [--rounds 3] [--device-simulator]   (one Engine polling simulated agents: whole Agents, or the device simulator's devices; see LargePoll)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --usm-messages   (CPU per SNMPv3 message through USM, see UsmMessageCost)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --agentx [--in-flight 8]   (AgentX both ways: our subagent under snmpd, snmpd -X under our Agent, see AgentXComparison)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --drive NAME=HOST:PORT=PID[,...] [--community C] [--get-oid OID] [--bulk-root OID] [--clients 4] [--in-flight 8] [--walkers 16]   (agents started elsewhere, see AgentDrive and scripts/sim-compare.py)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --transports [--seconds 2] [--rounds 3]   (UDP, TCP, USM authPriv, TLS and DTLS side by side, see TransportComparison)
//   dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --walks [--rounds 5]   (whole-tree walks beside snmpbulkwalk and snmpwalk, client and snmpd CPU per request, see WalkCost)

if (Environment.GetCommandLineArgs().Contains(Snmp.LoadTool.OurReceiverProcess.Flag))
{
    // The child process of the notification benchmark: our TrapReceiver alone.
    int capacity = (int)ArgValue("--queue-capacity", 0);
    await Snmp.LoadTool.OurReceiverProcess.RunChildAsync(capacity > 0 ? capacity : null);
    return;
}

if (Environment.GetCommandLineArgs().Contains(Snmp.LoadTool.LargePoll.SimulatorFlag))
{
    // The child process of the large-scale poll: the simulated agents.
    await Snmp.LoadTool.LargePoll.RunSimulatorAsync((int)ArgValue(Snmp.LoadTool.LargePoll.SimulatorFlag, 10000));
    return;
}

var seconds = ArgValue("--seconds", 3.0);
var rounds = (int)ArgValue("--rounds", 3.0);
var culture = CultureInfo.InvariantCulture;
if (Environment.GetCommandLineArgs().Contains("--soak"))
{
    await Snmp.LoadTool.Soak.RunAsync(ArgValue("--soak", 30), ArgValue("--sample-seconds", 30), ArgValue("--rate", 200));
    return;
}

if (Environment.GetCommandLineArgs().Contains("--agents"))
{
    // The agent benchmark: our demo agent beside snmpd (see AgentComparison).
    await Snmp.LoadTool.AgentComparison.RunAsync(seconds, rounds, clients: (int)ArgValue("--clients", 4), inFlightPerClient: (int)ArgValue("--in-flight", 8));
    return;
}

if (Environment.GetCommandLineArgs().Contains("--agentx"))
{
    // AgentX (issue 25): GET/s through a master to a subagent beside the master's own objects, both directions.
    await Snmp.LoadTool.AgentXComparison.RunAsync(seconds, rounds, (int)ArgValue("--in-flight", 8));
    return;
}

if (Environment.GetCommandLineArgs().Contains("--notifications"))
{
    // The notification benchmark (issue 9): our TrapReceiver beside snmptrapd, our Notifier, memory per sender engine.
    await Snmp.LoadTool.NotificationComparison.RunAsync(seconds, rounds, poolSize: (int)ArgValue("--pool", 30000), engines: (int)ArgValue("--engines", 1000),
        queueCapacity: ArgValue("--queue-capacity", 0) is > 0 and var capacity ? (int)capacity : null);
    return;
}

if (Environment.GetCommandLineArgs().Contains("--poll"))
{
    // Large-scale polling (issue 13 item 5): one Engine, one Manager per simulated agent, v2c and v3 authPriv.
    await Snmp.LoadTool.LargePoll.RunAsync(Snmp.LoadTool.LargePoll.AgentCountArgument(), (int)ArgValue("--in-flight", 256), (int)ArgValue("--rounds", 3));
    return;
}

if (Environment.GetCommandLineArgs().Contains(Snmp.LoadTool.AgentDrive.Flag))
{
    // Agents started by someone else (scripts/sim-compare.py: snmpsimd beside our simulator), same requests, alternating rounds.
    await Snmp.LoadTool.AgentDrive.RunAsync(seconds, rounds, clients: (int)ArgValue("--clients", 4), inFlight: (int)ArgValue("--in-flight", 8), walkers: (int)ArgValue("--walkers", 16));
    return;
}

if (Environment.GetCommandLineArgs().Contains("--usm-messages"))
{
    // CPU time per SNMPv3 message through USM (issue 13, change 4), no network.
    Snmp.LoadTool.UsmMessageCost.Run();
    return;
}

if (Environment.GetCommandLineArgs().Contains("--transports"))
{
    // The transports against one snmpd (the interop tests' TLS lab): GET/s and CPU per GET, bulk walks beside snmpbulkwalk.
    await Snmp.LoadTool.TransportComparison.RunAsync(seconds, rounds);
    return;
}

if (Environment.GetCommandLineArgs().Contains("--walks"))
{
    // Bulk and GetNext walks of snmpd's whole tree beside Net-SNMP's (issue 26, items 3 and 4).
    var walkArgs = Environment.GetCommandLineArgs();
    int onlyWalk = Array.IndexOf(walkArgs, "--only");
    await Snmp.LoadTool.WalkCost.RunAsync((int)ArgValue("--rounds", 5), onlyWalk >= 0 && onlyWalk + 1 < walkArgs.Length ? walkArgs[onlyWalk + 1] : null);
    return;
}

if (Environment.GetCommandLineArgs().Contains("--sequential"))
{
    // The cost of one request (issue 13): UDP echo baseline, sequential and 32-in-flight GETs, GetNext walk.
    var commandLine = Environment.GetCommandLineArgs();
    int only = Array.IndexOf(commandLine, "--only");
    await Snmp.LoadTool.SequentialCost.RunAsync(seconds, rounds, only >= 0 && only + 1 < commandLine.Length ? commandLine[only + 1] : null);
    return;
}

// One snmpd serves both: v2c by community, and an SNMPv3 authPriv user (HMAC-SHA-96 + AES-128).
await using var snmpd = await SnmpdFixture.StartAsync(
[
    "createUser loaduser SHA \"load-auth-pass\" AES \"load-priv-pass\"",
    "rouser loaduser priv",
    "createUser loadnoauth",
    "rouser loadnoauth noauth",
]);
await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmpdFixture.ReadCommunity);
var v2c = engine.Manager(snmpd.Endpoint);
v2c.Timeout = TimeSpan.FromSeconds(10);
await using var engineV3 = new Engine(SnmpVersion.SNMPv3);
engineV3.Usm.AddUser("loaduser", AuthenticationProtocol.HmacSha1, "load-auth-pass", PrivacyProtocol.Aes128, "load-priv-pass");
var v3 = engineV3.Manager(snmpd.Endpoint);
v3.Timeout = TimeSpan.FromSeconds(10);
// SNMPv3 without security separates the cost of MPv3 and USM bookkeeping from the cryptography's.
engineV3.Usm.AddUser("loadnoauth", @namespace: "noauth");
var v3NoAuth = engineV3.Manager(snmpd.Endpoint, @namespace: "noauth");
v3NoAuth.Timeout = TimeSpan.FromSeconds(10);
ObjectIdentifier sysDescr = "1.3.6.1.2.1.1.1.0";
await v2c.GetAsync(sysDescr); // warm-up: JIT, socket
await v3.GetAsync(sysDescr);  // and engine ID discovery, time synchronisation, key localisation
await v3NoAuth.GetAsync(sysDescr);

Console.WriteLine($"Net-SNMP snmpd on {snmpd.Endpoint}, {Environment.ProcessorCount} cores, {seconds} s per round, median of {rounds} rounds");
Console.WriteLine("v2c: community; v3: authPriv, HMAC-SHA-96 + AES-128. Rounds alternate v2c, v3 noAuthNoPriv and v3 authPriv at each load.");
Console.WriteLine("client CPU/GET is the load tool's CPU time divided by completed GETs (the library's cost per request).");
Console.WriteLine();
Console.WriteLine("| load | version | GET/s (median) | snmpd CPU | client CPU | client CPU/GET | retransmissions |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");

var costRatios = new List<(string Load, double NoAuth, double AuthPriv)>();
await Compare("sequential (blocking Get)", m => Task.Run(() => Snmp.LoadTool.SequentialCost.Sequential(m, seconds)));
foreach (int inFlight in new[] { 1, 8, 32, 256 })
{
    await Compare($"{inFlight} in flight", m => RunInFlight(m, inFlight, seconds));
}

Console.WriteLine();
Console.WriteLine("| load | client CPU per GET, v3 noAuthNoPriv / v2c | v3 authPriv / v2c |");
Console.WriteLine("| --- | ---: | ---: |");
foreach (var (load, noAuth, authPriv) in costRatios)
{
    Console.WriteLine($"| {load} | {noAuth.ToString("F2", culture)} | {authPriv.ToString("F2", culture)} |");
}

Console.WriteLine();
Console.WriteLine("| full walk of snmpd's tree (GetBulk, first max-repetitions 25) | wall time (median) | varbinds |");
Console.WriteLine("| --- | ---: | ---: |");
string[] v3Credentials = ["-v3", "-u", "loaduser", "-l", "authPriv", "-a", "SHA", "-A", "load-auth-pass", "-x", "AES", "-X", "load-priv-pass"];
// The library's default walk (pages of 25, then twice as many after each whole page, up to
// WalkMaxRepetitionsLimit, 50) and one with fixed pages of 25, as snmpbulkwalk -Cr25 asks.
await WalkRows("v2c", v2c, ["-v2c", "-c", SnmpdFixture.ReadCommunity]);
await WalkRows("v3 authPriv", v3, v3Credentials);
return;

async Task WalkRows(string label, Manager manager, string[] netSnmpCredentials)
{
    var grows = new List<double>();
    var fixedPages = new List<double>();
    var theirs = new List<double>();
    int growsCount = 0, fixedCount = 0, theirCount = 0;
    manager.WalkMaxRepetitions = 25;
    await TimeWalk(manager, 25); // warm-up: the walk's code compiled before either form is timed
    for (int round = 0; round < rounds; round++)
    {
        // Alternating which form goes first, so neither always follows the other.
        if (round % 2 == 1)
        {
            (double first, fixedCount) = await TimeWalk(manager, 25);
            fixedPages.Add(first);
        }

        (double ms, growsCount) = await TimeWalk(manager, 50);
        grows.Add(ms);
        if (round % 2 == 0)
        {
            (ms, fixedCount) = await TimeWalk(manager, 25);
            fixedPages.Add(ms);
        }

        var watch = Stopwatch.StartNew();
        theirCount = await RunSnmpBulkWalk(netSnmpCredentials);
        theirs.Add(watch.Elapsed.TotalMilliseconds);
    }

    // The v2c rows keep the names earlier trees printed (then every page asked for 25), so that
    // a before/after comparison lines them up: the library's default walk beside snmpbulkwalk.
    string prefix = label == "v2c" ? "" : label + ": ";
    Console.WriteLine($"| {prefix}Snmp.Architecture Manager.WalkAsync | {Median(grows).ToString("F1", culture)} ms | {growsCount} |");
    Console.WriteLine($"| {label}: Snmp.Architecture Manager.WalkAsync, fixed pages of 25 | {Median(fixedPages).ToString("F1", culture)} ms | {fixedCount} |");
    Console.WriteLine($"| {prefix}Net-SNMP snmpbulkwalk (process incl. start-up) | {Median(theirs).ToString("F1", culture)} ms | {theirCount} |");
    Console.WriteLine($"| {label}: ratio, pages grow / snmpbulkwalk | {(Median(grows) / Median(theirs)).ToString("F2", culture)} | |");
    Console.WriteLine($"| {label}: ratio, fixed pages / snmpbulkwalk | {(Median(fixedPages) / Median(theirs)).ToString("F2", culture)} | |");
}

static async Task<(double Ms, int Count)> TimeWalk(Manager manager, int limit)
{
    manager.WalkMaxRepetitionsLimit = limit;
    var watch = Stopwatch.StartNew();
    int count = 0;
    await foreach (var _ in manager.WalkAsync("1.3"))
    {
        count++;
    }

    return (watch.Elapsed.TotalMilliseconds, count);
}

async Task Compare(string label, Func<Manager, Task<long>> run)
{
    var results = new Dictionary<string, List<(double Rate, double AgentCpu, double ClientCpu, double CpuPerGet)>>
    {
        ["v2c"] = [], ["v3 noAuthNoPriv"] = [], ["v3 authPriv"] = [],
    };
    long retransmissionsBefore = engine.Retransmissions, retransmissionsBeforeV3 = engineV3.Retransmissions;
    for (int round = 0; round < rounds; round++)
    {
        foreach (var (name, m) in new[] { ("v2c", v2c), ("v3 noAuthNoPriv", v3NoAuth), ("v3 authPriv", v3) })
        {
            var agentBefore = ProcessCpu(snmpd.ProcessId);
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            long completed = await run(m);
            double elapsed = watch.Elapsed.TotalSeconds;
            double client = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds;
            results[name].Add((completed / elapsed, (ProcessCpu(snmpd.ProcessId) - agentBefore).TotalSeconds / elapsed, client / elapsed, client / completed));
        }
    }

    double Med(string name, Func<(double Rate, double AgentCpu, double ClientCpu, double CpuPerGet), double> field) => Median(results[name].Select(field).ToList());
    Console.WriteLine($"| {label} | v2c | {Med("v2c", r => r.Rate).ToString("F0", culture)} | {Med("v2c", r => r.AgentCpu).ToString("P0", culture)} | {Med("v2c", r => r.ClientCpu).ToString("P0", culture)} | {(Med("v2c", r => r.CpuPerGet) * 1e6).ToString("F1", culture)} us | {engine.Retransmissions - retransmissionsBefore} |");
    Console.WriteLine($"| | v3 noAuthNoPriv | {Med("v3 noAuthNoPriv", r => r.Rate).ToString("F0", culture)} | {Med("v3 noAuthNoPriv", r => r.AgentCpu).ToString("P0", culture)} | {Med("v3 noAuthNoPriv", r => r.ClientCpu).ToString("P0", culture)} | {(Med("v3 noAuthNoPriv", r => r.CpuPerGet) * 1e6).ToString("F1", culture)} us | |");
    Console.WriteLine($"| | v3 authPriv | {Med("v3 authPriv", r => r.Rate).ToString("F0", culture)} | {Med("v3 authPriv", r => r.AgentCpu).ToString("P0", culture)} | {Med("v3 authPriv", r => r.ClientCpu).ToString("P0", culture)} | {(Med("v3 authPriv", r => r.CpuPerGet) * 1e6).ToString("F1", culture)} us | {engineV3.Retransmissions - retransmissionsBeforeV3} |");
    costRatios.Add((label, Med("v3 noAuthNoPriv", r => r.CpuPerGet) / Med("v2c", r => r.CpuPerGet), Med("v3 authPriv", r => r.CpuPerGet) / Med("v2c", r => r.CpuPerGet)));
}


async Task<long> RunInFlight(Manager manager, int inFlight, double duration)
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

Task<int> RunSnmpBulkWalk(string[] credentials) =>
    Snmp.LoadTool.NetSnmpWalkProcess.CountVarBindLinesAsync("snmpbulkwalk", [.. credentials, "-Cr25"], snmpd.Peer);

static double ArgValue(string name, double fallback)
{
    var args = Environment.GetCommandLineArgs();
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
