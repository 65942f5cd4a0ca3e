using Snmp.Pdus;
using Snmp.Tests.Fakes;

namespace Snmp.Tests;

/// <summary>
/// How a GetBulk walk pages (issue 26): the next page asked for before the caller has read this
/// one, a page the caller will never read cancelled, page sizes that follow the agent's answers
/// (growing while it fills them, never following a short page down, halved by tooBig),
/// and every varbind still in order, exactly once. A scripted agent on 127.0.0.1 records what it
/// is asked; each wait is bounded only against a hang.
/// </summary>
[TestFixture]
public class WalkPagingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static IEnumerable<ObjectIdentifier> AllRows(int rows) => Enumerable.Range(1, rows).Select(r => ScriptedUdpAgent.Column.Append((uint)r));

    private static int[] Repetitions(ScriptedUdpAgent agent) => [.. agent.Requests.Select(r => r is BulkPdu bulk ? bulk.MaxRepetitions : 0)];

    [Test]
    public async Task The_next_page_is_asked_for_before_the_caller_has_read_this_one()
    {
        await using var agent = new ScriptedUdpAgent(rows: 100);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Address);
        manager.Timeout = Patience;
        manager.WalkMaxRepetitions = 10;

        var walked = new List<ObjectIdentifier>();
        bool secondAskedWhileFirstUnread = false;
        await foreach (var vb in manager.WalkAsync(ScriptedUdpAgent.Column))
        {
            if (walked.Count == 0)
            {
                // Still on the first varbind of the first page: the second request must arrive anyway.
                secondAskedWhileFirstUnread = SpinWait.SpinUntil(() => agent.Requests.Count >= 2, Patience);
            }

            walked.Add(vb.Oid);
        }

        Assert.That(secondAskedWhileFirstUnread, Is.True, "the second GetBulk went out before the first page was read");
        Assert.That(walked, Is.EqualTo(AllRows(100)), "every varbind in order, exactly once");
    }

    [Test]
    public async Task A_caller_that_stops_early_cancels_the_page_it_will_not_read()
    {
        // The agent answers the first page only: the walk's prefetched second request would wait
        // an hour for its answer if stopping did not cancel it.
        await using var agent = new ScriptedUdpAgent(rows: 100) { AnswerOnly = 1 };
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Address);
        manager.Timeout = TimeSpan.FromHours(1);
        manager.WalkMaxRepetitions = 10;

        var walk = Task.Run(async () =>
        {
            await foreach (var vb in manager.WalkAsync(ScriptedUdpAgent.Column))
            {
                return vb.Oid;
            }

            return null;
        });

        Assert.That(walk.Wait(Patience), Is.True, "leaving the walk did not wait for the unanswered page");
        Assert.That(walk.Result, Is.EqualTo(ScriptedUdpAgent.Column.Append(1)));
        Assert.That(SpinWait.SpinUntil(() => agent.Requests.Count >= 2, Patience), Is.True, "the second page had been asked for");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_page_shorter_than_asked_leaves_the_next_requests_repetitions(bool async)
    {
        await using var agent = new ScriptedUdpAgent(rows: 40) { MaxVarBinds = 7 };
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Address);
        manager.Timeout = Patience;
        manager.WalkMaxRepetitions = 25;

        var walked = async ? await Walk(manager) : [.. manager.Walk(ScriptedUdpAgent.Column).Select(vb => vb.Oid)];

        Assert.That(walked, Is.EqualTo(AllRows(40)));
        Assert.That(Repetitions(agent), Is.EqualTo(new[] { 25, 25, 25, 25, 25, 25 }), "40 rows in pages of 7, each asked for 25 (the agent's size may differ page by page)");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task An_agent_that_answers_tooBig_is_asked_for_half_as_many(bool async)
    {
        await using var agent = new ScriptedUdpAgent(rows: 20) { TooBigAbove = 8 };
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Address);
        manager.Timeout = Patience;
        manager.WalkMaxRepetitions = 25;

        var walked = async ? await Walk(manager) : [.. manager.Walk(ScriptedUdpAgent.Column).Select(vb => vb.Oid)];

        Assert.That(walked, Is.EqualTo(AllRows(20)));
        Assert.That(Repetitions(agent), Is.EqualTo(new[] { 25, 12, 6, 6, 6, 6 }), "tooBig at 25 and 12, then pages of 6");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task While_the_agent_fills_its_pages_each_next_GetBulk_asks_for_twice_as_many_up_to_the_limit(bool async)
    {
        await using var agent = new ScriptedUdpAgent(rows: 200);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Address);
        manager.Timeout = Patience;
        manager.WalkMaxRepetitions = 10;
        manager.WalkMaxRepetitionsLimit = 50;

        var walked = async ? await Walk(manager) : [.. manager.Walk(ScriptedUdpAgent.Column).Select(vb => vb.Oid)];

        Assert.That(walked, Is.EqualTo(AllRows(200)));
        Assert.That(Repetitions(agent), Is.EqualTo(new[] { 10, 20, 40, 50, 50, 50 }), "170 rows in whole pages of 10, 20, 40, 50 and 50, then the last 30");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_limit_at_or_below_the_first_pages_size_keeps_every_page_at_it(bool async)
    {
        await using var agent = new ScriptedUdpAgent(rows: 30);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Address);
        manager.Timeout = Patience;
        manager.WalkMaxRepetitions = 10;
        manager.WalkMaxRepetitionsLimit = 10;

        var walked = async ? await Walk(manager) : [.. manager.Walk(ScriptedUdpAgent.Column).Select(vb => vb.Oid)];

        Assert.That(walked, Is.EqualTo(AllRows(30)));
        Assert.That(Repetitions(agent), Is.All.EqualTo(10), "fixed pages, as Net-SNMP's -Cr");
    }

    [Test]
    public async Task A_GetBulk_of_one_that_is_still_too_big_fails_the_walk()
    {
        await using var agent = new ScriptedUdpAgent(rows: 5) { TooBigAbove = -1 };
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Address);
        manager.Timeout = Patience;
        manager.WalkMaxRepetitions = 4;

        var failure = Assert.ThrowsAsync<SnmpErrorResponseException>(async () => await Walk(manager));

        Assert.That(failure!.ErrorStatus, Is.EqualTo(ErrorStatus.TooBig));
        Assert.That(Repetitions(agent), Is.EqualTo(new[] { 4, 2, 1 }));
    }

    private static async Task<List<ObjectIdentifier>> Walk(Manager manager)
    {
        var walked = new List<ObjectIdentifier>();
        await foreach (var vb in manager.WalkAsync(ScriptedUdpAgent.Column))
        {
            walked.Add(vb.Oid);
        }

        return walked;
    }
}
