using System.Buffers.Binary;
using System.Net;
using System.Text;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Configuration;

/// <summary>
/// SNMP-TARGET-MIB (snmpTargetSpinLock, snmpTargetAddrTable, snmpTargetParamsTable) and
/// SNMP-NOTIFICATION-MIB (snmpNotifyTable, snmpNotifyFilterProfileTable, snmpNotifyFilterTable),
/// RFC 3413 section 4, served from the agent's <see cref="NotificationTables"/>: the rows the
/// agent's notifications are sent by.
/// </summary>
internal static class TargetMib
{
    public static readonly ObjectIdentifier SpinLock = "1.3.6.1.6.3.12.1.1";
    public static readonly ObjectIdentifier AddrEntry = "1.3.6.1.6.3.12.1.2.1";
    public static readonly ObjectIdentifier ParamsEntry = "1.3.6.1.6.3.12.1.3.1";
    public static readonly ObjectIdentifier NotifyEntry = "1.3.6.1.6.3.13.1.1.1";
    public static readonly ObjectIdentifier FilterProfileEntry = "1.3.6.1.6.3.13.1.2.1";
    public static readonly ObjectIdentifier FilterEntry = "1.3.6.1.6.3.13.1.3.1";

    /// <summary>Registers the two modules' objects in <paramref name="mib"/>.</summary>
    /// <param name="mib">The default context's tree.</param>
    /// <param name="tables">The agent's notification tables.</param>
    /// <param name="effectiveLevel">The level an application target without one sends at (what snmpTargetParamsSecurityLevel reads).</param>
    /// <param name="changed">Called after each committed change.</param>
    public static void Register(MibTree mib, NotificationTables tables, Func<TargetParamsRow, SecurityLevel> effectiveLevel, Action? changed)
    {
        mib.Register(new TestAndIncr(SpinLock));
        mib.Register(new AddrTable(tables) { Changed = changed });
        mib.Register(new ParamsTable(tables, effectiveLevel) { Changed = changed });
        mib.Register(new NotifyTable(tables) { Changed = changed });
        mib.Register(new FilterProfileTable(tables) { Changed = changed });
        mib.Register(new FilterTable(tables) { Changed = changed });
    }

    private static RowColumn Column(uint id, SnmpType type) => new(id, type, MibAccess.ReadCreate);

    private static RowColumn Index(uint id, SnmpType type) => new(id, type, MibAccess.NotAccessible);

    private static RowColumn Storage(uint id) => new(id, SnmpType.Integer32, MibAccess.ReadCreate) { IsStorageType = true };

    private static RowColumn Status(uint id) => new(id, SnmpType.Integer32, MibAccess.ReadCreate) { IsRowStatus = true };

    private static ObjectIdentifier Implied(string name) => new ObjectIdentifier().AppendIndex(IndexValue.ImpliedString(IndexText.Octets(name)));

    /// <summary>An IMPLIED SnmpAdminString (SIZE(1..32)) index, or null.</summary>
    private static string? ImpliedName(ObjectIdentifier index) =>
        IndexText.Read(index, r => r.ReadImpliedString()) is { Length: >= 1 and <= 32 } octets ? IndexText.AdminString(octets) : null;

    /// <summary>An SnmpAdminString value of <paramref name="minimum"/>..32 octets: the string, or the error (wrongLength, wrongValue).</summary>
    private static ErrorStatus AdminString(SnmpValue value, int minimum, int maximum, out string text)
    {
        var octets = (OctetString)value;
        text = "";
        if (octets.Length < minimum || octets.Length > maximum)
        {
            return ErrorStatus.WrongLength;
        }

        var decoded = IndexText.AdminString(octets);
        if (decoded is null)
        {
            return ErrorStatus.WrongValue;
        }

        text = decoded;
        return ErrorStatus.NoError;
    }

    /// <summary>snmpTargetAddrTable: INDEX { IMPLIED snmpTargetAddrName }.</summary>
    private sealed class AddrTable(NotificationTables tables) : ConceptualRowTable<TargetAddrRow>(AddrEntry,
        Index(1, SnmpType.OctetString), Column(2, SnmpType.ObjectIdentifier), Column(3, SnmpType.OctetString), Column(4, SnmpType.Integer32),
        Column(5, SnmpType.Integer32), Column(6, SnmpType.OctetString), Column(7, SnmpType.OctetString), Storage(8), Status(9))
    {
        protected override IEnumerable<ObjectIdentifier> Indexes() => tables.Addresses.All().Select(r => Implied(r.Name));

        protected override TargetAddrRow? Load(ObjectIdentifier index) => ImpliedName(index) is { } name ? tables.Addresses.Find(name)?.Copy() : null;

        protected override TargetAddrRow? Create(ObjectIdentifier index, SetTransaction transaction) =>
            ImpliedName(index) is { } name ? new TargetAddrRow { Name = name, StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, TargetAddrRow row, uint column) => column switch
        {
            2 => row.Domain,
            3 => row.Address,
            4 => new Integer32(row.Timeout),
            5 => new Integer32(row.RetryCount),
            6 => IndexText.Octets(row.TagList),
            7 => row.Params is null ? null : IndexText.Octets(row.Params),
            _ => null,
        };

        protected override ErrorStatus Write(ObjectIdentifier index, TargetAddrRow row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            switch (column)
            {
                case 2:
                    row.Domain = (ObjectIdentifier)value;
                    row.Parsed = null;
                    return ErrorStatus.NoError;
                case 3:
                    // snmpTargetAddrTAddress: TAddress (SIZE (1..255)).
                    if (((OctetString)value).Length is < 1 or > 255)
                    {
                        return ErrorStatus.WrongLength;
                    }

                    row.Address = (OctetString)value;
                    row.Parsed = null;
                    return ErrorStatus.NoError;
                case 4 or 5:
                    int number = ((Integer32)value).Value;
                    if (number < 0 || column == 5 && number > 255)
                    {
                        return ErrorStatus.WrongValue;
                    }

                    if (column == 4)
                    {
                        row.Timeout = number;
                    }
                    else
                    {
                        row.RetryCount = number;
                    }

                    return ErrorStatus.NoError;
                case 6:
                {
                    // SnmpTagList: no leading, trailing or adjacent delimiters (RFC 3413 section 4.1.1).
                    var error = AdminString(value, 0, 255, out var list);
                    if (error != ErrorStatus.NoError)
                    {
                        return error;
                    }

                    if (TagLists.Parse(list) is null)
                    {
                        return ErrorStatus.WrongValue;
                    }

                    row.TagList = list;
                    return ErrorStatus.NoError;
                }

                default:
                {
                    var error = AdminString(value, 1, 32, out var name);
                    row.Params = error == ErrorStatus.NoError ? name : row.Params;
                    return error;
                }
            }
        }

        protected override bool IsReady(TargetAddrRow row) => row.Domain is not null && row.Address is not null && row.Params is not null;

        protected override (ErrorStatus Error, uint Column) Check(ObjectIdentifier index, TargetAddrRow? before, TargetAddrRow? after) =>
            // An address this agent cannot send to is refused when it is written, not when a notification fails.
            after is { Parsed: null, Domain: not null, Address: not null } && TransportAddresses.Decode(after.Domain, after.Address) is null
                ? (ErrorStatus.InconsistentValue, 3u)
                : (ErrorStatus.NoError, 0u);

        protected override void Store(ObjectIdentifier index, TargetAddrRow? row)
        {
            var name = ImpliedName(index)!;
            if (row is null)
            {
                tables.Addresses.Remove(name);
            }
            else
            {
                if (tables.TakePendingExtension(name) is { } extension)
                {
                    row.TMask = extension.TMask;
                    row.Mms = extension.Mms;
                }

                tables.Addresses.Put(name, row);
            }
        }
    }

    /// <summary>snmpTargetParamsTable: INDEX { IMPLIED snmpTargetParamsName }.</summary>
    private sealed class ParamsTable(NotificationTables tables, Func<TargetParamsRow, SecurityLevel> effectiveLevel) : ConceptualRowTable<TargetParamsRow>(ParamsEntry,
        Index(1, SnmpType.OctetString), Column(2, SnmpType.Integer32), Column(3, SnmpType.Integer32), Column(4, SnmpType.OctetString), Column(5, SnmpType.Integer32),
        Storage(6), Status(7))
    {
        protected override IEnumerable<ObjectIdentifier> Indexes() => tables.Params.All().Select(r => Implied(r.Name));

        protected override TargetParamsRow? Load(ObjectIdentifier index) => ImpliedName(index) is { } name ? tables.Params.Find(name)?.Copy() : null;

        protected override TargetParamsRow? Create(ObjectIdentifier index, SetTransaction transaction) =>
            ImpliedName(index) is { } name ? new TargetParamsRow { Name = name, StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, TargetParamsRow row, uint column) => column switch
        {
            2 => row.MessageProcessingModel is { } mp ? new Integer32(mp) : null,
            3 => row.SecurityModel is { } model ? new Integer32(model) : null,
            4 => row.SecurityName,
            5 => row.SecurityLevel is { } level ? new Integer32((int)level) : row.SecurityName is null ? null : new Integer32((int)effectiveLevel(row)),
            _ => null,
        };

        protected override ErrorStatus Write(ObjectIdentifier index, TargetParamsRow row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            switch (column)
            {
                case 2 or 3:
                    int number = ((Integer32)value).Value;
                    if (number < (column == 2 ? 0 : 1))
                    {
                        return ErrorStatus.WrongValue;
                    }

                    if (column == 2)
                    {
                        row.MessageProcessingModel = number;
                    }
                    else
                    {
                        row.SecurityModel = number;
                    }

                    return ErrorStatus.NoError;
                case 4:
                    if (((OctetString)value).Length > 255)
                    {
                        return ErrorStatus.WrongLength;
                    }

                    row.SecurityName = (OctetString)value;
                    return ErrorStatus.NoError;
                default:
                    if (((Integer32)value).Value is < 1 or > 3)
                    {
                        return ErrorStatus.WrongValue;
                    }

                    row.SecurityLevel = (SecurityLevel)((Integer32)value).Value;
                    row.LevelGiven = true;
                    return ErrorStatus.NoError;
            }
        }

        protected override bool IsReady(TargetParamsRow row) =>
            row.MessageProcessingModel is not null && row.SecurityModel is not null && row.SecurityName is not null && (row.SecurityLevel is not null || !row.LevelGiven && row.StorageType == StorageType.Permanent);

        protected override void Store(ObjectIdentifier index, TargetParamsRow? row)
        {
            var name = ImpliedName(index)!;
            if (row is null)
            {
                tables.Params.Remove(name);
            }
            else
            {
                tables.Params.Put(name, row);
            }
        }
    }

    /// <summary>snmpNotifyTable: INDEX { IMPLIED snmpNotifyName }.</summary>
    private sealed class NotifyTable(NotificationTables tables) : ConceptualRowTable<NotifyRow>(NotifyEntry,
        Index(1, SnmpType.OctetString), Column(2, SnmpType.OctetString), Column(3, SnmpType.Integer32), Storage(4), Status(5))
    {
        protected override IEnumerable<ObjectIdentifier> Indexes() => tables.Notifications.All().Select(r => Implied(r.Name));

        protected override NotifyRow? Load(ObjectIdentifier index) => ImpliedName(index) is { } name ? tables.Notifications.Find(name)?.Copy() : null;

        protected override NotifyRow? Create(ObjectIdentifier index, SetTransaction transaction) =>
            ImpliedName(index) is { } name ? new NotifyRow { Name = name, StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, NotifyRow row, uint column) => column switch
        {
            2 => IndexText.Octets(row.Tag),
            3 => new Integer32(row.Type),
            _ => null,
        };

        protected override ErrorStatus Write(ObjectIdentifier index, NotifyRow row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            if (column == 3)
            {
                if (((Integer32)value).Value is not (1 or 2))
                {
                    return ErrorStatus.WrongValue;
                }

                row.Type = ((Integer32)value).Value;
                return ErrorStatus.NoError;
            }

            var error = AdminString(value, 0, 255, out var tag);
            if (error != ErrorStatus.NoError)
            {
                return error;
            }

            if (!TagLists.IsTagValue(tag))
            {
                return ErrorStatus.WrongValue; // SnmpTagValue: one tag, no delimiter
            }

            row.Tag = tag;
            return ErrorStatus.NoError;
        }

        protected override bool IsReady(NotifyRow row) => true;

        protected override void Store(ObjectIdentifier index, NotifyRow? row)
        {
            var name = ImpliedName(index)!;
            if (row is null)
            {
                tables.Notifications.Remove(name);
            }
            else
            {
                tables.Notifications.Put(name, row);
            }
        }
    }

    /// <summary>snmpNotifyFilterProfileTable: INDEX { IMPLIED snmpTargetParamsName }.</summary>
    private sealed class FilterProfileTable(NotificationTables tables) : ConceptualRowTable<FilterProfileRow>(FilterProfileEntry,
        Column(1, SnmpType.OctetString), Storage(2), Status(3))
    {
        protected override IEnumerable<ObjectIdentifier> Indexes() => tables.FilterProfiles.All().Select(r => Implied(r.ParamsName));

        protected override FilterProfileRow? Load(ObjectIdentifier index) => ImpliedName(index) is { } name ? tables.FilterProfiles.Find(name)?.Copy() : null;

        protected override FilterProfileRow? Create(ObjectIdentifier index, SetTransaction transaction) =>
            ImpliedName(index) is { } name ? new FilterProfileRow { ParamsName = name, StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, FilterProfileRow row, uint column) =>
            column == 1 && row.ProfileName is not null ? IndexText.Octets(row.ProfileName) : null;

        protected override ErrorStatus Write(ObjectIdentifier index, FilterProfileRow row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            var error = AdminString(value, 1, 32, out var profile);
            row.ProfileName = error == ErrorStatus.NoError ? profile : row.ProfileName;
            return error;
        }

        protected override bool IsReady(FilterProfileRow row) => row.ProfileName is not null;

        protected override void Store(ObjectIdentifier index, FilterProfileRow? row)
        {
            var name = ImpliedName(index)!;
            if (row is null)
            {
                tables.FilterProfiles.Remove(name);
            }
            else
            {
                tables.FilterProfiles.Put(name, row);
            }
        }
    }

    /// <summary>snmpNotifyFilterTable: INDEX { snmpNotifyFilterProfileName, IMPLIED snmpNotifyFilterSubtree }.</summary>
    private sealed class FilterTable(NotificationTables tables) : ConceptualRowTable<FilterRow>(FilterEntry,
        Index(1, SnmpType.ObjectIdentifier), Column(2, SnmpType.OctetString), Column(3, SnmpType.Integer32), Storage(4), Status(5))
    {
        private static ObjectIdentifier IndexOf(FilterRow row) =>
            new ObjectIdentifier().AppendIndex(IndexValue.String(IndexText.Octets(row.ProfileName)), IndexValue.ImpliedOid(row.Subtree));

        private static (string Profile, ObjectIdentifier Subtree)? Key(ObjectIdentifier index) =>
            IndexText.Read<(string, ObjectIdentifier)?>(index, r =>
                r.ReadString() is { Length: >= 1 and <= 32 } octets && IndexText.AdminString(octets) is { } profile ? (profile, r.ReadImpliedObjectIdentifier()) : null);

        protected override IEnumerable<ObjectIdentifier> Indexes() => tables.Filters.All().Select(IndexOf);

        protected override FilterRow? Load(ObjectIdentifier index) => Key(index) is { } key ? tables.Filters.Find(key)?.Copy() : null;

        protected override FilterRow? Create(ObjectIdentifier index, SetTransaction transaction) =>
            Key(index) is { } key ? new FilterRow { ProfileName = key.Profile, Subtree = key.Subtree, StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, FilterRow row, uint column) => column switch
        {
            2 => new OctetString(row.Mask),
            3 => new Integer32((int)row.Type),
            _ => null,
        };

        protected override ErrorStatus Write(ObjectIdentifier index, FilterRow row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            if (column == 2)
            {
                if (((OctetString)value).Length > 16)
                {
                    return ErrorStatus.WrongLength;
                }

                row.Mask = ((OctetString)value).ToArray();
                return ErrorStatus.NoError;
            }

            if (((Integer32)value).Value is not (1 or 2))
            {
                return ErrorStatus.WrongValue;
            }

            row.Type = (ViewFamilyType)((Integer32)value).Value;
            return ErrorStatus.NoError;
        }

        protected override bool IsReady(FilterRow row) => true;

        protected override void Store(ObjectIdentifier index, FilterRow? row)
        {
            var key = Key(index)!.Value;
            if (row is null)
            {
                tables.Filters.Remove(key);
            }
            else
            {
                tables.Filters.Put(key, row);
            }
        }
    }
}

/// <summary>
/// TAddress values of the transport domains (RFC 3417 section 2 for snmpUDPDomain; RFC 3419's
/// transportAddressIPv4/IPv6 for the UDP and TCP domains of IPv6 and TCP): the address octets
/// then the port, in network order.
/// </summary>
internal static class TransportAddresses
{
    private static readonly TransportDomain[] IpDomains = [TransportDomain.UdpIpv4, TransportDomain.UdpIpv6, TransportDomain.TcpIpv4, TransportDomain.TcpIpv6];

    /// <summary>The TAddress of <paramref name="endPoint"/>: IP address and port octets, or the text of another transport's address.</summary>
    public static OctetString Encode(EndPoint endPoint, string text)
    {
        if (endPoint is not IPEndPoint ip)
        {
            return new OctetString(Encoding.UTF8.GetBytes(text));
        }

        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        var octets = new byte[address.GetAddressBytes().Length + 2];
        address.GetAddressBytes().CopyTo(octets, 0);
        BinaryPrimitives.WriteUInt16BigEndian(octets.AsSpan(octets.Length - 2), (ushort)ip.Port);
        return new OctetString(octets);
    }

    /// <summary>The domain and address a (snmpTargetAddrTDomain, snmpTargetAddrTAddress) pair names, or null when this agent cannot send there.</summary>
    public static (TransportDomain Domain, EndPoint EndPoint)? Decode(ObjectIdentifier domainOid, OctetString address)
    {
        var domain = IpDomains.FirstOrDefault(d => d.Oid.Equals(domainOid));
        if (domain is null)
        {
            return null;
        }

        bool v6 = domain == TransportDomain.UdpIpv6 || domain == TransportDomain.TcpIpv6;
        int length = v6 ? 18 : 6;
        if (address.Length != length)
        {
            return null;
        }

        var octets = address.Span;
        return (domain, new IPEndPoint(new IPAddress(octets[..(length - 2)]), BinaryPrimitives.ReadUInt16BigEndian(octets[(length - 2)..])));
    }
}
