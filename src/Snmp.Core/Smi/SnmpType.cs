namespace Snmp;

/// <summary>
/// The BER identifier octet of every value that can appear in a variable binding
/// (RFC 2578 section 7.1, RFC 3416 section 3 for the exceptions).
/// </summary>
public enum SnmpType : byte
{
    /// <summary>INTEGER / Integer32 (universal 2).</summary>
    Integer32 = 0x02,
    /// <summary>OCTET STRING (universal 4).</summary>
    OctetString = 0x04,
    /// <summary>NULL (universal 5): the value of every varbind in a request.</summary>
    Null = 0x05,
    /// <summary>OBJECT IDENTIFIER (universal 6).</summary>
    ObjectIdentifier = 0x06,
    /// <summary>IpAddress ([APPLICATION 0], RFC 2578 section 7.1.5).</summary>
    IpAddress = 0x40,
    /// <summary>Counter32 ([APPLICATION 1]).</summary>
    Counter32 = 0x41,
    /// <summary>Gauge32 and Unsigned32 ([APPLICATION 2]; the two are identical on the wire).</summary>
    Gauge32 = 0x42,
    /// <summary>TimeTicks ([APPLICATION 3]): hundredths of a second.</summary>
    TimeTicks = 0x43,
    /// <summary>Opaque ([APPLICATION 4]).</summary>
    Opaque = 0x44,
    /// <summary>Counter64 ([APPLICATION 6]); not allowed in SNMPv1 messages.</summary>
    Counter64 = 0x46,
    /// <summary>noSuchObject exception ([CONTEXT 0] IMPLICIT NULL, RFC 3416 section 3).</summary>
    NoSuchObject = 0x80,
    /// <summary>noSuchInstance exception ([CONTEXT 1] IMPLICIT NULL).</summary>
    NoSuchInstance = 0x81,
    /// <summary>endOfMibView exception ([CONTEXT 2] IMPLICIT NULL).</summary>
    EndOfMibView = 0x82,
}
