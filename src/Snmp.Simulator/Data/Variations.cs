using System.Globalization;

namespace Snmp.Simulator;

/// <summary>The arguments each supported snmpsim variation module accepts, checked when a recording is read.</summary>
internal static class Variations
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["numeric"] = ["initial", "rate", "min", "max", "wrap", "scale", "offset", "deviation", "cumulative", "function"],
        ["writecache"] = ["value", "hexvalue"],
        ["error"] = ["op", "status", "value", "hexvalue"],
        ["delay"] = ["wait", "deviation", "value", "hexvalue"],
    };

    // Python's math functions snmpsim's numeric module names (function=NAME or NAME%ARG%ARG, <time> standing for time x rate).
    private static readonly string[] Functions = ["sin", "cos", "tan", "log", "exp", "sqrt", "fabs", "pow"];

    public static void Check(RecordedVariation variation, int tag)
    {
        var allowed = Allowed[variation.Module];
        foreach (var (name, value) in variation.Arguments)
        {
            if (!allowed.Contains(name))
            {
                throw new FormatException($"{variation.Module}: the argument '{name}' is not supported (supported: {string.Join(", ", allowed)})");
            }

            bool numeric = variation.Module == "numeric" && name != "function" || variation.Module == "delay" && name is "wait" or "deviation";
            if (numeric && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw new FormatException($"{variation.Module}: {name}={value} is not a number");
            }
        }

        if (variation.Module == "numeric")
        {
            if (tag is not (2 or 65 or 66 or 67 or 70))
            {
                throw new FormatException($"numeric: tag {tag} is not a number type (2, 65, 66, 67, 70)");
            }

            if (variation["function"] is { } function)
            {
                var parts = function.Split('%');
                if (!Functions.Contains(parts[0]))
                {
                    throw new FormatException($"numeric: function={function} is not supported (supported: {string.Join(", ", Functions)})");
                }

                foreach (var argument in parts.Skip(1))
                {
                    if (argument != "<time>" && !double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    {
                        throw new FormatException($"numeric: function={function}: '{argument}' is neither <time> nor a number");
                    }
                }

                if (parts[0] == "pow" ? parts.Length != 3 : parts.Length > 2 && parts[0] != "log" || parts.Length > 3)
                {
                    throw new FormatException($"numeric: function={function} has the wrong number of arguments");
                }
            }
        }

        if (variation.Module == "error")
        {
            if (variation["op"] is { } op && op is not ("get" or "set" or "any" or "*"))
            {
                throw new FormatException($"error: op={op} is not get, set or any");
            }

            var status = variation["status"] ?? throw new FormatException("error: status= is required");
            bool get = variation["op"] is null or "get" or "any" or "*";
            if (ErrorStatusOf(status) is not { } known)
            {
                throw new FormatException($"error: status={status} is not an SNMP error-status name");
            }

            if (get && known is not (ErrorStatus.GenErr or ErrorStatus.TooBig))
            {
                throw new FormatException($"error: status={status} can only be answered to a set; a get can be made to fail with genErr or tooBig");
            }
        }
    }

    /// <summary>An RFC 3416 error-status by its name, any case (snmpsim writes "commitfailed").</summary>
    public static ErrorStatus? ErrorStatusOf(string name)
    {
        foreach (var status in Enum.GetValues<ErrorStatus>())
        {
            if (string.Equals(status.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>snmpsim's numeric module at <paramref name="seconds"/> after the start, as a function of time alone.</summary>
    public static SnmpValue Numeric(RecordedVariation variation, SnmpValue recorded, double seconds, Random random)
    {
        double Arg(string name, double otherwise) =>
            variation[name] is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : otherwise;

        bool counter64 = recorded.Type == SnmpType.Counter64;
        double max = Arg("max", counter64 ? ulong.MaxValue : uint.MaxValue), min = Arg("min", 0);
        double rate = Arg("rate", 1), x = seconds * rate;
        var function = (variation["function"] ?? "").Split('%');
        var arguments = function.Length == 1 ? [x]
            : function.Skip(1).Select(a => a == "<time>" ? x : double.Parse(a, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        double v = function[0] switch
        {
            "sin" => Math.Sin(arguments[0]),
            "cos" => Math.Cos(arguments[0]),
            "tan" => Math.Tan(arguments[0]),
            "log" => arguments.Length == 2 ? Math.Log(arguments[0], arguments[1]) : Math.Log(arguments[0]),
            "exp" => Math.Exp(arguments[0]),
            "sqrt" => Math.Sqrt(arguments[0]),
            "fabs" => Math.Abs(arguments[0]),
            "pow" => Math.Pow(arguments[0], arguments[1]),
            _ => x,
        };
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            v = 0;
        }
        v *= Arg("scale", 1);
        bool cumulative = variation["cumulative"] is not null;
        v += cumulative ? Arg("offset", 0) * seconds * rate : Arg("offset", 0);
        if (Arg("deviation", 0) is var deviation and > 0)
        {
            v += random.NextDouble() * 2 * deviation - deviation;
        }

        if (cumulative)
        {
            v = Math.Max(v, 0);
        }

        v += Arg("initial", min);
        if (v < min)
        {
            v = min;
        }
        else if (v > max)
        {
            // Counters wrap as counters do; other types stop at max unless asked to wrap (snmpsim's default).
            v = variation["wrap"] is not null || recorded.Type is SnmpType.Counter32 or SnmpType.Counter64 ? (v % (max + 1)) + min : max;
        }

        return recorded.Type switch
        {
            SnmpType.Integer32 => new Integer32((int)Math.Clamp(Math.Floor(v), int.MinValue, int.MaxValue)),
            SnmpType.Counter32 => new Counter32((uint)Math.Clamp(Math.Floor(v), 0, uint.MaxValue)),
            SnmpType.Gauge32 => new Gauge32((uint)Math.Clamp(Math.Floor(v), 0, uint.MaxValue)),
            SnmpType.TimeTicks => new TimeTicks((uint)Math.Clamp(Math.Floor(v), 0, uint.MaxValue)),
            _ => new Counter64(v >= ulong.MaxValue ? ulong.MaxValue : (ulong)Math.Max(0, Math.Floor(v))),
        };
    }
}
