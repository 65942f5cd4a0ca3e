using System.Net;
using Snmp.Pdus;
using Snmp.Security.Community;

namespace Snmp.Configuration;

/// <summary>
/// SNMP-COMMUNITY-MIB (RFC 3584 section 5.3) served from the agent's <see cref="CommunityTable"/>
/// and notification tables: snmpCommunityTable (the rows <see cref="Agent.AddCommunity"/> adds
/// are permanent) and snmpTargetAddrExtTable (snmpTargetAddrTMask, snmpTargetAddrMMS beside each
/// snmpTargetAddrEntry), and the transport-tag check of RFC 3584 5.2.1 that joins them.
/// </summary>
internal static class CommunityMib
{
    public static readonly ObjectIdentifier CommunityEntryOid = "1.3.6.1.6.3.18.1.1.1";
    public static readonly ObjectIdentifier TargetAddrExtEntry = "1.3.6.1.6.3.18.1.2.1";

    /// <summary>Registers the module's tables and makes community rows with a transport tag check it against the target address table.</summary>
    public static void Register(MibTree mib, CommunityTable communities, NotificationTables tables, OctetString localEngineId, Action? changed)
    {
        communities.TransportTagMatches = (tag, source) => SourceMatches(tables, tag, source);
        mib.Register(new CommunityRows(communities, localEngineId) { Changed = changed });
        mib.Register(new TargetAddrExt(tables, changed));
    }

    /// <summary>
    /// RFC 3584 5.2.1: <paramref name="source"/> matches an active snmpTargetAddrEntry tagged
    /// <paramref name="tag"/>: its TAddress, where snmpTargetAddrTMask has 1 bits (an empty or
    /// short mask: every remaining bit must match).
    /// </summary>
    public static bool SourceMatches(NotificationTables tables, string tag, EndPoint source)
    {
        if (source is not IPEndPoint ip)
        {
            return false;
        }

        var from = TransportAddresses.Encode(ip, "").Span;
        foreach (var row in tables.Addresses.All())
        {
            if (row.Status != RowStatus.Active || row.Address is not { } address || address.Length != from.Length || !row.Tags.Contains(tag, StringComparer.Ordinal))
            {
                continue;
            }

            var mask = row.TMask.Span;
            bool match = true;
            for (int i = 0; i < from.Length && match; i++)
            {
                byte bits = i < mask.Length ? mask[i] : (byte)0xFF;
                match = (address.Span[i] & bits) == (from[i] & bits);
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The draft of one snmpCommunityEntry.</summary>
    internal sealed class CommunityDraft : IConceptualRow
    {
        public OctetString? Community { get; set; }

        public OctetString? SecurityName { get; set; }

        public OctetString? ContextEngineId { get; set; }

        public OctetString ContextName { get; set; } = OctetString.Empty;

        public string TransportTag { get; set; } = "";

        public RowStatus Status { get; set; }

        public StorageType StorageType { get; set; }
    }

    /// <summary>snmpCommunityTable: INDEX { IMPLIED snmpCommunityIndex }.</summary>
    private sealed class CommunityRows(CommunityTable communities, OctetString localEngineId) : ConceptualRowTable<CommunityDraft>(CommunityEntryOid,
        new RowColumn(1, SnmpType.OctetString, MibAccess.NotAccessible),
        new RowColumn(2, SnmpType.OctetString, MibAccess.ReadCreate),
        new RowColumn(3, SnmpType.OctetString, MibAccess.ReadCreate),
        new RowColumn(4, SnmpType.OctetString, MibAccess.ReadCreate),
        new RowColumn(5, SnmpType.OctetString, MibAccess.ReadCreate),
        new RowColumn(6, SnmpType.OctetString, MibAccess.ReadCreate),
        new RowColumn(7, SnmpType.Integer32, MibAccess.ReadCreate) { IsStorageType = true },
        new RowColumn(8, SnmpType.Integer32, MibAccess.ReadCreate) { IsRowStatus = true })
    {
        private static string? IndexOf(ObjectIdentifier index) =>
            IndexText.Read(index, r => r.ReadImpliedString()) is { Length: >= 1 and <= 32 } octets ? IndexText.AdminString(octets) : null;

        protected override IEnumerable<ObjectIdentifier> Indexes() =>
            communities.Rows.Select(r => new ObjectIdentifier().AppendIndex(IndexValue.ImpliedString(IndexText.Octets(r.Index))));

        protected override CommunityDraft? Load(ObjectIdentifier index) =>
            IndexOf(index) is { } name && communities.FindRow(name) is { } row
                ? new CommunityDraft
                {
                    Community = row.Community, SecurityName = row.Entry.SecurityName, ContextEngineId = row.Entry.ContextEngineId, ContextName = row.Entry.ContextName,
                    TransportTag = row.Entry.TransportTag, Status = row.Entry.Status, StorageType = row.Entry.StorageType,
                }
                : null;

        protected override CommunityDraft? Create(ObjectIdentifier index, SetTransaction transaction) =>
            IndexOf(index) is not null ? new CommunityDraft { StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, CommunityDraft row, uint column) => column switch
        {
            2 => row.Community,
            3 => row.SecurityName,
            4 => row.ContextEngineId ?? localEngineId,
            5 => row.ContextName,
            6 => IndexText.Octets(row.TransportTag),
            _ => null,
        };

        protected override ErrorStatus Write(ObjectIdentifier index, CommunityDraft row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            var octets = (OctetString)value;
            switch (column)
            {
                case 2:
                    row.Community = octets;
                    return ErrorStatus.NoError;
                case 3:
                    if (octets.Length is < 1 or > 32)
                    {
                        return ErrorStatus.WrongLength;
                    }

                    row.SecurityName = octets;
                    return ErrorStatus.NoError;
                case 4:
                    // SnmpEngineID: 5..32 octets.
                    if (octets.Length is < 5 or > 32)
                    {
                        return ErrorStatus.WrongLength;
                    }

                    row.ContextEngineId = octets.Equals(localEngineId) ? null : octets;
                    return ErrorStatus.NoError;
                case 5:
                    if (octets.Length > 32)
                    {
                        return ErrorStatus.WrongLength;
                    }

                    row.ContextName = octets;
                    return ErrorStatus.NoError;
                default:
                    if (octets.Length > 255)
                    {
                        return ErrorStatus.WrongLength;
                    }

                    var tag = IndexText.AdminString(octets);
                    if (tag is null || !TagLists.IsTagValue(tag))
                    {
                        return ErrorStatus.WrongValue; // SnmpTagValue: one tag, no delimiter
                    }

                    row.TransportTag = tag;
                    return ErrorStatus.NoError;
            }
        }

        protected override bool IsReady(CommunityDraft row) => row.Community is not null && row.SecurityName is not null;

        protected override void Store(ObjectIdentifier index, CommunityDraft? row)
        {
            var name = IndexOf(index)!;
            if (row is null)
            {
                communities.RemoveRow(name);
                return;
            }

            communities.SetRow(new CommunityRow(name, row.Community!, new CommunityEntry(row.SecurityName!, row.ContextName)
            {
                ContextEngineId = row.ContextEngineId, TransportTag = row.TransportTag, Status = row.Status, StorageType = row.StorageType,
            }));
        }
    }

    /// <summary>
    /// snmpTargetAddrExtTable: AUGMENTS snmpTargetAddrEntry, so its rows are the target address
    /// rows (no RowStatus of its own); its columns are written on an existing row, or on one the
    /// same Set creates.
    /// </summary>
    private sealed class TargetAddrExt(NotificationTables tables, Action? changed) : ManagedObject(TargetAddrExtEntry)
    {
        private static string? NameOf(ObjectIdentifier name, ObjectIdentifier column) =>
            name.Length > column.Length && name.StartsWith(column) &&
            IndexText.Read(new ObjectIdentifier(name.SubIdentifiers[column.Length..]), r => r.ReadImpliedString()) is { Length: >= 1 and <= 32 } octets
                ? IndexText.AdminString(octets)
                : null;

        private static SnmpValue Cell(TargetAddrRow row, uint column) => column == 1 ? row.TMask : new Integer32(row.Mms);

        public override ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken)
        {
            foreach (uint column in new uint[] { 1, 2 })
            {
                if (NameOf(name, Oid.Append(column)) is { } target)
                {
                    return ValueTask.FromResult(tables.Addresses.Find(target) is { } row ? Cell(row, column) : NoSuchInstance.Instance);
                }
            }

            return ValueTask.FromResult<SnmpValue>(NoSuchObject.Instance);
        }

        public override ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken)
        {
            var rows = tables.Addresses.All().OrderBy(r => new ObjectIdentifier().AppendIndex(IndexValue.ImpliedString(IndexText.Octets(r.Name)))).ToList();
            foreach (uint column in new uint[] { 1, 2 })
            {
                foreach (var row in rows)
                {
                    var instance = Oid.Append(column).AppendIndex(IndexValue.ImpliedString(IndexText.Octets(row.Name)));
                    if (instance > name)
                    {
                        return ValueTask.FromResult<VarBind?>(new VarBind(instance, Cell(row, column)));
                    }
                }
            }

            return ValueTask.FromResult<VarBind?>(null);
        }

        public override ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken)
        {
            uint column = name.Length > Oid.Length ? name[Oid.Length] : 0;
            var target = column is 1 or 2 ? NameOf(name, Oid.Append(column)) : null;
            if (target is null)
            {
                return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.NoCreation));
            }

            if (value.Type != (column == 1 ? SnmpType.OctetString : SnmpType.Integer32))
            {
                return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.WrongType));
            }

            // snmpTargetAddrTMask SIZE (0..255); snmpTargetAddrMMS (0 | 484..2147483647).
            if (column == 1 && ((OctetString)value).Length > 255)
            {
                return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.WrongLength));
            }

            if (column == 2 && ((Integer32)value).Value is not (0 or >= 484))
            {
                return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.WrongValue));
            }

            var status = TargetMib.AddrEntry.Append(9).AppendIndex(IndexValue.ImpliedString(IndexText.Octets(target)));
            bool created = transaction.VarBinds.Any(v => v.Oid.Equals(status) && v.Value is Integer32 { Value: 4 or 5 });
            if (tables.Addresses.Find(target) is null && !created)
            {
                return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.InconsistentName)); // an AUGMENTS row exists only with its base row
            }

            TargetAddrRow? before = null;
            return ValueTask.FromResult(SetPreparation.Ready(
                () =>
                {
                    // Commits run in varbind order: the base row's creation may come later in the PDU.
                    var row = (tables.Addresses.Find(target) ?? tables.PendingExtension(target)).Copy();
                    before = tables.Addresses.Find(target);
                    if (column == 1)
                    {
                        row.TMask = (OctetString)value;
                    }
                    else
                    {
                        row.Mms = ((Integer32)value).Value;
                    }

                    if (before is null)
                    {
                        tables.SetPendingExtension(target, row);
                    }
                    else
                    {
                        tables.Addresses.Put(target, row);
                        changed?.Invoke();
                    }
                },
                () =>
                {
                    if (before is not null)
                    {
                        tables.Addresses.Put(target, before);
                        changed?.Invoke();
                    }
                }));
        }
    }
}
