using System.Diagnostics;
using System.Globalization;
using Snmp.AgentX;
using Snmp.Interop.Tests.AgentX;
using Snmp.Interop.Tests.NetSnmp;
using static Snmp.LoadTool.Measurements;

namespace Snmp.LoadTool;

/// <summary>
/// AgentX under load (issue 25), in one run, rounds alternating, medians:
/// (1) Net-SNMP snmpd as the master with our <see cref="AgentXSubagent"/> (in this process):
///     GET/s of snmpd's own sysDescr.0 beside GET/s of our object, which snmpd forwards over
///     AgentX; (2) our <see cref="Agent"/> as the master (in this process) with Net-SNMP's
///     snmpd -X as the subagent: GET/s of the subagent's sysName.0 through us beside GET/s of our
///     own object. The client is an Engine in this process with a fixed number of GETs in flight.
/// </summary>
internal static class AgentXComparison
{
    public static async Task RunAsync(double seconds, int rounds, int inFlight)
    {
        var culture = CultureInfo.InvariantCulture;
        var directory = Directory.CreateTempSubdirectory("agentx-load-").FullName;
        try
        {
            var socket = Path.Combine(directory, "snmpd-master");
            await using var snmpd = await SnmpdFixture.StartAsync(["master agentx", $"agentXSocket {socket}"]);
            await using var subagent = new AgentXSubagent(new AgentXSubagentOptions { MasterAddress = socket });
            ObjectIdentifier ours = "1.3.6.1.4.1.8072.9999.9999.2";
            subagent.Mib.AddScalar(ours, new OctetString("served over AgentX"));
            await subagent.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

            await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmpdFixture.ReadCommunity);
            var toSnmpd = engine.Manager(snmpd.Endpoint);
            toSnmpd.Timeout = TimeSpan.FromSeconds(10);
            ObjectIdentifier sysDescr = "1.3.6.1.2.1.1.1.0";
            await toSnmpd.GetAsync(sysDescr);
            await toSnmpd.GetAsync(ours.Append(0));

            Console.WriteLine($"AgentX, {Environment.ProcessorCount} cores, {inFlight} GETs in flight (SNMPv2c), {seconds} s per round, median of {rounds} rounds");
            Console.WriteLine();
            Console.WriteLine("| master | object | GET/s (median) | snmpd CPU | ratio to the master's own object |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
            var own = new List<double>();
            var forwarded = new List<double>();
            var ownCpu = new List<double>();
            var forwardedCpu = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                var (rate, cpu) = await Measure(toSnmpd, sysDescr, inFlight, seconds, snmpd.ProcessId);
                own.Add(rate);
                ownCpu.Add(cpu);
                (rate, cpu) = await Measure(toSnmpd, ours.Append(0), inFlight, seconds, snmpd.ProcessId);
                forwarded.Add(rate);
                forwardedCpu.Add(cpu);
            }

            Console.WriteLine($"| Net-SNMP snmpd | its own sysDescr.0 | {Median(own).ToString("F0", culture)} | {Median(ownCpu).ToString("P0", culture)} | 1.00 |");
            Console.WriteLine($"| Net-SNMP snmpd | our AgentXSubagent's scalar | {Median(forwarded).ToString("F0", culture)} | {Median(forwardedCpu).ToString("P0", culture)} | {(Median(forwarded) / Median(own)).ToString("F2", culture)} |");

            var agentSocket = Path.Combine(directory, "our-master");
            await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], BuiltInObjects = false, AgentXAddress = agentSocket });
            agent.AddCommunity(SnmpdFixture.ReadCommunity);
            agent.Mib.AddScalar(ours, new OctetString("the master's own"));
            await using var netSnmpSubagent = await NetSnmpSubagentFixture.StartAsync(agentSocket);
            ObjectIdentifier sysName = "1.3.6.1.2.1.1.5.0";
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await agent.Mib.GetAsync(sysName) is not OctetString)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("snmpd -X did not register with our master:\n" + netSnmpSubagent.Log);
                }

                await Task.Delay(50);
            }

            var toOurs = engine.Manager(agent.Endpoints[0]);
            toOurs.Timeout = TimeSpan.FromSeconds(10);
            // The same Net-SNMP subagent under snmpd as the master (started without its own system
            // group, -I -system_mib, so the subagent's registrations are not duplicates).
            var snmpdSocket = Path.Combine(directory, "snmpd-master-2");
            await using var snmpdMaster = await SnmpdFixture.StartAsync(["master agentx", $"agentXSocket {snmpdSocket}"], extraArguments: ["-I", "-system_mib"]);
            await using var secondSubagent = await NetSnmpSubagentFixture.StartAsync(snmpdSocket);
            var toSnmpdMaster = engine.Manager(snmpdMaster.Endpoint);
            toSnmpdMaster.Timeout = TimeSpan.FromSeconds(10);
            deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await toSnmpdMaster.GetAsync(sysName))[0].Value is not OctetString)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("snmpd -X did not register with snmpd as the master:\n" + secondSubagent.Log);
                }

                await Task.Delay(50);
            }

            var viaSnmpd = new List<double>();
            var viaSnmpdCpu = new List<double>();
            own.Clear();
            forwarded.Clear();
            for (int round = 0; round < rounds; round++)
            {
                own.Add((await Measure(toOurs, ours.Append(0), inFlight, seconds, null)).Rate);
                forwarded.Add((await Measure(toOurs, sysName, inFlight, seconds, null)).Rate);
                var (rate, cpu) = await Measure(toSnmpdMaster, sysName, inFlight, seconds, snmpdMaster.ProcessId);
                viaSnmpd.Add(rate);
                viaSnmpdCpu.Add(cpu);
            }

            Console.WriteLine($"| our Agent (in this process) | its own scalar | {Median(own).ToString("F0", culture)} | | 1.00 |");
            Console.WriteLine($"| our Agent (in this process) | snmpd -X's sysName.0 | {Median(forwarded).ToString("F0", culture)} | | {(Median(forwarded) / Median(own)).ToString("F2", culture)} |");
            Console.WriteLine($"| Net-SNMP snmpd (-I -system_mib) | snmpd -X's sysName.0 | {Median(viaSnmpd).ToString("F0", culture)} | {Median(viaSnmpdCpu).ToString("P0", culture)} | |");
            Console.WriteLine($"| ratio: the subagent's sysName.0 through our Agent / through snmpd | | {(Median(forwarded) / Median(viaSnmpd)).ToString("F2", culture)} | | |");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double Rate, double AgentCpu)> Measure(Manager manager, ObjectIdentifier oid, int inFlight, double seconds, int? agentPid)
    {
        var cpuBefore = agentPid is { } pid ? ProcessCpu(pid) : TimeSpan.Zero;
        long count = 0;
        var watch = Stopwatch.StartNew();
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                await manager.GetAsync(oid).ConfigureAwait(false);
                Interlocked.Increment(ref count);
            }
        }));
        double elapsed = watch.Elapsed.TotalSeconds;
        double cpu = agentPid is { } p ? (ProcessCpu(p) - cpuBefore).TotalSeconds / elapsed : 0;
        return (count / elapsed, cpu);
    }
}
