
namespace Snmp.Pdus;

/// <summary>
/// A protocol data unit: the part of a message that applications exchange. One of
/// <see cref="Pdu"/> (RFC 3416 "PDU"), <see cref="BulkPdu"/> ("BulkPDU") or
/// <see cref="TrapV1Pdu"/> (RFC 1157 "Trap-PDU").
/// </summary>
public abstract class SnmpPdu : IEquatable<SnmpPdu>
{
    private protected SnmpPdu(PduType type, VarBindList varBinds)
    {
        Type = type;
        VarBinds = varBinds ?? throw new ArgumentNullException(nameof(varBinds));
    }

    /// <summary>Which PDU this is.</summary>
    public PduType Type { get; }

    /// <summary>The variable-bindings.</summary>
    public VarBindList VarBinds { get; }

    /// <summary>
    /// The request-id, which correlates a Response with its request; 0 for the SNMPv1 Trap-PDU,
    /// which has none.
    /// </summary>
    public abstract int RequestId { get; }

    /// <inheritdoc />
    public abstract bool Equals(SnmpPdu? other);

    /// <inheritdoc />
    public sealed override bool Equals(object? obj) => Equals(obj as SnmpPdu);

    /// <inheritdoc />
    public abstract override int GetHashCode();
}

/// <summary>
/// The common PDU of RFC 3416 section 3: GetRequest, GetNextRequest, SetRequest, Response,
/// InformRequest, SNMPv2-Trap and Report (and SNMPv1's four request/response PDUs).
/// </summary>
public sealed class Pdu : SnmpPdu
{
    /// <summary>Creates a PDU.</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is GetBulkRequest or TrapV1, which have their own classes.</exception>
    public Pdu(PduType type, int requestId, ErrorStatus errorStatus, int errorIndex, VarBindList varBinds)
        : base(type, varBinds)
    {
        if (type is PduType.GetBulkRequest or PduType.TrapV1 || !Enum.IsDefined(type))
        {
            throw new ArgumentException($"{type} is not carried by the common PDU; use {(type == PduType.GetBulkRequest ? nameof(BulkPdu) : nameof(TrapV1Pdu))}.", nameof(type));
        }

        RequestId = requestId;
        ErrorStatus = errorStatus;
        ErrorIndex = errorIndex;
    }

    /// <summary>Creates a request PDU (error-status and error-index zero).</summary>
    public Pdu(PduType type, int requestId, VarBindList varBinds)
        : this(type, requestId, ErrorStatus.NoError, 0, varBinds)
    {
    }

    /// <inheritdoc />
    public override int RequestId { get; }

    /// <summary>error-status; zero in requests.</summary>
    public ErrorStatus ErrorStatus { get; }

    /// <summary>error-index: the 1-based position of the varbind in error, or zero.</summary>
    public int ErrorIndex { get; }

    /// <summary>This PDU with another request-id (retransmission keeps it; a new request does not).</summary>
    public Pdu WithRequestId(int requestId) => new(Type, requestId, ErrorStatus, ErrorIndex, VarBinds);

    /// <inheritdoc />
    public override bool Equals(SnmpPdu? other) =>
        other is Pdu o && o.Type == Type && o.RequestId == RequestId && o.ErrorStatus == ErrorStatus &&
        o.ErrorIndex == ErrorIndex && o.VarBinds.Equals(VarBinds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, RequestId, ErrorStatus, ErrorIndex, VarBinds);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Type} request-id={RequestId} error-status={ErrorStatus} error-index={ErrorIndex} varbinds={VarBinds.Count}";
}

/// <summary>The GetBulkRequest-PDU of RFC 3416 section 4.2.3 (BulkPDU).</summary>
public sealed class BulkPdu : SnmpPdu
{
    /// <summary>Creates a GetBulkRequest-PDU.</summary>
    public BulkPdu(int requestId, int nonRepeaters, int maxRepetitions, VarBindList varBinds)
        : base(PduType.GetBulkRequest, varBinds)
    {
        RequestId = requestId;
        NonRepeaters = nonRepeaters;
        MaxRepetitions = maxRepetitions;
    }

    /// <inheritdoc />
    public override int RequestId { get; }

    /// <summary>non-repeaters: how many leading varbinds get a single GetNext each.</summary>
    public int NonRepeaters { get; }

    /// <summary>max-repetitions: how many GetNext steps for each remaining varbind.</summary>
    public int MaxRepetitions { get; }

    /// <summary>This PDU with another request-id.</summary>
    public BulkPdu WithRequestId(int requestId) => new(requestId, NonRepeaters, MaxRepetitions, VarBinds);

    /// <inheritdoc />
    public override bool Equals(SnmpPdu? other) =>
        other is BulkPdu o && o.RequestId == RequestId && o.NonRepeaters == NonRepeaters &&
        o.MaxRepetitions == MaxRepetitions && o.VarBinds.Equals(VarBinds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, RequestId, NonRepeaters, MaxRepetitions, VarBinds);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Type} request-id={RequestId} non-repeaters={NonRepeaters} max-repetitions={MaxRepetitions} varbinds={VarBinds.Count}";
}

/// <summary>The SNMPv1 Trap-PDU (RFC 1157 section 4.1.6).</summary>
public sealed class TrapV1Pdu : SnmpPdu
{
    /// <summary>Creates an SNMPv1 Trap-PDU.</summary>
    public TrapV1Pdu(ObjectIdentifier enterprise, IpAddress agentAddress, GenericTrap genericTrap, int specificTrap, TimeTicks timeStamp, VarBindList varBinds)
        : base(PduType.TrapV1, varBinds)
    {
        Enterprise = enterprise ?? throw new ArgumentNullException(nameof(enterprise));
        AgentAddress = agentAddress ?? throw new ArgumentNullException(nameof(agentAddress));
        GenericTrap = genericTrap;
        SpecificTrap = specificTrap;
        TimeStamp = timeStamp ?? throw new ArgumentNullException(nameof(timeStamp));
    }

    /// <summary>Always 0: the SNMPv1 Trap-PDU has no request-id.</summary>
    public override int RequestId => 0;

    /// <summary>enterprise: the sysObjectID-style identity of the trap's source.</summary>
    public ObjectIdentifier Enterprise { get; }

    /// <summary>agent-addr.</summary>
    public IpAddress AgentAddress { get; }

    /// <summary>generic-trap.</summary>
    public GenericTrap GenericTrap { get; }

    /// <summary>specific-trap.</summary>
    public int SpecificTrap { get; }

    /// <summary>time-stamp: the sender's sysUpTime when the trap happened.</summary>
    public TimeTicks TimeStamp { get; }

    /// <inheritdoc />
    public override bool Equals(SnmpPdu? other) =>
        other is TrapV1Pdu o && o.Enterprise.Equals(Enterprise) && o.AgentAddress.Equals(AgentAddress) &&
        o.GenericTrap == GenericTrap && o.SpecificTrap == SpecificTrap && o.TimeStamp.Equals(TimeStamp) &&
        o.VarBinds.Equals(VarBinds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Enterprise, AgentAddress, GenericTrap, SpecificTrap, TimeStamp, VarBinds);

    /// <inheritdoc />
    public override string ToString() =>
        $"Trap enterprise={Enterprise} agent-addr={AgentAddress} generic-trap={GenericTrap} specific-trap={SpecificTrap} time-stamp={TimeStamp}";
}
