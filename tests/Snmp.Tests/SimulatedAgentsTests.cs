using System.Net;
using Snmp.LoadTool;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Tests;

/// <summary>
/// The load tool's simulated agents (benchmarks/Snmp.LoadTool, the large-scale poll of issue 13):
/// real Agents on the pooled UDP transport plugged in as a module, each on its own port with its own
/// snmpEngineID, answering the poll's ten objects as themselves over SNMPv2c and SNMPv3 authPriv;
/// and the poller's engine deriving its user's keys from the passwords once, localising them per agent.
/// </summary>
[TestFixture]
[NonParallelizable]
public class SimulatedAgentsTests
{
    private const int Count = 6;

    [Test]
    public async Task Each_simulated_agent_answers_the_polled_objects_as_itself_over_v2c_and_v3()
    {
        await using var agents = SimulatedAgents.Start(Count, withUser: true);
        Assert.That(agents.Agents.Select(a => a.Endpoints[0].Port).Distinct().Count(), Is.EqualTo(Count), "one port per agent");
        await using var v2c = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SimulatedAgents.Community);
        await using var v3 = new Engine(SnmpVersion.SNMPv3);
        v3.Usm.AddUser(SimulatedAgents.UserName, AuthenticationProtocol.HmacSha1, SimulatedAgents.AuthPassword, PrivacyProtocol.Aes128, SimulatedAgents.PrivPassword);
        for (int i = 0; i < Count; i++)
        {
            var address = new IPEndPoint(IPAddress.Loopback, agents.Agents[i].Endpoints[0].Port);
            var v3Manager = v3.Manager(address);
            foreach (var manager in new[] { v2c.Manager(address), v3Manager })
            {
                var answer = await manager.GetAsync(SimulatedAgents.PolledObjects);
                Assert.That(answer.Select(vb => vb.Oid), Is.EqualTo(SimulatedAgents.PolledObjects), $"agent {i} over {manager.Version}");
                Assert.That(answer[0].Value, Is.EqualTo(new OctetString($"simulated agent {i}")));
                Assert.That(answer[4].Value, Is.EqualTo(new OctetString($"sim{i}")), "sysName.0");
                Assert.That(answer[8].Value, Is.EqualTo(SimulatedAgents.EngineIdOf(i)), "snmpEngineID.0");
                Assert.That(answer[9].Value, Is.EqualTo(new Integer32(1)), "snmpEngineBoots.0");
            }

            Assert.That(v3Manager.EngineId, Is.EqualTo(SimulatedAgents.EngineIdOf(i)), "discovered per agent");
        }

        Assert.That(PooledUdpTransportMapping.Dropped, Is.Zero);
    }

    [Test]
    public async Task The_pollers_keys_come_from_the_passwords_once_and_are_localised_for_each_agent()
    {
        await using var agents = SimulatedAgents.Start(Count, withUser: true);
        await using var engine = new Engine(SnmpVersion.SNMPv3);
        engine.Usm.AddUser(SimulatedAgents.UserName, AuthenticationProtocol.HmacSha1, SimulatedAgents.AuthPassword, PrivacyProtocol.Aes128, SimulatedAgents.PrivPassword);
        foreach (var agent in agents.Agents)
        {
            await engine.Manager(new IPEndPoint(IPAddress.Loopback, agent.Endpoints[0].Port)).GetAsync(SimulatedAgents.PolledObjects[0]);
        }

        // Every agent's usmUserTable row in the poller's USM is localised from the one UsmUser that
        // engine.Usm.AddUser made (whose constructor derived Ku from the passwords, RFC 3414 A.2),
        // not from a configuration derived again per agent; the localised keys differ per engine.
        var rows = Enumerable.Range(0, Count)
            .Select(i => engine.Usm.SecurityModel.FindUser(SimulatedAgents.EngineIdOf(i), new OctetString(SimulatedAgents.UserName)))
            .ToList();
        Assert.That(rows, Has.None.Null);
        Assert.That(rows.Select(r => r!.User).Distinct().Count(), Is.EqualTo(1), "one user configuration for all agents");
        Assert.That(rows.Select(r => Convert.ToHexString(r!.AuthKey!)).Distinct().Count(), Is.EqualTo(Count), "a localised authentication key per agent");
        Assert.That(rows.Select(r => Convert.ToHexString(r!.PrivKey!)).Distinct().Count(), Is.EqualTo(Count), "a localised privacy key per agent");

        // The row's keys are the RFC 3414 A.2 localisation of the passwords for that agent's snmpEngineID.
        var expected = AuthenticationProtocol.HmacSha1.LocalizedKeyFromPassword("poll-auth-pass"u8, SimulatedAgents.EngineIdOf(3).Span);
        Assert.That(rows[3]!.AuthKey, Is.EqualTo(expected));
    }
}
