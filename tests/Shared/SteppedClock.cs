using Microsoft.Extensions.Time.Testing;

namespace Snmp.Testing;

/// <summary>
/// A fake clock that moves only when the code under test is parked on one of its timers, and then
/// straight to that timer's due time. What the code does therefore follows from the fake clock
/// alone: a slow or busy machine delays the test but never changes its verdict.
/// </summary>
/// <remarks>
/// Drive one operation at a time: the clock jumps to the newest live timer, which is the
/// operation's as long as it waits on one timer at a time (as the Command Generator does).
/// </remarks>
internal sealed class SteppedClock : FakeTimeProvider
{
    // Real time allowed for the code under test to reach its next wait; only a hang exceeds it.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _timersStarted = new(0);
    private volatile TrackedTimer? _newest;

    /// <summary>The time since the clock was created.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, base.CreateTimer(callback, state, dueTime, period), dueTime);
        _newest = timer;
        _timersStarted.Release();
        return timer;
    }

    /// <summary>
    /// Lets <paramref name="operation"/> run to its end, moving the clock to each timer it waits on
    /// as soon as it waits on it, and returns (or throws) what the operation does.
    /// </summary>
    /// <param name="operation">The operation, already started.</param>
    /// <param name="mayAdvance">
    /// Asked each time the operation starts a wait: false leaves the clock standing, so that the
    /// wait can only end in real time (an answer from a real agent, say).
    /// </param>
    public async Task<T> RunAsync<T>(Task<T> operation, Func<bool>? mayAdvance = null)
    {
        await RunAsync((Task)operation, mayAdvance).ConfigureAwait(false);
        return await operation.ConfigureAwait(false);
    }

    /// <inheritdoc cref="RunAsync{T}(Task{T}, Func{bool}?)" />
    public async Task RunAsync(Task operation, Func<bool>? mayAdvance = null)
    {
        while (!operation.IsCompleted)
        {
            await WaitForTimerOrCompletionAsync(operation).ConfigureAwait(false);
            var newest = _newest;
            var now = GetUtcNow();
            // A timer that was disposed or has fired is not what the operation waits on now: wait
            // for the next one.
            if (!operation.IsCompleted && newest is { IsDisposed: false } && newest.Due > now && (mayAdvance?.Invoke() ?? true))
            {
                Advance(newest.Due - now);
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
            try
            {
                // SemaphoreSlim removes a cancelled waiter later, on the thread pool: a timer
                // started meanwhile may have been handed to it. Give that signal back.
                if (await timerStarted.ConfigureAwait(false))
                {
                    _timersStarted.Release();
                }
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        if (!await timerStarted.ConfigureAwait(false))
        {
            Assert.Fail($"The operation neither finished nor waited on the clock within {Patience.TotalSeconds} s of real time.");
        }
    }

    /// <summary>A timer of the fake clock that knows when it is due and whether it was disposed.</summary>
    private sealed class TrackedTimer(SteppedClock clock, ITimer inner, TimeSpan dueTime) : ITimer
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _due = clock.GetUtcNow() + dueTime;
        private volatile bool _disposed;

        public DateTimeOffset Due
        {
            get
            {
                lock (_lock)
                {
                    return _due;
                }
            }
        }

        public bool IsDisposed => _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                _due = clock.GetUtcNow() + dueTime;
            }

            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            _disposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return inner.DisposeAsync();
        }
    }
}
