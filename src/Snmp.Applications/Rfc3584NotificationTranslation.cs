using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// The notification parameter mappings of RFC 3584 section 3 between the SNMPv1 Trap-PDU and
/// the variable-bindings of an SNMPv2 notification (sysUpTime.0, snmpTrapOID.0, ...), used by
/// the notification receiver to present SNMPv1 traps as SNMPv2 notifications and by the
/// notification originator to send SNMPv2 notifications to SNMPv1 targets.
/// </summary>
internal static class Rfc3584NotificationTranslation
{
    /// <summary>sysUpTime.0 (SNMPv2-MIB).</summary>
    public static ObjectIdentifier SysUpTime0 { get; } = new(1, 3, 6, 1, 2, 1, 1, 3, 0);

    /// <summary>snmpTrapOID.0 (SNMPv2-MIB).</summary>
    public static ObjectIdentifier SnmpTrapOid0 { get; } = new(1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0);

    /// <summary>snmpTrapEnterprise.0 (SNMPv2-MIB).</summary>
    public static ObjectIdentifier SnmpTrapEnterprise0 { get; } = new(1, 3, 6, 1, 6, 3, 1, 1, 4, 3, 0);

    /// <summary>snmpTrapAddress.0 (SNMP-COMMUNITY-MIB).</summary>
    public static ObjectIdentifier SnmpTrapAddress0 { get; } = new(1, 3, 6, 1, 6, 3, 18, 1, 3, 0);

    /// <summary>snmpTrapCommunity.0 (SNMP-COMMUNITY-MIB).</summary>
    public static ObjectIdentifier SnmpTrapCommunity0 { get; } = new(1, 3, 6, 1, 6, 3, 18, 1, 4, 0);

    /// <summary>snmpTraps (SNMPv2-MIB): the parent of the generic traps coldStart(1) .. egpNeighborLoss(6).</summary>
    public static ObjectIdentifier SnmpTraps { get; } = new(1, 3, 6, 1, 6, 3, 1, 1, 5);

    /// <summary>
    /// snmpTrapOID.0 for a Trap-PDU (RFC 3584 section 3.1 step 1): enterprise.0.specific-trap for
    /// enterpriseSpecific, otherwise the generic trap snmpTraps.(generic-trap + 1).
    /// </summary>
    /// <exception cref="ArgumentException">generic-trap is outside 0 .. 6.</exception>
    public static ObjectIdentifier TrapOid(ObjectIdentifier enterprise, GenericTrap genericTrap, int specificTrap)
    {
        ArgumentNullException.ThrowIfNull(enterprise);
        return genericTrap switch
        {
            GenericTrap.EnterpriseSpecific => enterprise.Append(0, unchecked((uint)specificTrap)),
            >= GenericTrap.ColdStart and < GenericTrap.EnterpriseSpecific => SnmpTraps.Append((uint)genericTrap + 1),
            _ => throw new ArgumentException($"generic-trap {(int)genericTrap} is not defined by RFC 1157.", nameof(genericTrap)),
        };
    }

    /// <summary>
    /// The SNMPv2 notification variable-bindings for a Trap-PDU (RFC 3584 section 3.1):
    /// sysUpTime.0 (time-stamp), snmpTrapOID.0, the trap's own variable-bindings, then, unless
    /// already present, snmpTrapAddress.0 (agent-addr), snmpTrapCommunity.0 (when the community is
    /// known) and snmpTrapEnterprise.0 (enterprise).
    /// </summary>
    /// <exception cref="ArgumentException">generic-trap is outside 0 .. 6.</exception>
    public static VarBindList ToSnmpV2(TrapV1Pdu trap, OctetString? community = null)
    {
        ArgumentNullException.ThrowIfNull(trap);
        var list = new List<VarBind>(trap.VarBinds.Count + 5)
        {
            new(SysUpTime0, trap.TimeStamp),
            new(SnmpTrapOid0, TrapOid(trap.Enterprise, trap.GenericTrap, trap.SpecificTrap)),
        };
        list.AddRange(trap.VarBinds);
        AddIfMissing(list, trap.VarBinds, SnmpTrapAddress0, trap.AgentAddress);
        if (community is not null)
        {
            AddIfMissing(list, trap.VarBinds, SnmpTrapCommunity0, community);
        }

        AddIfMissing(list, trap.VarBinds, SnmpTrapEnterprise0, trap.Enterprise);
        return new VarBindList(list);
    }

    /// <summary>
    /// The Trap-PDU for SNMPv2 notification variable-bindings (RFC 3584 section 3.2): enterprise,
    /// generic-trap and specific-trap from snmpTrapOID.0 (and snmpTrapEnterprise.0 for the generic
    /// traps), agent-addr from snmpTrapAddress.0 (else 0.0.0.0), time-stamp from sysUpTime.0, and
    /// the remaining variable-bindings without Counter64 values, which SNMPv1 cannot carry.
    /// </summary>
    /// <exception cref="ArgumentException">The first two variable-bindings are not sysUpTime.0 and snmpTrapOID.0 with their types (RFC 3416 section 4.2.6).</exception>
    public static TrapV1Pdu ToSnmpV1(VarBindList notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Count < 2 || !notification[0].Oid.Equals(SysUpTime0) || notification[0].Value is not TimeTicks timeStamp ||
            !notification[1].Oid.Equals(SnmpTrapOid0) || notification[1].Value is not ObjectIdentifier trapOid)
        {
            throw new ArgumentException("An SNMPv2 notification starts with sysUpTime.0 and snmpTrapOID.0 (RFC 3416 section 4.2.6).", nameof(notification));
        }

        var rest = notification.AsSpan()[2..];
        ObjectIdentifier enterprise;
        GenericTrap generic;
        int specific;
        if (SnmpTraps.IsAncestorOf(trapOid) && trapOid.Length == SnmpTraps.Length + 1 && trapOid[^1] is >= 1 and <= 6)
        {
            generic = (GenericTrap)(trapOid[^1] - 1);
            specific = 0;
            enterprise = Find(rest, SnmpTrapEnterprise0) as ObjectIdentifier ?? SnmpTraps;
        }
        else
        {
            generic = GenericTrap.EnterpriseSpecific;
            specific = trapOid.Length > 0 ? unchecked((int)trapOid[^1]) : 0;
            // enterprise.0.specific-trap loses its 0; any other OID only its last sub-identifier.
            int cut = trapOid.Length >= 2 && trapOid[^2] == 0 ? 2 : 1;
            enterprise = new ObjectIdentifier(trapOid.SubIdentifiers[..Math.Max(0, trapOid.Length - cut)]);
        }

        var agentAddress = Find(rest, SnmpTrapAddress0) as IpAddress ?? new IpAddress(System.Net.IPAddress.Any);
        var varBinds = new List<VarBind>(rest.Length);
        foreach (var varBind in rest)
        {
            if (varBind.Value is not Counter64)
            {
                varBinds.Add(varBind);
            }
        }

        return new TrapV1Pdu(enterprise, agentAddress, generic, specific, timeStamp, new VarBindList(varBinds));
    }

    private static SnmpValue? Find(ReadOnlySpan<VarBind> varBinds, ObjectIdentifier oid)
    {
        foreach (var varBind in varBinds)
        {
            if (varBind.Oid.Equals(oid))
            {
                return varBind.Value;
            }
        }

        return null;
    }

    private static void AddIfMissing(List<VarBind> list, VarBindList original, ObjectIdentifier oid, SnmpValue value)
    {
        if (original.Find(oid) is null)
        {
            list.Add(new VarBind(oid, value));
        }
    }
}
