using System.Diagnostics;

namespace Snmp.Simulator.Tests.Interop;

#pragma warning disable CA1416 // the peers run on Linux only

/// <summary>
/// snmpsim's address-refinement layout for communities, which snmpsimd applies only in its
/// --v2c-arch mode (SNMPv1/v2c only; the data directory's README-v2c.txt files): community
/// "public" from 127.0.0.1 to the first UDP/IPv4 address is the file
/// public/1.3.6.1.6.1.1.0/127.0.0.1, the empty community is 1.3.6.1.6.1.1.0/127.0.0.1. Ours does
/// the same while serving SNMPv3 as well; walked by Net-SNMP, both print the same lines. (Its
/// UDP/IPv6 endpoints are not tried: snmpsimd 0.4.5's --v2c-arch registers each IPv6 endpoint with
/// the last IPv4 endpoint's socket, agentUDPv4Endpoint[0] in its IPv6 loop.)
/// </summary>
[NonParallelizable]
public class SnmpsimV2cArchWalkTests
{
    private static readonly string[] Files =
    [
        "public/1.3.6.1.6.1.1.0/127.0.0.1.snmprec.gz", "public/1.3.6.1.2.1.100.1.13.0.snmprec", "public/1.3.6.1.2.1.100.1.2.0/__1.snmprec",
        "1.3.6.1.6.1.1.0/127.0.0.1.snmprec", "bgp.snmprec",
    ];

    private static readonly string[] Output = ["-On", "-Ox", "-Oe", "-m", ""];

    private DirectoryInfo _data = null!;
    private Process? _snmpsimd;
    private DeviceSimulator? _ours;
    private string _theirs = "";

    [OneTimeSetUp]
    public async Task StartBoth()
    {
        Peers.Require("snmpsimd", "snmpsim");
        Peers.Require("snmpwalk", "snmp");
        Peers.RequireData();
        _data = Directory.CreateTempSubdirectory("sim-interop-v2c-");
        var data = Path.Combine(_data.FullName, "data");
        var cache = Directory.CreateDirectory(Path.Combine(_data.FullName, "cache")).FullName;
        Peers.CopyRecordings(Files, data);
        File.SetUnixFileMode(cache, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(_data.FullName, (UnixFileMode)0x1ED);
        _theirs = $"127.0.0.1:{Peers.FreeUdpPort()}";
        _ours = DeviceSimulator.Start(new SimulatorOptions { DataDirectories = [data], ListenOn = ["127.0.0.1:0"] });
        _snmpsimd = await Peers.StartSnmpsimdAsync(data, cache, ["--v2c-arch", $"--agent-udpv4-endpoint={_theirs}"], _theirs, "-v2c", "-c", "bgp");
    }

    [OneTimeTearDown]
    public async Task StopBoth()
    {
        await Peers.StopAsync(_snmpsimd);
        if (_ours is not null)
        {
            await _ours.DisposeAsync();
        }

        _data?.Delete(recursive: true);
    }

    private string Ours => $"127.0.0.1:{_ours!.Endpoints[0].Port}";

    [TestCase("snmpwalk", "public", "public/1.3.6.1.6.1.1.0/127.0.0.1")]
    [TestCase("snmpbulkwalk", "public", "public/1.3.6.1.6.1.1.0/127.0.0.1")]
    [TestCase("snmpwalk", "", "1.3.6.1.6.1.1.0/127.0.0.1")]
    [TestCase("snmpbulkwalk", "public/1.3.6.1.2.1.100.1.13.0", "public/1.3.6.1.2.1.100.1.13.0")]
    [TestCase("snmpwalk", "bgp", "bgp")]
    public async Task ACommunityIsRefinedByTransportIdAndSourceAsInSnmpsimdV2cArch(string tool, string community, string device)
    {
        string[] Arguments(string agent, string c) =>
            [.. Output, "-v2c", "-c", c, .. tool == "snmpbulkwalk" ? ["-Cr25"] : Array.Empty<string>(), "-r", "2", "-t", "5", agent, ".1"];
        var theirs = await Peers.RunAsync(tool, Arguments(_theirs, community));
        var ours = await Peers.RunAsync(tool, Arguments(Ours, community));
        var byName = await Peers.RunAsync(tool, Arguments(Ours, device));
        var theirRecords = SnmpsimWalkTests.Records(theirs.Output);
        Assert.Multiple(() =>
        {
            Assert.That(theirs.ExitCode, Is.EqualTo(0), $"snmpsimd: {theirs.Error}");
            Assert.That(ours.ExitCode, Is.EqualTo(0), $"ours: {ours.Error}");
            Assert.That(theirRecords, Has.Count.GreaterThan(1), "snmpsimd served the device");
            Assert.That(SnmpsimWalkTests.Records(ours.Output).Select(r => r.Text), Is.EqualTo(theirRecords.Select(r => r.Text)));
            Assert.That(SnmpsimWalkTests.Records(byName.Output).Select(r => r.Text), Is.EqualTo(theirRecords.Select(r => r.Text)), $"the device {device}");
        });
    }
}
