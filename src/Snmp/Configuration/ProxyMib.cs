using Snmp.Pdus;

namespace Snmp.Configuration;

/// <summary>snmpProxyEntry (SNMP-PROXY-MIB, RFC 3413 section 4.3): the translation parameters of one proxy forwarding rule.</summary>
internal sealed class ProxyRow : IConceptualRow
{
    public required string Name { get; init; }

    /// <summary>snmpProxyType; null until written (the column has no DEFVAL).</summary>
    public ProxyType? Type { get; set; }

    /// <summary>snmpProxyContextEngineID (SnmpEngineID, 5..32 octets); null until written.</summary>
    public OctetString? ContextEngineId { get; set; }

    /// <summary>snmpProxyContextName.</summary>
    public string ContextName { get; set; } = "";

    /// <summary>snmpProxyTargetParamsIn: the snmpTargetParamsName whose entry an incoming message's parameters must match; null until written.</summary>
    public string? TargetParamsIn { get; set; }

    /// <summary>snmpProxySingleTargetOut: the snmpTargetAddrName requests go to.</summary>
    public string SingleTargetOut { get; set; } = "";

    /// <summary>snmpProxyMultipleTargetOut: the tag of the snmpTargetAddrEntries notifications go to.</summary>
    public string MultipleTargetOut { get; set; } = "";

    public RowStatus Status { get; set; }

    public StorageType StorageType { get; set; }

    public ProxyRow Copy() => (ProxyRow)MemberwiseClone();
}

/// <summary>
/// SNMP-PROXY-MIB's snmpProxyTable (RFC 3413 section 4.3) served from the agent's
/// <see cref="NotificationTables.Proxies"/>: the rows its Proxy Forwarder translates by, whether
/// <see cref="Agent.AddProxy"/> added them or a manager did with Set.
/// </summary>
internal static class ProxyMib
{
    public static readonly ObjectIdentifier ProxyEntry = "1.3.6.1.6.3.14.1.2.1";

    /// <summary>Registers snmpProxyTable in <paramref name="mib"/>; <paramref name="changed"/> is called after each committed change.</summary>
    public static void Register(MibTree mib, NotificationTables tables, Action? changed) =>
        mib.Register(new ProxyTable(tables) { Changed = changed });

    private static ObjectIdentifier Implied(string name) => new ObjectIdentifier().AppendIndex(IndexValue.ImpliedString(IndexText.Octets(name)));

    private static string? ImpliedName(ObjectIdentifier index) =>
        IndexText.Read(index, r => r.ReadImpliedString()) is { Length: >= 1 and <= 32 } octets ? IndexText.AdminString(octets) : null;

    /// <summary>snmpProxyTable: INDEX { IMPLIED snmpProxyName }.</summary>
    private sealed class ProxyTable(NotificationTables tables) : ConceptualRowTable<ProxyRow>(ProxyEntry,
        new RowColumn(1, SnmpType.OctetString, MibAccess.NotAccessible),
        Column(2, SnmpType.Integer32), Column(3, SnmpType.OctetString), Column(4, SnmpType.OctetString), Column(5, SnmpType.OctetString),
        Column(6, SnmpType.OctetString), Column(7, SnmpType.OctetString),
        new RowColumn(8, SnmpType.Integer32, MibAccess.ReadCreate) { IsStorageType = true },
        new RowColumn(9, SnmpType.Integer32, MibAccess.ReadCreate) { IsRowStatus = true })
    {
        private static RowColumn Column(uint id, SnmpType type) => new(id, type, MibAccess.ReadCreate);

        protected override IEnumerable<ObjectIdentifier> Indexes() => tables.Proxies.All().Select(r => Implied(r.Name));

        protected override ProxyRow? Load(ObjectIdentifier index) => ImpliedName(index) is { } name ? tables.Proxies.Find(name)?.Copy() : null;

        protected override ProxyRow? Create(ObjectIdentifier index, SetTransaction transaction) =>
            ImpliedName(index) is { } name ? new ProxyRow { Name = name, StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, ProxyRow row, uint column) => column switch
        {
            2 => row.Type is { } type ? new Integer32((int)type) : null,
            3 => row.ContextEngineId,
            4 => IndexText.Octets(row.ContextName),
            5 => row.TargetParamsIn is { } name ? IndexText.Octets(name) : null,
            6 => IndexText.Octets(row.SingleTargetOut),
            7 => IndexText.Octets(row.MultipleTargetOut),
            _ => null,
        };

        protected override ErrorStatus Write(ObjectIdentifier index, ProxyRow row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            if (row.Status == RowStatus.Active)
            {
                // snmpProxyRowStatus: these columns may not be modified while the row is active.
                return ErrorStatus.InconsistentValue;
            }

            if (column == 2)
            {
                if (((Integer32)value).Value is < 1 or > 4)
                {
                    return ErrorStatus.WrongValue;
                }

                row.Type = (ProxyType)((Integer32)value).Value;
                return ErrorStatus.NoError;
            }

            var octets = (OctetString)value;
            if (column == 3)
            {
                // SnmpEngineID: SIZE(5..32).
                if (octets.Length is < 5 or > 32)
                {
                    return ErrorStatus.WrongLength;
                }

                row.ContextEngineId = octets;
                return ErrorStatus.NoError;
            }

            // SnmpAdminString (SIZE(0..255)) and SnmpTagValue: UTF-8, and a tag value has no delimiter.
            if (octets.Length > 255)
            {
                return ErrorStatus.WrongLength;
            }

            if (IndexText.AdminString(octets) is not { } text || column == 7 && !TagLists.IsTagValue(text))
            {
                return ErrorStatus.WrongValue;
            }

            switch (column)
            {
                case 4:
                    row.ContextName = text;
                    break;
                case 5:
                    row.TargetParamsIn = text;
                    break;
                case 6:
                    row.SingleTargetOut = text;
                    break;
                default:
                    row.MultipleTargetOut = text;
                    break;
            }

            return ErrorStatus.NoError;
        }

        protected override bool IsReady(ProxyRow row) => row.Type is not null && row.ContextEngineId is not null && row.TargetParamsIn is not null;

        protected override void Store(ObjectIdentifier index, ProxyRow? row)
        {
            var name = ImpliedName(index)!;
            if (row is null)
            {
                tables.Proxies.Remove(name);
            }
            else
            {
                tables.Proxies.Put(name, row);
            }
        }
    }
}
