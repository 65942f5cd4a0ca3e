using Microsoft.Extensions.Time.Testing;

namespace Snmp.Testing;

/// <summary>
/// A fake clock that moves only when the code under test is parked on one of its timers, and then
/// straight to that timer's due time. What the code does therefore follows from the fake clock
/// alone: a slow or busy machine delays the test but never changes its verdict.
/// </summary>
/// <remarks>
/// Drive one operation at a time: the clock jumps to the newest timer, which is the operation's
/// live one as long as it waits on one timer at a time (as the Command Generator does).
/// </remarks>
internal sealed class SteppedClock : FakeTimeProvider
{
    // Real time allowed for the code under test to reach its next wait; only a hang exceeds it.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _timersStarted = new(0);
    private readonly Lock _lock = new();
    private DateTimeOffset _newestDue = DateTimeOffset.MinValue;

    /// <summary>The time since the clock was created.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_lock)
        {
            _newestDue = GetUtcNow() + dueTime;
        }

        _timersStarted.Release();
        return timer;
    }

    /// <summary>
    /// Lets <paramref name="operation"/> run to its end, moving the clock to each timer it waits on
    /// as soon as it waits on it, and returns (or throws) what the operation does.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> operation)
    {
        await RunAsync((Task)operation).ConfigureAwait(false);
        return await operation.ConfigureAwait(false);
    }

    /// <inheritdoc cref="RunAsync{T}(Task{T})" />
    public async Task RunAsync(Task operation)
    {
        while (!operation.IsCompleted)
        {
            await WaitForTimerOrCompletionAsync(operation).ConfigureAwait(false);
            DateTimeOffset due;
            lock (_lock)
            {
                due = _newestDue;
            }

            // A due time already reached belongs to a timer that fired or was dropped: wait for the next.
            var now = GetUtcNow();
            if (!operation.IsCompleted && due > now)
            {
                Advance(due - now);
            }
        }

        await operation.ConfigureAwait(false);
    }

    private async Task WaitForTimerOrCompletionAsync(Task operation)
    {
        using var stop = new CancellationTokenSource();
        // Cancelled rather than left pending, so that it does not take a later timer's signal.
        var timerStarted = _timersStarted.WaitAsync(Patience, stop.Token);
        var first = await Task.WhenAny(timerStarted, operation).ConfigureAwait(false);
        if (first == operation)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            return;
        }

        if (!await timerStarted.ConfigureAwait(false))
        {
            Assert.Fail($"The operation neither finished nor waited on the clock within {Patience.TotalSeconds} s of real time.");
        }
    }
}
