using System.Diagnostics.CodeAnalysis;
using System.Net;
using Autofac;
using Snmp.AbstractServices;
using Snmp.Smi;

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
        var error = Assert.Throws<SnmpConfigurationException>(() => engine.Manager("ref:agent", version: Messages.SnmpVersion.SNMPv2c));
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

    private sealed class ReferenceTransportModule : Autofac.Module
    {
        protected override void Load(ContainerBuilder builder) => builder.RegisterType<ReferenceAddressFactory>().As<ITransportMappingFactory>().SingleInstance();
    }
}
