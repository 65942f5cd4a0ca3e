namespace Snmp;

/// <summary>
/// A transport mapping could not send or bind: a message too large for the transport, an address
/// of another domain, transport security the transport cannot give, or a socket error (the inner
/// exception). Every transport mapping, the library's or a plug-in, reports failures with it.
/// </summary>
public sealed class SnmpTransportException : SnmpException
{
    /// <summary>Creates the exception.</summary>
    public SnmpTransportException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
