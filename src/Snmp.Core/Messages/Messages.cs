using Snmp.Pdus;

namespace Snmp.Messages;

/// <summary>msgFlags bits of RFC 3412 section 6.4.</summary>
[Flags]
public enum MsgFlags : byte
{
    /// <summary>No flag set: noAuthNoPriv, not reportable.</summary>
    None = 0,
    /// <summary>authFlag.</summary>
    Auth = 1,
    /// <summary>privFlag (only valid with authFlag).</summary>
    Priv = 2,
    /// <summary>reportableFlag: the receiver must send a Report on certain errors.</summary>
    Reportable = 4,
}

/// <summary>A whole SNMP message of some version, as its message processing model decoded it.</summary>
public abstract class SnmpMessage
{
    /// <summary>For the message types of this library and of plug-in message processing models.</summary>
    protected SnmpMessage()
    {
    }

    /// <summary>msgVersion.</summary>
    public abstract SnmpVersion Version { get; }
}

/// <summary>A community-based message of SNMPv1 (RFC 1157 section 4) or SNMPv2c (RFC 1901 section 3).</summary>
public sealed class CommunityMessage : SnmpMessage
{
    /// <summary>Creates a community-based message.</summary>
    /// <exception cref="ArgumentException"><paramref name="version"/> is SNMPv3.</exception>
    public CommunityMessage(SnmpVersion version, ReadOnlyMemory<byte> community, SnmpPdu pdu)
    {
        if (version is not (SnmpVersion.SNMPv1 or SnmpVersion.SNMPv2c))
        {
            throw new ArgumentException($"A community-based message is SNMPv1 or SNMPv2c, not {version}.", nameof(version));
        }

        Version = version;
        Community = community;
        Pdu = pdu ?? throw new ArgumentNullException(nameof(pdu));
    }

    /// <summary>SNMPv1 or SNMPv2c.</summary>
    public override SnmpVersion Version { get; }

    /// <summary>The community string's octets.</summary>
    public ReadOnlyMemory<byte> Community { get; }

    /// <summary>The PDU.</summary>
    public SnmpPdu Pdu { get; }
}

/// <summary>msgGlobalData, the HeaderData of RFC 3412 section 6.</summary>
/// <param name="MsgId">msgID: 0 .. 2^31-1, correlates a response with its request at the message level.</param>
/// <param name="MsgMaxSize">msgMaxSize: 484 .. 2^31-1, the largest message the sender can receive.</param>
/// <param name="MsgFlags">msgFlags.</param>
/// <param name="MsgSecurityModel">msgSecurityModel: 3 is USM (RFC 3411 section 5, SnmpSecurityModel).</param>
public readonly record struct HeaderData(int MsgId, int MsgMaxSize, MsgFlags MsgFlags, int MsgSecurityModel)
{
    /// <summary>The security level the flags ask for.</summary>
    public SecurityLevel SecurityLevel =>
        (MsgFlags & (MsgFlags.Auth | MsgFlags.Priv)) switch
        {
            MsgFlags.Auth | MsgFlags.Priv => SecurityLevel.AuthPriv,
            MsgFlags.Auth => SecurityLevel.AuthNoPriv,
            _ => SecurityLevel.NoAuthNoPriv,
        };
}

/// <summary>A ScopedPDU (RFC 3412 section 6.8): a PDU with the context it applies to.</summary>
public sealed class ScopedPdu
{
    /// <summary>Creates a ScopedPDU.</summary>
    public ScopedPdu(ReadOnlyMemory<byte> contextEngineId, ReadOnlyMemory<byte> contextName, SnmpPdu pdu)
    {
        ContextEngineId = contextEngineId;
        ContextName = contextName;
        Pdu = pdu ?? throw new ArgumentNullException(nameof(pdu));
    }

    /// <summary>contextEngineID.</summary>
    public ReadOnlyMemory<byte> ContextEngineId { get; }

    /// <summary>contextName.</summary>
    public ReadOnlyMemory<byte> ContextName { get; }

    /// <summary>The PDU.</summary>
    public SnmpPdu Pdu { get; }
}

/// <summary>
/// An SNMPv3 message (RFC 3412 section 6, SNMPv3Message). msgSecurityParameters are kept as the
/// octets of the OCTET STRING, for the security model to interpret; msgData is either a plaintext
/// <see cref="ScopedPdu"/> or, when privacy is in use, the encryptedPDU octets.
/// </summary>
public sealed class SnmpV3Message : SnmpMessage
{
    /// <summary>Creates a message whose msgData is a plaintext ScopedPDU.</summary>
    public SnmpV3Message(HeaderData globalData, ReadOnlyMemory<byte> securityParameters, ScopedPdu scopedPdu)
    {
        GlobalData = globalData;
        SecurityParameters = securityParameters;
        ScopedPdu = scopedPdu ?? throw new ArgumentNullException(nameof(scopedPdu));
    }

    /// <summary>Creates a message whose msgData is an encryptedPDU.</summary>
    public SnmpV3Message(HeaderData globalData, ReadOnlyMemory<byte> securityParameters, ReadOnlyMemory<byte> encryptedPdu)
    {
        GlobalData = globalData;
        SecurityParameters = securityParameters;
        EncryptedPdu = encryptedPdu;
    }

    /// <summary>SNMPv3.</summary>
    public override SnmpVersion Version => SnmpVersion.SNMPv3;

    /// <summary>msgGlobalData.</summary>
    public HeaderData GlobalData { get; }

    /// <summary>The octets of msgSecurityParameters (for USM, a BER UsmSecurityParameters, RFC 3414 section 2.4).</summary>
    public ReadOnlyMemory<byte> SecurityParameters { get; }

    /// <summary>The plaintext ScopedPDU, or null when <see cref="IsEncrypted"/>.</summary>
    public ScopedPdu? ScopedPdu { get; }

    /// <summary>The encryptedPDU octets when <see cref="IsEncrypted"/>.</summary>
    public ReadOnlyMemory<byte> EncryptedPdu { get; }

    /// <summary>True when msgData is an encryptedPDU rather than a plaintext ScopedPDU.</summary>
    public bool IsEncrypted => ScopedPdu is null;
}
