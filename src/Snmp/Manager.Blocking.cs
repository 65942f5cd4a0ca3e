using System.Runtime.InteropServices;

namespace Snmp;

public sealed partial class Manager
{
    // The blocking forms wait for their task here. The thread that completes the task (the
    // transport's receive thread, for callerBlocks requests) wakes the caller directly: no
    // spinning (a round trip lasts longer than a spin, which would only burn CPU the agent or
    // other threads could use) and, on Linux, one futex wake-up and nothing else (issue 13).
    internal static T Wait<T>(Task<T> task)
    {
        if (!task.IsCompleted)
        {
            if (CallerWakeUp.Supported)
            {
                var wakeUp = CallerWakeUp.ForThisThread;
                wakeUp.Arm();
                task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(wakeUp.Set);
                wakeUp.Wait();
            }
            else
            {
                // Not disposed: the completing thread may still be inside Set when the waiter
                // wakes, and an event whose WaitHandle is never asked for holds nothing to release.
                var completed = new ManualResetEventSlim(false, spinCount: 0);
                task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(completed.Set);
                completed.Wait();
            }
        }

        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// A blocked caller's wake-up on Linux: one word and the futex system call (futex(2)), one
    /// per thread, reused by every blocking request the thread makes.
    /// </summary>
    /// <remarks>
    /// <see cref="ManualResetEventSlim"/> (what the other systems use) sets its event under a
    /// monitor that the woken waiter must take again at once, so on a fast answer the caller
    /// often wakes only to sleep on the lock the setter still holds: measured with a UDP echo
    /// whose answer a receive thread hands over (benchmarks/README.md, issue 13), it cost about
    /// one more context switch and 6 us more CPU per round trip than this futex. The word is 0
    /// (idle), 1 (the caller sleeps or is about to) or 2 (set); only the setter that finds 1 makes
    /// the wake-up call, and the sleeper re-checks the word after every return from the call, so
    /// spurious and late wake-ups (a previous request's setter still inside its call) are harmless.
    /// </remarks>
    internal sealed class CallerWakeUp
    {
        private const int Idle = 0, Sleeping = 1, Signalled = 2;
        private const int FutexWaitPrivate = 128, FutexWakePrivate = 129; // FUTEX_WAIT / FUTEX_WAKE | FUTEX_PRIVATE_FLAG

        // The futex system call's number (it has no libc wrapper): x86-64 and arm64 Linux only,
        // and only if the call works here (a wake-up of a word nobody waits on returns 0).
        private static readonly long FutexSyscall = Probe();

        [ThreadStatic]
        private static CallerWakeUp? t_forThisThread;

        // On the pinned object heap: the kernel knows a futex by its address.
        private readonly int[] _word = GC.AllocateArray<int>(1, pinned: true);

        private CallerWakeUp()
        {
            Set = Signal;
        }

        /// <summary>Whether this system has the futex call; otherwise <see cref="Wait{T}"/> uses an event.</summary>
        public static bool Supported => FutexSyscall > 0;

        /// <summary>This thread's wake-up (a thread blocks on one request at a time).</summary>
        public static CallerWakeUp ForThisThread => t_forThisThread ??= new CallerWakeUp();

        /// <summary>Wakes the caller (or lets its <see cref="Wait"/> return at once); called once per <see cref="Arm"/>.</summary>
        public Action Set { get; }

        /// <summary>Readies the wake-up for one wait, before the completion that sets it is attached.</summary>
        public void Arm() => Volatile.Write(ref _word[0], Idle);

        /// <summary>Sleeps until <see cref="Set"/> has been called since <see cref="Arm"/>.</summary>
        public void Wait()
        {
            if (Interlocked.CompareExchange(ref _word[0], Sleeping, Idle) != Idle)
            {
                return; // set already
            }

            while (Volatile.Read(ref _word[0]) == Sleeping)
            {
                // Returns at once if the word is no longer Sleeping, on a wake-up, or on a signal.
                Futex(FutexSyscall, ref _word[0], FutexWaitPrivate, Sleeping, IntPtr.Zero);
            }
        }

        private void Signal()
        {
            if (Interlocked.Exchange(ref _word[0], Signalled) == Sleeping)
            {
                Futex(FutexSyscall, ref _word[0], FutexWakePrivate, 1, IntPtr.Zero);
            }
        }

        private static long Probe()
        {
            long number = !OperatingSystem.IsLinux() ? -1 : RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => 202,
                Architecture.Arm64 => 98,
                _ => -1,
            };
            if (number < 0)
            {
                return -1;
            }

            try
            {
                var word = GC.AllocateArray<int>(1, pinned: true);
                return Futex(number, ref word[0], FutexWakePrivate, 1, IntPtr.Zero) == 0 ? number : -1;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return -1;
            }
        }

        // long syscall(long number, ...): futex(int *uaddr, int futex_op, int val, const struct timespec *timeout).
        [DllImport("libc", EntryPoint = "syscall")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern long Futex(long number, ref int address, int operation, int value, IntPtr timeout);
    }
}
