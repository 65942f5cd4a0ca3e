using Snmp.AbstractServices;

namespace Snmp.Core.Tests.AbstractServices;

public class SnmpCounterRegistryTests
{
    private static readonly SnmpCounterDefinition TsmInvalidCaches = new(new ObjectIdentifier("1.3.6.1.2.1.190.1.1.1.0"), "tsmInvalidCaches", "a response whose cached security state was gone");

    [Test]
    public void EveryLibraryCounterHasItsOwnInstanceAndName()
    {
        var all = Enum.GetValues<SnmpCounter>().Select(SnmpCounterRegistry.Of).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(d => d.Instance).Distinct().Count(), Is.EqualTo(all.Count));
            Assert.That(all.Select(d => d.Name).Distinct().Count(), Is.EqualTo(all.Count));
            Assert.That(all.Select(d => d.Instance.SubIdentifiers[^1]), Is.All.EqualTo(0u), "instances of scalars end in .0");
            Assert.That(SnmpCounterObjects.InstanceOf(SnmpCounter.UsmStatsUnknownUserNames), Is.EqualTo(new ObjectIdentifier("1.3.6.1.6.3.15.1.1.3.0")), "RFC 3414 section 5");
            Assert.That(SnmpCounterObjects.InstanceOf(SnmpCounter.SnmpUnknownContexts), Is.EqualTo(new ObjectIdentifier("1.3.6.1.6.3.12.1.5.0")), "RFC 3413 section 4.1.1");
        });
    }

    [Test]
    public void ReportsAreExplainedFromTheSameList()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SnmpReportException.Describe(new ObjectIdentifier("1.3.6.1.6.3.15.1.1.3.0")), Is.EqualTo("an unknown user name (usmStatsUnknownUserNames)"));
            Assert.That(SnmpReportException.Describe(new ObjectIdentifier("1.3.6.1.6.3.11.2.1.2.0")), Is.EqualTo("an invalid message (snmpInvalidMsgs)"));
            Assert.That(SnmpReportException.Describe(TsmInvalidCaches.Instance), Is.EqualTo("the counter 1.3.6.1.2.1.190.1.1.1.0"), "the standard list does not know a module's counter");
        });
    }

    [Test]
    public void AModulesDeclaredCounterIsNamedDescribedAndSnapshotted()
    {
        var registry = new SnmpCounterRegistry([TsmInvalidCaches]);
        var statistics = new SnmpStatistics(registry);
        statistics.Increment(TsmInvalidCaches.Instance);
        statistics.Increment(TsmInvalidCaches.Instance);
        statistics.Increment(new ObjectIdentifier("1.3.6.1.4.1.99999.7.0"));
        statistics.Increment(SnmpCounter.SnmpInPkts);
        var snapshot = statistics.SnapshotByName();
        Assert.Multiple(() =>
        {
            Assert.That(registry.Describe(TsmInvalidCaches.Instance), Is.EqualTo("a response whose cached security state was gone (tsmInvalidCaches)"));
            Assert.That(registry.ModuleCounters, Is.EqualTo(new[] { TsmInvalidCaches }));
            Assert.That(registry.All.Count(), Is.EqualTo(Enum.GetValues<SnmpCounter>().Length + 1));
            Assert.That(snapshot["tsmInvalidCaches"], Is.EqualTo(2));
            Assert.That(snapshot["snmpInPkts"], Is.EqualTo(1));
            Assert.That(snapshot["1.3.6.1.4.1.99999.7.0"], Is.EqualTo(1), "a counter nobody declared still shows, under its OID");
        });
    }

    [Test]
    public void ACounterDeclaredTwiceUnderTwoNamesIsRefused()
    {
        var clash = TsmInvalidCaches with { Name = "somethingElse" };
        Assert.Multiple(() =>
        {
            Assert.That(() => new SnmpCounterRegistry([TsmInvalidCaches, clash]), Throws.ArgumentException.With.Message.Contains("tsmInvalidCaches"));
            Assert.That(() => new SnmpCounterRegistry([SnmpCounterRegistry.Of(SnmpCounter.SnmpInPkts) with { Name = "mine" }]), Throws.ArgumentException);
            Assert.That(new SnmpCounterRegistry([TsmInvalidCaches, TsmInvalidCaches]).ModuleCounters, Has.Count.EqualTo(1), "the same declaration twice is one counter");
        });
    }
}
