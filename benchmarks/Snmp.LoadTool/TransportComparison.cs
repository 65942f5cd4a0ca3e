using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Security.Usm;
using static Snmp.LoadTool.Measurements;

namespace Snmp.LoadTool;

/// <summary>
/// The speed of the transports, in one run against one Net-SNMP snmpd (the interop tests'
/// <see cref="NetSnmpTlsLab"/>, with a UDP listener and a USM user added through its extra
/// configuration): GET/s and the client's CPU time per GET, sequential (<c>GetAsync</c> awaited
/// one at a time) and with 32 in flight, over UDP (v2c), TCP (v2c), UDP with SNMPv3 USM authPriv
/// (HMAC-SHA-96 + AES-128), TLS (TSM; snmpd's tlstcp speaks TLS 1.0 only, the legacy opt-in) and
/// DTLS (TSM, DTLS 1.2); ratios against UDP v2c and TLS (and DTLS) against USM authPriv; then a
/// full bulk walk of snmpd's tree over each transport beside Net-SNMP's snmpbulkwalk over the same
/// transport, with both walks' varbind counts.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --transports [--seconds 2] [--rounds 3]</c>.
/// Each transport has its own Engine (so its retransmissions and sessions are its own), warmed up
/// before the first round (JIT, connection, TLS/DTLS handshake, discovery): the GET figures are a
/// reused connection's or session's. Inside a round the transports run in turn, in reverse order
/// on odd rounds, so a slow phase of the shared machine does not fall on one transport only. A
/// measure that throws is reported as failed with its error, never left out silently.
/// </remarks>
internal static class TransportComparison
{
    private static readonly ObjectIdentifier SysDescr = new("1.3.6.1.2.1.1.1.0");
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private const string AuthPassword = "load-auth-pass";
    private const string PrivPassword = "load-priv-pass";
    private const int InFlight = 32;
    private const int MaxRepetitions = 25;

    private sealed record Transport(string Name, Engine Engine, Manager Manager, string ToolAddress, string[] ToolArguments, bool ToolNeedsLabConfig, NetSnmpTlsLab? ToolLab = null);

    private sealed record Sample(double Rate, double CpuPerGet, double ClientCpu, double AgentCpu, long Errors, long Retransmissions);

    public static async Task RunAsync(double seconds, int rounds)
    {
        Console.WriteLine($"start {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {LoadAverage()}, {Environment.ProcessorCount} cores");

        // One snmpd: the lab's tcp, tlstcp and dtlsudp listeners, plus UDP and a USM user here.
        int udpPort = NetSnmpTlsLab.FreePort();
        await using var lab = await NetSnmpTlsLab.StartAsync(withTrapd: false, extraAgentConfig:
        [
            $"agentAddress udp:127.0.0.1:{udpPort}",
            $"createUser loaduser SHA \"{AuthPassword}\" AES \"{PrivPassword}\"",
            "rouser loaduser priv",
        ]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!NetSnmpTlsLab.IsListening("udp", udpPort))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"snmpd does not listen on udp:127.0.0.1:{udpPort} (the extra agentAddress line):\n{lab.SnmpdLog}");
            }

            await Task.Delay(100);
        }

        // Net-SNMP 5.9.3's dtlsudp server, once a session has come and gone beside another, may send
        // its next clients' handshake with a garbage IP_PKTINFO source address (sendmsg: EINVAL,
        // "failed to send a DTLS specific packet" in its log), so no new DTLS client gets in while
        // our Manager's session stays open. snmpbulkwalk over dtlsudp therefore walks a second lab
        // snmpd of the same configuration that only Net-SNMP's tools talk DTLS to.
        await using var dtlsToolLab = await NetSnmpTlsLab.StartAsync(withTrapd: false);
        int snmpdPid = int.Parse(File.ReadAllText(Path.Combine(lab.Directory, "snmpd.pid")).Trim(), Culture);
        string toolsConf = Directory.CreateDirectory(Path.Combine(lab.Directory, "plain-tools", "conf")).FullName;
        string toolsPersist = Directory.CreateDirectory(Path.Combine(lab.Directory, "plain-tools", "persist")).FullName;

        var udpEngine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: new OctetString("public"));
        var tcpEngine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: new OctetString("public"));
        var usmEngine = new Engine(SnmpVersion.SNMPv3);
        usmEngine.Usm.AddUser("loaduser", AuthenticationProtocol.HmacSha1, AuthPassword, PrivacyProtocol.Aes128, PrivPassword);
        var tlsEngine = new Engine(new EngineOptions { Tls = lab.ManagerOptions(legacyTls10: true) });
        var dtlsEngine = new Engine(new EngineOptions { Tls = lab.ManagerOptions(legacyTls10: false) });
        var transports = new List<Transport>
        {
            new("UDP v2c", udpEngine, udpEngine.Manager(new IPEndPoint(IPAddress.Loopback, udpPort)),
                $"udp:127.0.0.1:{udpPort}", ["-v2c", "-c", "public"], false),
            new("TCP v2c", tcpEngine, tcpEngine.Manager($"tcp:127.0.0.1:{lab.TcpPort}"),
                $"tcp:127.0.0.1:{lab.TcpPort}", ["-v2c", "-c", "public"], false),
            new("UDP v3 USM authPriv", usmEngine, usmEngine.Manager(new IPEndPoint(IPAddress.Loopback, udpPort)),
                $"udp:127.0.0.1:{udpPort}", ["-v3", "-l", "authPriv", "-u", "loaduser", "-a", "SHA", "-A", AuthPassword, "-x", "AES", "-X", PrivPassword], false),
            new("TLS TSM", tlsEngine, tlsEngine.Manager($"tls:127.0.0.1:{lab.TlsPort}", securityModel: SecurityModel.Tsm, defaultUserName: "manager"),
                $"tlstcp:127.0.0.1:{lab.TlsPort}", [], true),
            new("DTLS TSM", dtlsEngine, dtlsEngine.Manager($"dtls:127.0.0.1:{lab.DtlsPort}", securityModel: SecurityModel.Tsm, defaultUserName: "manager"),
                $"dtlsudp:127.0.0.1:{dtlsToolLab.DtlsPort}", [], true, dtlsToolLab),
        };

        try
        {
            // Warm-up: JIT, connections, handshakes, discovery (a transport that fails here is reported and left out).
            var failed = new Dictionary<string, string>();
            foreach (var t in transports)
            {
                t.Manager.Timeout = TimeSpan.FromSeconds(10);
                t.Manager.WalkMaxRepetitions = MaxRepetitions;
                try
                {
                    var watch = Stopwatch.StartNew();
                    await t.Manager.GetAsync(SysDescr);
                    double first = watch.Elapsed.TotalMilliseconds;
                    for (int i = 0; i < 200; i++)
                    {
                        await t.Manager.GetAsync(SysDescr);
                    }

                    Console.WriteLine($"{t.Name}: first GET (connection, handshake, discovery) {first.ToString("F1", Culture)} ms");
                }
                catch (Exception e)
                {
                    failed[t.Name] = $"warm-up: {e.GetType().Name}: {e.Message}";
                    Console.WriteLine($"{t.Name}: FAILED at warm-up: {e}");
                }
            }

            Console.WriteLine($"retransmissions during the warm-up: {string.Join(", ", transports.Select(t => $"{t.Name} {t.Engine.Retransmissions}"))}");
            Console.WriteLine();
            Console.WriteLine($"Net-SNMP snmpd (pid {snmpdPid}) on udp {udpPort}, tcp {lab.TcpPort}, tlstcp {lab.TlsPort}, dtlsudp {lab.DtlsPort}; {seconds} s per measure, median of {rounds} rounds");
            Console.WriteLine("client CPU/GET: this process's user + system time (getrusage) over completed GETs; snmpd CPU: its share of a core (/proc, 10 ms ticks).");
            Console.WriteLine();

            var loads = new (string Name, Func<Manager, double, Task<(long Completed, long Errors, Exception? First)>> Run)[]
            {
                ("sequential (GetAsync awaited)", (m, s) => RunInFlight(m, 1, s)),
                ($"{InFlight} in flight", (m, s) => RunInFlight(m, InFlight, s)),
            };
            var samples = new Dictionary<(string Load, string Transport), List<Sample>>();
            var errors = new Dictionary<(string Load, string Transport), string>();
            for (int round = 0; round < rounds; round++)
            {
                var order = round % 2 == 0 ? transports : Enumerable.Reverse(transports).ToList();
                foreach (var (load, run) in loads)
                {
                    foreach (var t in order)
                    {
                        if (failed.ContainsKey(t.Name))
                        {
                            continue;
                        }

                        long retransmissionsBefore = t.Engine.Retransmissions;
                        var agentBefore = ProcessCpu(snmpdPid);
                        double clientBefore = CpuSeconds();
                        var watch = Stopwatch.StartNew();
                        var (completed, errorCount, first) = await run(t.Manager, seconds);
                        double elapsed = watch.Elapsed.TotalSeconds;
                        double client = CpuSeconds() - clientBefore;
                        double agent = (ProcessCpu(snmpdPid) - agentBefore).TotalSeconds;
                        if (first is not null)
                        {
                            errors.TryAdd((load, t.Name), $"{first.GetType().Name}: {first.Message}");
                            Console.WriteLine($"round {round + 1}, {load}, {t.Name}: {errorCount} failed GETs, first: {first.GetType().Name}: {first.Message}");
                        }

                        if (completed > 0)
                        {
                            GetList(samples, (load, t.Name)).Add(new Sample(completed / elapsed, client / completed, client / elapsed, agent / elapsed, errorCount, t.Engine.Retransmissions - retransmissionsBefore));
                        }
                    }
                }
            }

            Console.WriteLine("| load | transport | GET/s | GET/s vs UDP v2c | client CPU/GET | CPU/GET vs UDP v2c | client CPU | snmpd CPU | failed GETs (all rounds) | retransmissions (all rounds; one a second while a GET waits) |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (load, _) in loads)
            {
                var baseline = samples.GetValueOrDefault((load, "UDP v2c"));
                foreach (var t in transports)
                {
                    var label = t == transports[0] ? load : "";
                    if (failed.TryGetValue(t.Name, out var why))
                    {
                        Console.WriteLine($"| {label} | {t.Name} | FAILED ({why}) | | | | | | | |");
                        continue;
                    }

                    var list = samples.GetValueOrDefault((load, t.Name));
                    if (list is null or { Count: 0 })
                    {
                        Console.WriteLine($"| {label} | {t.Name} | FAILED ({errors.GetValueOrDefault((load, t.Name))}) | | | | | | | |");
                        continue;
                    }

                    double rate = Median(list.Select(s => s.Rate));
                    double cpu = Median(list.Select(s => s.CpuPerGet));
                    string rateRatio = baseline is { Count: > 0 } ? (rate / Median(baseline.Select(s => s.Rate))).ToString("F2", Culture) : "";
                    string cpuRatio = baseline is { Count: > 0 } ? (cpu / Median(baseline.Select(s => s.CpuPerGet))).ToString("F2", Culture) : "";
                    long failedGets = list.Sum(s => s.Errors);
                    Console.WriteLine($"| {label} | {t.Name} | {rate.ToString("F0", Culture)} | {rateRatio} | {(cpu * 1e6).ToString("F1", Culture)} us | {cpuRatio} | "
                        + $"{Median(list.Select(s => s.ClientCpu)).ToString("P0", Culture)} | {Median(list.Select(s => s.AgentCpu)).ToString("P0", Culture)} | {failedGets} | {list.Sum(s => s.Retransmissions)} |");
                }
            }

            Console.WriteLine();
            Console.WriteLine("| load | client CPU/GET, TLS / USM authPriv | DTLS / USM authPriv | TLS / UDP v2c | DTLS / UDP v2c |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var (load, _) in loads)
            {
                Console.WriteLine($"| {load} | {Ratio(samples, load, "TLS TSM", "UDP v3 USM authPriv")} | {Ratio(samples, load, "DTLS TSM", "UDP v3 USM authPriv")} | "
                    + $"{Ratio(samples, load, "TLS TSM", "UDP v2c")} | {Ratio(samples, load, "DTLS TSM", "UDP v2c")} |");
            }

            Console.WriteLine("(ratios of the medians; the aim: a reused TLS session's CPU per GET within 1.3x of USM authPriv's)");
            Console.WriteLine();
            Console.WriteLine($"After the GET rounds: load average {LoadAverage()}");
            Console.WriteLine();

            await CompareWalksAsync(transports, failed, rounds, lab, toolsConf, toolsPersist);
            Console.WriteLine();
            Console.WriteLine($"end {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {LoadAverage()}");
        }
        finally
        {
            foreach (var t in transports)
            {
                await t.Engine.DisposeAsync();
            }
        }
    }

    // A full GetBulk walk of snmpd's tree over each transport (our Manager on its open connection
    // or session; snmpbulkwalk as a process, start-up and handshake included), in turn per round.
    private static async Task CompareWalksAsync(List<Transport> transports, Dictionary<string, string> failed, int rounds, NetSnmpTlsLab lab, string toolsConf, string toolsPersist)
    {
        var ours = new Dictionary<string, List<double>>();
        var theirs = new Dictionary<string, List<double>>();
        var ourCounts = new Dictionary<string, List<int>>();
        var theirCounts = new Dictionary<string, List<int>>();
        var walkErrors = new Dictionary<string, string>();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var t in round % 2 == 0 ? transports : Enumerable.Reverse(transports))
            {
                if (failed.ContainsKey(t.Name))
                {
                    continue;
                }

                try
                {
                    var watch = Stopwatch.StartNew();
                    int count = 0;
                    await foreach (var _ in t.Manager.WalkAsync(new ObjectIdentifier("1.3")))
                    {
                        count++;
                    }

                    GetList(ours, t.Name).Add(watch.Elapsed.TotalMilliseconds);
                    GetList(ourCounts, t.Name).Add(count);
                }
                catch (Exception e)
                {
                    walkErrors.TryAdd(t.Name + " ours", $"{e.GetType().Name}: {e.Message}");
                    Console.WriteLine($"round {round + 1}, {t.Name}: our walk FAILED: {e.GetType().Name}: {e.Message}");
                }

                try
                {
                    var toolLab = t.ToolLab ?? lab;
                    var conf = t.ToolNeedsLabConfig ? Path.Combine(toolLab.Directory, "manager", "conf") : toolsConf;
                    var persist = t.ToolNeedsLabConfig ? Path.Combine(toolLab.Directory, "manager", "persist") : toolsPersist;
                    var watch = Stopwatch.StartNew();
                    var (exitCode, lines, stderr) = await RunSnmpBulkWalkAsync(conf, persist, [.. t.ToolArguments, $"-Cr{MaxRepetitions}", t.ToolAddress, "1.3"]);
                    double elapsed = watch.Elapsed.TotalMilliseconds;
                    if (exitCode != 0 || lines == 0)
                    {
                        throw new InvalidOperationException($"snmpbulkwalk exited with {exitCode} after {lines} varbinds: {stderr.Trim()}");
                    }

                    GetList(theirs, t.Name).Add(elapsed);
                    GetList(theirCounts, t.Name).Add(lines);
                }
                catch (Exception e)
                {
                    walkErrors.TryAdd(t.Name + " theirs", $"{e.GetType().Name}: {e.Message}");
                    Console.WriteLine($"round {round + 1}, {t.Name}: snmpbulkwalk FAILED: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        Console.WriteLine("Walks: ours on the open connection or session of the GET rounds; snmpbulkwalk a process each time (start-up, connection, handshake and RFC 5343 discovery included).");
        Console.WriteLine("snmpbulkwalk over dtlsudp walks a second snmpd of the same configuration: Net-SNMP 5.9.3's dtlsudp server stops accepting new clients beside our open session");
        Console.WriteLine("(its handshake packets go out with a garbage IP_PKTINFO source address, sendmsg EINVAL), so its varbind count may differ by the second snmpd's own tables.");
        Console.WriteLine();
        Console.WriteLine($"| full walk of snmpd's tree (GetBulk, max-repetitions {MaxRepetitions}) | ours: Manager.WalkAsync | theirs: snmpbulkwalk (process, start-up incl.) | ours / theirs | varbinds, ours | varbinds, theirs | same count |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var t in transports)
        {
            if (failed.TryGetValue(t.Name, out var why))
            {
                Console.WriteLine($"| {t.Name} | FAILED ({why}) | | | | | |");
                continue;
            }

            string Time(Dictionary<string, List<double>> d, string side) =>
                d.TryGetValue(t.Name, out var l) ? Median(l).ToString("F1", Culture) + " ms" : $"FAILED ({walkErrors.GetValueOrDefault(t.Name + side)})";
            string Counts(Dictionary<string, List<int>> d) => d.TryGetValue(t.Name, out var l) ? string.Join("/", l.Distinct()) : "";
            string ratio = ours.TryGetValue(t.Name, out var o) && theirs.TryGetValue(t.Name, out var h) ? (Median(o) / Median(h)).ToString("F2", Culture) : "";
            string same = ourCounts.TryGetValue(t.Name, out var oc) && theirCounts.TryGetValue(t.Name, out var tc)
                ? (oc.Zip(tc).All(p => p.First == p.Second) ? "yes" : $"no (differences {string.Join("/", oc.Zip(tc).Select(p => p.First - p.Second))})")
                : "";
            Console.WriteLine($"| {t.Name}{(t.ToolLab is null ? "" : " (snmpbulkwalk: a second snmpd, see above)")} | {Time(ours, " ours")} | {Time(theirs, " theirs")} | {ratio} | {Counts(ourCounts)} | {Counts(theirCounts)} | {same} |");
        }
    }

    private static string Ratio(Dictionary<(string, string), List<Sample>> samples, string load, string over, string under) =>
        samples.TryGetValue((load, over), out var a) && a.Count > 0 && samples.TryGetValue((load, under), out var b) && b.Count > 0
            ? (Median(a.Select(s => s.CpuPerGet)) / Median(b.Select(s => s.CpuPerGet))).ToString("F2", Culture)
            : "n/a";

    private static List<TValue> GetList<TKey, TValue>(Dictionary<TKey, List<TValue>> d, TKey key)
        where TKey : notnull
    {
        if (!d.TryGetValue(key, out var list))
        {
            d[key] = list = [];
        }

        return list;
    }

    // inFlight workers, each awaiting its GET before sending the next, until the time is up. A
    // failed GET is counted; a worker stops after 10 failures in a row (a dead transport).
    private static async Task<(long Completed, long Errors, Exception? First)> RunInFlight(Manager manager, int inFlight, double seconds)
    {
        long completed = 0, errors = 0;
        Exception? first = null;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            int inARow = 0;
            while (Stopwatch.GetTimestamp() < end && inARow < 10)
            {
                try
                {
                    await manager.GetAsync(SysDescr).ConfigureAwait(false);
                    Interlocked.Increment(ref completed);
                    inARow = 0;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref first, e, null);
                    inARow++;
                }
            }
        }));
        await Task.WhenAll(workers);
        return (completed, errors, first);
    }

    private static async Task<(int ExitCode, int VarBinds, string StandardError)> RunSnmpBulkWalkAsync(string confPath, string persistentDir, string[] arguments)
    {
        var start = new ProcessStartInfo(NetSnmpInstallation.Require("snmpbulkwalk"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-On", "-m", "" }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SNMPCONFPATH"] = confPath;
        start.Environment["SNMP_PERSISTENT_DIR"] = persistentDir;
        start.Environment["MIBS"] = "";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("snmpbulkwalk did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        int lines = 0;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                if (line.StartsWith('.') && !line.Contains("No more variables", StringComparison.Ordinal))
                {
                    lines++;
                }
            }

            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"snmpbulkwalk {string.Join(' ', arguments)} did not finish within 120 s.");
        }

        return (process.ExitCode, lines, await stderr);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b);

    /// <summary>getrusage(RUSAGE_SELF): user + system CPU seconds of the whole process (microsecond resolution).</summary>
    private static double CpuSeconds()
    {
        var usage = new long[18]; // struct rusage on 64-bit Linux: two timevals, then 14 longs
        if (GetRUsage(0, usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed");
        }

        return usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, long[] usage);
}
