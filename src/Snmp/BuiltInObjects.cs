using Snmp.AbstractServices;

namespace Snmp;

/// <summary>The objects every agent serves about itself.</summary>
internal static class BuiltInObjects
{
    /// <summary>Registers the built-in objects in <paramref name="mib"/> and returns snmpEnableAuthenTraps (RFC 3418), whose value the agent consults.</summary>
    public static MibScalar Register(MibTree mib, AgentOptions options, LocalEngine engine, SnmpStatistics statistics)
    {
        // SNMPv2-MIB system group (RFC 3418).
        ObjectIdentifier system = "1.3.6.1.2.1.1";
        mib.AddScalar(system.Append(1), new OctetString(options.SysDescr));
        mib.AddScalar(system.Append(2), options.SysObjectId);
        mib.AddScalar(system.Append(3), SnmpType.TimeTicks, () => new TimeTicks(engine.UpTimeTicks));
        mib.Register(new MibScalar(system.Append(4), new OctetString(options.SysContact), writable: true, validate: DisplayString));
        mib.Register(new MibScalar(system.Append(5), new OctetString(options.SysName ?? Environment.MachineName), writable: true, validate: DisplayString));
        mib.Register(new MibScalar(system.Append(6), new OctetString(options.SysLocation), writable: true, validate: DisplayString));
        mib.AddScalar(system.Append(7), new Integer32(72)); // applications + end-to-end (RFC 3418 sysServices)
        mib.AddScalar(system.Append(8), new TimeTicks(0));  // sysORLastChange: the sysORTable never changes

        // sysORTable (RFC 3418): the MIB modules this agent implements, by their compliance
        // statements (module OID for SNMPv2-MIB), all present since start-up.
        var sysOR = mib.AddTable(system.Append(9, 1),
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),
            new MibColumn(2, SnmpType.ObjectIdentifier),
            new MibColumn(3, SnmpType.OctetString),
            new MibColumn(4, SnmpType.TimeTicks));
        (string Oid, string Description)[] modules =
        [
            ("1.3.6.1.6.3.1", "The MIB module for SNMPv2 entities (RFC 3418)"),
            ("1.3.6.1.6.3.10.3.1.1", "The SNMP management architecture MIB (RFC 3411)"),
            ("1.3.6.1.6.3.11.3.1.1", "The MIB for message processing and dispatching (RFC 3412)"),
            ("1.3.6.1.6.3.15.2.1.1", "The management information definitions for the User-based Security Model (RFC 3414)"),
            ("1.3.6.1.6.3.16.2.1.1", "The View-based Access Control Model (RFC 3415)"),
        ];
        for (int i = 0; i < modules.Length; i++)
        {
            sysOR.SetRow(new ObjectIdentifier((uint)i + 1), new Integer32(i + 1), new ObjectIdentifier(modules[i].Oid), new OctetString(modules[i].Description), new TimeTicks(0));
        }

        // SNMPv2-MIB snmp group (RFC 3418) and the counters of SNMP-MPD-MIB, SNMP-TARGET-MIB, usmStats.
        foreach (var counter in Enum.GetValues<SnmpCounter>())
        {
            var instance = SnmpCounterObjects.InstanceOf(counter);
            var object_ = new ObjectIdentifier(instance.SubIdentifiers[..^1]);
            mib.AddScalar(object_, SnmpType.Counter32, () => new Counter32((uint)statistics[counter]));
        }

        // The counters the engine's modules declare (a TSM's tsmStats, a plug-in's own), served the same way.
        foreach (var declared in statistics.Registry.ModuleCounters)
        {
            var instance = declared.Instance;
            if (instance.SubIdentifiers.Length > 1 && instance.SubIdentifiers[^1] == 0)
            {
                mib.AddScalar(new ObjectIdentifier(instance.SubIdentifiers[..^1]), SnmpType.Counter32, () => new Counter32((uint)statistics[instance]));
            }
        }

        // snmpEnableAuthenTraps: enabled(1) or disabled(2).
        var enableAuthenTraps = new MibScalar("1.3.6.1.2.1.11.30", new Integer32(options.EnableAuthenticationTraps ? 1 : 2), writable: true,
            validate: v => ((Integer32)v).Value is 1 or 2 ? ErrorStatus.NoError : ErrorStatus.WrongValue);
        mib.Register(enableAuthenTraps);

        // SNMP-FRAMEWORK-MIB snmpEngine group (RFC 3411 section 5).
        ObjectIdentifier snmpEngine = "1.3.6.1.6.3.10.2.1";
        mib.AddScalar(snmpEngine.Append(1), engine.EngineId);
        mib.AddScalar(snmpEngine.Append(2), new Integer32(engine.Boots));
        mib.AddScalar(snmpEngine.Append(3), SnmpType.Integer32, () => new Integer32(engine.Time));
        mib.AddScalar(snmpEngine.Append(4), new Integer32(options.MaxMessageSize));
        return enableAuthenTraps;
    }

    private static ErrorStatus DisplayString(SnmpValue value)
    {
        // RFC 2579 DisplayString: SIZE (0..255), NVT ASCII.
        var octets = ((OctetString)value).Value.Span;
        if (octets.Length > 255)
        {
            return ErrorStatus.WrongLength;
        }

        foreach (byte b in octets)
        {
            if (b > 127)
            {
                return ErrorStatus.WrongValue;
            }
        }

        return ErrorStatus.NoError;
    }
}
