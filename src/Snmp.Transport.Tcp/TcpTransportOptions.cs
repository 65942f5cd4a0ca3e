namespace Snmp.Transport.Tcp;

/// <summary>
/// The limits of a <see cref="TcpTransportMapping"/>: how large a message may be, how long a
/// connection may stay idle, how long a started message, a connect and a write may take, and
/// how many accepted connections a listening mapping keeps at once.
/// </summary>
public sealed record TcpTransportOptions
{
    /// <summary>The default <see cref="MaxMessageSize"/>: 65535 octets.</summary>
    public const int DefaultMaxMessageSize = 65535;

    /// <summary>
    /// The largest message sent or received, in octets (at least 484, RFC 3417 section 3.1). A peer
    /// announcing a longer message is a framing error that closes its connection.
    /// </summary>
    public int MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>
    /// A connection with no message read or written for this long is closed (RFC 3430 2.3 lets
    /// either side close an idle connection; a client reconnects on its next send).
    /// <see cref="Timeout.InfiniteTimeSpan"/> keeps idle connections open.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A message whose first octet has arrived must arrive whole within this time; otherwise the
    /// connection is closed and counted in <see cref="TcpTransportMapping.MessageTimeouts"/> (a
    /// peer that trickles octets cannot hold a connection and its read loop forever).
    /// </summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening a connection to a peer may take before the send fails.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long writing one message may wait for the peer to read (a full send buffer) before
    /// the connection is closed and the send fails.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most accepted connections a listening mapping keeps open at once; a connection beyond
    /// it is closed as soon as it is accepted and counted in
    /// <see cref="TcpTransportMapping.ConnectionsRefused"/> (RFC 3430 section 2: an engine may
    /// refuse new TCP connections, and its peers fall back to UDP).
    /// </summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 484, nameof(MaxMessageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        CheckTimeout(IdleTimeout, nameof(IdleTimeout));
        CheckTimeout(MessageTimeout, nameof(MessageTimeout));
        CheckTimeout(ConnectTimeout, nameof(ConnectTimeout));
        CheckTimeout(WriteTimeout, nameof(WriteTimeout));
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timeout must be positive or Timeout.InfiniteTimeSpan.");
        }
    }
}
