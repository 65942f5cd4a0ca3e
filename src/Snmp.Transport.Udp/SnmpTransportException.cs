namespace Snmp.Transport.Udp;

/// <summary>A message could not be sent: too large for a UDP datagram, the wrong address family, or a socket error (the inner exception).</summary>
public sealed class SnmpTransportException : SnmpException
{
    /// <summary>Creates the exception.</summary>
    public SnmpTransportException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
