using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Snmp.Hosting;

/// <summary>
/// Finds configuration keys no setting reads ("AuthPasword"), which the binder would pass over in
/// silence, leaving the password unset: each is a failure at host start, named by its full key.
/// </summary>
internal static class UnknownKeys
{
    /// <summary>Adds a failure for each key under <paramref name="section"/> that <paramref name="type"/> has no setting for.</summary>
    internal static void Check(SettingsErrors errors, IConfigurationSection section, Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                errors.Add(child.Path, $"no such setting (misspelt?); {type.Name} has {string.Join(", ", properties.Select(p => p.Name))}");
                continue;
            }

            CheckValue(errors, child, property.PropertyType);
        }
    }

    private static void CheckValue(SettingsErrors errors, IConfigurationSection section, Type type)
    {
        if (ElementType(type, typeof(IDictionary<,>), 1) is { } valueType)
        {
            foreach (var entry in section.GetChildren())
            {
                CheckValue(errors, entry, valueType);
            }
        }
        else if (ElementType(type, typeof(IList<>), 0) is { } elementType)
        {
            foreach (var item in section.GetChildren())
            {
                CheckValue(errors, item, elementType);
            }
        }
        else if (type.IsClass && type != typeof(string))
        {
            Check(errors, section, type);
        }
    }

    private static Type? ElementType(Type type, Type generic, int argument) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == generic ? type : null)?.GetGenericArguments()[argument];
}
