using Snmp.AbstractServices;

namespace Snmp.Core.Tests.AbstractServices;

public class SnmpStatisticsTests
{
    private static readonly SnmpCounterDefinition Declared = new(new ObjectIdentifier("1.3.6.1.4.1.99999.1.1.0"), "tokenRefusals", "a refused token");
    private static readonly ObjectIdentifier Undeclared = new("1.3.6.1.4.1.99999.1.2.0");

    [Test]
    public void A_drop_counts_in_its_counter_and_in_the_drops_by_cause()
    {
        var statistics = new SnmpStatistics(new SnmpCounterRegistry([Declared]));

        long first = statistics.CountDrop(SnmpCounter.UsmStatsWrongDigests);
        long second = statistics.CountDrop(SnmpCounter.UsmStatsWrongDigests);
        statistics.CountDrop(EngineCounter.InternalErrors);
        statistics.CountDrop(Declared.Instance);
        statistics.CountDrop(Undeclared);
        // Counted, but not as a drop: not every increment of a counter is a dropped message.
        statistics.Increment(SnmpCounter.SnmpInPkts);
        statistics.Increment(Declared.Instance);

        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo((1L, 2L)), "the counter's new value, for a Report");
            Assert.That(statistics[SnmpCounter.UsmStatsWrongDigests], Is.EqualTo(2));
            Assert.That(statistics[EngineCounter.InternalErrors], Is.EqualTo(1));
            Assert.That(statistics[Declared.Instance], Is.EqualTo(2));
            Assert.That(statistics.DropsByCause(), Is.EquivalentTo(new Dictionary<string, long>
            {
                ["usmStatsWrongDigests"] = 2,
                ["internalErrors"] = 1,
                ["tokenRefusals"] = 1,
                [Undeclared.ToString()] = 1,
            }));
        });
    }

    [Test]
    public void A_MessageDroppedException_counts_as_a_drop_of_its_counter()
    {
        var statistics = new SnmpStatistics();

        new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, "test").CountIn(statistics);
        new MessageDroppedException(EngineCounter.ResponsesFromUnexpectedAddress, "test").CountIn(statistics);
        new MessageDroppedException(Undeclared, "test").CountIn(statistics);

        Assert.That(statistics.DropsByCause(), Is.EquivalentTo(new Dictionary<string, long>
        {
            ["snmpInvalidMsgs"] = 1,
            ["responsesFromUnexpectedAddress"] = 1,
            [Undeclared.ToString()] = 1,
        }));
        Assert.That(statistics[SnmpCounter.SnmpInvalidMsgs], Is.EqualTo(1));
    }

    [Test]
    public void Nothing_dropped_lists_no_cause()
    {
        var statistics = new SnmpStatistics();
        statistics.Increment(SnmpCounter.SnmpInPkts);

        Assert.That(statistics.DropsByCause(), Is.Empty);
    }
}
