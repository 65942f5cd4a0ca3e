using Snmp.Pdus;

namespace Snmp.Configuration;

/// <summary>
/// A scalar of the TestAndIncr textual convention (RFC 2579): an advisory lock such as
/// usmUserSpinLock or vacmViewSpinLock. A Set succeeds only with the current value, and then
/// increments it (wrapping from 2147483647 to 0); any other value is inconsistentValue.
/// </summary>
internal sealed class TestAndIncr(ObjectIdentifier oid) : ManagedObject(oid)
{
    private readonly ObjectIdentifier _instance = oid.Append(0);
    private readonly Lock _lock = new();
    private int _value = Random.Shared.Next();

    /// <summary>The current value.</summary>
    public int Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    /// <inheritdoc />
    public override ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SnmpValue>(name.Equals(_instance) ? new Integer32(Value) : name.Length == Oid.Length + 1 ? NoSuchInstance.Instance : NoSuchObject.Instance);

    /// <inheritdoc />
    public override ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken) =>
        ValueTask.FromResult<VarBind?>(name < _instance ? new VarBind(_instance, new Integer32(Value)) : null);

    /// <inheritdoc />
    public override ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken)
    {
        if (!name.Equals(_instance))
        {
            return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.NoCreation));
        }

        if (value is not Integer32 written)
        {
            return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.WrongType));
        }

        if (written.Value < 0)
        {
            return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.WrongValue));
        }

        if (written.Value != Value)
        {
            return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.InconsistentValue));
        }

        int before = written.Value;
        return ValueTask.FromResult(SetPreparation.Ready(
            () =>
            {
                lock (_lock)
                {
                    _value = before == int.MaxValue ? 0 : before + 1;
                }
            },
            () =>
            {
                lock (_lock)
                {
                    _value = before;
                }
            }));
    }
}
