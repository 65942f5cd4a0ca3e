using Snmp.Ber;
using Snmp.Fuzzing;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Tests.Fuzzing;

/// <summary>
/// The fuzz corpora of issue 10 (fuzz/corpus/&lt;target&gt;/, minimised by scripts/fuzz.sh from
/// afl-fuzz's queue) replayed in-process through the same harnesses the fuzzer runs
/// (tests/Shared/Fuzzing/FuzzTargets.cs): every file must pass the target's invariants.
/// </summary>
[TestFixture]
public class FuzzCorpusTests
{
    private static string CorpusDirectory(string target) => Path.Combine(TestContext.CurrentContext.TestDirectory, "fuzz-corpus", target);

    [TestCaseSource(typeof(FuzzTargets), nameof(FuzzTargets.Names))]
    public void Every_file_of_the_corpus_keeps_the_invariants(string targetName)
    {
        var files = Directory.Exists(CorpusDirectory(targetName)) ? Directory.GetFiles(CorpusDirectory(targetName)) : [];
        Assert.That(files, Is.Not.Empty, $"fuzz/corpus/{targetName} (scripts/fuzz.sh {targetName} <seconds> makes it)");
        var target = FuzzTargets.Create(targetName);
        using var disposable = target as IDisposable;
        var failures = new List<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [TestCaseSource(typeof(FuzzTargets), nameof(FuzzTargets.Names))]
    public void Every_seed_keeps_the_invariants(string targetName)
    {
        var target = FuzzTargets.Create(targetName);
        using var disposable = target as IDisposable;
        Assert.Multiple(() =>
        {
            foreach (var seed in FuzzSeeds.Generated())
            {
                Assert.DoesNotThrow(() => target.Run(seed), Convert.ToHexString(seed));
            }
        });
    }

    /// <summary>
    /// The re-signing that lets the usm target reach past the digest check: a seed at every
    /// authenticated level, zero digest and plaintext in the encryptedPDU, comes out authentic
    /// and is accepted by USM with its keys; the same message unsigned is usmStatsWrongDigests.
    /// </summary>
    [Test]
    public void The_resigner_makes_mutated_messages_authentic()
    {
        var local = new AbstractServices.LocalEngine(FuzzTargets.EngineId, 5, FuzzTargets.FrozenClock);
        var usm = new UserBasedSecurityModel(FuzzTargets.FrozenClock, null, local);
        foreach (var user in FuzzTargets.Users)
        {
            usm.AddUser(FuzzTargets.EngineId, user);
        }

        var resigner = new Resigner(_ => (local.Boots, local.Time));
        var get = new Pdu(PduType.GetRequest, 7, VarBindList.ForRequest("1.3.6.1.2.1.1.5.0"));
        int checkedLevels = 0;
        foreach (var user in FuzzTargets.Users.Where(u => u.AuthProtocol is not null))
        {
            foreach (var level in user.PrivProtocol is null ? new[] { SecurityLevel.AuthNoPriv } : [SecurityLevel.AuthNoPriv, SecurityLevel.AuthPriv])
            {
                var unsigned = FuzzSeeds.V3(user, level, get, 42, FuzzTargets.EngineId);
                var signed = resigner.Resign(unsigned);
                var result = usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(signed), signed);
                Assert.That((result.SecurityName, result.ScopedPdu.Pdu.RequestId), Is.EqualTo((user.UserName, 7)), $"{user.UserName} {level}");
                var refused = Assert.Throws<AbstractServices.MessageDroppedException>(() => usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(unsigned), unsigned));
                Assert.That(refused!.Counter, Is.EqualTo(AbstractServices.SnmpCounter.UsmStatsWrongDigests), $"{user.UserName} {level} unsigned");
                checkedLevels++;
            }
        }

        Assert.That(checkedLevels, Is.EqualTo(7));
    }
}
