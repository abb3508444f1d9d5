using DeepLead.Fakes.Pipeline;

namespace DeepLead.Fakes.Transports;

/// <summary>The API a transport serves right now: swapped whole when the stub loads another scenario at runtime.</summary>
internal sealed class ApiSwitch(FakePipeline initial)
{
    private volatile FakePipeline _current = initial;

    public FakePipeline Current
    {
        get => _current;
        set => _current = value;
    }
}
