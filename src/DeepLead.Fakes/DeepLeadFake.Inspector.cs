using System.Net;
using DeepLead.Fakes.Inspector;
using DeepLead.Fakes.Transports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DeepLead.Fakes;

public sealed partial class DeepLeadFake
{
    private readonly Inspector.InspectorPage _inspector;
    private volatile IReadOnlyList<string> _scenarioNames;
    private readonly SemaphoreSlim _inspectorStart = new(1, 1);
    private WebApplication? _inspectorHost;
    private Uri? _inspectorAddress;

    /// <summary>The host's middleware, then the inspector's paths, then the API (only the inspector's exact paths stop there).</summary>
    private static Action<IApplicationBuilder> WithInspector(Action<IApplicationBuilder>? hostPipeline, InspectorPage inspector) => app =>
    {
        hostPipeline?.Invoke(app);
        app.Use(inspector.InvokeAsync);
    };

    /// <summary>
    /// The address of the inspector, a page that shows the calls (live), the state, the coverage, the rules, the
    /// scenarios and the clock. On the port transport it is served on the fake's own port; in memory this starts a
    /// listener on a free port of 127.0.0.1 (once; it stops with the fake). See docs/inspector.md.
    /// </summary>
    public async Task<Uri> StartInspectorAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_transport is not InMemoryTransport)
        {
            return new Uri(RootAddress, InspectorPage.Prefix.TrimStart('/') + "/");
        }
        await _inspectorStart.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_inspectorAddress is { } started)
            {
                return started;
            }
            // Empty: no configuration read from the test's directory or environment (a Kestrel section there must not
            // open other endpoints), no logging; one loopback endpoint on a free port.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var host = builder.Build();
            host.Run(_inspector.InvokeOrNotFoundAsync);
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var root = host.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _inspectorHost = host;
            _inspectorAddress = new Uri(new Uri(root.TrimEnd('/') + "/"), InspectorPage.Prefix.TrimStart('/') + "/");
            return _inspectorAddress;
        }
        finally
        {
            _inspectorStart.Release();
        }
    }

    /// <summary>
    /// Writes the inspector's views, with the calls, state, coverage, rules and clock as they are now, to one
    /// self-contained HTML file (no network, no external script): for a CI run to keep when a test failed.
    /// </summary>
    public void WriteInspectorReport(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
        File.WriteAllText(path, InspectorReport.Html(new InspectorSource(this, Admin, Journal)));
    }

    private void StopInspector()
    {
        _inspector.Stop();
        if (Interlocked.Exchange(ref _inspectorHost, null) is { } host)
        {
            // Open event streams end when the host stops; a page left open must not hold the fake's disposal long.
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            host.StopAsync(stop.Token).GetAwaiter().GetResult();
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
