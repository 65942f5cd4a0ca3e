using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Moq;
using Snmp.AbstractServices;
using Snmp.Testing;

namespace Snmp.Tests;

/// <summary>
/// The plug-in point (<see cref="SnmpModule"/>): what a module's factories are given, what they
/// may register beside transports and security models (a message processing model, counters),
/// and how a factory that fails is reported. Transports and security models through modules are
/// in <see cref="PluginModuleTests"/> and <see cref="TransportSecurityModelTests"/>.
/// </summary>
[TestFixture]
public class SnmpModuleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly ObjectIdentifier ExperimentDrops = new(1, 3, 6, 1, 4, 1, 99999, 3, 1, 0);

    [Test]
    public async Task A_modules_factories_are_called_once_per_engine_with_that_engines_services()
    {
        var clock = new SteppedClock();
        var loggerFactory = new Mock<ILoggerFactory> { DefaultValue = DefaultValue.Mock }.Object;
        var seen = new List<SnmpEngineServices>();
        var module = new Delegating(r => r.AddCounterProvider(services =>
        {
            seen.Add(services);
            return new ExperimentCounters();
        }));

        await using var first = new Engine(new EngineOptions { Modules = [module] }, loggerFactory, transportFactory: null, clock);
        await using var second = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], Modules = [module] }, loggerFactory, clock);

        Assert.That(seen, Has.Count.EqualTo(2));
        Assert.That(seen.Select(s => s.LocalEngine), Is.EqualTo(new[] { first.LocalEngine, second.LocalEngine }).Using<LocalEngine>(ReferenceEquals));
        Assert.That(seen.Select(s => s.TimeProvider), Has.All.SameAs(clock));
        Assert.That(seen.Select(s => s.LoggerFactory), Has.All.SameAs(loggerFactory));
    }

    [Test]
    public async Task A_modules_message_processing_model_gets_the_messages_of_its_number_and_its_declared_counter_is_named()
    {
        var experiment = new Mock<IMessageProcessingModel>();
        experiment.SetupGet(m => m.MessageProcessingModel).Returns((SnmpVersion)7);
        experiment.Setup(m => m.PrepareDataElements(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>()))
            .Throws(new MessageDroppedException(ExperimentDrops, "version 7 is only an experiment"));
        var module = new Delegating(r =>
        {
            r.AddMessageProcessingModel(_ => experiment.Object);
            r.AddCounterProvider(_ => new ExperimentCounters());
        });
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], Modules = [module] });

        using var udp = new UdpClient(AddressFamily.InterNetwork);
        await udp.SendAsync(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x07 }, agent.Endpoints[0]); // SEQUENCE { msgVersion 7 }

        Assert.That(SpinWait.SpinUntil(() => agent.Statistics[ExperimentDrops] == 1, Patience), Is.True, "the module's model got it and dropped it");
        Assert.That(agent.Statistics.SnapshotByName()["experimentDrops"], Is.EqualTo(1));
        Assert.That(agent.Statistics[SnmpCounter.SnmpInBadVersions], Is.Zero);
    }

    [Test]
    public void A_message_processing_model_of_a_number_the_engine_has_is_a_configuration_error()
    {
        var duplicate = new Mock<IMessageProcessingModel>();
        duplicate.SetupGet(m => m.MessageProcessingModel).Returns(SnmpVersion.SNMPv2c);

        var error = Assert.Throws<SnmpConfigurationException>(() =>
            new Engine(new EngineOptions { Modules = [new Delegating(r => r.AddMessageProcessingModel(_ => duplicate.Object))] }).Dispose());

        Assert.That(error!.Message, Does.StartWith("The engine's modules do not compose"));
    }

    [Test]
    public void A_factory_that_returns_nothing_or_refuses_its_configuration_fails_the_constructor()
    {
        var none = Assert.Throws<SnmpConfigurationException>(() =>
            new Engine(new EngineOptions { Modules = [new Delegating(r => r.AddTransportMappingFactory(_ => null!))] }).Dispose());
        var own = new SnmpConfigurationException("the token file is unreadable");
        var refused = Assert.Throws<SnmpConfigurationException>(() =>
            new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], Modules = [new Delegating(r => r.AddSecurityModel(_ => throw own))] }).Dispose());

        Assert.That(none!.Message, Is.EqualTo("A module's ITransportMappingFactory factory returned null."));
        Assert.That(refused, Is.SameAs(own), "a plug-in's own configuration error, as it is");
    }

    /// <summary>A module made of one registration step.</summary>
    private sealed class Delegating(Action<SnmpModuleRegistrations> register) : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations) => register(registrations);
    }

    private sealed class ExperimentCounters : ISnmpCounterProvider
    {
        public IReadOnlyCollection<SnmpCounterDefinition> Counters { get; } = [new(ExperimentDrops, "experimentDrops", "a message of the experimental version")];
    }
}
