using System.Net;
using BenchmarkDotNet.Attributes;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Benchmarks;

/// <summary>
/// What a Manager costs in one Engine that has many (issue 13 item 5: a poller keeps one Manager
/// per device): <c>Create</c> makes 10,000 Managers, one per agent address, in one Engine, and the
/// memory diagnoser's Allocated column is the managed bytes per Manager (OperationsPerInvoke), over
/// SNMPv2c (a community target) and SNMPv3 (a USM session per Manager: the user's namespace and
/// defaults, the engine ID to discover). Nothing is sent. The bytes a Manager keeps after a full
/// collection, and what polling adds (the agent's localised keys and clock), are measured by the
/// load tool's --poll.
/// </summary>
[MemoryDiagnoser]
public class ManagerFootprintBenchmarks
{
    private const int Managers = 10_000;

    private Engine _engine = null!;
    private IPEndPoint[] _addresses = null!;
    private Manager[] _managers = null!;

    [Params("SNMPv2c", "SNMPv3")]
    public string Version { get; set; } = "SNMPv2c";

    [GlobalSetup]
    public void Setup()
    {
        if (Version == "SNMPv3")
        {
            _engine = new Engine(SnmpVersion.SNMPv3);
            _engine.Usm.AddUser("poller", AuthenticationProtocol.HmacSha1, "poll-auth-pass", PrivacyProtocol.Aes128, "poll-priv-pass");
        }
        else
        {
            _engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        }

        _addresses = [.. Enumerable.Range(0, Managers).Select(i => new IPEndPoint(IPAddress.Loopback, 20000 + i))];
        _managers = new Manager[Managers];
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(OperationsPerInvoke = Managers)]
    public Manager Create()
    {
        for (int i = 0; i < _managers.Length; i++)
        {
            _managers[i] = _engine.Manager(_addresses[i]);
        }

        return _managers[^1];
    }
}
