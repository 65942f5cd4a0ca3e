using Snmp.Pdus;

namespace Snmp;

/// <summary>
/// A scalar object (RFC 2578 section 7.1.x OBJECT-TYPE outside a table): one instance,
/// <c>oid.0</c>. Holds a value, or reads (and writes) it through callbacks, synchronous or
/// asynchronous. A write is checked for the declared type (wrongType) and by an optional
/// validator (wrongValue, wrongLength, inconsistentValue, ...) before anything changes.
/// </summary>
public sealed class MibScalar : ManagedObject
{
    private readonly Func<CancellationToken, ValueTask<SnmpValue>> _get;
    private readonly Func<SnmpValue, CancellationToken, ValueTask>? _set;
    private readonly Func<SnmpValue, ErrorStatus>? _validate;
    private readonly Lock _lock = new();
    private SnmpValue? _value;

    private MibScalar(ObjectIdentifier oid, SnmpType type, Func<CancellationToken, ValueTask<SnmpValue>> get, Func<SnmpValue, CancellationToken, ValueTask>? set, Func<SnmpValue, ErrorStatus>? validate)
        : base(oid)
    {
        Type = type;
        Instance = oid.Append(0);
        _get = get;
        _set = set;
        _validate = validate;
    }

    /// <summary>A scalar holding <paramref name="value"/>; writable when <paramref name="writable"/> (values of the same type only).</summary>
    /// <param name="oid">The object's OID, without the ".0" instance suffix.</param>
    /// <param name="value">The initial value; its type is the object's syntax.</param>
    /// <param name="writable">read-write rather than read-only.</param>
    /// <param name="validate">Optional check of a new value: return NoError to accept it.</param>
    public MibScalar(ObjectIdentifier oid, SnmpValue value, bool writable = false, Func<SnmpValue, ErrorStatus>? validate = null)
        : this(oid ?? throw new ArgumentNullException(nameof(oid)), (value ?? throw new ArgumentNullException(nameof(value))).Type, null!, null, validate)
    {
        _value = value;
        _get = _ => ValueTask.FromResult<SnmpValue>(Value!);
        if (writable)
        {
            _set = (v, _) =>
            {
                Value = v;
                return ValueTask.CompletedTask;
            };
        }
    }

    /// <summary>A read-only scalar whose value <paramref name="get"/> computes on each request.</summary>
    public static MibScalar FromCallback(ObjectIdentifier oid, SnmpType type, Func<SnmpValue> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        return new MibScalar(oid, type, _ => ValueTask.FromResult(get()), null, null);
    }

    /// <summary>A read-write scalar over a getter and a setter.</summary>
    public static MibScalar FromCallback(ObjectIdentifier oid, SnmpType type, Func<SnmpValue> get, Action<SnmpValue> set, Func<SnmpValue, ErrorStatus>? validate = null)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(set);
        return new MibScalar(oid, type, _ => ValueTask.FromResult(get()), (v, _) =>
        {
            set(v);
            return ValueTask.CompletedTask;
        }, validate);
    }

    /// <summary>A scalar over an asynchronous data source (a database, another device); <paramref name="set"/> null for read-only.</summary>
    public static MibScalar FromAsyncCallback(ObjectIdentifier oid, SnmpType type, Func<CancellationToken, ValueTask<SnmpValue>> get,
        Func<SnmpValue, CancellationToken, ValueTask>? set = null, Func<SnmpValue, ErrorStatus>? validate = null)
    {
        ArgumentNullException.ThrowIfNull(get);
        return new MibScalar(oid, type, get, set, validate);
    }

    /// <summary>The object's syntax.</summary>
    public SnmpType Type { get; }

    /// <summary>The one instance, <c>Oid.0</c>.</summary>
    public ObjectIdentifier Instance { get; }

    /// <summary>The held value of a value scalar (null for callback scalars).</summary>
    public SnmpValue? Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Type != Type)
            {
                throw new ArgumentException($"{Oid} is {Type}, not {value.Type}.", nameof(value));
            }

            lock (_lock)
            {
                _value = value;
            }
        }
    }

    /// <inheritdoc />
    public override async ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken) =>
        name.Equals(Instance) ? await _get(cancellationToken).ConfigureAwait(false) : NoSuchInstance.Instance;

    /// <inheritdoc />
    public override async ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken) =>
        name < Instance ? new VarBind(Instance, await _get(cancellationToken).ConfigureAwait(false)) : null;

    /// <inheritdoc />
    public override async ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken)
    {
        if (_set is null)
        {
            return SetPreparation.Fail(ErrorStatus.NotWritable);
        }

        if (!name.Equals(Instance))
        {
            // RFC 3416 4.2.5 (3): a scalar has no other instance to create.
            return SetPreparation.Fail(ErrorStatus.NoCreation);
        }

        if (value.Type != Type)
        {
            return SetPreparation.Fail(ErrorStatus.WrongType);
        }

        if (_validate?.Invoke(value) is { } status && status != ErrorStatus.NoError)
        {
            return SetPreparation.Fail(status);
        }

        var previous = await _get(cancellationToken).ConfigureAwait(false);
        var set = _set;
        return SetPreparation.Ready(ct => set(value, ct), ct => set(previous, ct));
    }
}
