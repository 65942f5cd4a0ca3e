using System.Globalization;

namespace Snmp.Hosting;

/// <summary>
/// Checks an engine boots file before the engine needs it: <see cref="Snmp.EngineBootsFile.Boot"/>
/// reads the file, then writes "path.tmp" beside it (creating missing directories) and renames it
/// over the file, so the file must be readable as a boots file and its directory writable.
/// </summary>
internal static class BootsFileCheck
{
    /// <summary>Why <paramref name="path"/> cannot serve as an engine boots file, or null.</summary>
    internal static string? Problem(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"\"{path}\" is not a usable path: {e.Message}";
        }

        if (Directory.Exists(full))
        {
            return $"\"{path}\" is a directory, not an engine boots file";
        }

        if (File.Exists(full) && ContentProblem(full) is { } content)
        {
            return content;
        }

        // The nearest directory that exists is where Boot's first write lands (it creates the rest).
        var directory = Path.GetDirectoryName(full);
        while (directory is not null && !Directory.Exists(directory))
        {
            if (File.Exists(directory))
            {
                return $"\"{path}\" cannot be created: {directory} is a file, not a directory";
            }

            directory = Path.GetDirectoryName(directory);
        }

        if (directory is null)
        {
            return $"\"{path}\" has no existing directory above it";
        }

        // Permissions, read-only mounts and ACLs are only known by trying: a file that deletes itself.
        try
        {
            using var probe = new FileStream(Path.Combine(directory, $".snmp-boots-probe-{Guid.NewGuid():N}"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"\"{path}\" cannot be written: {e.Message}";
        }

        return null;
    }

    // What Boot would refuse: an engineID or engineBoots line whose value does not read.
    private static string? ContentProblem(string full)
    {
        string[] lines;
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            lines = reader.ReadToEnd().Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"\"{full}\" cannot be read and written: {e.Message}";
        }

        for (int i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ', 2, StringSplitOptions.TrimEntries);
            bool bad = parts.Length == 2 && parts[0] switch
            {
                "engineID" => !IsHex(parts[1]),
                "engineBoots" => !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _),
                _ => false,
            };
            if (bad)
            {
                return string.Create(CultureInfo.InvariantCulture, $"\"{full}\" is not an engine boots file: line {i + 1} does not read");
            }
        }

        return null;
    }

    private static bool IsHex(string text)
    {
        try
        {
            Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
