using Snmp.Testing;

namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// Net-SNMP's set-up notices on standard error are not complaints: the first run of a tool on a
/// fresh machine prints "Created directory: .../cert_indexes", and a test that took all of
/// standard error for complaints failed there.
/// </summary>
public class NetSnmpStandardErrorTests
{
    [Test]
    public void SetUpNoticesAreNotComplaintsButEverythingElseIs()
    {
        const string text = "Created directory: /tmp/p\nCreated directory: /tmp/p/cert_indexes\nCannot find module (NOPE-MIB): At line 1 in (none)\r\n\n";
        Assert.Multiple(() =>
        {
            Assert.That(NetSnmpStandardError.Notices(text), Is.EqualTo(new[] { "Created directory: /tmp/p", "Created directory: /tmp/p/cert_indexes" }));
            Assert.That(NetSnmpStandardError.Complaints(text), Is.EqualTo("Cannot find module (NOPE-MIB): At line 1 in (none)"));
            Assert.That(NetSnmpStandardError.Complaints("Created directory: /x\n"), Is.Empty);
        });
    }

    [Test]
    public void SnmptranslateOnAFreshMachinePrintsNoticesThatAreNotComplaints()
    {
        // A persistent directory that does not exist yet is what a machine where Net-SNMP was
        // just installed has: the tool creates it and says so on standard error.
        var fresh = Path.Combine(Path.GetTempPath(), $"snmptranslate-fresh-{Guid.NewGuid():N}");
        try
        {
            var (stdout, stderr) = MibCorpus.RunSnmpTranslateRaw(["-On", "1.3.6.1.2.1"], standardInput: null, fresh);
            Assert.Multiple(() =>
            {
                Assert.That(stdout.Trim(), Is.EqualTo(".1.3.6.1.2.1"));
                Assert.That(NetSnmpStandardError.Notices(stderr), Is.Not.Empty, "the first run announces the directories it created: " + stderr);
                Assert.That(NetSnmpStandardError.Complaints(stderr), Is.Empty);
            });
        }
        finally
        {
            if (Directory.Exists(fresh))
            {
                Directory.Delete(fresh, recursive: true);
            }
        }
    }

    [Test]
    public void AComplaintOnAFreshMachineIsStillAComplaint()
    {
        var (_, complaints) = MibCorpus.RunSnmpTranslateWithErrors(["-m", "NO-SUCH-MODULE-MIB", "-On", "1.3.6.1"]);
        Assert.That(complaints, Does.Contain("NO-SUCH-MODULE-MIB").And.Not.Contain("Created directory"));
    }
}
