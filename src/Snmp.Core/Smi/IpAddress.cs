using System.Net;
using System.Net.Sockets;

namespace Snmp;

/// <summary>IpAddress (RFC 2578 section 7.1.5): exactly four octets of an IPv4 address in network order.</summary>
public sealed class IpAddress : SnmpValue
{
    private readonly uint _networkOrder;

    /// <summary>Creates an IpAddress from its four octets.</summary>
    /// <exception cref="ArgumentException">Not exactly four octets.</exception>
    public IpAddress(ReadOnlySpan<byte> octets)
    {
        if (octets.Length != 4)
        {
            throw new ArgumentException($"An IpAddress is exactly 4 octets, not {octets.Length}.", nameof(octets));
        }

        _networkOrder = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(octets);
    }

    /// <summary>Creates an IpAddress from an IPv4 <see cref="IPAddress"/>.</summary>
    /// <exception cref="ArgumentException">Not an IPv4 address.</exception>
    public IpAddress(IPAddress address)
        : this((address ?? throw new ArgumentNullException(nameof(address))).AddressFamily == AddressFamily.InterNetwork
            ? address.GetAddressBytes()
            : throw new ArgumentException("SMI IpAddress holds IPv4 addresses only.", nameof(address)))
    {
    }

    /// <summary>Parses dotted-quad notation such as "192.0.2.1".</summary>
    /// <exception cref="FormatException">Not an IPv4 address.</exception>
    public static IpAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
        {
            throw new FormatException($"'{text}' is not a dotted-quad IPv4 address.");
        }

        return new IpAddress(address);
    }

    /// <summary>The four octets in network order.</summary>
    public byte[] GetAddressBytes()
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, _networkOrder);
        return bytes;
    }

    /// <summary>Writes the four octets in network order to <paramref name="destination"/>.</summary>
    public void WriteAddressBytes(Span<byte> destination) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination, _networkOrder);

    /// <summary>The address as an <see cref="IPAddress"/>.</summary>
    public IPAddress ToIPAddress() => new(GetAddressBytes());

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.IpAddress;

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => other is IpAddress o && o._networkOrder == _networkOrder;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, _networkOrder);

    /// <inheritdoc />
    public override string ToString() =>
        $"{_networkOrder >> 24}.{(_networkOrder >> 16) & 0xFF}.{(_networkOrder >> 8) & 0xFF}.{_networkOrder & 0xFF}";
}
