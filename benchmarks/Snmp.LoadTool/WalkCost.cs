using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Security.Usm;
using static Snmp.LoadTool.Measurements;

namespace Snmp.LoadTool;

/// <summary>
/// Whole-tree walks of one private snmpd (issue 26, items 3 and 4), ours beside Net-SNMP's in the
/// same rounds: GetBulk walks (SNMPv2c and SNMPv3 authPriv) through <c>WalkAsync</c> and the
/// blocking <c>Walk</c> beside <c>snmpbulkwalk -Cr50</c> and <c>-Cr25</c>, and the SNMPv1 GetNext
/// walk, blocking and awaited, beside <c>snmpwalk -v1</c>. Per walk: wall time, the client's CPU
/// time (ours: getrusage of this process; Net-SNMP's: getrusage of the reaped child, start-up
/// included), snmpd's CPU time (/proc, 10 ms ticks, so a median over rounds) and, for ours, the
/// requests sent; then per request (page) the wall time and each side's CPU, which says how much
/// of a page's round trip is the client's.
/// </summary>
/// <remarks>
/// <c>dotnet benchmarks/Snmp.LoadTool/bin/Release/net10.0/Snmp.LoadTool.dll --walks [--rounds 5] [--only FORM]</c> (--only: just the forms whose name contains FORM, that many times, and no table: for profiling).
/// The forms run in turn inside each round, in reverse order every other round, so slow phases of
/// a shared machine fall on all of them.
/// </remarks>
internal static class WalkCost
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static async Task RunAsync(int rounds, string? only = null)
    {
        await using var snmpd = await SnmpdFixture.StartAsync(
        [
            "createUser loaduser SHA \"load-auth-pass\" AES \"load-priv-pass\"",
            "rouser loaduser priv",
        ]);
        await using var engineV2 = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmpdFixture.ReadCommunity);
        var v2c = engineV2.Manager(snmpd.Endpoint);
        await using var engineV1 = new Engine(SnmpVersion.SNMPv1, defaultCommunity: SnmpdFixture.ReadCommunity);
        var v1 = engineV1.Manager(snmpd.Endpoint);
        await using var engineV3 = new Engine(SnmpVersion.SNMPv3);
        engineV3.Usm.AddUser("loaduser", AuthenticationProtocol.HmacSha1, "load-auth-pass", PrivacyProtocol.Aes128, "load-priv-pass");
        var v3 = engineV3.Manager(snmpd.Endpoint);
        string[] v2Credentials = ["-v2c", "-c", SnmpdFixture.ReadCommunity];
        string[] v3Credentials = ["-v3", "-u", "loaduser", "-l", "authPriv", "-a", "SHA", "-A", "load-auth-pass", "-x", "AES", "-X", "load-priv-pass"];

        var forms = new (string Group, string Name, Func<Task<(int Varbinds, long Requests)>> Run)[]
        {
            ("v2c GetBulk", "Manager.WalkAsync (default: first page 25, growing to 50)", () => OursAsync(engineV2, v2c)),
            ("v2c GetBulk", "Manager.Walk (blocking, same pages)", () => OursBlocking(engineV2, v2c)),
            ("v2c GetBulk", "Manager.WalkAsync, pages growing to 100", () => OursAsync(engineV2, v2c, limit: 100)),
            ("v2c GetBulk", "snmpbulkwalk -Cr50", () => NetSnmp(snmpd.Peer, "snmpbulkwalk", [.. v2Credentials, "-Cr50"])),
            ("v2c GetBulk", "snmpbulkwalk -Cr25", () => NetSnmp(snmpd.Peer, "snmpbulkwalk", [.. v2Credentials, "-Cr25"])),
            ("v3 authPriv GetBulk", "Manager.WalkAsync (default: first page 25, growing to 50)", () => OursAsync(engineV3, v3)),
            ("v3 authPriv GetBulk", "Manager.Walk (blocking, same pages)", () => OursBlocking(engineV3, v3)),
            ("v3 authPriv GetBulk", "Manager.WalkAsync, pages growing to 100", () => OursAsync(engineV3, v3, limit: 100)),
            ("v3 authPriv GetBulk", "snmpbulkwalk -Cr50", () => NetSnmp(snmpd.Peer, "snmpbulkwalk", [.. v3Credentials, "-Cr50"])),
            ("v3 authPriv GetBulk", "snmpbulkwalk -Cr25", () => NetSnmp(snmpd.Peer, "snmpbulkwalk", [.. v3Credentials, "-Cr25"])),
            ("v1 GetNext", "Manager.Walk (blocking)", () => OursBlocking(engineV1, v1)),
            ("v1 GetNext", "Manager.WalkAsync (awaited)", () => OursAsync(engineV1, v1)),
            ("v1 GetNext", "snmpwalk -v1", () => NetSnmp(snmpd.Peer, "snmpwalk", ["-v1", "-c", SnmpdFixture.ReadCommunity])),
        };

        if (only is not null)
        {
            // For profiling one form: only the forms whose group and name contain it, and no table.
            foreach (var (group, name, run) in forms.Where(f => $"{f.Group} {f.Name}".Contains(only, StringComparison.OrdinalIgnoreCase)))
            {
                for (int round = 0; round < rounds; round++)
                {
                    await run();
                }
            }

            return;
        }

        // Warm-up: JIT, sockets, SNMPv3 discovery and key localisation, snmpd's caches.
        foreach (var (_, _, run) in forms)
        {
            await run();
        }

        var samples = forms.ToDictionary(f => (f.Group, f.Name), _ => new List<Sample>());
        for (int round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? forms : forms.Reverse().ToArray();
            foreach (var (group, name, run) in order)
            {
                var self = RUsage.Of(RUsage.Self);
                var children = RUsage.Of(RUsage.Children);
                var agent = ProcessCpu(snmpd.ProcessId);
                long allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var (varbinds, requests) = await run();
                double wall = watch.Elapsed.TotalMilliseconds;
                double agentMs = (ProcessCpu(snmpd.ProcessId) - agent).TotalMilliseconds;
                bool ours = requests > 0;
                long bytes = ours ? GC.GetTotalAllocatedBytes(precise: true) - allocated : 0;
                var selfAfter = RUsage.Of(RUsage.Self);
                double clientMs = ours ? (selfAfter.CpuSeconds - self.CpuSeconds) * 1e3
                    : (RUsage.Of(RUsage.Children).CpuSeconds - children.CpuSeconds) * 1e3;
                samples[(group, name)].Add(new Sample(wall, clientMs, agentMs, varbinds, requests, bytes, ours ? selfAfter.VoluntarySwitches - self.VoluntarySwitches : 0));
            }
        }

        Console.WriteLine($"Net-SNMP snmpd on {snmpd.Endpoint}, {Environment.ProcessorCount} cores, {rounds} rounds, whole tree from 1.3; median (spread = (max - min) / median); load average at the end {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("client CPU: ours = this process's user + system time; Net-SNMP's = the reaped child's (start-up included). snmpd CPU: /proc ticks of 10 ms.");
        Console.WriteLine("client bytes / request: allocated by this process (GC, precise); ctx switches: this process's voluntary context switches (getrusage), a thread going to sleep.");
        Console.WriteLine("Per request: ours count the messages the engine sent (snmpOutPkts); Net-SNMP's pages are taken as ours of the same page size would be (varbinds / max-repetitions).");
        Console.WriteLine();
        Console.WriteLine("| walk | form | wall ms | client CPU ms | snmpd CPU ms | varbinds | requests | wall us / request | client CPU us / request | snmpd CPU us / request | client bytes / request | client voluntary ctx switches / request |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (group, name, _) in forms)
        {
            var s = samples[(group, name)];
            double requests = Median(s.Select(x => (double)x.Requests));
            if (requests == 0)
            {
                // Net-SNMP: a page of -CrN holds N varbinds; GetNext one each (and one more that ends the walk).
                int per = name.Contains("-Cr50", StringComparison.Ordinal) ? 50 : name.Contains("-Cr25", StringComparison.Ordinal) ? 25 : 1;
                requests = Math.Ceiling(Median(s.Select(x => (double)x.Varbinds)) / per) + (per == 1 ? 1 : 0);
            }

            Console.WriteLine($"| {group} | {name} | {Cell(s.Select(x => x.WallMs))} | {Cell(s.Select(x => x.ClientMs))} | {Median(s.Select(x => x.AgentMs)).ToString("F0", Culture)} | {Median(s.Select(x => (double)x.Varbinds)).ToString("F0", Culture)} | {requests.ToString("F0", Culture)} | " +
                $"{(Median(s.Select(x => x.WallMs)) * 1e3 / requests).ToString("F1", Culture)} | {(Median(s.Select(x => x.ClientMs)) * 1e3 / requests).ToString("F1", Culture)} | {(Median(s.Select(x => x.AgentMs)) * 1e3 / requests).ToString("F1", Culture)} | {(s[0].Requests == 0 ? "" : Median(s.Select(x => (double)x.Bytes / x.Requests)).ToString("F0", Culture))} | {(s[0].Requests == 0 ? "" : Median(s.Select(x => (double)x.VoluntarySwitches / x.Requests)).ToString("F2", Culture))} |");
        }

        Console.WriteLine();
        Console.WriteLine("| ratio (wall, per varbind, median of the rounds' ratios) | ours / Net-SNMP |");
        Console.WriteLine("| --- | ---: |");
        foreach (var (group, ourName, theirName) in new[]
        {
            ("v2c GetBulk", forms[0].Name, "snmpbulkwalk -Cr50"),
            ("v2c GetBulk", forms[1].Name, "snmpbulkwalk -Cr50"),
            ("v2c GetBulk", forms[0].Name, "snmpbulkwalk -Cr25"),
            ("v3 authPriv GetBulk", forms[0].Name, "snmpbulkwalk -Cr50"),
            ("v3 authPriv GetBulk", forms[1].Name, "snmpbulkwalk -Cr50"),
            ("v3 authPriv GetBulk", forms[0].Name, "snmpbulkwalk -Cr25"),
            ("v2c GetBulk", "Manager.WalkAsync, pages growing to 100", "snmpbulkwalk -Cr50"),
            ("v3 authPriv GetBulk", "Manager.WalkAsync, pages growing to 100", "snmpbulkwalk -Cr50"),
            ("v1 GetNext", "Manager.Walk (blocking)", "snmpwalk -v1"),
            ("v1 GetNext", "Manager.WalkAsync (awaited)", "snmpwalk -v1"),
        })
        {
            var ours = samples[(group, ourName)];
            var theirs = samples[(group, theirName)];
            var ratios = ours.Zip(theirs, (o, t) => o.WallMs / Math.Max(1, o.Varbinds) / (t.WallMs / Math.Max(1, t.Varbinds)));
            Console.WriteLine($"| {group}: {ourName} / {theirName} | {Cell(ratios, "F2")} |");
        }
    }

    private static async Task<(int, long)> OursAsync(Engine engine, Manager manager, int limit = 50)
    {
        manager.WalkMaxRepetitionsLimit = limit;
        long sent = engine.Statistics[SnmpCounter.SnmpOutPkts];
        int count = 0;
        await foreach (var _ in manager.WalkAsync("1.3").ConfigureAwait(false))
        {
            count++;
        }

        manager.WalkMaxRepetitionsLimit = 50;
        return (count, engine.Statistics[SnmpCounter.SnmpOutPkts] - sent);
    }

    private static Task<(int, long)> OursBlocking(Engine engine, Manager manager) => Task.Run(() =>
    {
        long sent = engine.Statistics[SnmpCounter.SnmpOutPkts];
        int count = 0;
        foreach (var _ in manager.Walk("1.3"))
        {
            count++;
        }

        return (count, engine.Statistics[SnmpCounter.SnmpOutPkts] - sent);
    });

    private static async Task<(int, long)> NetSnmp(string peer, string tool, string[] arguments) =>
        (await NetSnmpWalkProcess.CountVarBindLinesAsync(tool, arguments, peer), 0);

    private static string Cell(IEnumerable<double> values, string format = "F1")
    {
        var list = values.ToList();
        double median = Median(list);
        double spread = median == 0 ? 0 : (list.Max() - list.Min()) / median * 100;
        return $"{median.ToString(format, Culture)} ({spread.ToString("F0", Culture)} %)";
    }

    private readonly record struct Sample(double WallMs, double ClientMs, double AgentMs, int Varbinds, long Requests, long Bytes, long VoluntarySwitches);

    /// <summary>getrusage: the CPU time of this process (<see cref="Self"/>) or of its reaped children (<see cref="Children"/>).</summary>
    private readonly record struct RUsage(double CpuSeconds, long VoluntarySwitches)
    {
        public const int Self = 0, Children = -1;

        public static RUsage Of(int who)
        {
            var usage = new long[18]; // struct rusage on 64-bit Linux: two timevals, then 14 longs
            if (GetRUsage(who, usage) != 0)
            {
                throw new InvalidOperationException("getrusage failed");
            }

            return new RUsage(usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6, usage[4 + 12]); // ru_nvcsw
        }

        [DllImport("libc", EntryPoint = "getrusage")]
        private static extern int GetRUsage(int who, long[] usage);
    }
}
