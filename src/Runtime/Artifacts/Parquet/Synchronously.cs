namespace ReproHeavyTails.Parquet;

/// <summary>
/// Runs the Parquet library's asynchronous calls to completion on the calling thread. The caller's
/// synchronization context (a UI's, a test runner's) is set aside meanwhile, so the library's continuations
/// go to the thread pool instead of waiting for the thread that blocks on them.
/// </summary>
internal static class Synchronously
{
    public static T Run<T>(Func<Task<T>> call)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try { return call().GetAwaiter().GetResult(); }
        finally { SynchronizationContext.SetSynchronizationContext(context); }
    }

    public static void Run(Func<Task> call) => Run(async () => { await call(); return true; });
}
