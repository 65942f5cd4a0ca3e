

namespace Snmp.Simulator;

/// <summary>
/// A device's instances under one root (the first two arcs: 1.3, 1.0, ...) as a
/// <see cref="ManagedObject"/> of its context's <see cref="MibTree"/>: binary search in the
/// shared recording, the device's own values on top.
/// </summary>
internal sealed class DeviceSubtree(ObjectIdentifier root, int first, int end, SimulatedDevice device) : ManagedObject(root)
{
    // An OCTET STRING no message can carry: the responder answers tooBig (RFC 3416 4.2.1).
    private static readonly OctetString Oversize = new(new byte[65_535]);

    public SimulatedDevice Device => device;

    public override ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken)
    {
        int index = device.Recording.IndexOf(name);
        if (index < first || index >= end)
        {
            return Answer(NoSuchInstance(name), -1, cancellationToken);
        }

        return Answer(device.ValueAt(index), index, cancellationToken);
    }

    public override async ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken)
    {
        int index = Math.Max(device.Recording.IndexAfter(name), first);
        if (index >= end)
        {
            return null;
        }

        var value = await Answer(device.ValueAt(index), index, cancellationToken).ConfigureAwait(false);
        return new VarBind(device.Recording.OidAt(index), value);
    }

    public override ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken)
    {
        int index = device.Recording.IndexOf(name);
        if (index < first || index >= end)
        {
            return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.NotWritable));
        }

        if (device.Recording.VariationAt(index) is { Module: "error" } error && error["op"] is null or "set" or "any" or "*")
        {
            return ValueTask.FromResult(SetPreparation.Fail(Variations.ErrorStatusOf(error["status"]!)!.Value));
        }

        if (!device.IsWritable(index))
        {
            return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.NotWritable));
        }

        if (value.Type != device.Recording.ValueAt(index).Type)
        {
            return ValueTask.FromResult(SetPreparation.Fail(ErrorStatus.WrongType));
        }

        var previous = device.WrittenAt(index);
        return ValueTask.FromResult(SetPreparation.Ready(() => device.Write(index, value), () => device.TryRestore(index, previous)));
    }

    // The record's own behaviour (snmpsim's error and delay variations), then the device's.
    private ValueTask<SnmpValue> Answer(SnmpValue value, int index, CancellationToken cancellationToken)
    {
        TimeSpan wait = TimeSpan.Zero;
        if (index >= 0 && device.Recording.VariationAt(index) is { } variation)
        {
            if (variation.Module == "error" && variation["op"] is null or "get" or "any" or "*")
            {
                value = Variations.ErrorStatusOf(variation["status"]!) == ErrorStatus.TooBig ? Oversize : throw new SimulatedErrorException(device.Name, device.Recording.OidAt(index));
            }
            else if (variation.Module == "delay")
            {
                wait += Milliseconds(variation["wait"], 500) + Milliseconds(variation["deviation"], 0) * Random.Shared.NextDouble();
            }
        }

        if (device.Behaviour is { } behaviour)
        {
            var random = Random.Shared;
            if (behaviour.Timeout > 0 && random.NextDouble() < behaviour.Timeout)
            {
                device.Counters.CountDrop();
                throw new SimulatedTimeoutException(device.Name);
            }

            if (behaviour.GenErr > 0 && random.NextDouble() < behaviour.GenErr)
            {
                throw new SimulatedErrorException(device.Name, index >= 0 ? device.Recording.OidAt(index) : null);
            }

            if (behaviour.TooBig > 0 && random.NextDouble() < behaviour.TooBig)
            {
                value = Oversize;
            }

            wait += behaviour.Delay + behaviour.DelayDeviation * random.NextDouble();
        }

        return wait > TimeSpan.Zero ? Delayed(value, wait, cancellationToken) : ValueTask.FromResult(value);
    }

    private async ValueTask<SnmpValue> Delayed(SnmpValue value, TimeSpan wait, CancellationToken cancellationToken)
    {
        await Task.Delay(wait, device.TimeProvider, cancellationToken).ConfigureAwait(false);
        return value;
    }

    private static TimeSpan Milliseconds(string? text, double otherwise) =>
        TimeSpan.FromMilliseconds(text is null ? otherwise : double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));

    private static SnmpValue NoSuchInstance(ObjectIdentifier name) => Snmp.NoSuchInstance.Instance;
}

/// <summary>A lookup the device's behaviour (or an error variation) fails: the responder answers genErr.</summary>
internal sealed class SimulatedErrorException(string device, ObjectIdentifier? oid)
    : Exception($"Simulated genErr of device {device}{(oid is null ? "" : " at " + oid)}");

/// <summary>
/// A lookup the device's behaviour drops: the Command Responder sends nothing for a request whose
/// instrumentation reports the engine gone (ObjectDisposedException), and counts nothing; the
/// simulator counts it in <see cref="DeviceSimulator.DroppedRequests"/>.
/// </summary>
internal sealed class SimulatedTimeoutException(string device) : ObjectDisposedException(device, "Simulated timeout: the request is not answered.");
