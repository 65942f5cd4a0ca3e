using System.Net;
using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;

namespace Snmp.Transport.Tls.Dtls;

/// <summary>
/// snmpDTLSUDPDomain (RFC 6353): SNMP messages in DTLS 1.2 records over UDP, on BouncyCastle's
/// DTLS. Placeholder for the DTLS work.
/// </summary>
internal sealed class DtlsTransportMapping : ITransportMapping
{
    public DtlsTransportMapping(EndPoint? localAddress, TlsPeerVerifier verifier, ILogger logger) =>
        throw new NotImplementedException("the DTLS work fills this in");

    public TransportDomain TransportDomain => TransportDomain.DtlsUdp;

    public EndPoint LocalAddress => throw new NotImplementedException();

    public int MaxMessageSize => throw new NotImplementedException();

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => throw new NotImplementedException();

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
