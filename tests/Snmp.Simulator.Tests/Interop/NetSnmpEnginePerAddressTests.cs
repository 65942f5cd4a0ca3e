namespace Snmp.Simulator.Tests.Interop;

/// <summary>
/// An SNMPv3 engine per listening address (<see cref="SimulatorOptions.EngineIdPerAddress"/>) as
/// Net-SNMP's snmpget sees it: discovery finds each device's engine, and authPriv with the keys
/// localised to the engine ID given with -e works at that device's address only.
/// </summary>
[NonParallelizable]
public class NetSnmpEnginePerAddressTests
{
    private const string User = "simulator", AuthKey = "auctoritas", PrivKey = "privatus";

    private DirectoryInfo _data = null!;
    private DeviceSimulator _simulator = null!;

    [OneTimeSetUp]
    public void Start()
    {
        Peers.Require("snmpget", "snmp");
        _data = Directory.CreateTempSubdirectory("sim-engines-");
        File.WriteAllText(Path.Combine(_data.FullName, "a.snmprec"), "1.3.6.1.2.1.1.5.0|4|device a\n");
        File.WriteAllText(Path.Combine(_data.FullName, "b.snmprec"), "1.3.6.1.2.1.1.5.0|4|device b\n");
        _simulator = DeviceSimulator.Start(new SimulatorOptions
        {
            DataDirectories = [_data.FullName],
            ListenOn = ["127.0.0.1:0", "127.0.0.1:0"],
            PortPerDevice = true,
            EngineIdPerAddress = true,
            Users = [new SimulatorUser(User, AuthenticationProtocol.HmacSha1, AuthKey, PrivacyProtocol.Aes128, PrivKey)],
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _simulator.DisposeAsync();
        _data.Delete(recursive: true);
    }

    private Task<(int ExitCode, string Output, string Error)> GetAsync(int address, params string[] extra) =>
        Peers.RunAsync("snmpget", [
            "-v3", "-l", "authPriv", "-u", User, "-a", "SHA", "-A", AuthKey, "-x", "AES", "-X", PrivKey, "-Ov", "-r", "1", "-t", "2", .. extra,
            $"127.0.0.1:{_simulator.Endpoints[address].Port}", "1.3.6.1.2.1.1.5.0"]);

    [Test]
    public async Task EachAddressIsTheDeviceByDiscovery()
    {
        var a = await GetAsync(0);
        var b = await GetAsync(1);
        Assert.Multiple(() =>
        {
            Assert.That(a.Output.Trim(), Is.EqualTo("STRING: \"device a\""), a.Error);
            Assert.That(b.Output.Trim(), Is.EqualTo("STRING: \"device b\""), b.Error);
        });
    }

    [Test]
    public async Task KeysLocalisedToTheAddressEngineIdWorkThereOnly()
    {
        var own = await GetAsync(1, "-e", "0x" + _simulator.EngineIdAt(1).ToHex());
        var other = await GetAsync(1, "-e", "0x" + _simulator.EngineIdAt(0).ToHex());
        Assert.Multiple(() =>
        {
            Assert.That(own.ExitCode, Is.EqualTo(0), own.Error);
            Assert.That(own.Output.Trim(), Is.EqualTo("STRING: \"device b\""));
            Assert.That(other.ExitCode, Is.Not.EqualTo(0), "another address's engine ID is not this address's");
            Assert.That(other.Output, Does.Not.Contain("device b"));
        });
    }
}
