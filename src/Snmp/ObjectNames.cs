
namespace Snmp;

/// <summary>
/// The one place the facade turns OID text into an <see cref="ObjectIdentifier"/>: dotted text
/// (first character a digit, or a dot) is parsed as before, with no resolver involved; anything
/// else is a symbolic name for the configured <see cref="IObjectNameResolver"/>.
/// </summary>
internal static class ObjectNames
{
    public static ObjectIdentifier Resolve(string text, IObjectNameResolver? resolver)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] == '.'))
        {
            return new ObjectIdentifier(text);
        }

        if (resolver is not null && resolver.TryResolve(text, out var oid) && oid is not null)
        {
            return oid;
        }

        throw new SnmpUnknownNameException(text, resolver is not null);
    }

    public static ObjectIdentifier[] Resolve(string[] texts, IObjectNameResolver? resolver)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var oids = new ObjectIdentifier[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            oids[i] = Resolve(texts[i], resolver);
        }

        return oids;
    }
}
