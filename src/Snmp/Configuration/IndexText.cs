using System.Text;

namespace Snmp.Configuration;

/// <summary>Reading the index of a configuration table's row: null when it does not decode (RFC 2578 section 7.7).</summary>
internal static class IndexText
{
    /// <summary>Runs <paramref name="read"/> over <paramref name="index"/>'s sub-identifiers, which it must consume exactly; default when they do not decode.</summary>
    public static T? Read<T>(ObjectIdentifier index, Func<IndexReader, T> read)
    {
        try
        {
            var reader = index.ExtractIndex(new ObjectIdentifier());
            var value = read(reader);
            reader.EnsureAtEnd();
            return value;
        }
        catch (SnmpIndexException)
        {
            return default;
        }
    }

    /// <summary>An SnmpAdminString (UTF-8) as the library's configuration names keep it; null when it is not UTF-8.</summary>
    public static string? AdminString(OctetString value)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(value.Span);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A configuration name as an SnmpAdminString.</summary>
    public static OctetString Octets(string value) => new(Encoding.UTF8.GetBytes(value));
}
