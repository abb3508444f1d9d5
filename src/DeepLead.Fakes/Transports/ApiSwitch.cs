using DeepLead.Fakes.Pipeline;

namespace DeepLead.Fakes.Transports;

/// <summary>
/// The API a transport serves right now: swapped whole when the stub loads another scenario at runtime. Empty while
/// the port transport starts beside the world being built; a request that arrives then waits for it.
/// </summary>
internal sealed class ApiSwitch
{
    private readonly TaskCompletionSource<FakePipeline> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile FakePipeline? _current;

    public ApiSwitch()
    {
    }

    public ApiSwitch(FakePipeline initial) => Current = initial;

    /// <summary>The pipeline; null only before the first world is built.</summary>
    public FakePipeline? Current
    {
        get => _current;
        set
        {
            _current = value;
            if (value is not null)
            {
                _first.TrySetResult(value);
            }
        }
    }

    /// <summary>The pipeline, waiting for the first world if need be (a request to a port that opened a moment early).</summary>
    public ValueTask<FakePipeline> GetAsync() => _current is { } current ? new(current) : new(_first.Task);

    /// <summary>The world could not be built: a request that was waiting for it fails (the transport is stopping too).</summary>
    public void Abandon() => _first.TrySetCanceled();
}
