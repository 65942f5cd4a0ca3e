using System.Net;
using Snmp.AbstractServices;
using Snmp.Testing;

namespace Snmp.Simulator.Tests;

public class DeviceSimulatorTests
{
    private const string Router = """
        1.3.6.1.2.1.1.1.0|4|router one
        1.3.6.1.2.1.1.3.0|67|1000
        1.3.6.1.2.1.1.5.0|4:writecache|value=r1
        1.3.6.1.2.1.1.6.0|4|lab
        1.3.6.1.2.1.2.2.1.10.1|65|5000
        1.3.6.1.2.1.2.2.1.10.2|65|4294967000
        1.3.6.1.2.1.31.1.1.1.6.1|70|13835058055282163712
        1.3.6.1.2.1.2.2.1.5.1|66|100000000
        1.3.6.1.4.1.99.1.0|65:numeric|rate=7,initial=10
        1.3.6.1.4.1.99.2.0|2:error|op=set,status=commitFailed
        1.3.6.1.4.1.99.3.0|2:delay|value=3,wait=250
        1.0.8802.1.1.2.1.1.1.0|2|30
        """;

    private const string Switch = """
        .1.3.6.1.2.1.1.1.0 = STRING: "switch two"
        .1.3.6.1.2.1.1.3.0 = Timeticks: (42) 0:00:00.42
        """;

    private DirectoryInfo _data = null!;

    [SetUp]
    public void CreateRecordings()
    {
        _data = Directory.CreateTempSubdirectory("sim-devices-");
        Write("router.snmprec", Router);
        Write("switch.snmpwalk", Switch);
        Write("copies/router.snmprec", Router);
    }

    [TearDown]
    public void RemoveRecordings() => _data.Delete(recursive: true);

    private void Write(string name, string content)
    {
        var path = Path.Combine(_data.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content + "\n");
    }

    private DeviceSimulator Start(SimulatorOptions? options = null) =>
        DeviceSimulator.Start((options ?? new SimulatorOptions()) with
        {
            DataDirectories = options?.DataDirectories is { Count: > 0 } dirs ? dirs : [_data.FullName],
            ListenOn = options?.ListenOn is { Count: > 0 } listen && listen[0] != "127.0.0.1:1161" ? listen : ["127.0.0.1:0"],
        });

    private static Engine V2c(string community) => new(SnmpVersion.SNMPv2c, defaultCommunity: community);

    private static RequestOptions Community(string community) => new() { Community = community, Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<SnmpValue> GetAsync(DeviceSimulator simulator, string community, string oid, int endpoint = 0)
    {
        using var engine = V2c(community);
        var result = await engine.Manager(simulator.Endpoints[endpoint]).GetAsync([oid], Community(community));
        return result[0].Value;
    }

    [Test]
    public async Task TheCommunityChoosesTheDeviceAndIdenticalRecordingsAreShared()
    {
        await using var simulator = Start();
        Assert.Multiple(async () =>
        {
            Assert.That(simulator.Devices, Is.EqualTo(new[] { "copies/router", "router", "switch" }));
            Assert.That(simulator.SharedRecordings, Is.EqualTo(2));
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.1.1.0"), Is.EqualTo(new OctetString("router one")));
            Assert.That(await GetAsync(simulator, "copies/router", "1.3.6.1.2.1.1.1.0"), Is.EqualTo(new OctetString("router one")));
            Assert.That(await GetAsync(simulator, "switch", "1.3.6.1.2.1.1.1.0"), Is.EqualTo(new OctetString("switch two")));
            Assert.That(await GetAsync(simulator, "switch", "1.3.6.1.2.1.1.5.0"), Is.EqualTo(NoSuchInstance.Instance));
        });
    }

    [Test]
    public async Task AWalkReturnsTheWholeRecordingInOrderAcrossRoots()
    {
        await using var simulator = Start();
        using var engine = V2c("router");
        var walked = new List<VarBind>();
        foreach (var subtree in new[] { "1.0", "1.3" })
        {
            await foreach (var varBind in engine.Manager(simulator.Endpoints[0]).WalkAsync(subtree, Community("router")))
            {
                walked.Add(varBind);
            }
        }

        var recording = RecordingReader.ReadFile(Path.Combine(_data.FullName, "router.snmprec"));
        Assert.That(walked.Select(v => v.Oid), Is.EqualTo(Enumerable.Range(0, recording.Count).Select(recording.OidAt)));
        Assert.That(walked[0].Oid, Is.EqualTo(new ObjectIdentifier("1.0.8802.1.1.2.1.1.1.0")));
    }

    [Test]
    public async Task AnUnknownCommunityIsDroppedSilentlyAndCounted()
    {
        await using var simulator = Start();
        using var raw = new RawSnmp();
        await raw.SendGetAsync(simulator.Endpoints[0], "no-such-device", 1, "1.3.6.1.2.1.1.1.0");
        await raw.SendGetAsync(simulator.Endpoints[0], "router", 2, "1.3.6.1.2.1.1.1.0");
        var answer = await raw.ReceiveAsync();
        Assert.Multiple(() =>
        {
            Assert.That(answer.Pdu.RequestId, Is.EqualTo(2), "the unknown community got no answer");
            Assert.That(simulator.Statistics[SnmpCounter.SnmpInBadCommunityNames], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AnSnmpV3UserReadsADeviceByContextNameOrItsMd5()
    {
        await using var simulator = Start(new SimulatorOptions
        {
            Users = [new SimulatorUser("simuser", AuthenticationProtocol.HmacSha256, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1")],
        });
        using var engine = new Engine();
        engine.Usm.AddUser("simuser", AuthenticationProtocol.HmacSha256, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1");
        var manager = engine.Manager(simulator.Endpoints[0]);
        var byName = await manager.GetAsync(["1.3.6.1.2.1.1.1.0"], new RequestOptions { Context = "switch" });
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("copies/router"u8));
        var byHash = await manager.GetAsync(["1.3.6.1.2.1.1.1.0"], new RequestOptions { Context = md5 });
        var unknown = Assert.ThrowsAsync<SnmpReportException>(() => manager.GetAsync(["1.3.6.1.2.1.1.1.0"], new RequestOptions { Context = "nothing" }));
        Assert.Multiple(() =>
        {
            Assert.That(byName[0].Value, Is.EqualTo(new OctetString("switch two")));
            Assert.That(byHash[0].Value, Is.EqualTo(new OctetString("router one")));
            Assert.That(unknown!.ReportOid, Is.EqualTo(SnmpCounterObjects.InstanceOf(SnmpCounter.SnmpUnknownContexts)));
            Assert.That(simulator.Statistics[SnmpCounter.SnmpUnknownContexts], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task OneDevicePerPortAnswersTheConfiguredCommunityOnly()
    {
        await using var simulator = Start(new SimulatorOptions { PortPerDevice = true, Community = "public", ListenOn = ["127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"] });
        Assert.Multiple(async () =>
        {
            Assert.That(await GetAsync(simulator, "public", "1.3.6.1.2.1.1.1.0", endpoint: 1), Is.EqualTo(new OctetString("router one")));
            Assert.That(await GetAsync(simulator, "public", "1.3.6.1.2.1.1.1.0", endpoint: 2), Is.EqualTo(new OctetString("switch two")));
        });

        using var raw = new RawSnmp();
        await raw.SendGetAsync(simulator.Endpoints[2], "switch", 7, "1.3.6.1.2.1.1.1.0");
        await raw.SendGetAsync(simulator.Endpoints[2], "public", 8, "1.3.6.1.2.1.1.1.0");
        Assert.That((await raw.ReceiveAsync()).Pdu.RequestId, Is.EqualTo(8));
        Assert.That(simulator.Statistics[SnmpCounter.SnmpInBadCommunityNames], Is.EqualTo(1));
    }

    [Test]
    public async Task WithAnEnginePerAddressEachDeviceIsItsOwnSnmpV3Engine()
    {
        var user = new SimulatorUser("simuser", AuthenticationProtocol.HmacSha1, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1");
        await using var simulator = Start(new SimulatorOptions
        {
            PortPerDevice = true,
            EngineIdPerAddress = true,
            ListenOn = ["127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"],
            Users = [user],
        });
        Assert.That(simulator.EnginesMade, Is.Zero, "no engine state before an address is asked");
        using var engine = new Engine();
        engine.Usm.AddUser(user.Name, user.AuthProtocol, user.AuthPassword, user.PrivProtocol, user.PrivPassword);
        var discovered = new List<OctetString?>();
        var answers = new List<SnmpValue>();
        for (int i = 0; i < 3; i++)
        {
            // The empty context: the address's device; authPriv with keys localised to the address's engine.
            var manager = engine.Manager(simulator.Endpoints[i]);
            manager.Timeout = TimeSpan.FromSeconds(10);
            answers.Add((await manager.GetAsync("1.3.6.1.2.1.1.1.0"))[0].Value);
            discovered.Add(manager.EngineId);
        }

        using var raw = new RawSnmp();
        await raw.SendGetAsync(simulator.Endpoints[1], "public", 5, "1.3.6.1.2.1.1.1.0");
        Assert.Multiple(async () =>
        {
            Assert.That(answers, Is.EqualTo(new SnmpValue[] { new OctetString("router one"), new OctetString("router one"), new OctetString("switch two") }));
            Assert.That(discovered, Is.EqualTo(new[] { simulator.EngineIdAt(0), simulator.EngineIdAt(1), simulator.EngineIdAt(2) }));
            Assert.That(discovered.Distinct().Count(), Is.EqualTo(3), "three engines");
            Assert.That(discovered, Has.None.EqualTo(simulator.EngineId));
            Assert.That(simulator.EngineIdAt(2).Span[..^4].ToArray(), Is.EqualTo(simulator.EngineId.Span.ToArray()));
            Assert.That(simulator.EngineIdAt(2).Span[^4..].ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 2 }));
            Assert.That(simulator.EnginesMade, Is.EqualTo(3));
            Assert.That((await raw.ReceiveAsync()).Pdu.RequestId, Is.EqualTo(5), "SNMPv2c still answers by community");
        });
    }

    [Test]
    public async Task MoreThan64AddressesAreServedEachByItsDeviceWithoutAThreadEach()
    {
        // 3 recordings x 24 replicas = 72 devices on 72 ports, recordings in name order and each one's
        // replicas in number order ("copies/router#1" ... "switch#24"): the first a router, the last a switch.
        var user = new SimulatorUser("simuser", AuthenticationProtocol.HmacSha1, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1");
        await using var simulator = Start(new SimulatorOptions
        {
            PortPerDevice = true,
            EngineIdPerAddress = true,
            Replicas = 24,
            ListenOn = [.. Enumerable.Repeat("127.0.0.1:0", 72)],
            Users = [user],
        });
        Assert.That(DeviceSimulator.ThreadedAddresses, Is.LessThan(72));
        using var engine = new Engine();
        engine.Usm.AddUser(user.Name, user.AuthProtocol, user.AuthPassword, user.PrivProtocol, user.PrivPassword);
        var v3 = engine.Manager(simulator.Endpoints[71]);
        v3.Timeout = TimeSpan.FromSeconds(10);
        var overV3 = (await v3.GetAsync("1.3.6.1.2.1.1.1.0"))[0].Value;
        Assert.Multiple(async () =>
        {
            Assert.That(simulator.Devices[0], Is.EqualTo("copies/router#1"));
            Assert.That(simulator.Devices[71], Is.EqualTo("switch#24"));
            Assert.That(await GetAsync(simulator, "public", "1.3.6.1.2.1.1.1.0", endpoint: 0), Is.EqualTo(new OctetString("router one")));
            Assert.That(await GetAsync(simulator, "public", "1.3.6.1.2.1.1.1.0", endpoint: 71), Is.EqualTo(new OctetString("switch two")));
            Assert.That(overV3, Is.EqualTo(new OctetString("switch two")));
            Assert.That(v3.EngineId, Is.EqualTo(simulator.EngineIdAt(71)));
        });
    }

    [Test]
    public async Task WithAnEnginePerAddressAWrongPasswordIsRefusedAsByAnyAgent()
    {
        await using var simulator = Start(new SimulatorOptions
        {
            PortPerDevice = true,
            EngineIdPerAddress = true,
            ListenOn = ["127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"],
            Users = [new SimulatorUser("simuser", AuthenticationProtocol.HmacSha1, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1")],
        });
        using var engine = new Engine();
        engine.Usm.AddUser("simuser", AuthenticationProtocol.HmacSha1, "not-the-secret", PrivacyProtocol.Aes128, "priv-secret-1");
        var manager = engine.Manager(simulator.Endpoints[1]);
        // The manager takes the unauthenticated wrongDigests Report as a hint only and gives up when its time is over.
        manager.Timeout = TimeSpan.FromSeconds(2);
        var refused = Assert.ThrowsAsync<SnmpTimeoutException>(() => manager.GetAsync("1.3.6.1.2.1.1.1.0"));
        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("usmStatsWrongDigests"));
            Assert.That(simulator.Statistics[SnmpCounter.UsmStatsWrongDigests], Is.GreaterThan(0));
            Assert.That(manager.EngineId, Is.EqualTo(simulator.EngineIdAt(1)));
        });
    }

    [Test]
    public async Task TheListeningAddressRefinesTheCommunityAsInSnmpsim()
    {
        Write("public.snmprec", "1.3.6.1.2.1.1.1.0|4|any address");
        Write("public/1.3.6.1.6.1.1.1.snmprec", "1.3.6.1.2.1.1.1.0|4|second address");
        Write("public/1.3.6.1.6.1.1.1/127.0.0.1.snmprec", "1.3.6.1.2.1.1.1.0|4|second address from 127.0.0.1");
        Write("public/1.3.6.1.6.1.1.2.snmprec", "1.3.6.1.2.1.1.1.0|4|third address");
        await using var simulator = Start(new SimulatorOptions { ListenOn = ["127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"] });
        Assert.Multiple(async () =>
        {
            Assert.That(await GetAsync(simulator, "public", "1.3.6.1.2.1.1.1.0", endpoint: 0), Is.EqualTo(new OctetString("any address")));
            Assert.That(await GetAsync(simulator, "public", "1.3.6.1.2.1.1.1.0", endpoint: 1), Is.EqualTo(new OctetString("second address from 127.0.0.1")));
            Assert.That(await GetAsync(simulator, "public", "1.3.6.1.2.1.1.1.0", endpoint: 2), Is.EqualTo(new OctetString("third address")));
        });
    }

    [Test]
    public async Task TheListeningAddressRefinesTheContextNameAndTheEmptyCommunityAsInSnmpsim()
    {
        Write("public.snmprec", "1.3.6.1.2.1.1.1.0|4|any address");
        Write("public/1.3.6.1.6.1.1.1/127.0.0.1.snmprec", "1.3.6.1.2.1.1.1.0|4|second address from 127.0.0.1");
        Write("1.3.6.1.6.1.1.0/127.0.0.1.snmprec", "1.3.6.1.2.1.1.1.0|4|no name, first address from 127.0.0.1");
        await using var simulator = Start(new SimulatorOptions
        {
            ListenOn = ["127.0.0.1:0", "127.0.0.1:0"],
            Users = [new SimulatorUser("simuser", AuthenticationProtocol.HmacSha256, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1")],
        });
        using var engine = new Engine();
        engine.Usm.AddUser("simuser", AuthenticationProtocol.HmacSha256, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1");
        async Task<SnmpValue> InContext(string context, int endpoint) =>
            (await engine.Manager(simulator.Endpoints[endpoint]).GetAsync(["1.3.6.1.2.1.1.1.0"], new RequestOptions { Context = context }))[0].Value;
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("public"u8));
        Assert.Multiple(async () =>
        {
            Assert.That(await InContext("public", 0), Is.EqualTo(new OctetString("any address")));
            Assert.That(await InContext("public", 1), Is.EqualTo(new OctetString("second address from 127.0.0.1")));
            Assert.That(await InContext(md5, 1), Is.EqualTo(new OctetString("any address")), "the MD5 of the name, refined, names no file");
            Assert.That(await InContext("", 0), Is.EqualTo(new OctetString("no name, first address from 127.0.0.1")));
            Assert.That(await InContext("copies/../public", 1), Is.EqualTo(new OctetString("second address from 127.0.0.1")), "normalised as a path");
            Assert.That(await GetAsync(simulator, "", "1.3.6.1.2.1.1.1.0", endpoint: 0), Is.EqualTo(new OctetString("no name, first address from 127.0.0.1")));
            Assert.That(await GetAsync(simulator, "public", "1.3.6.1.2.1.1.1.0", endpoint: 1), Is.EqualTo(new OctetString("second address from 127.0.0.1")));
        });

        using var raw = new RawSnmp();
        await raw.SendGetAsync(simulator.Endpoints[1], "", 1, "1.3.6.1.2.1.1.1.0");
        await raw.SendGetAsync(simulator.Endpoints[1], md5, 2, "1.3.6.1.2.1.1.1.0");
        await raw.SendGetAsync(simulator.Endpoints[1], "public", 3, "1.3.6.1.2.1.1.1.0");
        Assert.That((await raw.ReceiveAsync()).Pdu.RequestId, Is.EqualTo(3), "no device for the empty community there, nor for a community that is a device's MD5");
    }

    [TestCase("public", "1.3.6.1.6.1.1.0", "127.0.0.1", "public/1.3.6.1.6.1.1.0/127.0.0.1")]
    [TestCase("", "1.3.6.1.6.1.1.0", "127.0.0.1", "1.3.6.1.6.1.1.0/127.0.0.1")]
    [TestCase("a//b/./c", "", "", "a/b/c")]
    [TestCase("a/../b", "1.3.6.1.6.1.1.0", "", "b/1.3.6.1.6.1.1.0")]
    [TestCase("../b", "", "", null)]
    [TestCase("/etc", "", "", null)]
    [TestCase("", "", "", null)]
    public void ACandidateNameIsTheNonEmptyPartsAsANormalRelativePath(string name, string domain, string address, string? expected) =>
        Assert.That(DeviceDirectory.Candidate(name, domain, address), Is.EqualTo(expected));

    [Test]
    public async Task LiveValuesMoveWithTheClockAndCountersWrap()
    {
        var clock = new SteppedClock();
        await using var simulator = Start(new SimulatorOptions { Live = true, TimeProvider = clock });
        Assert.Multiple(async () =>
        {
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(0)), "sysUpTime counts from the start");
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.2.2.1.10.1"), Is.EqualTo(new Counter32(5000)));
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.4.1.99.1.0"), Is.EqualTo(new Counter32(10)));
        });

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Multiple(async () =>
        {
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(1000)));
            // recorded 5000 at sysUpTime 10 s: 500 a second, so 5000 more after 10 s
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.2.2.1.10.1"), Is.EqualTo(new Counter32(10000)));
            // 4294967000 at 429496700 a second: 4294967000 + 4294967000 wraps at 2^32
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.2.2.1.10.2"), Is.EqualTo(new Counter32((uint)((4294967000UL * 2) % (1UL << 32)))));
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.31.1.1.1.6.1"), Is.EqualTo(new Counter64(1UL << 63)), "3 x 2^62 twice wraps to 2^63");
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.2.2.1.5.1"), Is.EqualTo(new Gauge32(100000000)), "gauges stay");
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.4.1.99.1.0"), Is.EqualTo(new Counter32(80)), "numeric: initial 10 + rate 7 x 10 s");
        });
    }

    [Test]
    public async Task WithoutLiveValuesTheRecordingIsServedAsItIs()
    {
        var clock = new SteppedClock();
        await using var simulator = Start(new SimulatorOptions { TimeProvider = clock });
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Multiple(async () =>
        {
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.1.3.0"), Is.EqualTo(new TimeTicks(1000)));
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.2.2.1.10.1"), Is.EqualTo(new Counter32(5000)));
        });
    }

    [Test]
    public async Task WritecacheRecordsAreWritablePerDevice()
    {
        await using var simulator = Start();
        using var engine = V2c("router");
        var router = engine.Manager(simulator.Endpoints[0]);
        await router.SetAsync("1.3.6.1.2.1.1.5.0", new OctetString("renamed"), Community("router"));
        var notWritable = Assert.ThrowsAsync<SnmpErrorResponseException>(() => router.SetAsync("1.3.6.1.2.1.1.6.0", new OctetString("x"), Community("router")));
        var wrongType = Assert.ThrowsAsync<SnmpErrorResponseException>(() => router.SetAsync("1.3.6.1.2.1.1.5.0", new Integer32(1), Community("router")));
        var failing = Assert.ThrowsAsync<SnmpErrorResponseException>(() => router.SetAsync("1.3.6.1.4.1.99.2.0", new Integer32(1), Community("router")));
        Assert.Multiple(async () =>
        {
            Assert.That(await GetAsync(simulator, "router", "1.3.6.1.2.1.1.5.0"), Is.EqualTo(new OctetString("renamed")));
            Assert.That(await GetAsync(simulator, "copies/router", "1.3.6.1.2.1.1.5.0"), Is.EqualTo(new OctetString("r1")), "the other device sharing the recording keeps its value");
            Assert.That(notWritable!.ErrorStatus, Is.EqualTo(ErrorStatus.NotWritable));
            Assert.That(wrongType!.ErrorStatus, Is.EqualTo(ErrorStatus.WrongType));
            Assert.That(failing!.ErrorStatus, Is.EqualTo(ErrorStatus.CommitFailed));
            Assert.That(simulator.WrittenValues, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WritableMakesEveryObjectSettable()
    {
        await using var simulator = Start(new SimulatorOptions { Writable = true });
        using var engine = V2c("switch");
        await engine.Manager(simulator.Endpoints[0]).SetAsync("1.3.6.1.2.1.1.1.0", new OctetString("changed"), Community("switch"));
        Assert.That(await GetAsync(simulator, "switch", "1.3.6.1.2.1.1.1.0"), Is.EqualTo(new OctetString("changed")));
    }

    [Test]
    public async Task ADelayedRecordAnswersWhenItsClockSaysSo()
    {
        var clock = new SteppedClock();
        await using var simulator = Start(new SimulatorOptions { TimeProvider = clock });
        var value = await clock.RunAsync(GetAsync(simulator, "router", "1.3.6.1.4.1.99.3.0"));
        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(new Integer32(3)));
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        });
    }

    [Test]
    public async Task ADeviceThatFailsAnswersGenErrOrTooBig()
    {
        await using var simulator = Start(new SimulatorOptions
        {
            DeviceBehaviours = new Dictionary<string, DeviceBehaviour>
            {
                ["router"] = DeviceBehaviour.Parse("generr=1"),
                ["switch"] = DeviceBehaviour.Parse("toobig=1"),
            },
        });
        var genErr = Assert.ThrowsAsync<SnmpErrorResponseException>(() => GetAsync(simulator, "router", "1.3.6.1.2.1.1.1.0"));
        var tooBig = Assert.ThrowsAsync<SnmpErrorResponseException>(() => GetAsync(simulator, "switch", "1.3.6.1.2.1.1.1.0"));
        Assert.Multiple(async () =>
        {
            Assert.That(genErr!.ErrorStatus, Is.EqualTo(ErrorStatus.GenErr));
            Assert.That(tooBig!.ErrorStatus, Is.EqualTo(ErrorStatus.TooBig));
            Assert.That(await GetAsync(simulator, "copies/router", "1.3.6.1.2.1.1.1.0"), Is.EqualTo(new OctetString("router one")), "other devices behave");
        });
    }

    [Test]
    public async Task ADeviceThatTimesOutSendsNothingAndIsCounted()
    {
        await using var simulator = Start(new SimulatorOptions
        {
            DeviceBehaviours = new Dictionary<string, DeviceBehaviour> { ["router"] = DeviceBehaviour.Parse("timeout=1") },
        });
        using var raw = new RawSnmp();
        await raw.SendGetAsync(simulator.Endpoints[0], "router", 1, "1.3.6.1.2.1.1.1.0");
        await raw.SendGetAsync(simulator.Endpoints[0], "switch", 2, "1.3.6.1.2.1.1.1.0");
        Assert.Multiple(async () =>
        {
            Assert.That((await raw.ReceiveAsync()).Pdu.RequestId, Is.EqualTo(2));
            Assert.That(simulator.DroppedRequests, Is.EqualTo(1));
        });
    }

    [TestCase("timeout=2", "a probability is between 0 and 1")]
    [TestCase("slow=1", "'slow' is not one of")]
    [TestCase("delay=-5", "not a non-negative number")]
    [TestCase("generr", "is not name=value")]
    public void ABadBehaviourIsRefusedByName(string text, string problem) =>
        Assert.That(() => DeviceBehaviour.Parse(text), Throws.InstanceOf<FormatException>().With.Message.Contains(problem));

    [Test]
    public void BadDataStopsTheStartNamingItsCause()
    {
        var missing = Path.Combine(_data.FullName, "nowhere");
        Assert.Multiple(() =>
        {
            Assert.That(() => DeviceSimulator.Start(new SimulatorOptions { DataDirectories = [missing], ListenOn = ["127.0.0.1:0"] }),
                Throws.InstanceOf<RecordingFormatException>().With.Message.EqualTo($"{missing}: no such directory"));
            var empty = Directory.CreateDirectory(Path.Combine(_data.FullName, "empty")).FullName;
            Assert.That(() => DeviceSimulator.Start(new SimulatorOptions { DataDirectories = [empty], ListenOn = ["127.0.0.1:0"] }),
                Throws.InstanceOf<SnmpConfigurationException>().With.Message.StartWith("No recordings"));
        });

        Write("switch.snmprec", "1.3.6.1.2.1.1.1.0|4|again");
        Assert.That(() => Start(), Throws.InstanceOf<SnmpConfigurationException>().With.Message.Contains("Two recordings are the device 'switch'"));
        File.Delete(Path.Combine(_data.FullName, "switch.snmprec"));

        Write("broken.snmprec", "1.3.6.1.2.1.1.1.0|4|fine\n1.3.6.1.2.1.1.2.0|6|oops");
        var broken = Assert.Throws<RecordingFormatException>(() => Start())!;
        Assert.That(broken.Message, Is.EqualTo($"{Path.Combine(_data.FullName, "broken.snmprec")}:2: 'oops' is not a dotted OID"));
    }

    [Test]
    public void APortRangeIsOneAddressPerPort()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DeviceSimulator.ExpandPortRanges(["127.0.0.1:20000-20002", "[::1]:161"]),
                Is.EqualTo(new[] { "127.0.0.1:20000", "127.0.0.1:20001", "127.0.0.1:20002", "[::1]:161" }));
            Assert.That(() => DeviceSimulator.ExpandPortRanges(["127.0.0.1:20002-20000"]), Throws.InstanceOf<SnmpConfigurationException>());
            Assert.That(() => DeviceSimulator.ExpandPortRanges(["127.0.0.1:1-70000"]), Throws.InstanceOf<SnmpConfigurationException>());
        });
    }
}
