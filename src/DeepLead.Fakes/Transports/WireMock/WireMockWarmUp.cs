using Newtonsoft.Json;
using WireMock.Matchers.Request;
using WireMock.RequestBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace DeepLead.Fakes.Transports;

/// <summary>
/// One-off costs of WireMock.Net, paid on a spare thread instead of on the path to the first answer:
/// its server constructor serializes the whole settings object with Newtonsoft.Json for a debug line (tens of
/// milliseconds of reflection the first time), its first request looks for a MimeKit plug-in by loading every DLL
/// next to it and listing their types (almost half of that request), and, with its admin interface on, that request
/// also JIT-compiles every admin route's regex (<see cref="WarmMatchers"/>).
/// </summary>
internal static class WireMockWarmUp
{
    private static int _started;

    /// <summary>Starts the warm-up once per process; later calls do nothing. Never throws.</summary>
    public static void Begin()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(Run);
        }
    }

    /// <summary>
    /// WireMock.Net's admin interface adds about fifty mappings whose path matchers are compiled regexes; the first
    /// request runs every one of them, and JIT-compiles each. This runs them in reverse order on a spare thread, so that
    /// the first request, going forward, meets it halfway. Never throws.
    /// </summary>
    public static void WarmMatchers(WireMockServer server) => _ = Task.Run(() =>
    {
        try
        {
            foreach (var mapping in server.Mappings.Reverse())
            {
                if (mapping.RequestMatcher is not Request request)
                {
                    continue;
                }
                foreach (var pathMatcher in request.GetRequestMessageMatchers<RequestMessagePathMatcher>())
                {
                    foreach (var matcher in pathMatcher.Matchers ?? [])
                    {
                        _ = matcher.IsMatch("/");
                    }
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Only a warm-up: the first request compiles whatever is left.
        }
    });

    private static void Run()
    {
        try
        {
            // The same call WireMockServer's constructor makes; the contracts it builds are cached process-wide.
            _ = JsonConvert.SerializeObject(new WireMockServerSettings(), Formatting.Indented);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Only a warm-up: the constructor pays the cost itself.
        }
        try
        {
            // Constructing this matcher runs the plug-in search every first request would run; without MimeKit it
            // throws, and the search's "not found" is remembered for the rest of the process.
            _ = new RequestMessageMultiPartMatcher();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Expected without the MimeKit plug-in.
        }
    }
}
