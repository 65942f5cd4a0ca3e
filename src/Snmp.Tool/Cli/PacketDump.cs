using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using Snmp.AbstractServices;
using Snmp.Transport.Udp;

namespace Snmp.Tool.Cli;

/// <summary>
/// -d: every UDP datagram the command sends or receives, dumped on standard error as Net-SNMP's
/// tools dump it ("Sending 43 bytes to UDP: [127.0.0.1]:161-&gt;[0.0.0.0]:40000" and the hex
/// dump, 16 octets a line). A module whose UDP transport factory wraps the library's: the
/// library is not touched, and the wrapped mappings lend no socket of their own to blocked
/// callers (every answer passes the receive loop, which dumps it).
/// </summary>
internal sealed class PacketDumpModule(TextWriter error) : SnmpModule
{
    private readonly Lock _lock = new();

    public override void Register(SnmpModuleRegistrations registrations) =>
        registrations.AddTransportMappingFactory(services => new Factory(new UdpTransportMappingFactory(services.LoggerFactory), this));

    /// <summary>Net-SNMP's dump of one message: a blank line, the header, the hex lines, a blank line.</summary>
    internal static string Format(bool sending, ReadOnlySpan<byte> message, EndPoint remote, EndPoint local)
    {
        var text = new StringBuilder("\n");
        text.Append(sending
            ? string.Create(CultureInfo.InvariantCulture, $"Sending {message.Length} bytes to ")
            : string.Create(CultureInfo.InvariantCulture, $"Received {message.Length} byte packet from "));
        text.Append(remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "UDP/IPv6: " : "UDP: ")
            .Append(Address(remote)).Append("->").Append(Address(local)).Append('\n');
        for (int offset = 0; offset < message.Length; offset += 16)
        {
            var line = message.Slice(offset, Math.Min(16, message.Length - offset));
            int start = text.Length;
            text.Append(offset.ToString("D4", CultureInfo.InvariantCulture)).Append(": ");
            for (int i = 0; i < line.Length; i++)
            {
                text.Append(line[i].ToString("X2", CultureInfo.InvariantCulture)).Append(' ');
                if (i % 4 == 3)
                {
                    text.Append(' ');
                }
            }

            // The text column starts after 16 octets' worth of hex and three spaces.
            text.Append(' ', start + 60 - text.Length);
            foreach (byte b in line)
            {
                text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
            }

            text.Append('\n');
        }

        return text.Append('\n').ToString();
    }

    private static string Address(EndPoint endPoint) => endPoint is IPEndPoint ip
        ? string.Create(CultureInfo.InvariantCulture, $"[{ip.Address}]:{ip.Port}")
        : endPoint.ToString() ?? "";

    private void Write(string dump)
    {
        lock (_lock)
        {
            error.Write(dump);
            error.Flush();
        }
    }

    private sealed class Factory(UdpTransportMappingFactory inner, PacketDumpModule dump) : ITransportMappingFactory
    {
        public IReadOnlyCollection<TransportDomain> TransportDomains => inner.TransportDomains;

        public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
            [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint) =>
            inner.TryParseAddress(address, preferredDomain, role, forListening, out domain, out endPoint);

        public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress) =>
            new Mapping(inner.CreateTransportMapping(domain, localAddress), dump);
    }

    private sealed class Mapping(ITransportMapping inner, PacketDumpModule dump) : ITransportMapping
    {
        public TransportDomain TransportDomain => inner.TransportDomain;

        public EndPoint LocalAddress => inner.LocalAddress;

        public int MaxMessageSize => inner.MaxMessageSize;

        public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) =>
            inner.Start((message, state) =>
            {
                dump.Write(Format(sending: false, message.Span, state.TransportAddress, inner.LocalAddress));
                receiver(message, state);
            });

        public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
        {
            dump.Write(Format(sending: true, outgoingMessage.Span, tmStateReference.TransportAddress, inner.LocalAddress));
            return inner.SendMessageAsync(outgoingMessage, tmStateReference, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
