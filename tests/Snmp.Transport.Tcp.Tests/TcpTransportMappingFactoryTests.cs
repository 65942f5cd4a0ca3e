using System.Net;
using Snmp.AbstractServices;

namespace Snmp.Transport.Tcp.Tests;

[TestFixture]
public class TcpTransportMappingFactoryTests
{
    private readonly TcpTransportMappingFactory _factory = new();

    [Test]
    public void Claims_the_two_TCP_domains_of_RFC_3419()
    {
        Assert.That(_factory.TransportDomains, Is.EquivalentTo(new[] { TransportDomain.TcpIpv4, TransportDomain.TcpIpv6 }));
    }

    [TestCase("tcp:127.0.0.1:1161", SnmpEntityRole.CommandResponder, "127.0.0.1", 1161)]
    [TestCase("tcp:127.0.0.1", SnmpEntityRole.CommandResponder, "127.0.0.1", 161)]
    [TestCase("tcp:127.0.0.1", SnmpEntityRole.NotificationReceiver, "127.0.0.1", 162)]
    [TestCase("TCP:10.1.2.3:65535", SnmpEntityRole.CommandResponder, "10.1.2.3", 65535)]
    [TestCase("tcp:localhost:1161", SnmpEntityRole.CommandResponder, "127.0.0.1", 1161)]
    public void Reads_tcp_addresses_as_Net_SNMP_writes_them(string text, SnmpEntityRole role, string address, int port)
    {
        Assert.That(_factory.TryParseAddress(text, null, role, forListening: false, out var domain, out var endPoint), Is.True);
        Assert.That(domain, Is.EqualTo(TransportDomain.TcpIpv4));
        Assert.That(endPoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse(address), port)));
    }

    [TestCase("tcp6:[::1]:1161", SnmpEntityRole.CommandResponder, 1161)]
    [TestCase("tcp6:[::1]", SnmpEntityRole.CommandResponder, 161)]
    [TestCase("tcp6:::1", SnmpEntityRole.NotificationReceiver, 162)]
    public void Reads_tcp6_addresses(string text, SnmpEntityRole role, int port)
    {
        Assert.That(_factory.TryParseAddress(text, null, role, forListening: false, out var domain, out var endPoint), Is.True);
        Assert.That(domain, Is.EqualTo(TransportDomain.TcpIpv6));
        Assert.That(endPoint, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Loopback, port)));
    }

    [Test]
    public void Port_0_is_a_listening_address_only()
    {
        Assert.That(_factory.TryParseAddress("tcp:127.0.0.1:0", null, SnmpEntityRole.CommandResponder, forListening: true, out _, out var endPoint), Is.True);
        Assert.That(((IPEndPoint)endPoint!).Port, Is.Zero);
        Assert.Throws<FormatException>(() => _factory.TryParseAddress("tcp:127.0.0.1:0", null, SnmpEntityRole.CommandResponder, forListening: false, out _, out _));
    }

    [TestCase("127.0.0.1:161")]
    [TestCase("udp:127.0.0.1:161")]
    [TestCase("udp6:[::1]:161")]
    [TestCase("tls:127.0.0.1:10161")]
    [TestCase("tcpx:127.0.0.1:161")]
    [TestCase("[::1]:161")]
    [TestCase("localhost")]
    public void Leaves_other_transports_addresses_alone(string text)
    {
        Assert.That(_factory.TryParseAddress(text, TransportDomain.TcpIpv4, SnmpEntityRole.CommandResponder, forListening: false, out var domain, out var endPoint), Is.False);
        Assert.That((domain, endPoint), Is.EqualTo(((TransportDomain?)null, (EndPoint?)null)));
    }

    [TestCase("tcp:")]
    [TestCase("tcp:127.0.0.1:")]
    [TestCase("tcp:127.0.0.1:x")]
    [TestCase("tcp:127.0.0.1:65536")]
    [TestCase("tcp:127.0.0.1:-1")]
    [TestCase("tcp::161")]
    [TestCase("tcp:[::1]:161")]
    [TestCase("tcp6:127.0.0.1")]
    [TestCase("tcp6:[::1")]
    [TestCase("tcp6:[]:161")]
    [TestCase("tcp6:[::1]161")]
    [TestCase("tcp6:::1:161:x")]
    public void Malformed_tcp_text_is_a_FormatException(string text)
    {
        Assert.Throws<FormatException>(() => _factory.TryParseAddress(text, null, SnmpEntityRole.CommandResponder, forListening: false, out _, out _));
    }

    [Test]
    public void Creates_a_listening_mapping_for_a_local_address_and_a_connecting_one_without()
    {
        Assert.Multiple(async () =>
        {
            await using var listening = (TcpTransportMapping)_factory.CreateTransportMapping(TransportDomain.TcpIpv4, new IPEndPoint(IPAddress.Loopback, 0));
            Assert.That(listening.IsListening, Is.True);
            Assert.That(((IPEndPoint)listening.LocalAddress).Port, Is.Not.Zero);
            Assert.That(listening.TransportDomain, Is.EqualTo(TransportDomain.TcpIpv4));
            Assert.That(listening.MaxMessageSize, Is.EqualTo(TcpTransportOptions.DefaultMaxMessageSize));

            await using var connecting = (TcpTransportMapping)_factory.CreateTransportMapping(TransportDomain.TcpIpv6, null);
            Assert.That(connecting.IsListening, Is.False);
            Assert.That(connecting.LocalAddress, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Any, 0)));
        });
    }

    [Test]
    public void A_mapping_of_another_family_or_domain_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _factory.CreateTransportMapping(TransportDomain.TcpIpv4, new IPEndPoint(IPAddress.IPv6Loopback, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _factory.CreateTransportMapping(TransportDomain.UdpIpv4, null));
    }

    [Test]
    public async Task A_port_in_use_is_an_SnmpTransportException()
    {
        await using var first = (TcpTransportMapping)_factory.CreateTransportMapping(TransportDomain.TcpIpv4, new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Throws<SnmpTransportException>(() => _factory.CreateTransportMapping(TransportDomain.TcpIpv4, (IPEndPoint)first.LocalAddress));
    }

    [Test]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpTransportMapping(TransportDomain.TcpIpv4, options: new TcpTransportOptions { MaxMessageSize = 100 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpTransportMapping(TransportDomain.TcpIpv4, options: new TcpTransportOptions { IdleTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpTransportMapping(TransportDomain.TcpIpv4, options: new TcpTransportOptions { MaxConnections = 0 }));
    }
}
