namespace Snmp.Simulator;

/// <summary>
/// How a device misbehaves, for testing pollers: each variable a request looks up is, with these
/// probabilities, never answered (the whole request is dropped, as a lost datagram or a
/// hung agent), answered tooBig (the value grows past any message) or genErr; and every answer
/// waits <see cref="Delay"/> (plus up to <see cref="DelayDeviation"/>) first. All zero: a
/// well-behaved device.
/// </summary>
public sealed record DeviceBehaviour
{
    /// <summary>Probability (0..1) that a variable's lookup drops the request: the manager times out.</summary>
    public double Timeout { get; init; }

    /// <summary>Probability (0..1) that a variable's value is too big for any message: tooBig for a Get.</summary>
    public double TooBig { get; init; }

    /// <summary>Probability (0..1) that a variable's lookup fails: genErr at its index.</summary>
    public double GenErr { get; init; }

    /// <summary>How long each lookup waits before it answers.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>A random extra wait of up to this much.</summary>
    public TimeSpan DelayDeviation { get; init; }

    /// <summary>Whether anything is set.</summary>
    internal bool IsActive => Timeout > 0 || TooBig > 0 || GenErr > 0 || Delay > TimeSpan.Zero || DelayDeviation > TimeSpan.Zero;

    /// <summary>
    /// Reads <c>timeout=0.1,toobig=0.05,generr=0.01,delay=100,deviation=50</c> (probabilities;
    /// milliseconds), the form <c>snmp sim --behaviour</c> takes.
    /// </summary>
    /// <exception cref="FormatException">An unknown name or a value out of range.</exception>
    public static DeviceBehaviour Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var behaviour = new DeviceBehaviour();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=');
            var name = equals > 0 ? part[..equals].ToLowerInvariant() : throw new FormatException($"'{part}' is not name=value");
            if (!double.TryParse(part[(equals + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) || value < 0)
            {
                throw new FormatException($"'{part}': the value is not a non-negative number");
            }

            if (name is "timeout" or "toobig" or "generr" && value > 1)
            {
                throw new FormatException($"'{part}': a probability is between 0 and 1");
            }

            behaviour = name switch
            {
                "timeout" => behaviour with { Timeout = value },
                "toobig" => behaviour with { TooBig = value },
                "generr" => behaviour with { GenErr = value },
                "delay" => behaviour with { Delay = TimeSpan.FromMilliseconds(value) },
                "deviation" => behaviour with { DelayDeviation = TimeSpan.FromMilliseconds(value) },
                _ => throw new FormatException($"'{name}' is not one of timeout, toobig, generr, delay, deviation"),
            };
        }

        return behaviour;
    }
}
