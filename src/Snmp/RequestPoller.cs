namespace Snmp;

/// <summary>
/// Waits for whichever of many requests completes first: register handles from any number of
/// Managers, then call <see cref="Wait"/> (or <see cref="WaitAsync"/>) to collect those that are
/// done. The C# counterpart of the reference's request poller. Thread-safe.
/// </summary>
public sealed class RequestPoller
{
    private readonly Lock _lock = new();
    private readonly List<RequestHandle> _handles = [];

    /// <summary>The number of registered handles not yet returned by a wait.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _handles.Count;
            }
        }
    }

    /// <summary>Adds a handle to the set this poller waits on.</summary>
    public void Register(RequestHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        lock (_lock)
        {
            _handles.Add(handle);
        }
    }

    /// <summary>
    /// Blocks until at least one registered request has completed (or <paramref name="timeout"/>
    /// passes) and returns, and unregisters, every completed one; an empty list on timeout or when
    /// nothing is registered.
    /// </summary>
    public IReadOnlyList<RequestHandle> Wait(TimeSpan? timeout = null) =>
        WaitAsync(timeout).GetAwaiter().GetResult();

    /// <summary>The asynchronous form of <see cref="Wait"/>.</summary>
    public async Task<IReadOnlyList<RequestHandle>> WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        Task[] tasks;
        lock (_lock)
        {
            if (_handles.Count == 0)
            {
                return [];
            }

            tasks = [.. _handles.Select(h => (Task)h.Task)];
        }

        var any = Task.WhenAny(tasks);
        if (timeout is { } limit)
        {
            await Task.WhenAny(any, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            await any.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var done = _handles.Where(h => h.IsDone).ToList();
            foreach (var handle in done)
            {
                _handles.Remove(handle);
            }

            return done;
        }
    }
}
