using System.Diagnostics.CodeAnalysis;
using System.Net;
using Snmp.AbstractServices;

namespace Snmp.Tests;

/// <summary>
/// The plug-in contract for transport addresses: they compare by value, because responses are
/// matched to requests by address. A transport that breaks it is named where its address is
/// read, not left to time out.
/// </summary>
public class AddressContractTests
{
    [Test]
    public void A_transport_whose_addresses_compare_by_reference_is_refused_where_the_address_is_read()
    {
        using var engine = new Engine(new EngineOptions { Modules = [new ReferenceTransportModule()] });
        var error = Assert.Throws<SnmpConfigurationException>(() => engine.Manager("ref:agent", version: SnmpVersion.SNMPv2c));
        Assert.That(error!.Message, Does.Contain("ReferenceAddressFactory").And.Contain("compare by value"));
    }

    [Test]
    public void An_agent_is_refused_a_listening_address_that_does_not_compare_by_value()
    {
        var error = Assert.ThrowsAsync<SnmpConfigurationException>(async () =>
        {
            await using var agent = new Agent(new AgentOptions { ListenOn = ["ref:agent"], Modules = [new ReferenceTransportModule()] });
        });
        Assert.That(error!.Message, Does.Contain("compare by value"));
    }

    private static readonly TransportDomain Domain = new(new ObjectIdentifier("1.3.6.1.4.1.99999.9.1"), "referenceDomain");

    /// <summary>An address without Equals: each one read is a different object.</summary>
    private sealed class ReferenceEndPoint(string name) : EndPoint
    {
        public override string ToString() => "ref:" + name;
    }

    private sealed class ReferenceAddressFactory : ITransportMappingFactory
    {
        public IReadOnlyCollection<TransportDomain> TransportDomains { get; } = [Domain];

        public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
            [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint)
        {
            (domain, endPoint) = address.StartsWith("ref:", StringComparison.Ordinal) ? (Domain, new ReferenceEndPoint(address[4..])) : (null, null);
            return domain is not null;
        }

        public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress) =>
            throw new AssertionException("no mapping should be made for an address that breaks the contract");
    }

    private sealed class ReferenceTransportModule : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations) => registrations.AddTransportMappingFactory(_ => new ReferenceAddressFactory());
    }
}

/// <summary>A timeout says when answers came back from another address than the request went to.</summary>
public class UnexpectedAddressTimeoutTests
{
    [Test]
    public async Task A_timeout_counts_the_answers_that_came_from_an_unexpected_address()
    {
        // An "agent" that answers every request from a second socket of its own, as a multi-homed
        // host replying from another interface would (or a transport whose addresses compare by reference).
        using var asked = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        using var answering = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        asked.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        answering.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var agent = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            while (!stop.IsCancellationRequested)
            {
                var received = await asked.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                var request = Snmp.Ber.SnmpMessageCodec.DecodeCommunityMessage(buffer.AsMemory(0, received.ReceivedBytes).ToArray());
                var response = new Snmp.Pdus.Pdu(Snmp.PduType.Response, request.Pdu.RequestId, new VarBindList(new VarBind("1.3.6.1.2.1.1.5.0", new OctetString("elsewhere"))));
                await answering.SendToAsync(Snmp.Ber.SnmpMessageCodec.Encode(new Snmp.Messages.CommunityMessage(request.Version, request.Community, response)), received.RemoteEndPoint, stop.Token);
            }
        });

        var clock = new Snmp.Testing.SteppedClock();
        await using var engine = new Engine(new EngineOptions(), loggerFactory: null, transportFactory: null, timeProvider: clock);
        var manager = engine.Manager((IPEndPoint)asked.LocalEndPoint!, version: SnmpVersion.SNMPv2c, community: new OctetString("public"));
        var options = new RequestOptions { Timeout = TimeSpan.FromSeconds(5), RefreshPeriod = TimeSpan.FromSeconds(10) };

        // The clock stands still until the answer has come back and been dropped, so the timeout
        // follows it whatever the machine's speed.
        var get = manager.GetAsync(["1.3.6.1.2.1.1.5.0"], options);
        Assert.That(SpinWait.SpinUntil(() => engine.Statistics[EngineCounter.ResponsesFromUnexpectedAddress] >= 1, TimeSpan.FromSeconds(20)), Is.True,
            "the answer from the other socket arrives and is dropped");
        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(get));
        await stop.CancelAsync();
        Assert.That(async () => await agent, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(error!.Message, Does.Contain("1 answer came from an unexpected address").And.Contain(asked.LocalEndPoint!.ToString()));
    }
}
