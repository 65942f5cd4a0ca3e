using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Composition;
using Snmp.Messages;
using Snmp.Testing;
using Snmp.Tests.Plugins;

namespace Snmp.Tests.Composition;

/// <summary>
/// The one composition root (<see cref="SnmpEngineHost"/>) that an Engine, an Agent and a
/// TrapReceiver are built through: the identity each boots follows its TimeProvider, listening is
/// all or nothing, the agent's maximum message size reaches its message processing models, and
/// options that cannot work are the same configuration error from every facade.
/// </summary>
[TestFixture]
public class SnmpEngineHostTests
{
    private static readonly ObjectIdentifier SysUpTime = "1.3.6.1.2.1.1.3.0";
    private static readonly ObjectIdentifier SnmpEngineTime = "1.3.6.1.6.3.10.2.1.3.0";

    [TestCase(false)]
    [TestCase(true)]
    public async Task An_agents_snmpEngineTime_and_sysUpTime_follow_the_TimeProvider_it_is_given(bool withBootsFile)
    {
        var directory = Directory.CreateTempSubdirectory("host-clock-");
        try
        {
            var clock = new SteppedClock();
            var options = new AgentOptions { ListenOn = ["127.0.0.1:0"], EngineBootsFile = withBootsFile ? Path.Combine(directory.FullName, "agent.boots") : null };
            await using var agent = new Agent(options, loggerFactory: null, clock);
            agent.AddCommunity("public");
            clock.Advance(TimeSpan.FromSeconds(1234.5));

            await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
            var manager = engine.Manager(agent.Endpoints[0]);
            manager.Timeout = TimeSpan.FromSeconds(10);
            var values = await manager.GetAsync(SnmpEngineTime, SysUpTime);

            // The system clock moved only by however long the test took; the fake one by 1234.5 s.
            Assert.That(agent.LocalEngine.Time, Is.EqualTo(1234));
            Assert.That(values[0].Value, Is.EqualTo(new Integer32(1234)), "snmpEngineTime.0 served from the agent's clock");
            Assert.That(values[1].Value, Is.EqualTo(new TimeTicks(123450)), "sysUpTime.0 on the same clock");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Every_engines_identity_follows_the_TimeProvider_it_is_given()
    {
        var clock = new SteppedClock();
        await using var engine = new Engine(new EngineOptions(), loggerFactory: null, transportFactory: null, clock);
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"] }, loggerFactory: null, clock);
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] }, loggerFactory: null, clock);

        clock.Advance(TimeSpan.FromSeconds(77));

        Assert.That(new[] { engine.LocalEngine.Time, receiver.LocalEngine.Time, agent.LocalEngine.Time }, Is.EqualTo(new[] { 77, 77, 77 }));
        Assert.That(engine.SysUpTime, Is.EqualTo(new TimeTicks(7700)));
    }

    [TestCase("agent")]
    [TestCase("receiver")]
    public void When_the_second_address_cannot_be_bound_the_first_is_closed(string listener)
    {
        var network = new InMemoryNetwork();
        string[] listenOn = ["mem:first", "mem:first"];
        IReadOnlyList<SnmpModule> modules = [new InMemoryTransportModule(network)];

        var error = Assert.Throws<SnmpConfigurationException>(() => Start(listener, listenOn, modules).Dispose());
        Assert.That(error!.Message, Does.Contain("cannot listen").And.Contain("mem:first is in use"));

        // Bound again at once: the failed start closed it.
        Assert.DoesNotThrow(() => Start(listener, ["mem:first"], modules).Dispose());
    }

    [TestCase("agent")]
    [TestCase("receiver")]
    public void When_a_UDP_port_is_taken_the_ports_bound_before_it_are_released(string listener)
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int takenPort = ((IPEndPoint)taken.LocalEndPoint!).Port;
        int freePort = FreeUdpPort();

        Assert.Throws<SnmpConfigurationException>(() => Start(listener, [$"127.0.0.1:{freePort}", $"127.0.0.1:{takenPort}"], []).Dispose());

        using var rebound = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => rebound.Bind(new IPEndPoint(IPAddress.Loopback, freePort)), "the first address was closed when the second failed");
    }

    [Test]
    public async Task The_agents_maximum_message_size_reaches_its_message_processing_models()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], MaxMessageSize = MessageSize.Minimum });
        agent.AddCommunity("public");
        agent.Mib.AddScalar("1.3.6.1.4.1.99999.30", new OctetString(new string('x', 600)));
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(10);

        var error = Assert.ThrowsAsync<SnmpErrorResponseException>(() => manager.GetAsync("1.3.6.1.4.1.99999.30.0"));

        Assert.That(error!.ErrorStatus, Is.EqualTo(ErrorStatus.TooBig), "600 octets do not fit in the agent's 484");
    }

    [Test]
    public void An_engine_ID_of_the_wrong_length_is_the_same_configuration_error_from_every_facade()
    {
        var shortId = OctetString.FromHex("8000");
        var errors = new[]
        {
            Assert.Throws<SnmpConfigurationException>(() => new Engine(new EngineOptions { EngineId = shortId }).Dispose()),
            Assert.Throws<SnmpConfigurationException>(() => new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], EngineId = shortId }).Dispose()),
            Assert.Throws<SnmpConfigurationException>(() => new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], EngineId = shortId }).Dispose()),
        };

        Assert.That(errors.Select(e => e!.Message), Has.All.EqualTo("An snmpEngineID is 5 to 32 octets (RFC 3411), not 2."));
    }

    [Test]
    public void A_module_whose_factory_fails_is_a_configuration_error_and_nothing_stays_bound()
    {
        IReadOnlyList<SnmpModule> modules = [new FailingSecurityModelModule()];
        int port = FreeUdpPort();

        Assert.Throws<SnmpConfigurationException>(() => new Engine(new EngineOptions { Modules = modules }).Dispose());
        var error = Assert.Throws<SnmpConfigurationException>(() => Start("agent", [$"127.0.0.1:{port}"], modules).Dispose());
        Assert.Throws<SnmpConfigurationException>(() => Start("receiver", [$"127.0.0.1:{port}"], modules).Dispose());

        Assert.That(error!.Message, Does.StartWith("The engine's modules do not compose").And.Contain("no key store"));
        using var rebound = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => rebound.Bind(new IPEndPoint(IPAddress.Loopback, port)));
    }

    [Test]
    public async Task The_host_shuts_down_once_and_in_order()
    {
        var host = new SnmpEngineHost(new SnmpEngineHostSettings(new EngineIdentity(null, null)) { Applications = EngineApplications.Originator });
        var endpoints = host.Listen(["127.0.0.1:0"], SnmpEntityRole.CommandResponder, "test");
        var processor = new Moq.Mock<IPduProcessor>();
        host.Serve(OctetString.Empty, [PduType.GetRequest], processor.Object);

        await host.DisposeAsync();
        await host.DisposeAsync();

        Assert.That(endpoints, Has.Count.EqualTo(1));
        Assert.Throws<ObjectDisposedException>(() => host.Dispatcher.AddTransportMapping(new Moq.Mock<ITransportMapping>().Object), "the dispatcher is shut down");
        Assert.DoesNotThrow(() => host.Dispatcher.RegisterContextEngineId(OctetString.Empty, [PduType.GetRequest], processor.Object).Dispose(),
            "the registration was undone");
        Assert.Throws<InvalidOperationException>(() => _ = host.Vacm, "no responder was asked for");
        using var rebound = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => rebound.Bind(endpoints[0]));
    }

    private static IDisposable Start(string listener, IReadOnlyList<string> listenOn, IReadOnlyList<SnmpModule> modules) => listener == "agent"
        ? new Agent(new AgentOptions { ListenOn = listenOn, Modules = modules })
        : new TrapReceiver(new TrapReceiverOptions { ListenOn = listenOn, Modules = modules });

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A security model whose factory fails when the engine is built (its key store is missing, say).</summary>
    private sealed class FailingSecurityModelModule : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations) =>
            registrations.AddSecurityModel(_ => throw new InvalidOperationException("no key store"));
    }
}
