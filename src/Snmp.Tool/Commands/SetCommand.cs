using System.Globalization;
using System.Net;
using System.Text;
using Snmp.Smi.Modules;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp set</c> (snmpset): one SetRequest (RFC 3416 4.2.5) of OID TYPE VALUE triples, the
/// type by Net-SNMP's letters: i INTEGER, u Unsigned32, s string, x hex string, d decimal
/// octets, n NULL, o OBJECT IDENTIFIER, t TimeTicks, a IpAddress, c Counter32, C Counter64,
/// b BITS, '=' the MIB's syntax; U I F D (Net-SNMP's Opaque-wrapped 64-bit and floating types)
/// are refused with a clear message.
/// </summary>
internal sealed class SetCommand : ManagerCommand
{
    public override string Name => "set";

    public override string Program => "snmpset";

    public override string Operands => "AGENT OID TYPE VALUE [OID TYPE VALUE]...";

    public override string Summary => "set objects' values (snmpset)";

    protected override object Prepare(IReadOnlyList<string> operands, MibModuleSet mibs, VarBindOutput output)
    {
        if (operands.Count == 0)
        {
            throw new ToolException("Missing object name", 1, showUsage: true);
        }

        var varBinds = new List<VarBind>();
        for (int i = 0; i < operands.Count; i += 3)
        {
            var name = operands[i];
            if (i + 1 >= operands.Count)
            {
                throw new ToolException($"{name}: Needs type and value", 1, showUsage: true);
            }

            if (i + 2 >= operands.Count)
            {
                throw new ToolException($"{name}: Needs value", 1, showUsage: true);
            }

            if (!TryResolve(mibs, name, out var oid, out var complaint))
            {
                throw new ToolException(complaint);
            }

            varBinds.Add(new VarBind(oid, ParseValue(mibs, name, oid, operands[i + 1], operands[i + 2])));
        }

        return varBinds;
    }

    /// <summary>A value by Net-SNMP's type letter, or its complaint.</summary>
    internal static SnmpValue ParseValue(MibModuleSet mibs, string name, ObjectIdentifier oid, string type, string text)
    {
        var syntax = mibs.FindLongestPrefix(oid, out _)?.Syntax;
        if (type.Length != 1)
        {
            throw new ToolException($"{name}: Bad object type: {type}");
        }

        var bad = new ToolException($"{name}: Value out of range ({text})");
        var notation = new ToolException($"{name}: Bad value notation ({text})");
        switch (type[0])
        {
            case '=':
                return syntax is not null && MibValueFormat.TryParse(syntax, text, out var typed) && typed is not null
                    ? typed
                    : throw new ToolException($"{name}: Unknown object type");
            case 'i':
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                {
                    return new Integer32(i);
                }

                if (syntax is { NamedNumbers.Count: > 0 } && MibValueFormat.TryParse(syntax, text, out var named) && named is Integer32 e)
                {
                    return e;
                }

                throw bad;
            case 'u':
                return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? new Gauge32(u) : throw notation;
            case 't':
                return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? new TimeTicks(t) : throw notation;
            case 'c':
                return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? new Counter32(c) : throw notation;
            case 'C':
                return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var c64) ? new Counter64(c64) : throw notation;
            case 's':
                return new OctetString(Encoding.UTF8.GetBytes(text));
            case 'x':
                var hex = text.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
                if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                {
                    hex = hex[2..];
                }

                try
                {
                    return new OctetString(Convert.FromHexString(hex.Length % 2 == 1 ? "0" + hex : hex));
                }
                catch (FormatException)
                {
                    throw new ToolException($"{name}: Bad value: {text}");
                }

            case 'd':
                var octets = new List<byte>();
                foreach (var part in text.Split(['.', ' '], StringSplitOptions.RemoveEmptyEntries))
                {
                    octets.Add(byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : throw bad);
                }

                return new OctetString(octets.ToArray());
            case 'n':
                return Null.Instance;
            case 'o':
                return TryResolve(mibs, text, out var value, out var complaint) ? value : throw new ToolException(complaint);
            case 'a':
                return IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                    ? new IpAddress(address)
                    : throw new ToolException($"{name}: Bad value: {text}");
            case 'b':
                return Bits(syntax, text) ?? throw bad;
            case 'U' or 'I' or 'F' or 'D':
                throw new ToolException($"{name}: the Opaque-wrapped type '{type}' (Net-SNMP's extension) is not supported by this tool");
            default:
                throw new ToolException($"{name}: Bad object type: {type}");
        }
    }

    // BITS (RFC 2578 7.1.4) from bit numbers or the MIB's names, separated by spaces or commas.
    private static OctetString? Bits(MibSyntax? syntax, string text)
    {
        var bits = new List<int>();
        foreach (var part in text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                bits.Add(n);
            }
            else if (syntax?.NamedNumbers.FirstOrDefault(x => x.Name == part) is { Name: not null } named)
            {
                bits.Add((int)named.Value);
            }
            else
            {
                return null;
            }
        }

        var octets = new byte[bits.Count == 0 ? 0 : bits.Max() / 8 + 1];
        foreach (var bit in bits)
        {
            octets[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return new OctetString(octets);
    }

    protected override async Task<int> RunAsync(AgentSession session, object prepared, VarBindOutput output, CancellationToken cancellationToken)
    {
        try
        {
            var result = await session.Manager.SetAsync((List<VarBind>)prepared, session.Request, cancellationToken).ConfigureAwait(false);
            foreach (var vb in result)
            {
                output.Write(vb);
            }

            return 0;
        }
        catch (SnmpErrorResponseException error)
        {
            output.Console.Error.Write(Failures.ErrorInPacket(error, output.Printer, setStyle: true) + "\n");
            return 2;
        }
    }
}
