// TEMPORARY (not committed): lets the facade compile until the real transport lands.
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;
namespace Snmp.Transport.Udp;
#pragma warning disable CS1591
public static class UdpAddress
{
    public static IPEndPoint Parse(string address, AddressFamily preferred = AddressFamily.Unspecified, int defaultPort = 161) => IPEndPoint.Parse(address.Contains(':') ? address : address + ":" + defaultPort);
    public static TransportDomain GetTransportDomain(IPEndPoint e) => e.AddressFamily == AddressFamily.InterNetworkV6 ? TransportDomain.UdpIpv6 : TransportDomain.UdpIpv4;
}
public sealed class UdpTransportMapping(TransportDomain domain, IPEndPoint? localEndPoint, ILogger? logger) : ITransportMapping
{
    public TransportDomain TransportDomain => domain;
    public EndPoint LocalAddress => localEndPoint!;
    public void Start(Action<TransportDomain, EndPoint, ReadOnlyMemory<byte>> receiver) => throw new NotImplementedException();
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, EndPoint destination, CancellationToken cancellationToken) => throw new NotImplementedException();
    public ValueTask DisposeAsync() { _ = logger; return ValueTask.CompletedTask; }
}
