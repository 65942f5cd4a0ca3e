using System.Net;
using Snmp.AbstractServices;
using Snmp.Transport.Udp;

namespace Snmp.Transport.Udp.Tests;

/// <summary>How the UDP transport reads the addresses users write, and leaves other transports' to them.</summary>
[TestFixture]
public class UdpTransportMappingFactoryTests
{
    private readonly UdpTransportMappingFactory _factory = new();

    [TestCase("127.0.0.1", "127.0.0.1:161", false)]
    [TestCase("127.0.0.1:1161", "127.0.0.1:1161", false)]
    [TestCase("udp:127.0.0.1:1161", "127.0.0.1:1161", false)]
    [TestCase("udp6:[::1]:1161", "[::1]:1161", true)]
    [TestCase("[::1]:1161", "[::1]:1161", true)]
    [TestCase("::1", "[::1]:161", true)]
    [TestCase("fe80::1", "[fe80::1]:161", true)]
    public void Reads_plain_and_prefixed_addresses(string text, string expected, bool ipv6)
    {
        Assert.That(_factory.TryParseAddress(text, null, SnmpEntityRole.CommandResponder, forListening: false, out var domain, out var endPoint), Is.True);
        Assert.That(endPoint, Is.EqualTo(IPEndPoint.Parse(expected)));
        Assert.That(domain, Is.EqualTo(ipv6 ? TransportDomain.UdpIpv6 : TransportDomain.UdpIpv4));
    }

    [TestCase("127.0.0.1", "127.0.0.1:162")]
    [TestCase("udp6:[::1]", "[::1]:162")]
    [TestCase("127.0.0.1:1162", "127.0.0.1:1162")]
    public void A_notification_receivers_default_port_is_snmptrap(string text, string expected)
    {
        Assert.That(_factory.TryParseAddress(text, null, SnmpEntityRole.NotificationReceiver, forListening: false, out _, out var endPoint), Is.True);
        Assert.That(endPoint, Is.EqualTo(IPEndPoint.Parse(expected)));
        Assert.That(_factory.TryParseAddress(text, null, SnmpEntityRole.NotificationReceiver, forListening: true, out _, out var listening), Is.True);
        Assert.That(listening, Is.EqualTo(IPEndPoint.Parse(expected)), "a trap receiver listens on 162 unless told otherwise");
    }

    [TestCase("tls:127.0.0.1:10161")]
    [TestCase("dtls:[::1]:10161")]
    [TestCase("mem:agent")]
    public void Leaves_other_transports_addresses_alone(string text)
    {
        Assert.That(_factory.TryParseAddress(text, null, SnmpEntityRole.CommandResponder, forListening: false, out var domain, out var endPoint), Is.False);
        Assert.That((domain, endPoint), Is.EqualTo(((TransportDomain?)null, (EndPoint?)null)));
    }

    [Test]
    public void Listening_addresses_may_ask_for_any_port_and_malformed_ones_are_format_errors()
    {
        Assert.That(_factory.TryParseAddress("127.0.0.1:0", null, SnmpEntityRole.CommandResponder, forListening: true, out _, out var endPoint), Is.True);
        Assert.That(((IPEndPoint)endPoint!).Port, Is.Zero);
        Assert.Throws<FormatException>(() => _factory.TryParseAddress("udp:127.0.0.1:notaport", null, SnmpEntityRole.CommandResponder, false, out _, out _));
        Assert.Throws<FormatException>(() => _factory.TryParseAddress("[::1", null, SnmpEntityRole.CommandResponder, false, out _, out _));
        Assert.Throws<FormatException>(() => _factory.TryParseAddress("udp6:127.0.0.1", null, SnmpEntityRole.CommandResponder, false, out _, out _), "udp6: is IPv6");
        Assert.Throws<FormatException>(() => _factory.TryParseAddress("udp:[::1]:161", null, SnmpEntityRole.CommandResponder, true, out _, out _), "udp: is IPv4");
    }

    [Test]
    public async Task Makes_mappings_of_its_domains_only()
    {
        Assert.That(_factory.TransportDomains, Is.EquivalentTo(new[] { TransportDomain.UdpIpv4, TransportDomain.UdpIpv6 }));
        await using var mapping = _factory.CreateTransportMapping(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 0));
        Assert.That(mapping.TransportDomain, Is.EqualTo(TransportDomain.UdpIpv4));
        Assert.That(((IPEndPoint)mapping.LocalAddress).Port, Is.Not.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => _factory.CreateTransportMapping(TransportDomain.TlsTcp, null));
    }

    [Test]
    public async Task UDP_refuses_to_send_as_a_transport_principal()
    {
        await using var mapping = _factory.CreateTransportMapping(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 0));
        var asPrincipal = new TransportStateReference(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 9)) { SecurityName = new OctetString("alice") };
        var error = Assert.ThrowsAsync<SnmpTransportException>(async () => await mapping.SendMessageAsync(new byte[] { 1 }, asPrincipal, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("no security of its own"));
    }
}
