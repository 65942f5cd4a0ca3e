namespace Snmp;

/// <summary>The base of every exception this library throws for SNMP-level failures.</summary>
public class SnmpException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public SnmpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public SnmpException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
