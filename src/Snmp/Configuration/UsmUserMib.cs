using Snmp.AbstractServices;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Configuration;

/// <summary>
/// SNMP-USER-BASED-SM-MIB's usmUser group (RFC 3414 section 5) served from the agent's USM:
/// usmUserSpinLock and usmUserTable, whose rows are the <see cref="UsmUserEntry"/>s USM
/// authenticates with (<see cref="Agent.AddUser"/> adds permanent rows; a Set adds, clones, re-keys
/// and deletes them). Keys cross the wire only as KeyChange values; reading one gives ''H.
/// </summary>
internal sealed class UsmUserMib : ConceptualRowTable<UsmUserMib.Row>
{
    /// <summary>usmUserSpinLock (TestAndIncr).</summary>
    public static readonly ObjectIdentifier SpinLockOid = "1.3.6.1.6.3.15.1.2.1";

    /// <summary>usmUserEntry.</summary>
    public static readonly ObjectIdentifier EntryOid = "1.3.6.1.6.3.15.1.2.2.1";

    /// <summary>usmNoAuthProtocol (RFC 3411 SNMP-FRAMEWORK-MIB's snmpAuthProtocols.1).</summary>
    public static readonly ObjectIdentifier NoAuthProtocol = "1.3.6.1.6.3.10.1.1.1";

    /// <summary>usmNoPrivProtocol (snmpPrivProtocols.1).</summary>
    public static readonly ObjectIdentifier NoPrivProtocol = "1.3.6.1.6.3.10.1.2.1";

    private static readonly ObjectIdentifier ZeroDotZero = new(0, 0);

    private const uint SecurityName = 3, CloneFrom = 4, AuthProtocol = 5, AuthKeyChange = 6, OwnAuthKeyChange = 7,
        PrivProtocol = 8, PrivKeyChange = 9, OwnPrivKeyChange = 10, Public = 11, StorageTypeColumn = 12, StatusColumn = 13;

    private readonly UserBasedSecurityModel _usm;

    public UsmUserMib(UserBasedSecurityModel usm)
        : base(EntryOid,
            new RowColumn(1, SnmpType.OctetString, MibAccess.NotAccessible),
            new RowColumn(2, SnmpType.OctetString, MibAccess.NotAccessible),
            new RowColumn(SecurityName, SnmpType.OctetString, MibAccess.ReadOnly),
            new RowColumn(CloneFrom, SnmpType.ObjectIdentifier, MibAccess.ReadCreate),
            new RowColumn(AuthProtocol, SnmpType.ObjectIdentifier, MibAccess.ReadCreate),
            new RowColumn(AuthKeyChange, SnmpType.OctetString, MibAccess.ReadCreate),
            new RowColumn(OwnAuthKeyChange, SnmpType.OctetString, MibAccess.ReadCreate),
            new RowColumn(PrivProtocol, SnmpType.ObjectIdentifier, MibAccess.ReadCreate),
            new RowColumn(PrivKeyChange, SnmpType.OctetString, MibAccess.ReadCreate),
            new RowColumn(OwnPrivKeyChange, SnmpType.OctetString, MibAccess.ReadCreate),
            new RowColumn(Public, SnmpType.OctetString, MibAccess.ReadCreate),
            new RowColumn(StorageTypeColumn, SnmpType.Integer32, MibAccess.ReadCreate) { IsStorageType = true },
            new RowColumn(StatusColumn, SnmpType.Integer32, MibAccess.ReadCreate) { IsRowStatus = true })
    {
        _usm = usm;
    }

    /// <summary>Registers usmUserSpinLock and usmUserTable in <paramref name="mib"/>.</summary>
    public static void Register(MibTree mib, UserBasedSecurityModel usm, Action? changed)
    {
        mib.Register(new TestAndIncr(SpinLockOid));
        mib.Register(new UsmUserMib(usm) { Changed = changed });
    }

    /// <summary>The index of (usmUserEngineID, usmUserName): both length-prefixed strings.</summary>
    public static ObjectIdentifier IndexOf(OctetString engineId, OctetString userName) =>
        new ObjectIdentifier().AppendIndex(IndexValue.String(engineId), IndexValue.String(userName));

    protected override IEnumerable<ObjectIdentifier> Indexes() => _usm.UserRows().Select(e => IndexOf(e.EngineId, e.User.UserName));

    protected override Row? Load(ObjectIdentifier index) =>
        TryReadIndex(index, out var engineId, out var userName) && _usm.FindUserRow(engineId, userName) is { } entry ? new Row(entry) : null;

    protected override Row? Create(ObjectIdentifier index, SetTransaction transaction)
    {
        // usmUserEngineID is an SnmpEngineID (5..32 octets), usmUserName SnmpAdminString (1..32).
        if (!TryReadIndex(index, out var engineId, out var userName) || engineId.Length is < 5 or > 32 || userName.Length is < 1 or > 32)
        {
            return null;
        }

        return new Row(UsmUserEntry.Pending(engineId, userName, null, null, StorageType.NonVolatile, RowStatus.NotReady));
    }

    protected override SnmpValue? Read(ObjectIdentifier index, Row row, uint column) => column switch
    {
        SecurityName => row.Entry.User.UserName,
        CloneFrom => ZeroDotZero,
        AuthProtocol => row.Entry.User.AuthProtocol?.Oid ?? NoAuthProtocol,
        PrivProtocol => row.Entry.User.PrivProtocol?.Oid ?? NoPrivProtocol,
        AuthKeyChange or OwnAuthKeyChange or PrivKeyChange or OwnPrivKeyChange => OctetString.Empty,
        Public => row.Public,
        _ => null,
    };

    protected override ErrorStatus Write(ObjectIdentifier index, Row row, uint column, SnmpValue value, bool creating, SetTransaction transaction)
    {
        switch (column)
        {
            case CloneFrom:
                return WriteCloneFrom(row, (ObjectIdentifier)value);
            case AuthProtocol:
                return WriteAuthProtocol(row, (ObjectIdentifier)value, creating);
            case PrivProtocol:
                return WritePrivProtocol(row, (ObjectIdentifier)value, creating);
            case AuthKeyChange or PrivKeyChange or OwnAuthKeyChange or OwnPrivKeyChange:
                return WriteKeyChange(row, column, (OctetString)value, creating, transaction);
            case Public:
                if (((OctetString)value).Length > 32)
                {
                    return ErrorStatus.WrongLength;
                }

                row.Public = (OctetString)value;
                return ErrorStatus.NoError;
            default:
                return ErrorStatus.NotWritable;
        }
    }

    protected override bool IsReady(Row row) => row.Entry.IsComplete;

    protected override void Store(ObjectIdentifier index, Row? row)
    {
        if (row is null)
        {
            if (TryReadIndex(index, out var engineId, out var userName) && _usm.FindUserRow(engineId, userName) is { } current)
            {
                _usm.RemoveUserRow(current);
            }

            return;
        }

        _usm.PutUserRow(row.Entry.With(row.StorageType, row.Status, row.Public));
    }

    private ErrorStatus WriteCloneFrom(Row row, ObjectIdentifier pointer)
    {
        if (row.Entry.Cloned)
        {
            return ErrorStatus.NoError; // only the first write clones (RFC 3414 section 5)
        }

        // A RowPointer to any column instance of the clone-from user's row, which must be active.
        if (!pointer.StartsWith(EntryOid) || pointer.Length <= EntryOid.Length + 1 ||
            !TryReadIndex(new ObjectIdentifier(pointer.SubIdentifiers[(EntryOid.Length + 1)..]), out var engineId, out var userName) ||
            _usm.FindUserRow(engineId, userName) is not { Status: RowStatus.Active } source)
        {
            return ErrorStatus.InconsistentName;
        }

        row.Entry = source.CloneAs(row.Entry.EngineId, row.Entry.User.UserName, row.StorageType, row.Status, row.Public);
        return ErrorStatus.NoError;
    }

    private static ErrorStatus WriteAuthProtocol(Row row, ObjectIdentifier value, bool creating)
    {
        var current = row.Entry.User.AuthProtocol;
        if (value.Equals(current?.Oid ?? NoAuthProtocol))
        {
            return ErrorStatus.NoError;
        }

        if (value.Equals(NoAuthProtocol))
        {
            // Only to usmNoAuthProtocol once instantiated, and never while privacy remains.
            if (row.Entry.User.PrivProtocol is not null)
            {
                return ErrorStatus.InconsistentValue;
            }

            row.Entry = row.Entry.WithoutProtocols(authentication: true, privacy: true);
            return ErrorStatus.NoError;
        }

        var protocol = AuthenticationProtocol.All.FirstOrDefault(p => p.Oid.Equals(value));
        if (protocol is null)
        {
            return creating ? ErrorStatus.WrongValue : ErrorStatus.InconsistentValue;
        }

        if (!creating || row.Entry.Cloned)
        {
            return ErrorStatus.InconsistentValue;
        }

        row.Entry = row.Entry.WithPendingProtocols(protocol, row.Entry.User.PrivProtocol);
        return ErrorStatus.NoError;
    }

    private static ErrorStatus WritePrivProtocol(Row row, ObjectIdentifier value, bool creating)
    {
        var current = row.Entry.User.PrivProtocol;
        if (value.Equals(current?.Oid ?? NoPrivProtocol))
        {
            return ErrorStatus.NoError;
        }

        if (value.Equals(NoPrivProtocol))
        {
            row.Entry = row.Entry.WithoutProtocols(authentication: false, privacy: true);
            return ErrorStatus.NoError;
        }

        var protocol = PrivacyProtocol.All.FirstOrDefault(p => p.Oid.Equals(value));
        if (protocol is null)
        {
            return creating ? ErrorStatus.WrongValue : ErrorStatus.InconsistentValue;
        }

        if (!creating || row.Entry.Cloned || row.Entry.User.AuthProtocol is null)
        {
            // Privacy needs authentication, and protocols change only to "none" once a row exists.
            return ErrorStatus.InconsistentValue;
        }

        row.Entry = row.Entry.WithPendingProtocols(row.Entry.User.AuthProtocol, protocol);
        return ErrorStatus.NoError;
    }

    private static ErrorStatus WriteKeyChange(Row row, uint column, OctetString value, bool creating, SetTransaction transaction)
    {
        if (column is OwnAuthKeyChange or OwnPrivKeyChange &&
            (transaction.SecurityModel != SecurityModel.Usm || !transaction.SecurityName.Equals(row.Entry.User.UserName) || creating))
        {
            // The requester's own row only, through USM, once the row exists (RFC 3414 section 5).
            return ErrorStatus.NoAccess;
        }

        if (creating && !row.Entry.Cloned)
        {
            return ErrorStatus.InconsistentName; // a new row's keys come from usmUserCloneFrom first
        }

        var changed = row.Entry.WithKeyChange(privacy: column is PrivKeyChange or OwnPrivKeyChange, value.Span);
        if (changed is null)
        {
            return ErrorStatus.WrongLength;
        }

        row.Entry = changed;
        return ErrorStatus.NoError;
    }

    private static bool TryReadIndex(ObjectIdentifier index, out OctetString engineId, out OctetString userName)
    {
        engineId = userName = OctetString.Empty;
        try
        {
            var reader = index.ExtractIndex(new ObjectIdentifier());
            engineId = reader.ReadString();
            userName = reader.ReadString();
            reader.EnsureAtEnd();
            return true;
        }
        catch (SnmpIndexException)
        {
            return false;
        }
    }

    /// <summary>A draft of one usmUserTable row: the entry as edited, with its RowStatus, StorageType and usmUserPublic.</summary>
    internal sealed class Row(UsmUserEntry entry) : IConceptualRow
    {
        public UsmUserEntry Entry { get; set; } = entry;

        public RowStatus Status { get; set; } = entry.Status;

        public StorageType StorageType { get; set; } = entry.StorageType;

        public OctetString Public { get; set; } = entry.Public;
    }
}
