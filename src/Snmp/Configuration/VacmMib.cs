using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Configuration;

/// <summary>
/// SNMP-VIEW-BASED-ACM-MIB (RFC 3415 section 4) served from the agent's VACM: vacmContextTable
/// (read-only: the contexts the agent serves), vacmSecurityToGroupTable, vacmAccessTable,
/// vacmViewSpinLock and vacmViewTreeFamilyTable, whose rows are the ones isAccessAllowed reads
/// (what <see cref="Agent.AddUser"/>, <see cref="Agent.AddCommunity"/> and <see cref="Agent.AddView"/>
/// add are permanent rows).
/// </summary>
internal static class VacmMib
{
    /// <summary>vacmContextEntry.</summary>
    public static readonly ObjectIdentifier ContextEntry = "1.3.6.1.6.3.16.1.1.1";

    /// <summary>vacmSecurityToGroupEntry.</summary>
    public static readonly ObjectIdentifier SecurityToGroupEntry = "1.3.6.1.6.3.16.1.2.1";

    /// <summary>vacmAccessEntry.</summary>
    public static readonly ObjectIdentifier AccessEntry = "1.3.6.1.6.3.16.1.4.1";

    /// <summary>vacmViewSpinLock.</summary>
    public static readonly ObjectIdentifier ViewSpinLock = "1.3.6.1.6.3.16.1.5.1";

    /// <summary>vacmViewTreeFamilyEntry.</summary>
    public static readonly ObjectIdentifier ViewTreeFamilyEntry = "1.3.6.1.6.3.16.1.5.2.1";

    /// <summary>Registers the module's objects in <paramref name="mib"/>.</summary>
    public static void Register(MibTree mib, ViewBasedAccessControlModel vacm, Action? changed)
    {
        mib.Register(new ContextTable(vacm));
        mib.Register(new SecurityToGroupTable(vacm) { Changed = changed });
        mib.Register(new AccessTable(vacm) { Changed = changed });
        mib.Register(new TestAndIncr(ViewSpinLock));
        mib.Register(new ViewTreeFamilyTable(vacm) { Changed = changed });
    }

    private static RowColumn Storage(uint id) => new(id, SnmpType.Integer32, MibAccess.ReadCreate) { IsStorageType = true };

    private static RowColumn Status(uint id) => new(id, SnmpType.Integer32, MibAccess.ReadCreate) { IsRowStatus = true };

    /// <summary>An SnmpAdminString of 1..32 octets (vacmGroupName, vacmViewTreeFamilyViewName), or null.</summary>
    private static string? Name(OctetString value, int minimum = 1) =>
        value.Length >= minimum && value.Length <= 32 ? IndexText.AdminString(value) : null;

    /// <summary>vacmContextTable: one read-only row per context name the agent serves.</summary>
    private sealed class ContextTable(ViewBasedAccessControlModel vacm) : ManagedObject(ContextEntry)
    {
        private List<ObjectIdentifier> Indexes() =>
            [.. vacm.Contexts.Select(c => new ObjectIdentifier().AppendIndex(IndexValue.String(c))).Order()];

        public override ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken)
        {
            var column = Oid.Append(1);
            if (!name.StartsWith(column))
            {
                return ValueTask.FromResult<SnmpValue>(NoSuchObject.Instance);
            }

            var index = new ObjectIdentifier(name.SubIdentifiers[column.Length..]);
            var context = IndexText.Read(index, r => r.ReadString());
            return ValueTask.FromResult<SnmpValue>(context is not null && vacm.Contexts.Contains(context) ? context : NoSuchInstance.Instance);
        }

        public override ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken)
        {
            var column = Oid.Append(1);
            foreach (var index in Indexes())
            {
                var instance = column.Append(index);
                if (instance > name)
                {
                    return ValueTask.FromResult<VarBind?>(new VarBind(instance, IndexText.Read(index, r => r.ReadString())!));
                }
            }

            return ValueTask.FromResult<VarBind?>(null);
        }
    }

    /// <summary>vacmSecurityToGroupTable: INDEX { vacmSecurityModel, vacmSecurityName }.</summary>
    private sealed class SecurityToGroupTable(ViewBasedAccessControlModel vacm) : ConceptualRowTable<SecurityToGroupTable.Row>(SecurityToGroupEntry,
        new RowColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),
        new RowColumn(2, SnmpType.OctetString, MibAccess.NotAccessible),
        new RowColumn(3, SnmpType.OctetString, MibAccess.ReadCreate),
        Storage(4),
        Status(5))
    {
        private static ObjectIdentifier IndexOf(VacmSecurityToGroupEntry e) =>
            new ObjectIdentifier().AppendIndex(IndexValue.Integer(e.SecurityModel.Value), IndexValue.String(e.SecurityName));

        private static (SecurityModel Model, OctetString Name)? Key(ObjectIdentifier index) =>
            IndexText.Read<(SecurityModel, OctetString)?>(index, r => (new SecurityModel(r.ReadInteger()), r.ReadString()));

        protected override IEnumerable<ObjectIdentifier> Indexes() => vacm.SecurityToGroupEntries.Select(IndexOf);

        protected override Row? Load(ObjectIdentifier index) =>
            Key(index) is { } key && vacm.SecurityToGroupEntries.FirstOrDefault(e => e.SecurityModel == key.Model && e.SecurityName.Equals(key.Name)) is { } entry
                ? new Row { GroupName = entry.GroupName, Status = entry.Status, StorageType = entry.StorageType }
                : null;

        protected override Row? Create(ObjectIdentifier index, SetTransaction transaction) =>
            // vacmSecurityModel 1..2147483647 (not any), vacmSecurityName 1..32 octets.
            Key(index) is { } key && key.Model.Value >= 1 && key.Name.Length is >= 1 and <= 32 ? new Row { StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, Row row, uint column) =>
            column == 3 && row.GroupName is not null ? IndexText.Octets(row.GroupName) : null;

        protected override ErrorStatus Write(ObjectIdentifier index, Row row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            var octets = (OctetString)value;
            if (octets.Length is < 1 or > 32)
            {
                return ErrorStatus.WrongLength;
            }

            row.GroupName = IndexText.AdminString(octets);
            return row.GroupName is null ? ErrorStatus.WrongValue : ErrorStatus.NoError;
        }

        protected override bool IsReady(Row row) => row.GroupName is not null;

        protected override void Store(ObjectIdentifier index, Row? row)
        {
            var (model, name) = Key(index)!.Value;
            if (row is null)
            {
                vacm.RemoveGroup(model, name);
            }
            else
            {
                vacm.Put(new VacmSecurityToGroupEntry(model, name, row.GroupName!) { Status = row.Status, StorageType = row.StorageType });
            }
        }

        internal sealed class Row : IConceptualRow
        {
            public string? GroupName { get; set; }

            public RowStatus Status { get; set; }

            public StorageType StorageType { get; set; }
        }
    }

    /// <summary>vacmAccessTable: INDEX { vacmGroupName, vacmAccessContextPrefix, vacmAccessSecurityModel, vacmAccessSecurityLevel }.</summary>
    private sealed class AccessTable(ViewBasedAccessControlModel vacm) : ConceptualRowTable<AccessTable.Row>(AccessEntry,
        new RowColumn(1, SnmpType.OctetString, MibAccess.NotAccessible),
        new RowColumn(2, SnmpType.Integer32, MibAccess.NotAccessible),
        new RowColumn(3, SnmpType.Integer32, MibAccess.NotAccessible),
        new RowColumn(4, SnmpType.Integer32, MibAccess.ReadCreate),
        new RowColumn(5, SnmpType.OctetString, MibAccess.ReadCreate),
        new RowColumn(6, SnmpType.OctetString, MibAccess.ReadCreate),
        new RowColumn(7, SnmpType.OctetString, MibAccess.ReadCreate),
        Storage(8),
        Status(9))
    {
        private static ObjectIdentifier IndexOf(VacmAccessEntry e) =>
            new ObjectIdentifier().AppendIndex(IndexValue.String(IndexText.Octets(e.GroupName)), IndexValue.String(e.ContextPrefix),
                IndexValue.Integer(e.SecurityModel.Value), IndexValue.Integer((int)e.SecurityLevel));

        private sealed record Key(string Group, OctetString Prefix, SecurityModel Model, SecurityLevel Level);

        private static Key? KeyOf(ObjectIdentifier index) =>
            IndexText.Read(index, r =>
            {
                var group = Name(r.ReadString());
                var prefix = r.ReadString();
                int model = r.ReadInteger(), level = r.ReadInteger();
                return group is null || prefix.Length > 32 || level is < 1 or > 3 ? null : new Key(group, prefix, new SecurityModel(model), (SecurityLevel)level);
            });

        private static bool Matches(VacmAccessEntry e, Key k) =>
            e.GroupName == k.Group && e.ContextPrefix.Equals(k.Prefix) && e.SecurityModel == k.Model && e.SecurityLevel == k.Level;

        protected override IEnumerable<ObjectIdentifier> Indexes() => vacm.AccessEntries.Select(IndexOf);

        protected override Row? Load(ObjectIdentifier index) =>
            KeyOf(index) is { } key && vacm.AccessEntries.FirstOrDefault(e => Matches(e, key)) is { } entry
                ? new Row { Match = entry.ContextMatch, Read = entry.ReadViewName, Write = entry.WriteViewName, Notify = entry.NotifyViewName, Status = entry.Status, StorageType = entry.StorageType }
                : null;

        protected override Row? Create(ObjectIdentifier index, SetTransaction transaction) =>
            KeyOf(index) is not null ? new Row { StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, Row row, uint column) => column switch
        {
            4 => new Integer32((int)row.Match),
            5 => IndexText.Octets(row.Read),
            6 => IndexText.Octets(row.Write),
            7 => IndexText.Octets(row.Notify),
            _ => null,
        };

        protected override ErrorStatus Write(ObjectIdentifier index, Row row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            if (column == 4)
            {
                if (((Integer32)value).Value is not (1 or 2))
                {
                    return ErrorStatus.WrongValue;
                }

                row.Match = (ContextMatch)((Integer32)value).Value;
                return ErrorStatus.NoError;
            }

            var octets = (OctetString)value;
            if (octets.Length > 32)
            {
                return ErrorStatus.WrongLength;
            }

            var view = IndexText.AdminString(octets);
            if (view is null)
            {
                return ErrorStatus.WrongValue;
            }

            switch (column)
            {
                case 5: row.Read = view; break;
                case 6: row.Write = view; break;
                default: row.Notify = view; break;
            }

            return ErrorStatus.NoError;
        }

        protected override bool IsReady(Row row) => true;

        protected override void Store(ObjectIdentifier index, Row? row)
        {
            var key = KeyOf(index)!;
            var entry = new VacmAccessEntry(key.Group, key.Prefix, key.Model, key.Level, row?.Match ?? ContextMatch.Exact, row?.Read ?? "", row?.Write ?? "", row?.Notify ?? "");
            if (row is null)
            {
                vacm.Remove(entry);
            }
            else
            {
                vacm.Put(entry with { Status = row.Status, StorageType = row.StorageType });
            }
        }

        internal sealed class Row : IConceptualRow
        {
            public ContextMatch Match { get; set; } = ContextMatch.Exact;

            public string Read { get; set; } = "";

            public string Write { get; set; } = "";

            public string Notify { get; set; } = "";

            public RowStatus Status { get; set; }

            public StorageType StorageType { get; set; }
        }
    }

    /// <summary>vacmViewTreeFamilyTable: INDEX { vacmViewTreeFamilyViewName, vacmViewTreeFamilySubtree }.</summary>
    private sealed class ViewTreeFamilyTable(ViewBasedAccessControlModel vacm) : ConceptualRowTable<ViewTreeFamilyTable.Row>(ViewTreeFamilyEntry,
        new RowColumn(1, SnmpType.OctetString, MibAccess.NotAccessible),
        new RowColumn(2, SnmpType.ObjectIdentifier, MibAccess.NotAccessible),
        new RowColumn(3, SnmpType.OctetString, MibAccess.ReadCreate),
        new RowColumn(4, SnmpType.Integer32, MibAccess.ReadCreate),
        Storage(5),
        Status(6))
    {
        private static ObjectIdentifier IndexOf(VacmViewFamily f) =>
            new ObjectIdentifier().AppendIndex(IndexValue.String(IndexText.Octets(f.ViewName)), IndexValue.Oid(f.Subtree));

        private static (string View, ObjectIdentifier Subtree)? Key(ObjectIdentifier index) =>
            IndexText.Read<(string, ObjectIdentifier)?>(index, r => Name(r.ReadString()) is { } view ? (view, r.ReadObjectIdentifier()) : null);

        protected override IEnumerable<ObjectIdentifier> Indexes() => vacm.ViewFamilies.Select(IndexOf);

        protected override Row? Load(ObjectIdentifier index) =>
            Key(index) is { } key && vacm.ViewFamilies.FirstOrDefault(f => f.ViewName == key.View && f.Subtree.Equals(key.Subtree)) is { } family
                ? new Row { Mask = family.Mask ?? [], Type = family.Type, Status = family.Status, StorageType = family.StorageType }
                : null;

        protected override Row? Create(ObjectIdentifier index, SetTransaction transaction) =>
            Key(index) is { Subtree.Length: <= 128 } ? new Row { StorageType = StorageType.NonVolatile } : null;

        protected override SnmpValue? Read(ObjectIdentifier index, Row row, uint column) => column switch
        {
            3 => new OctetString(row.Mask),
            4 => new Integer32((int)row.Type),
            _ => null,
        };

        protected override ErrorStatus Write(ObjectIdentifier index, Row row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
        {
            if (column == 3)
            {
                // vacmViewTreeFamilyMask: OCTET STRING (SIZE (0..16)).
                var mask = (OctetString)value;
                if (mask.Length > 16)
                {
                    return ErrorStatus.WrongLength;
                }

                row.Mask = mask.ToArray();
                return ErrorStatus.NoError;
            }

            if (((Integer32)value).Value is not (1 or 2))
            {
                return ErrorStatus.WrongValue;
            }

            row.Type = (ViewFamilyType)((Integer32)value).Value;
            return ErrorStatus.NoError;
        }

        protected override bool IsReady(Row row) => true;

        protected override void Store(ObjectIdentifier index, Row? row)
        {
            var (view, subtree) = Key(index)!.Value;
            if (row is null)
            {
                vacm.RemoveView(view, subtree);
            }
            else
            {
                vacm.Put(new VacmViewFamily(view, subtree, row.Mask.Length == 0 ? null : row.Mask, row.Type) { Status = row.Status, StorageType = row.StorageType });
            }
        }

        internal sealed class Row : IConceptualRow
        {
            public byte[] Mask { get; set; } = [];

            public ViewFamilyType Type { get; set; } = ViewFamilyType.Included;

            public RowStatus Status { get; set; }

            public StorageType StorageType { get; set; }
        }
    }
}
