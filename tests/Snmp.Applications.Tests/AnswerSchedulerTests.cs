using System.Collections.Concurrent;
using NUnit.Framework;

namespace Snmp.Applications.Tests;

/// <summary>
/// Where awaited requests continue (issue 26): on a few threads of the engine's own, each given
/// work only while idle, so that one which blocks holds up nothing else. No test here waits on a
/// clock: each waits for an event, with a bound only against a hang.
/// </summary>
[TestFixture]
public class AnswerSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public void Work_never_runs_on_the_thread_that_schedules_it()
    {
        using var scheduler = new AnswerScheduler(maxWorkers: 2);
        var ran = new TaskCompletionSource<(int Thread, string? Name)>(TaskCreationOptions.RunContinuationsAsynchronously);

        scheduler.Schedule(_ => ran.SetResult((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name)), null);

        Assert.That(ran.Task.Wait(Patience), Is.True);
        Assert.That(ran.Task.Result.Thread, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(ran.Task.Result.Name, Is.EqualTo("SNMP answers"));
    }

    [Test]
    public void Work_given_one_piece_at_a_time_keeps_to_one_warm_worker()
    {
        using var scheduler = new AnswerScheduler(maxWorkers: 4);
        var threads = new ConcurrentBag<int>();
        for (int i = 0; i < 50; i++)
        {
            using var done = new ManualResetEventSlim();
            scheduler.Schedule(_ => { threads.Add(Environment.CurrentManagedThreadId); done.Set(); }, null);
            Assert.That(done.Wait(Patience), Is.True);
            // The worker sets the event just before it goes back to the idle stack: wait for
            // that, so the next piece finds it there rather than racing it.
            SpinWait.SpinUntil(() => scheduler.IdleWorkers == 1, Patience);
        }

        Assert.That(threads.Distinct().Count(), Is.EqualTo(1), "the most recently idle worker is woken first");
        Assert.That(scheduler.Workers, Is.EqualTo(1));
        Assert.That(scheduler.HandedToThreadPool, Is.Zero);
    }

    [Test]
    public void A_worker_that_blocks_is_given_nothing_more_and_others_take_the_work()
    {
        using var scheduler = new AnswerScheduler(maxWorkers: 2);
        using var release = new ManualResetEventSlim();
        using var blocking = new ManualResetEventSlim();
        int blockedThread = 0;
        scheduler.Schedule(_ =>
        {
            blockedThread = Environment.CurrentManagedThreadId;
            blocking.Set();
            release.Wait(); // blocks until the later work has run
        }, null);
        Assert.That(blocking.Wait(Patience), Is.True);

        var laterThreads = new ConcurrentBag<int>();
        using var allRan = new CountdownEvent(20);
        for (int i = 0; i < 20; i++)
        {
            scheduler.Schedule(_ => { laterThreads.Add(Environment.CurrentManagedThreadId); allRan.Signal(); }, null);
        }

        Assert.That(allRan.Wait(Patience), Is.True, "work behind a blocked worker never waits for it");
        release.Set();
        Assert.That(laterThreads, Has.None.EqualTo(blockedThread));
        Assert.That(scheduler.Workers, Is.LessThanOrEqualTo(2));
    }

    [Test]
    public void With_every_worker_blocked_work_goes_to_the_thread_pool()
    {
        using var scheduler = new AnswerScheduler(maxWorkers: 1);
        using var release = new ManualResetEventSlim();
        using var blocking = new ManualResetEventSlim();
        scheduler.Schedule(_ => { blocking.Set(); release.Wait(); }, null);
        Assert.That(blocking.Wait(Patience), Is.True);

        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Schedule(_ => ran.SetResult(Thread.CurrentThread.IsThreadPoolThread), null);

        Assert.That(ran.Task.Wait(Patience), Is.True, "the second piece ran while the only worker was blocked");
        Assert.That(ran.Task.Result, Is.True);
        Assert.That(scheduler.HandedToThreadPool, Is.EqualTo(1));
        release.Set();
    }

    [Test]
    public void A_piece_of_work_that_throws_leaves_its_worker_serving()
    {
        using var scheduler = new AnswerScheduler(maxWorkers: 1);
        scheduler.Schedule(_ => throw new InvalidOperationException("a bug's last stop"), null);
        SpinWait.SpinUntil(() => scheduler.IdleWorkers == 1, Patience);

        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Schedule(_ => ran.SetResult(Thread.CurrentThread.IsThreadPoolThread), null);

        Assert.That(ran.Task.Wait(Patience), Is.True);
        Assert.That(ran.Task.Result, Is.False, "the same worker took it");
        Assert.That(scheduler.Workers, Is.EqualTo(1));
    }

    [Test]
    public void Disposal_ends_idle_workers_and_later_work_still_runs()
    {
        var scheduler = new AnswerScheduler(maxWorkers: 2);
        using var done = new ManualResetEventSlim();
        scheduler.Schedule(_ => done.Set(), null);
        Assert.That(done.Wait(Patience), Is.True);
        SpinWait.SpinUntil(() => scheduler.IdleWorkers == 1, Patience);

        scheduler.Dispose();
        Assert.That(SpinWait.SpinUntil(() => scheduler.Workers == 0, Patience), Is.True, "the idle worker ended");

        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Schedule(_ => ran.SetResult(true), null);
        Assert.That(ran.Task.Wait(Patience), Is.True, "work after disposal (a shutdown's wake-ups) still runs, on the thread pool");
    }
}
