namespace Snmp.Ber;

/// <summary>
/// Bytes that are not a valid SNMP encoding: truncated, over-long, using a BER form that SNMP
/// forbids (RFC 3417 section 8), or carrying a value out of its type's range. This is the only
/// exception the decoders throw for bad input.
/// </summary>
public sealed class SnmpDecodeException : SnmpException
{
    /// <summary>Creates a decode exception for a fault at <paramref name="offset"/>.</summary>
    public SnmpDecodeException(string problem, int offset, Exception? innerException = null)
        : base($"Invalid SNMP encoding at offset {offset}: {problem}", innerException)
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The offset, from the start of the decoded buffer, of the element at fault.</summary>
    public int Offset { get; }

    /// <summary>What is wrong, without the offset.</summary>
    public string Problem { get; }
}
