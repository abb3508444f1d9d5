using Microsoft.Extensions.Time.Testing;

namespace DeepLead.Fakes.Tests;

/// <summary>A stopped clock that says when the fake starts waiting on it (a delay rule's timer): a test waits on that, not on time.</summary>
internal sealed class SignallingTimeProvider : FakeTimeProvider
{
    private readonly TaskCompletionSource _delayStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SignallingTimeProvider()
        : base(TestSupport.Now)
    {
    }

    public Task DelayStarted => _delayStarted.Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _delayStarted.TrySetResult();
        return timer;
    }
}
