namespace Snmp.Smi.Modules.Tests;

/// <summary>A temporary directory of MIB files written by a test, removed afterwards.</summary>
internal sealed class MibFiles : IDisposable
{
    public MibFiles()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("mibs-").FullName;
    }

    public string Directory { get; }

    public string Write(string fileName, string text)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
