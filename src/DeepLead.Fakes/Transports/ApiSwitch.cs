using DeepLead.Fakes.Api;

namespace DeepLead.Fakes.Transports;

/// <summary>The API a transport serves right now: swapped whole when the stub loads another scenario at runtime.</summary>
internal sealed class ApiSwitch(DeepLeadApi initial)
{
    private volatile DeepLeadApi _current = initial;

    public DeepLeadApi Current
    {
        get => _current;
        set => _current = value;
    }
}
