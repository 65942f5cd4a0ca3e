using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Snmp.Applications;

/// <summary>
/// Where the code after an awaited request runs (issue 26) when the thread that received its
/// answer cannot run it (a transport with one receive thread, or every receive thread busy; see
/// <see cref="Snmp.AbstractServices.TransportStateReference.DeliveringThreadMayBlock"/>): a few
/// threads of the engine's own, each given one piece of work at a time, and only while it is idle.
/// </summary>
/// <remarks>
/// Why not the thread pool: each answer's continuation was one work item, and the pool's
/// workers spin between items, which cost up to a core for a loop of awaited requests
/// (benchmarks/README.md). Why not the receive thread: when it is the only one receiving, a continuation
/// that blocks (a blocking Get, <c>.Result</c> of another request, a lock) would stop every
/// answer behind it.
/// Here a worker sleeps without spinning, is woken only with work in hand, and is never given
/// a second item while it runs one: so a continuation that blocks holds up nothing but itself
/// (the next answer goes to another idle worker, a new one while fewer than the limit exist,
/// else the thread pool). The most recently idle worker is woken first, so a loop of awaited
/// requests keeps to one warm thread. As in StackExchange.Redis's dedicated scheduler; unlike
/// it, work never queues behind a busy worker, which is what makes blocking safe.
/// </remarks>
internal sealed class AnswerScheduler : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<Worker> _idle = new();
    private readonly int _maxWorkers;
    private readonly string _threadName;
    private readonly ILogger _logger;
    private int _workers;
    private bool _disposed;
    private long _handedToThreadPool;

    public AnswerScheduler(int maxWorkers, string threadName = "SNMP answers", ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWorkers, 1);
        _maxWorkers = maxWorkers;
        _threadName = threadName;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// The default number of workers: twice the processors, at least 4 and at most 8. Fewer sent
    /// bursts of answers (32 in flight) to the thread pool whenever both of two workers were busy.
    /// </summary>
    public static int DefaultMaxWorkers => Math.Clamp(2 * Environment.ProcessorCount, 4, 8);

    /// <summary>How many threads the scheduler has started so far.</summary>
    public int Workers => Volatile.Read(ref _workers);

    /// <summary>How many workers wait for work now.</summary>
    public int IdleWorkers
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>How many pieces of work found no idle worker (every one busy, or the scheduler disposed) and went to the thread pool.</summary>
    public long HandedToThreadPool => Interlocked.Read(ref _handedToThreadPool);

    /// <summary>Runs <paramref name="action"/> on an idle worker, a new one, or else the thread pool; never on the calling thread.</summary>
    public void Schedule(Action<object?> action, object? state)
    {
        Worker? worker = null;
        bool start = false;
        lock (_lock)
        {
            if (!_disposed && !_idle.TryPop(out worker) && _workers < _maxWorkers)
            {
                _workers++;
                worker = new Worker(this);
                start = true;
            }
        }

        if (worker is null)
        {
            Interlocked.Increment(ref _handedToThreadPool);
            ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
            return;
        }

        worker.Give(action, state);
        if (start)
        {
            var thread = new Thread(static w => ((Worker)w!).Run()) { IsBackground = true, Name = _threadName };
            thread.UnsafeStart(worker);
        }
    }

    /// <summary>Ends every idle worker; busy ones end after their work. Later work goes to the thread pool.</summary>
    public void Dispose()
    {
        Worker[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var worker in idle)
        {
            worker.Give(null, null);
        }
    }

    // Back on the idle stack, or told to end when the scheduler is gone.
    private bool Idle(Worker worker)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                _workers--;
                return false;
            }

            _idle.Push(worker);
            return true;
        }
    }

    private void Ended()
    {
        lock (_lock)
        {
            _workers--;
        }
    }

    private sealed class Worker(AnswerScheduler owner)
    {
        // One waiter and one giver at a time: the stack hands a worker to one Schedule call.
        // A short spin before sleeping (the event's default on a multi-core machine, a few
        // microseconds): under a burst of answers the worker is handed the next one while still
        // awake, without a futex wake-up; between sparse answers it sleeps, unlike the thread
        // pool's workers, which spin far longer.
        private readonly ManualResetEventSlim _given = new(false);
        private Action<object?>? _action;
        private object? _state;

        public void Give(Action<object?>? action, object? state)
        {
            _action = action;
            _state = state;
            _given.Set();
        }

        public void Run()
        {
            while (true)
            {
                _given.Wait();
                _given.Reset();
                var (action, state) = (_action, _state);
                _action = null;
                _state = null;
                if (action is null)
                {
                    owner.Ended(); // disposed while idle
                    _given.Dispose();
                    return;
                }

                try
                {
                    action(state);
                }
                catch (Exception e)
                {
                    // Continuations of awaits catch their own exceptions; this is a bug's last stop,
                    // and the worker must outlive it.
                    owner._logger.LogError(e, "An answer's continuation threw on {Thread}", Thread.CurrentThread.Name);
                }

                if (!owner.Idle(this))
                {
                    _given.Dispose(); // nobody can give it work any more: it was never on the idle stack
                    return;
                }
            }
        }
    }
}
