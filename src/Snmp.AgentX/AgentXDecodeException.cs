namespace Snmp.AgentX;

/// <summary>
/// Bytes that are not a valid AgentX PDU (RFC 2741 sections 5 and 6): a header that is not
/// version 1 or names no PDU type, a payload length over the limit or not a multiple of 4, a field
/// that runs past the payload, a value of the wrong size. It ends the session the PDU came on
/// (counted as a parse error), never the process.
/// </summary>
public sealed class AgentXDecodeException : SnmpException
{
    /// <summary>Creates the exception for a fault at <paramref name="offset"/> of the PDU.</summary>
    public AgentXDecodeException(string problem, int offset)
        : base($"Invalid AgentX PDU at offset {offset}: {problem}")
    {
        Problem = problem;
        Offset = offset;
    }

    /// <summary>What is wrong, without the offset.</summary>
    public string Problem { get; }

    /// <summary>The offset of the field at fault from the start of the PDU (its header's first octet).</summary>
    public int Offset { get; }
}
