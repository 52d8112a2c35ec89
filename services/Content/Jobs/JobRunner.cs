using AeThexLive.Content.Processing;

namespace AeThexLive.Content.Jobs;

/// <summary>
/// Runs jobs of one kind: the handler's number of worker loops that each claim a job, keep its lease
/// alive while the handler works, and then either the handler finished it, or it goes back for a
/// later attempt, or (attempts used up) it fails for good. When the service stops, a job in
/// hand is given back at once rather than left to its lease.
/// </summary>
public sealed partial class JobRunner<THandler>(IServiceScopeFactory scopes, THandler handler, WorkSignal signal, ILogger<JobRunner<THandler>> logger)
    : BackgroundService
    where THandler : IJobHandler
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, handler.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                ClaimedJob? job;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    job = await scope.ServiceProvider.GetRequiredService<JobQueue>().ClaimAsync(handler.Kind, handler.Lease, stoppingToken);
                }
                if (job is null)
                {
                    await signal.WaitAsync(handler.Kind, handler.PollInterval, stoppingToken);
                    continue;
                }
                await RunAsync(job, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(ex, handler.Kind);
                await Task.Delay(handler.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunAsync(ClaimedJob job, CancellationToken stoppingToken)
    {
        if (job.Attempts > handler.MaxAttempts)
        {
            // Its earlier attempts took their workers down with them: do not try a fourth time.
            await WithScopeAsync(services => handler.FailAsync(services, job,
                $"processing stopped after {handler.MaxAttempts} attempts", CancellationToken.None));
            return;
        }

        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var keeping = new CancellationTokenSource();
        var keeper = KeepLeaseAsync(job, held, keeping.Token);
        try
        {
            await WithScopeAsync(services => handler.RunAsync(services, job, held.Token));
            LogDone(handler.Kind, job.Id, job.Attempts);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await WithScopeAsync(services => services.GetRequiredService<JobQueue>().ReleaseAsync(job, CancellationToken.None));
            throw;
        }
        catch (Exception ex) when (ex is LeaseLostException || (ex is OperationCanceledException && held.IsCancellationRequested))
        {
            LogLeaseLost(handler.Kind, job.Id);
        }
        catch (Exception ex)
        {
            var reason = ex is MediaProblem problem ? problem.Reason : $"processing failed: {ex.GetType().Name}";
            if (ex is not MediaProblem) LogUnexpected(ex, handler.Kind, job.Id);
            if (job.Attempts >= handler.MaxAttempts)
            {
                LogFailed(handler.Kind, job.Id, job.Attempts, reason);
                await WithScopeAsync(services => handler.FailAsync(services, job, reason, CancellationToken.None));
            }
            else
            {
                var delay = handler.RetryDelay * Math.Pow(2, job.Attempts - 1);
                LogRetrying(handler.Kind, job.Id, job.Attempts, reason, delay.TotalSeconds);
                await WithScopeAsync(services => services.GetRequiredService<JobQueue>().RetryLaterAsync(job, reason, delay, CancellationToken.None));
            }
        }
        finally
        {
            await keeping.CancelAsync();
            await keeper;
        }
    }

    /// <summary>Renews the lease every third of its length; if the job is no longer ours, cancels the work.</summary>
    private async Task KeepLeaseAsync(ClaimedJob job, CancellationTokenSource held, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(handler.Lease / 3);
            while (await timer.WaitForNextTickAsync(stop))
            {
                var renewed = false;
                try
                {
                    await WithScopeAsync(async services => renewed = await services.GetRequiredService<JobQueue>().RenewAsync(job, handler.Lease, stop));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database blinked: try again next tick; the lease still has two thirds left.
                    LogRenewFailed(ex, job.Id);
                    continue;
                }
                if (!renewed)
                {
                    await held.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} job {JobId} done (attempt {Attempt})")]
    private partial void LogDone(string kind, Guid jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} job {JobId} attempt {Attempt} failed: {Reason}; retrying in {Seconds} s")]
    private partial void LogRetrying(string kind, Guid jobId, int attempt, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} job {JobId} failed for good after {Attempts} attempts: {Reason}")]
    private partial void LogFailed(string kind, Guid jobId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} job {JobId} is no longer held by this worker; its work is dropped")]
    private partial void LogLeaseLost(string kind, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Kind} job {JobId} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, string kind, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of job {JobId}")]
    private partial void LogRenewFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Kind} worker loop failed; going on")]
    private partial void LogLoopFailed(Exception exception, string kind);
}
