using System.Net;
using Snmp.LoadTool;

namespace Snmp.Simulator.Tests;

/// <summary>The load tool's large poll (<c>--poll N --device-simulator</c>) with the simulator's devices as its agents.</summary>
public class PolledDevicesTests
{
    private static readonly ObjectIdentifier[] PolledObjects =
    [
        "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0",
        "1.3.6.1.2.1.1.6.0", "1.3.6.1.2.1.1.7.0", "1.3.6.1.2.1.1.8.0", "1.3.6.1.6.3.10.2.1.1.0", "1.3.6.1.6.3.10.2.1.2.0",
    ];

    [Test]
    public async Task EachPolledDeviceAnswersTheTenObjectsAsItselfOverV2cAndV3()
    {
        const int count = 6;
        using var devices = PolledDevices.Start(count);
        var simulator = devices.Simulator;
        await using var v2c = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: PolledDevices.Community);
        await using var v3 = new Engine(SnmpVersion.SNMPv3);
        v3.Usm.AddUser(PolledDevices.UserName, AuthenticationProtocol.HmacSha1, PolledDevices.AuthPassword, PrivacyProtocol.Aes128, PolledDevices.PrivPassword);
        Assert.That(PolledDevices.EngineIdOf(12).ToHex(), Is.EqualTo("80001F880473696D3132"), "as SimulatedAgents.EngineIdOf: 80 00 1F 88 04 \"sim12\"");
        for (int i = 0; i < count; i++)
        {
            var address = new IPEndPoint(IPAddress.Loopback, simulator.Endpoints[i].Port);
            var v3Manager = v3.Manager(address);
            foreach (var manager in new[] { v2c.Manager(address), v3Manager })
            {
                manager.Timeout = TimeSpan.FromSeconds(10);
                var answer = await manager.GetAsync(PolledObjects);
                Assert.That(answer.Select(vb => vb.Oid), Is.EqualTo(PolledObjects), $"device {i} over {manager.Version}");
                Assert.That(answer[0].Value, Is.EqualTo(new OctetString($"simulated agent {i}")));
                Assert.That(answer[4].Value, Is.EqualTo(new OctetString($"sim{i}")), "sysName.0");
                Assert.That(answer[8].Value, Is.EqualTo(PolledDevices.EngineIdOf(i)), "snmpEngineID.0 as recorded");
                Assert.That(answer[9].Value, Is.EqualTo(new Integer32(1)), "snmpEngineBoots.0");
            }

            Assert.That(v3Manager.EngineId, Is.EqualTo(simulator.EngineIdAt(i)), "an SNMPv3 engine per device");
        }

        Assert.That(simulator.SharedRecordings, Is.EqualTo(count));
    }
}
