using Snmp.Testing;
using System.Diagnostics;

namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// The shared MIB material (../shared/mibs/ietf beside the repository, see its README: read in place,
/// not copied) and Net-SNMP's snmptranslate, the oracle. Under CI=true a test that misses either
/// fails (scripts/test.sh installs Net-SNMP); elsewhere it is inconclusive, as the interop tests are.
/// </summary>
internal static class MibCorpus
{
    private static readonly Lazy<string?> IetfDirectory = new(FindIetf);

    public static string Ietf => IetfDirectory.Value ?? Missing("shared/mibs/ietf not found above the test directory (set SNMP_SHARED_MIBS to its path).");

    /// <summary>As the interop tests do: a missing peer or corpus fails under CI=true, and is inconclusive elsewhere.</summary>
    private static string Missing(string message)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        throw new InvalidOperationException(message);
    }

    private static string? FindIetf()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SNMP_SHARED_MIBS");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "mibs", "ietf");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string SnmpTranslate
    {
        get
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
            {
                var path = Path.Combine(dir, "snmptranslate");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            return Missing("snmptranslate (Debian package snmp) is not installed; scripts/test.sh installs it.");
        }
    }

    /// <summary>Runs snmptranslate with the given arguments; its standard output.</summary>
    public static string RunSnmpTranslate(IEnumerable<string> arguments, string? standardInput = null) =>
        RunSnmpTranslateWithErrors(arguments, standardInput).StandardOutput;

    /// <summary>
    /// Runs snmptranslate with the given arguments; its standard output and its complaints: its
    /// standard error without Net-SNMP's set-up notices (<see cref="NetSnmpStandardError"/>). Each
    /// run gets a persistent directory of its own that does not exist yet, as on a machine where
    /// Net-SNMP was just installed, so every run prints those notices and every caller proves it
    /// tells them from complaints.
    /// </summary>
    public static (string StandardOutput, string StandardError) RunSnmpTranslateWithErrors(IEnumerable<string> arguments, string? standardInput = null)
    {
        var persistent = Path.Combine(Path.GetTempPath(), $"snmptranslate-{Guid.NewGuid():N}");
        try
        {
            var (stdout, stderr) = RunSnmpTranslateRaw(arguments, standardInput, persistent);
            return (stdout, NetSnmpStandardError.Complaints(stderr));
        }
        finally
        {
            if (Directory.Exists(persistent))
            {
                Directory.Delete(persistent, recursive: true);
            }
        }
    }

    /// <summary>Runs snmptranslate with <paramref name="persistentDirectory"/> as its SNMP_PERSISTENT_DIR; its standard output and its whole standard error.</summary>
    public static (string StandardOutput, string StandardError) RunSnmpTranslateRaw(IEnumerable<string> arguments, string? standardInput, string persistentDirectory)
    {
        var start = new ProcessStartInfo(SnmpTranslate)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["MIBDIRS"] = "";
        start.Environment["MIBS"] = "";
        start.Environment["SNMP_PERSISTENT_DIR"] = persistentDirectory;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            throw new AssertionException("snmptranslate did not finish within 120 s");
        }

        return (stdout, stderr.Result);
    }
}
