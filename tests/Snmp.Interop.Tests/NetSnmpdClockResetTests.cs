using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Security.Usm;
using Snmp.Testing;

namespace Snmp.Interop.Tests;

/// <summary>
/// Issue 10 item 3 against Net-SNMP's snmpd: snmpd restarted with its persistent directory wiped
/// comes back with snmpEngineBoots 1 under the snmpEngineID its configuration fixes, like a
/// device without non-volatile storage. A live Manager that knew a later boot reaches it again
/// through snmpd's authenticated usmStatsNotInTimeWindows Report (RFC 3414 3.2 steps 7a, 7b).
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpdClockResetTests
{
    private const string User = "alice";
    private const string AuthPassword = "alice-auth-pass";
    private const string PrivPassword = "alice-priv-pass";
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier SnmpEngineBoots = "1.3.6.1.6.3.10.2.1.2.0";

    private SnmpdFixture _snmpd = null!;

    [SetUp]
    public async Task StartSnmpd()
    {
        _snmpd = await SnmpdFixture.StartAsync(
        [
            // Fixed, so that it survives the wiped persistent directory as a device's would.
            "engineID h10-clock-reset",
            $"createUser {User} SHA \"{AuthPassword}\" AES \"{PrivPassword}\"",
            $"rouser {User} priv",
        ]);
    }

    [TearDown]
    public async Task StopSnmpd() => await _snmpd.DisposeAsync();

    private async Task<int> SnmpdBootsAsync()
    {
        var result = await NetSnmpTools.RunAsync("snmpget", ["-v2c", "-c", SnmpdFixture.ReadCommunity, _snmpd.Peer, SnmpEngineBoots.ToString()]);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        return int.Parse(result.VarBinds.Single().Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The clock may move on once <paramref name="condition"/> holds (a bounded real-time wait), never once <paramref name="operation"/> is done.</summary>
    private static Func<bool> Once(Task operation, Func<bool> condition) =>
        () => SpinWait.SpinUntil(() => operation.IsCompleted || condition(), TimeSpan.FromSeconds(10)) && !operation.IsCompleted;

    [Test]
    public async Task A_manager_reaches_snmpd_again_after_it_restarted_with_its_boots_back_at_1()
    {
        // A restart that keeps the persistent file: boot 2, which the Manager learns.
        await _snmpd.RestartAsync();
        Assert.That(await SnmpdBootsAsync(), Is.EqualTo(2));
        var clock = new SteppedClock();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv3, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = OctetString.Empty, Autowait = true }, null, null, clock);
        engine.Usm.AddUser(User, AuthenticationProtocol.HmacSha1, AuthPassword, PrivacyProtocol.Aes128, PrivPassword);
        var manager = engine.Manager(_snmpd.Endpoint);
        manager.Timeout = TimeSpan.FromSeconds(5);
        manager.RefreshPeriod = TimeSpan.FromSeconds(1);
        var first = await clock.RunAsync(manager.GetAsync(SysDescr), mayAdvance: () => false);
        Assert.That(first, Has.Count.EqualTo(1));
        var engineId = manager.EngineId!;
        Assert.That(engine.Usm.SecurityModel.GetEngineTime(engineId)!.Value.Boots, Is.EqualTo(2));

        await _snmpd.RestartWithoutPersistentStateAsync();
        Assert.That(await SnmpdBootsAsync(), Is.EqualTo(1), "snmpd forgot its boots");

        // The clock moves only if the Manager drops snmpd's answer (the failure this is about).
        var get = manager.GetAsync(SysDescr);
        var values = await clock.RunAsync(get, mayAdvance: Once(get, () => engine.Statistics[SnmpCounter.UsmStatsNotInTimeWindows] > 0));

        Assert.That(((OctetString)values[0].Value).ToText(), Does.StartWith("Linux"));
        Assert.That(manager.EngineId, Is.EqualTo(engineId), "the same snmpEngineID, not a rediscovery");
        Assert.That(engine.Usm.SecurityModel.GetEngineTime(engineId)!.Value.Boots, Is.EqualTo(1), "snmpd's new clock was adopted");
        Assert.That(engine.Statistics[SnmpCounter.UsmStatsNotInTimeWindows], Is.Zero);
        Assert.That(engine.Retransmissions, Is.EqualTo(1), "the Report drew one immediate retry");
        Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.Zero));
    }
}
