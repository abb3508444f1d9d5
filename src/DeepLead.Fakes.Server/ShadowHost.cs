using System.Globalization;
using DeepLead.Fakes.Shadowing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server;

/// <summary>
/// <c>--shadow</c>: a plain proxy (Kestrel, no WireMock.Net: nothing here is stubbed) that hands every request to a
/// <see cref="DeepLeadShadow"/> and writes its report when the stub stops.
/// </summary>
internal static class ShadowHost
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase) { "Host", "Content-Length", "Connection", "Transfer-Encoding", "Keep-Alive" };

    public static async Task<int> RunAsync(StubSettings settings, ShadowSettings shadowSettings, List<ScenarioLayer> layers, ConsoleLog log, Task<string> stop)
    {
        using var upstream = new HttpClient { BaseAddress = shadowSettings.Upstream, Timeout = TimeSpan.FromMinutes(2) };
        var options = new ShadowOptions
        {
            ApiKey = shadowSettings.Key,
            ForwardWrites = shadowSettings.ForwardWrites,
            MaxRequestsPerSecond = shadowSettings.MaxRequestsPerSecond,
            SnapshotProgress = new Progress<SnapshotProgress>(p => log.LogInformation("Snapshot: page {Pages}, {Inboxes} inboxes", p.Pages, p.Inboxes)),
            ConfigureFake = fake =>
            {
                foreach (var layer in layers)
                {
                    fake.Scenarios.Add(layer.ToSource());
                }
                fake.Seed = settings.Seed ?? fake.Seed;
                fake.Clock = settings.Clock ?? fake.Clock;
                fake.JournalCapacity = settings.JournalLimit;
                fake.MaxScenarioInboxes = settings.MaxInboxes;
                fake.CoverageReportPath = settings.CoverageReport;
                fake.Logger = settings.CoverageReport is null ? null : log; // only for the coverage summary on stop
                fake.InspectorToken = settings.AdminToken;
            },
        };
        DeepLeadShadow shadow;
        try
        {
            shadow = await DeepLeadShadow.StartAsync(upstream, options);
        }
        catch (SnapshotException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return Program.ExitSnapshot;
        }
        catch (ScenarioException exception)
        {
            await Console.Error.WriteLineAsync($"error: invalid scenario: {exception.Message}");
            return Program.ExitScenario;
        }

        await using (shadow)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var host = settings.Host.Contains(':', StringComparison.Ordinal) ? $"[{settings.Host}]" : settings.Host;
            builder.WebHost.UseUrls($"http://{host}:{settings.Port.ToString(CultureInfo.InvariantCulture)}");
            await using var app = builder.Build();
            app.Run(context => AnswerAsync(context, shadow, log));
            try
            {
                await app.StartAsync();
            }
            catch (IOException exception)
            {
                await Console.Error.WriteLineAsync($"error: cannot listen on {host}:{settings.Port}: {exception.Message}");
                return Program.ExitCannotListen;
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var baseAddress = $"{address}/api/v1/";
            if (settings.ReadyFile is { } readyFile)
            {
                Program.WriteAtomically(readyFile, baseAddress + "\n");
            }
            // The inspector shows the fake's side, with the report's groups so far as its Shadow view.
            shadow.Fake.Admin.AddInspectorView("Shadow", () => ShadowRows(shadow.GetReport()));
            var inspector = await shadow.Fake.StartInspectorAsync();
            log.WriteLine($"DeepLead shadow inspector (the fake's side and the differences so far) at {inspector}");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"DeepLead shadow ready at {baseAddress} (upstream {shadowSettings.Upstream}, snapshot of {shadow.Snapshot.PoolCount:N0} pools and {shadow.Snapshot.InboxCount:N0} inboxes; writes {(shadowSettings.ForwardWrites ? "forwarded" : "answered by the fake alone")})"));

            var signal = await stop;
            log.LogInformation("{Signal} received, stopping", signal);
            await app.StopAsync();
            var report = shadow.GetReport();
            await report.WriteAsync(shadowSettings.ReportPath);
            if (shadowSettings.SettingsPath is { } settingsPath)
            {
                await File.WriteAllTextAsync(settingsPath, report.ToSettingsLayerJson());
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Shadow report: {report.Counts.Total} calls, {report.Counts.WithDifferences} with differences, {report.Groups.Count} kinds of difference; written to {shadowSettings.ReportPath} and {ShadowReport.SummaryPath(shadowSettings.ReportPath)}{(shadowSettings.SettingsPath is { } written ? $"; settings layer: {written}" : "")}"));
            if (settings.ReadyFile is { } ready)
            {
                File.Delete(ready);
            }
        }
        return Program.ExitOk;
    }

    /// <summary>Whatever goes wrong, the caller gets the documented error shape, never Kestrel's empty 500 or a stack trace.</summary>
    /// <summary>The report's groups as the inspector's Shadow view: what differed, how often, and the setting that would close it.</summary>
    private static IReadOnlyList<IReadOnlyList<string>> ShadowRows(ShadowReport report)
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "Endpoint", "Kind", "Path", "Count", "DeepLead", "Fake", "Suggested setting", "Hint" } };
        foreach (var group in report.Groups)
        {
            rows.Add(new[]
            {
                group.Endpoint, group.Kind, group.Path, group.Count.ToString(CultureInfo.InvariantCulture), group.Upstream, group.Fake,
                group.SuggestedSetting is { } setting ? $"{setting.Setting}: {setting.Value}" : "", group.Hint ?? "",
            });
        }
        return rows;
    }

    private static async Task AnswerAsync(HttpContext context, DeepLeadShadow shadow, ConsoleLog log)
    {
        try
        {
            await ProxyAsync(context, shadow, log);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
        {
            log.LogError("{Method} {Path} failed in the shadow: {Error}", context.Request.Method, context.Request.Path.Value, exception.GetType().Name);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":"Shadow: the call could not be shadowed"}""", context.RequestAborted);
        }
    }

    private static async Task ProxyAsync(HttpContext context, DeepLeadShadow shadow, ConsoleLog log)
    {
        var request = context.Request;
        if (request.Path.Equals("/__admin/health", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"status":"ok","mode":"shadow"}""", context.RequestAborted);
            return;
        }
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri("http://shadow.local" + request.Path + request.QueryString));
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0 || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (var (name, values) in request.Headers)
        {
            if (NotForwarded.Contains(name))
            {
                continue;
            }
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        using var response = await shadow.SendAsync(message, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!NotForwarded.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }
        var answer = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
        // Method, path and status only: a query or a body may carry what the log should not.
        log.LogInformation("{Method} {Path} -> {Status}", request.Method, request.Path.Value, context.Response.StatusCode);
    }
}
