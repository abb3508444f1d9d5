using WireMock.Server;
using WireMock.Settings;

namespace DeepLead.Fakes.Server;

/// <summary>
/// Starts and stops a throwaway WireMock.Net server on a spare core while the main thread reads the scenario, so the
/// real server's start (Kestrel, WireMock.Net's middleware and admin mappings: mostly JIT compilation shared by the
/// process) finds that code compiled. Reading the default scenario is itself mostly JIT of System.Text.Json's generic
/// code, which no precompilation of ours can hold, so the two are overlapped instead of run one after the other.
/// On one core there is nothing to overlap with, so it is skipped.
/// </summary>
internal static class StubWarmUp
{
    public static void Begin()
    {
        if (Environment.ProcessorCount < 2)
        {
            return;
        }
        _ = Task.Run(static () =>
        {
            try
            {
                // Loopback and a free port only; never a request, never a log line.
                using var server = WireMockServer.Start(new WireMockServerSettings
                {
                    Urls = ["http://127.0.0.1:0"],
                    StartAdminInterface = true,
                    MaxRequestLogCount = 0,
                });
                server.Stop();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Only a warm-up: the real server pays the cost itself (and reports its own failure to listen).
            }
        });
    }
}
