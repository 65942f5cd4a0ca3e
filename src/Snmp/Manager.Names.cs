// New symbolic-name overloads take a string where the shipped ones take an ObjectIdentifier, so
// no call that compiled before becomes ambiguous (what RS0026 guards against).
#pragma warning disable RS0026

namespace Snmp;

// Symbolic names (issue 11): OIDs given as text go through ObjectNames.Resolve, which parses dotted
// text as before and hands anything else to Mibs. The ObjectIdentifier forms are untouched.
public sealed partial class Manager
{
    /// <summary>
    /// Resolves the symbolic names given to this Manager's text forms (<c>"IF-MIB::ifDescr.3"</c>,
    /// <c>"sysUpTime.0"</c>) and names the OIDs of <see cref="GetTable(string, RequestOptions?)"/>:
    /// the Engine's <see cref="EngineOptions.Mibs"/> unless changed. Dotted text never reaches it.
    /// </summary>
    public IObjectNameResolver? Mibs { get; set; }

    /// <summary>The OID <paramref name="name"/> stands for: dotted text parsed, anything else resolved through <see cref="Mibs"/>.</summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one it does not know.</exception>
    /// <exception cref="FormatException">Malformed dotted text.</exception>
    public ObjectIdentifier Resolve(string name) => ObjectNames.Resolve(name, Mibs);

    /// <summary>Get (RFC 3416 4.2.1) of OIDs given as dotted text or names (see <see cref="Resolve"/>), blocking until the answer.</summary>
    public VarBindList Get(params string[] names) => Get(ObjectNames.Resolve(names, Mibs), null);

    /// <summary>Get of OIDs given as dotted text or names (see <see cref="Resolve"/>).</summary>
    public Task<VarBindList> GetAsync(params string[] names) => GetAsync(ObjectNames.Resolve(names, Mibs), null);

    /// <summary>Sends a GetRequest for OIDs given as dotted text or names and returns its handle.</summary>
    public RequestHandle BeginGet(params string[] names) => BeginGet(ObjectNames.Resolve(names, Mibs), null);

    /// <summary>GetNext (RFC 3416 4.2.2) of OIDs given as dotted text or names, blocking until the answer.</summary>
    public VarBindList GetNext(params string[] names) => GetNext(ObjectNames.Resolve(names, Mibs), null);

    /// <summary>GetNext of OIDs given as dotted text or names.</summary>
    public Task<VarBindList> GetNextAsync(params string[] names) => GetNextAsync(ObjectNames.Resolve(names, Mibs), null);

    /// <summary>Sends a GetNextRequest for OIDs given as dotted text or names and returns its handle.</summary>
    public RequestHandle BeginGetNext(params string[] names) => BeginGetNext(ObjectNames.Resolve(names, Mibs), null);

    /// <summary>GetBulk (RFC 3416 4.2.3) of OIDs given as dotted text or names, blocking until the answer.</summary>
    public VarBindList GetBulk(int nonRepeaters, int maxRepetitions, params string[] names) =>
        GetBulk(nonRepeaters, maxRepetitions, ObjectNames.Resolve(names, Mibs), null);

    /// <summary>GetBulk of OIDs given as dotted text or names.</summary>
    public Task<VarBindList> GetBulkAsync(int nonRepeaters, int maxRepetitions, params string[] names) =>
        GetBulkAsync(nonRepeaters, maxRepetitions, ObjectNames.Resolve(names, Mibs), null);

    /// <summary>Sends a GetBulkRequest for OIDs given as dotted text or names and returns its handle.</summary>
    public RequestHandle BeginGetBulk(int nonRepeaters, int maxRepetitions, params string[] names) =>
        BeginGetBulk(nonRepeaters, maxRepetitions, ObjectNames.Resolve(names, Mibs), null);

    /// <summary>Get of OIDs given as dotted text or names, with per-request <paramref name="options"/>, blocking until the answer.</summary>
    public VarBindList Get(IEnumerable<string> names, RequestOptions? options) => Get(ResolveAll(names), options);

    /// <summary>Get of OIDs given as dotted text or names, with per-request <paramref name="options"/>.</summary>
    public Task<VarBindList> GetAsync(IEnumerable<string> names, RequestOptions? options, CancellationToken cancellationToken = default) =>
        GetAsync(ResolveAll(names), options, cancellationToken);

    /// <summary>Sends a GetRequest for OIDs given as dotted text or names, with per-request <paramref name="options"/>, and returns its handle.</summary>
    public RequestHandle BeginGet(IEnumerable<string> names, RequestOptions? options) => BeginGet(ResolveAll(names), options);

    /// <summary>GetNext of OIDs given as dotted text or names, with per-request <paramref name="options"/>, blocking until the answer.</summary>
    public VarBindList GetNext(IEnumerable<string> names, RequestOptions? options) => GetNext(ResolveAll(names), options);

    /// <summary>GetNext of OIDs given as dotted text or names, with per-request <paramref name="options"/>.</summary>
    public Task<VarBindList> GetNextAsync(IEnumerable<string> names, RequestOptions? options, CancellationToken cancellationToken = default) =>
        GetNextAsync(ResolveAll(names), options, cancellationToken);

    /// <summary>Sends a GetNextRequest for OIDs given as dotted text or names, with per-request <paramref name="options"/>, and returns its handle.</summary>
    public RequestHandle BeginGetNext(IEnumerable<string> names, RequestOptions? options) => BeginGetNext(ResolveAll(names), options);

    /// <summary>GetBulk of OIDs given as dotted text or names, with per-request <paramref name="options"/>, blocking until the answer.</summary>
    public VarBindList GetBulk(int nonRepeaters, int maxRepetitions, IEnumerable<string> names, RequestOptions? options) =>
        GetBulk(nonRepeaters, maxRepetitions, ResolveAll(names), options);

    /// <summary>GetBulk of OIDs given as dotted text or names, with per-request <paramref name="options"/>.</summary>
    public Task<VarBindList> GetBulkAsync(int nonRepeaters, int maxRepetitions, IEnumerable<string> names, RequestOptions? options, CancellationToken cancellationToken = default) =>
        GetBulkAsync(nonRepeaters, maxRepetitions, ResolveAll(names), options, cancellationToken);

    /// <summary>Sends a GetBulkRequest for OIDs given as dotted text or names, with per-request <paramref name="options"/>, and returns its handle.</summary>
    public RequestHandle BeginGetBulk(int nonRepeaters, int maxRepetitions, IEnumerable<string> names, RequestOptions? options) =>
        BeginGetBulk(nonRepeaters, maxRepetitions, ResolveAll(names), options);

    /// <summary>Sets one object given as dotted text or a name (SetRequest, RFC 3416 4.2.5), blocking until the answer.</summary>
    public VarBindList Set(string name, SnmpValue value, RequestOptions? options = null) =>
        Set([new VarBind(Resolve(name), value)], options);

    /// <summary>Sets one object given as dotted text or a name.</summary>
    public Task<VarBindList> SetAsync(string name, SnmpValue value, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        SetAsync([new VarBind(Resolve(name), value)], options, cancellationToken);

    /// <summary>Sends a SetRequest for one object given as dotted text or a name and returns its handle.</summary>
    public RequestHandle BeginSet(string name, SnmpValue value, RequestOptions? options = null) =>
        BeginSet([new VarBind(Resolve(name), value)], options);

    /// <summary>
    /// Sets several objects given as dotted text or names in one SetRequest (all or none, RFC 3416
    /// 4.2.5): <c>manager.Set([("sysContact.0", new OctetString("ops")), ("sysLocation.0", new OctetString("lab"))], null)</c>.
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one it does not know (nothing is sent).</exception>
    public VarBindList Set(IEnumerable<(string Name, SnmpValue Value)> values, RequestOptions? options) => Set(ResolveAll(values), options);

    /// <summary>Sets several objects given as dotted text or names in one SetRequest.</summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one it does not know (nothing is sent).</exception>
    public Task<VarBindList> SetAsync(IEnumerable<(string Name, SnmpValue Value)> values, RequestOptions? options, CancellationToken cancellationToken = default) =>
        SetAsync(ResolveAll(values), options, cancellationToken);

    /// <summary>Walks the subtree given as dotted text or a name; see <see cref="WalkAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>.</summary>
    public IAsyncEnumerable<VarBind> WalkAsync(string subtree, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        WalkAsync(Resolve(subtree), options, cancellationToken);

    /// <summary>The blocking walk of a subtree given as dotted text or a name.</summary>
    public IEnumerable<VarBind> Walk(string subtree, RequestOptions? options = null) => Walk(Resolve(subtree), options);

    private VarBind[] ResolveAll(IEnumerable<(string Name, SnmpValue Value)> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. values.Select(v => new VarBind(Resolve(v.Name), v.Value))];
    }

    private ObjectIdentifier[] ResolveAll(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return ObjectNames.Resolve(names as string[] ?? [.. names], Mibs);
    }
}
