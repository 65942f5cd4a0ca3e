using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Snmp.Tool.Output;

/// <summary>
/// --json: one JSON object per line per variable binding, its SMI type kept (RFC 2578 section 7.1
/// names), for scripts: <c>{"oid":"1.3.6.1.2.1.1.3.0","name":"SNMPv2-MIB::sysUpTime.0",
/// "type":"TimeTicks","value":4353,"text":"(4353) 0:00:43.53"}</c>. Octet strings carry their
/// octets in "hex" and, when they are UTF-8 text, that text in "value".
/// </summary>
internal sealed class JsonVarBindWriter(VarBindPrinter printer)
{
    public string Format(VarBind varBind)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("oid", varBind.Oid.ToString());
            json.WriteString("name", printer.FormatName(varBind.Oid));
            var value = varBind.Value;
            json.WriteString("type", TypeName(value));
            switch (value)
            {
                case Integer32 i:
                    json.WriteNumber("value", i.Value);
                    break;
                case Counter32 c:
                    json.WriteNumber("value", c.Value);
                    break;
                case Gauge32 g:
                    json.WriteNumber("value", g.Value);
                    break;
                case TimeTicks t:
                    json.WriteNumber("value", t.Value);
                    break;
                case Counter64 c:
                    json.WriteNumber("value", c.Value);
                    break;
                case OctetString s:
                    var bytes = s.ToArray();
                    if (TryUtf8(bytes, out var text))
                    {
                        json.WriteString("value", text);
                    }
                    else
                    {
                        json.WriteNull("value");
                    }

                    json.WriteString("hex", Convert.ToHexString(bytes));
                    break;
                case Opaque o:
                    json.WriteNull("value");
                    json.WriteString("hex", Convert.ToHexString(o.Span));
                    break;
                case ObjectIdentifier oid:
                    json.WriteString("value", oid.ToString());
                    break;
                case IpAddress a:
                    json.WriteString("value", a.ToString());
                    break;
                default:
                    json.WriteNull("value");
                    break;
            }

            if (value is not (NoSuchObject or NoSuchInstance or EndOfMibView or Null))
            {
                json.WriteString("text", printer.FormatValue(varBind.Oid, value).Value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string TypeName(SnmpValue value) => value switch
    {
        NoSuchObject => "noSuchObject",
        NoSuchInstance => "noSuchInstance",
        EndOfMibView => "endOfMibView",
        _ => value.Type.ToString(),
    };

    private static bool TryUtf8(byte[] bytes, out string text)
    {
        text = "";
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For the record: numbers in JSON are invariant.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
