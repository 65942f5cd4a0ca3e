namespace Snmp.Smi.Modules;

/// <summary>
/// The SMI's own modules, built in so that a module importing them loads without their files:
/// SNMPv2-SMI (RFC 2578), SNMPv2-TC (RFC 2579), SNMPv2-CONF (RFC 2580), RFC1155-SMI, RFC-1212 and
/// RFC-1215. Written here from the RFCs' definitions (names, OIDs, types, display hints); the
/// macros are declared, not defined (the compiler knows them). A file of the same module name in a
/// search directory takes precedence.
/// </summary>
internal static class BaseModules
{
    public const string File = "(built-in)";

    public static readonly IReadOnlyDictionary<string, string> Text = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SNMPv2-SMI"] = """
            SNMPv2-SMI DEFINITIONS ::= BEGIN
            MODULE-IDENTITY MACRO ::= BEGIN END
            OBJECT-IDENTITY MACRO ::= BEGIN END
            OBJECT-TYPE MACRO ::= BEGIN END
            NOTIFICATION-TYPE MACRO ::= BEGIN END
            org OBJECT IDENTIFIER ::= { iso 3 }
            dod OBJECT IDENTIFIER ::= { org 6 }
            internet OBJECT IDENTIFIER ::= { dod 1 }
            directory OBJECT IDENTIFIER ::= { internet 1 }
            mgmt OBJECT IDENTIFIER ::= { internet 2 }
            mib-2 OBJECT IDENTIFIER ::= { mgmt 1 }
            transmission OBJECT IDENTIFIER ::= { mib-2 10 }
            experimental OBJECT IDENTIFIER ::= { internet 3 }
            private OBJECT IDENTIFIER ::= { internet 4 }
            enterprises OBJECT IDENTIFIER ::= { private 1 }
            security OBJECT IDENTIFIER ::= { internet 5 }
            snmpV2 OBJECT IDENTIFIER ::= { internet 6 }
            snmpDomains OBJECT IDENTIFIER ::= { snmpV2 1 }
            snmpProxys OBJECT IDENTIFIER ::= { snmpV2 2 }
            snmpModules OBJECT IDENTIFIER ::= { snmpV2 3 }
            zeroDotZero OBJECT-IDENTITY
                STATUS current
                DESCRIPTION "The null value of an OBJECT IDENTIFIER (RFC 2578 section 2)."
                ::= { 0 0 }
            ObjectName ::= OBJECT IDENTIFIER
            NotificationName ::= OBJECT IDENTIFIER
            Integer32 ::= INTEGER (-2147483648..2147483647)
            IpAddress ::= [APPLICATION 0] IMPLICIT OCTET STRING (SIZE (4))
            Counter32 ::= [APPLICATION 1] IMPLICIT INTEGER (0..4294967295)
            Gauge32 ::= [APPLICATION 2] IMPLICIT INTEGER (0..4294967295)
            Unsigned32 ::= [APPLICATION 2] IMPLICIT INTEGER (0..4294967295)
            TimeTicks ::= [APPLICATION 3] IMPLICIT INTEGER (0..4294967295)
            Opaque ::= [APPLICATION 4] IMPLICIT OCTET STRING
            Counter64 ::= [APPLICATION 6] IMPLICIT INTEGER (0..18446744073709551615)
            END
            """,
        ["SNMPv2-TC"] = """
            SNMPv2-TC DEFINITIONS ::= BEGIN
            IMPORTS TimeTicks FROM SNMPv2-SMI;
            TEXTUAL-CONVENTION MACRO ::= BEGIN END
            DisplayString ::= TEXTUAL-CONVENTION DISPLAY-HINT "255a" STATUS current
                DESCRIPTION "NVT ASCII text (RFC 2579)." SYNTAX OCTET STRING (SIZE (0..255))
            PhysAddress ::= TEXTUAL-CONVENTION DISPLAY-HINT "1x:" STATUS current
                DESCRIPTION "A media- or physical-level address." SYNTAX OCTET STRING
            MacAddress ::= TEXTUAL-CONVENTION DISPLAY-HINT "1x:" STATUS current
                DESCRIPTION "An 802 MAC address in canonical order." SYNTAX OCTET STRING (SIZE (6))
            TruthValue ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "A boolean." SYNTAX INTEGER { true(1), false(2) }
            TestAndIncr ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "An integer spin lock." SYNTAX INTEGER (0..2147483647)
            AutonomousType ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "An independently extensible type identification." SYNTAX OBJECT IDENTIFIER
            InstancePointer ::= TEXTUAL-CONVENTION STATUS obsolete
                DESCRIPTION "A pointer to an object instance (obsolete)." SYNTAX OBJECT IDENTIFIER
            VariablePointer ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "A pointer to an object instance." SYNTAX OBJECT IDENTIFIER
            RowPointer ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "A pointer to a conceptual row." SYNTAX OBJECT IDENTIFIER
            RowStatus ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "The status of a conceptual row (RFC 2579)."
                SYNTAX INTEGER { active(1), notInService(2), notReady(3), createAndGo(4), createAndWait(5), destroy(6) }
            TimeStamp ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "The value of sysUpTime at an event." SYNTAX TimeTicks
            TimeInterval ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "A period of time in hundredths of a second." SYNTAX INTEGER (0..2147483647)
            DateAndTime ::= TEXTUAL-CONVENTION DISPLAY-HINT "2d-1d-1d,1d:1d:1d.1d,1a1d:1d" STATUS current
                DESCRIPTION "A date-time specification." SYNTAX OCTET STRING (SIZE (8 | 11))
            StorageType ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "The implementation's kind of storage for a row."
                SYNTAX INTEGER { other(1), volatile(2), nonVolatile(3), permanent(4), readOnly(5) }
            TDomain ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "A kind of transport service." SYNTAX OBJECT IDENTIFIER
            TAddress ::= TEXTUAL-CONVENTION STATUS current
                DESCRIPTION "A transport service address." SYNTAX OCTET STRING (SIZE (1..255))
            END
            """,
        ["SNMPv2-CONF"] = """
            SNMPv2-CONF DEFINITIONS ::= BEGIN
            OBJECT-GROUP MACRO ::= BEGIN END
            NOTIFICATION-GROUP MACRO ::= BEGIN END
            MODULE-COMPLIANCE MACRO ::= BEGIN END
            AGENT-CAPABILITIES MACRO ::= BEGIN END
            END
            """,
        ["RFC1155-SMI"] = """
            RFC1155-SMI DEFINITIONS ::= BEGIN
            OBJECT-TYPE MACRO ::= BEGIN END
            internet OBJECT IDENTIFIER ::= { iso org(3) dod(6) 1 }
            directory OBJECT IDENTIFIER ::= { internet 1 }
            mgmt OBJECT IDENTIFIER ::= { internet 2 }
            experimental OBJECT IDENTIFIER ::= { internet 3 }
            private OBJECT IDENTIFIER ::= { internet 4 }
            enterprises OBJECT IDENTIFIER ::= { private 1 }
            ObjectName ::= OBJECT IDENTIFIER
            NetworkAddress ::= CHOICE { internet IpAddress }
            IpAddress ::= [APPLICATION 0] IMPLICIT OCTET STRING (SIZE (4))
            Counter ::= [APPLICATION 1] IMPLICIT INTEGER (0..4294967295)
            Gauge ::= [APPLICATION 2] IMPLICIT INTEGER (0..4294967295)
            TimeTicks ::= [APPLICATION 3] IMPLICIT INTEGER (0..4294967295)
            Opaque ::= [APPLICATION 4] IMPLICIT OCTET STRING
            END
            """,
        ["RFC-1212"] = """
            RFC-1212 DEFINITIONS ::= BEGIN
            OBJECT-TYPE MACRO ::= BEGIN END
            END
            """,
        ["RFC-1215"] = """
            RFC-1215 DEFINITIONS ::= BEGIN
            TRAP-TYPE MACRO ::= BEGIN END
            END
            """,
    };
}
