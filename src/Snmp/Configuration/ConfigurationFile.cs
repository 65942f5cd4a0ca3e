using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Messages;
using Snmp.Security.Community;
using Snmp.Security.Usm;

namespace Snmp.Configuration;

/// <summary>
/// The agent's nonVolatile configuration rows (RFC 2579 StorageType nonVolatile) kept across
/// restarts: the usmUserTable rows (their localised keys, never a password), VACM's tables, the
/// target, notification and community tables. One line per row, every string in hex, and a last
/// line with the SHA-256 of all before it, so a damaged or cut file is refused by name rather
/// than read as an empty agent. Written whole after every change that touches such a row: to
/// "path.tmp", flushed to the disk, then renamed over the file, so a crash at any point leaves
/// the previous file or the new one (at most the last change is lost).
/// </summary>
internal sealed class ConfigurationFile(string path, UserBasedSecurityModel usm, ViewBasedAccessControlModel vacm, NotificationTables tables, CommunityTable communities)
{
    private const string Header = "# Snmp.Architecture agent configuration: nonVolatile rows (RFC 2579), format 1";
    private readonly Lock _lock = new();

    /// <summary>Where the rows are kept.</summary>
    public string Path { get; } = path;

    /// <summary>The temporary file a save writes before renaming it over <see cref="Path"/>.</summary>
    public string TemporaryPath => Path + ".tmp";

    /// <summary>Reads the file (if any) back into the live tables. A temporary file left by a crash is ignored.</summary>
    /// <exception cref="SnmpConfigurationException">The file is damaged (its checksum, a line that does not read), naming it.</exception>
    public void Load()
    {
        if (!File.Exists(Path))
        {
            return;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path);
        }
        catch (IOException e)
        {
            throw new SnmpConfigurationException($"The agent configuration file {Path} cannot be read: {e.Message}", e);
        }

        if (lines.Length < 2 || lines[0] != Header || !lines[^1].StartsWith("end ", StringComparison.Ordinal) ||
            !string.Equals(lines[^1][4..], Digest(lines[..^1]), StringComparison.Ordinal))
        {
            throw new SnmpConfigurationException($"The agent configuration file {Path} is damaged (its header or checksum does not match); restore it, or delete it to start from the application's configuration alone.");
        }

        for (int i = 1; i < lines.Length - 1; i++)
        {
            try
            {
                Apply(lines[i].Split(' '));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException or InvalidOperationException)
            {
                throw new SnmpConfigurationException($"The agent configuration file {Path} is damaged: line {i + 1} does not read ({e.Message}).", e);
            }
        }
    }

    /// <summary>Writes every nonVolatile row now (after a Set changed one).</summary>
    /// <exception cref="IOException">The file cannot be written (the Set is then commitFailed).</exception>
    public void Save()
    {
        lock (_lock)
        {
            WriteTemporary(Render());
            File.Move(TemporaryPath, Path, overwrite: true);
        }
    }

    /// <summary>The first half of <see cref="Save"/>: the whole content in the temporary file, flushed to the disk.</summary>
    internal void WriteTemporary(IReadOnlyList<string> lines)
    {
        using var stream = new FileStream(TemporaryPath, FileMode.Create, FileAccess.Write, FileShare.None);
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        {
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>The file's content for the tables as they are now.</summary>
    internal List<string> Render()
    {
        var lines = new List<string> { Header };
        foreach (var user in usm.UserRows().Where(u => u.StorageType == StorageType.NonVolatile).OrderBy(u => u.EngineId.ToHex()).ThenBy(u => u.User.UserName.ToHex()))
        {
            var (authKey, privKey) = user.ExportLocalizedKeys();
            lines.Add(Line("usmUser", Hex(user.EngineId), Hex(user.User.UserName), user.User.AuthProtocol?.Oid.ToString() ?? "-", authKey is null ? "-" : Convert.ToHexString(authKey),
                user.User.PrivProtocol?.Oid.ToString() ?? "-", privKey is null ? "-" : Convert.ToHexString(privKey), Hex(user.Public), Number((int)user.Status)));
        }

        foreach (var g in vacm.SecurityToGroupEntries.Where(g => g.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("vacmGroup", Number(g.SecurityModel.Value), Hex(g.SecurityName), Text(g.GroupName), Number((int)g.Status)));
        }

        foreach (var a in vacm.AccessEntries.Where(a => a.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("vacmAccess", Text(a.GroupName), Hex(a.ContextPrefix), Number(a.SecurityModel.Value), Number((int)a.SecurityLevel), Number((int)a.ContextMatch),
                Text(a.ReadViewName), Text(a.WriteViewName), Text(a.NotifyViewName), Number((int)a.Status)));
        }

        foreach (var v in vacm.ViewFamilies.Where(v => v.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("vacmView", Text(v.ViewName), v.Subtree.ToString(), Convert.ToHexString(v.Mask ?? []), Number((int)v.Type), Number((int)v.Status)));
        }

        foreach (var t in tables.Addresses.All().Where(t => t.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("targetAddr", Text(t.Name), t.Domain?.ToString() ?? "-", t.Address is null ? "-" : Hex(t.Address), Number(t.Timeout), Number(t.RetryCount),
                Text(t.TagList), t.Params is null ? "-" : Text(t.Params), Hex(t.TMask), Number(t.Mms), Number((int)t.Status)));
        }

        foreach (var p in tables.Params.All().Where(p => p.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("targetParams", Text(p.Name), Optional(p.MessageProcessingModel), Optional(p.SecurityModel), p.SecurityName is null ? "-" : Hex(p.SecurityName),
                Optional((int?)p.SecurityLevel), Number((int)p.Status)));
        }

        foreach (var n in tables.Notifications.All().Where(n => n.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("notify", Text(n.Name), Text(n.Tag), Number(n.Type), Number((int)n.Status)));
        }

        foreach (var f in tables.FilterProfiles.All().Where(f => f.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("filterProfile", Text(f.ParamsName), f.ProfileName is null ? "-" : Text(f.ProfileName), Number((int)f.Status)));
        }

        foreach (var f in tables.Filters.All().Where(f => f.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("filter", Text(f.ProfileName), f.Subtree.ToString(), Convert.ToHexString(f.Mask), Number((int)f.Type), Number((int)f.Status)));
        }

        foreach (var p in tables.Proxies.All().Where(p => p.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("proxy", Text(p.Name), Optional((int?)p.Type), p.ContextEngineId is null ? "-" : Hex(p.ContextEngineId), Text(p.ContextName),
                p.TargetParamsIn is null ? "-" : Text(p.TargetParamsIn), Text(p.SingleTargetOut), Text(p.MultipleTargetOut), Number((int)p.Status)));
        }

        foreach (var c in communities.Rows.Where(c => c.Entry.StorageType == StorageType.NonVolatile))
        {
            lines.Add(Line("community", Text(c.Index), Hex(c.Community), Hex(c.Entry.SecurityName), c.Entry.ContextEngineId is null ? "-" : Hex(c.Entry.ContextEngineId),
                Hex(c.Entry.ContextName), Text(c.Entry.TransportTag), Number((int)c.Entry.Status)));
        }

        lines.Add("end " + Digest(lines));
        return lines;
    }

    private void Apply(string[] f)
    {
        const StorageType nv = StorageType.NonVolatile;
        switch (f[0])
        {
            case "usmUser":
                var auth = f[3] == "-" ? null : AuthenticationProtocol.All.Single(p => p.Oid.ToString() == f[3]);
                var priv = f[5] == "-" ? null : PrivacyProtocol.All.Single(p => p.Oid.ToString() == f[5]);
                var status = (RowStatus)Int(f[8]);
                var entry = auth is not null && f[4] == "-" || priv is not null && f[6] == "-"
                    ? UsmUserEntry.Pending(Octets(f[1]), Octets(f[2]), auth, priv, nv, status)
                    : UsmUserEntry.FromLocalizedKeys(Octets(f[1]), Octets(f[2]), auth, f[4] == "-" ? [] : Convert.FromHexString(f[4]), priv, f[6] == "-" ? [] : Convert.FromHexString(f[6]), nv, status);
                usm.PutUserRow(entry.With(nv, status, Octets(f[7])));
                break;
            case "vacmGroup":
                vacm.Put(new VacmSecurityToGroupEntry(new SecurityModel(Int(f[1])), Octets(f[2]), String(f[3])) { StorageType = nv, Status = (RowStatus)Int(f[4]) });
                break;
            case "vacmAccess":
                vacm.Put(new VacmAccessEntry(String(f[1]), Octets(f[2]), new SecurityModel(Int(f[3])), (SecurityLevel)Int(f[4]), (ContextMatch)Int(f[5]), String(f[6]), String(f[7]), String(f[8]))
                { StorageType = nv, Status = (RowStatus)Int(f[9]) });
                break;
            case "vacmView":
                var mask = Convert.FromHexString(f[3]);
                vacm.Put(new VacmViewFamily(String(f[1]), new ObjectIdentifier(f[2]), mask.Length == 0 ? null : mask, (ViewFamilyType)Int(f[4])) { StorageType = nv, Status = (RowStatus)Int(f[5]) });
                break;
            case "targetAddr":
                tables.Addresses.Put(String(f[1]), new TargetAddrRow
                {
                    Name = String(f[1]), Domain = f[2] == "-" ? null : new ObjectIdentifier(f[2]), Address = f[3] == "-" ? null : Octets(f[3]), Timeout = Int(f[4]), RetryCount = Int(f[5]),
                    TagList = String(f[6]), Params = f[7] == "-" ? null : String(f[7]), TMask = Octets(f[8]), Mms = Int(f[9]), Status = (RowStatus)Int(f[10]), StorageType = nv,
                });
                break;
            case "targetParams":
                tables.Params.Put(String(f[1]), new TargetParamsRow
                {
                    Name = String(f[1]), MessageProcessingModel = OptionalInt(f[2]), SecurityModel = OptionalInt(f[3]), SecurityName = f[4] == "-" ? null : Octets(f[4]),
                    SecurityLevel = (SecurityLevel?)OptionalInt(f[5]), LevelGiven = f[5] != "-", Status = (RowStatus)Int(f[6]), StorageType = nv,
                });
                break;
            case "notify":
                tables.Notifications.Put(String(f[1]), new NotifyRow { Name = String(f[1]), Tag = String(f[2]), Type = Int(f[3]), Status = (RowStatus)Int(f[4]), StorageType = nv });
                break;
            case "filterProfile":
                tables.FilterProfiles.Put(String(f[1]), new FilterProfileRow { ParamsName = String(f[1]), ProfileName = f[2] == "-" ? null : String(f[2]), Status = (RowStatus)Int(f[3]), StorageType = nv });
                break;
            case "filter":
                var subtree = new ObjectIdentifier(f[2]);
                tables.Filters.Put((String(f[1]), subtree), new FilterRow
                {
                    ProfileName = String(f[1]), Subtree = subtree, Mask = Convert.FromHexString(f[3]), Type = (ViewFamilyType)Int(f[4]), Status = (RowStatus)Int(f[5]), StorageType = nv,
                });
                break;
            case "community":
                communities.SetRow(new CommunityRow(String(f[1]), Octets(f[2]), new CommunityEntry(Octets(f[3]), Octets(f[5]))
                {
                    ContextEngineId = f[4] == "-" ? null : Octets(f[4]), TransportTag = String(f[6]), Status = (RowStatus)Int(f[7]), StorageType = nv,
                }));
                break;
            case "proxy":
                tables.Proxies.Put(String(f[1]), new ProxyRow
                {
                    Name = String(f[1]), Type = (ProxyType?)OptionalInt(f[2]), ContextEngineId = f[3] == "-" ? null : Octets(f[3]), ContextName = String(f[4]),
                    TargetParamsIn = f[5] == "-" ? null : String(f[5]), SingleTargetOut = String(f[6]), MultipleTargetOut = String(f[7]), Status = (RowStatus)Int(f[8]), StorageType = nv,
                });
                break;
            default:
                throw new FormatException($"unknown row kind \"{f[0]}\"");
        }
    }

    private static string Line(params string[] fields) => string.Join(' ', fields);

    private static string Hex(OctetString value) => value.Length == 0 ? "" : value.ToHex();

    private static string Text(string value) => Convert.ToHexString(Encoding.UTF8.GetBytes(value));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Optional(int? value) => value is { } v ? Number(v) : "-";

    private static OctetString Octets(string hex) => new(Convert.FromHexString(hex));

    private static string String(string hex) => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromHexString(hex));

    private static int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static int? OptionalInt(string text) => text == "-" ? null : Int(text);

    private static string Digest(IEnumerable<string> lines) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
}
