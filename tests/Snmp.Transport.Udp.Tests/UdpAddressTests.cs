using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Transport.Udp;

namespace Snmp.Transport.Udp.Tests;

[TestFixture]
public class UdpAddressTests
{
    [TestCase("127.0.0.1", "127.0.0.1:161")]
    [TestCase("127.0.0.1:1161", "127.0.0.1:1161")]
    [TestCase(" 10.1.2.3:65535 ", "10.1.2.3:65535")]
    [TestCase("::1", "[::1]:161")]
    [TestCase("[::1]", "[::1]:161")]
    [TestCase("[::1]:1161", "[::1]:1161")]
    [TestCase("fe80::1%2", "[fe80::1%2]:161")]
    [TestCase("[2001:db8::5]:162", "[2001:db8::5]:162")]
    [TestCase("::ffff:127.0.0.1", "127.0.0.1:161")]
    public void Parses_the_address_forms_users_write(string text, string expected)
    {
        Assert.That(UdpAddress.Parse(text).ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Localhost_resolves_to_the_preferred_family()
    {
        Assert.That(UdpAddress.Parse("localhost:2000", AddressFamily.InterNetwork), Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 2000)));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("127.0.0.1:0")]
    [TestCase("127.0.0.1:65536")]
    [TestCase("127.0.0.1:abc")]
    [TestCase("127.0.0.1:")]
    [TestCase("127.0.0.1:-5")]
    [TestCase("[::1")]
    [TestCase("[]:161")]
    [TestCase("[::1]161")]
    [TestCase(":161")]
    [TestCase("1:2:3:zz")]
    public void Rejects_malformed_addresses_with_a_format_error(string text)
    {
        var error = Assert.Throws<FormatException>(() => UdpAddress.Parse(text));
        Assert.That(error!.Message, Is.Not.Empty);
        Assert.That(UdpAddress.TryParse(text, out var endPoint), Is.False);
        Assert.That(endPoint, Is.Null);
    }

    [Test]
    public void An_unresolvable_host_is_an_argument_error()
    {
        // ".invalid" is reserved by RFC 2606 and never resolves.
        Assert.Throws<ArgumentException>(() => UdpAddress.Parse("no-such-host.invalid"));
    }

    [Test]
    public void The_domain_follows_the_address_family()
    {
        Assert.That(UdpAddress.GetTransportDomain(new IPEndPoint(IPAddress.Loopback, 1)), Is.EqualTo(TransportDomain.UdpIpv4));
        Assert.That(UdpAddress.GetTransportDomain(new IPEndPoint(IPAddress.IPv6Loopback, 1)), Is.EqualTo(TransportDomain.UdpIpv6));
        Assert.That(UdpAddress.GetTransportDomain(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 1)), Is.EqualTo(TransportDomain.UdpIpv4));
    }
}
