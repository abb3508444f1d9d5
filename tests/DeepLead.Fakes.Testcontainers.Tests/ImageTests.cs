using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace DeepLead.Fakes.Testcontainers.Tests;

/// <summary>
/// The image as a user runs it (plain Testcontainers and the docker command, not our module): health check, non-root,
/// the documentation's curl example, scenarios from a mounted folder or the variable, and <c>docker stop</c>.
/// </summary>
public sealed class ImageTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => DockerEnvironment.Ct;

    /// <summary>The image with its port published on 127.0.0.1, ready once the health endpoint answers.</summary>
    internal static ContainerBuilder Image(string image) =>
        new ContainerBuilder(image)
            .WithPortBinding(8080, assignRandomHostPort: true)
            .WithCreateParameterModifier(parameters =>
            {
                foreach (var binding in parameters.HostConfig?.PortBindings?.Values.SelectMany(b => b) ?? [])
                {
                    binding.HostIP = "127.0.0.1";
                }
            });

    /// <summary>A readiness wait that fails after two minutes instead of hanging the run (the stub is ready in seconds).</summary>
    private static void Bounded(IWaitStrategy strategy) => strategy.WithTimeout(TimeSpan.FromMinutes(2));

    private static Uri Root(IContainer container) => new($"http://{container.Hostname}:{container.GetMappedPublicPort(8080)}/");

    [Fact]
    public async Task Health_check_turns_healthy_with_the_admin_token_and_the_stub_runs_as_PID_1_of_a_non_root_user()
    {
        var artifacts = await StubImage.GetAsync();
        output.WriteLine($"image {artifacts.Image}: {artifacts.ImageSize / 1_000_000.0:F1} MB");
        // With a token, /__admin/health needs it: healthy proves the HEALTHCHECK sends it.
        await using var container = Image(artifacts.Image)
            .WithEnvironment("DEEPLEAD_FAKE_ADMIN_TOKEN", "health-token-1")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilContainerIsHealthy(waitStrategyModifier: Bounded))
            .Build();
        await container.StartAsync(Ct);

        Assert.Equal(TestcontainersHealthStatus.Healthy, container.Health);
        using var http = new HttpClient();
        using var withoutToken = await http.GetAsync(new Uri(Root(container), "__admin/health"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);

        // The image has no coreutils: bash's builtins read what /proc says about PID 1.
        var status = await container.ExecAsync(["/bin/bash", "-c", "while read -r key real _; do [ \"$key\" = Uid: ] && echo \"$real\"; done < /proc/1/status"], Ct);
        Assert.Equal("1654", status.Stdout.Trim());
        // PID 1 is the stub itself (the entry point execs it), so `docker stop`'s SIGTERM reaches it.
        var pid1 = await container.ExecAsync(["/bin/bash", "-c", "IFS= read -r -d '' program < /proc/1/cmdline; echo \"$program\""], Ct);
        Assert.Equal("/app/DeepLead.Fakes.Server", pid1.Stdout.Trim());
        // As small as a working image can be: the self-contained publish (~150 MB, a composite ReadyToRun image: 25 MB
        // more than separate ones, for a container that answers about 140 ms sooner) plus what it needs from Debian.
        Assert.True(artifacts.ImageSize < 185_000_000, $"the image grew to {artifacts.ImageSize:N0} bytes");
    }

    [Fact]
    public async Task The_documentations_curl_example_works_against_the_container()
    {
        var artifacts = await StubImage.GetAsync();
        await using var container = Image(artifacts.Image)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(8080).ForPath("/__admin/health"), Bounded))
            .Build();
        await container.StartAsync(Ct);
        var api = new Uri(Root(container), "api/v1/");

        // DeepLead's curl examples with only the host changed (docs/stub-and-ci.md).
        var (created, createdOutput) = await DockerEnvironment.RunAsync("curl",
        [
            "-sS", "--fail-with-body", "-X", "POST", $"{api}inboxes",
            "-H", "Authorization: Bearer dl_your_api_key_here",
            "-H", "Content-Type: application/json",
            "-d", """
                  {
                  "emailAddress": "sales@company.com",
                  "imapPassword": "your-app-password",
                  "provider": "google"
                  }
                  """,
        ]);
        Assert.True(created == 0, createdOutput);
        using var result = JsonDocument.Parse(createdOutput);
        Assert.True(result.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal("API Pool - 2024-01-15", result.RootElement.GetProperty("autoCreatedPool").GetProperty("name").GetString());

        var (listed, pools) = await DockerEnvironment.RunAsync("curl",
            ["-sS", "--fail-with-body", "-X", "GET", $"{api}pools", "-H", "Authorization: Bearer dl_your_api_key_here"]);
        Assert.True(listed == 0, pools);
        using var list = JsonDocument.Parse(pools);
        Assert.Equal(
            ["Main Pool", "API Pool - 2024-01-15"],
            list.RootElement.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Scenarios_in_a_mounted_folder_are_layered_in_name_order_and_the_variable_wins_over_them()
    {
        var artifacts = await StubImage.GetAsync();
        var folder = Directory.CreateTempSubdirectory("deeplead-image-scenarios-");
        try
        {
            // Readable by the image's user (a temp folder is private to its owner).
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            File.Copy(Path.Combine(DockerEnvironment.RepositoryRoot, "scenarios", "default.json"), Path.Combine(folder.FullName, "10-base.json"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "20-more.json"), """
                { "pools": [ { "id": "65a000000000000000000024", "name": "Mounted Pool" } ] }
                """, Ct);

            await using (var mounted = await StartAsync(Image(artifacts.Image).WithBindMount(folder.FullName, "/scenarios", AccessMode.ReadOnly)))
            {
                using var client = Client(mounted);
                var names = await PoolNamesAsync(client);
                Assert.Equal(["Main Pool", "Mounted Pool"], names);
            }

            await using var overridden = await StartAsync(Image(artifacts.Image)
                .WithBindMount(folder.FullName, "/scenarios", AccessMode.ReadOnly)
                .WithEnvironment("DEEPLEAD_FAKE_SCENARIO", "shipped:outage"));
            using var outage = Client(overridden);
            using var response = await outage.GetAsync("pools", Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Flags_after_the_image_name_reach_the_stub_and_win_over_the_images_variables()
    {
        var artifacts = await StubImage.GetAsync();
        // docker run deeplead-fake --scenario shipped:outage --port 9090: the entry point passes the flags on.
        await using var container = Image(artifacts.Image)
            .WithPortBinding(9090, assignRandomHostPort: true)
            .WithCommand("--scenario", "shipped:outage", "--port", "9090")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(9090).ForPath("/__admin/health"), Bounded))
            .Build();
        await container.StartAsync(Ct);

        using var client = new HttpClient { BaseAddress = new Uri($"http://{container.Hostname}:{container.GetMappedPublicPort(9090)}/api/v1/") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "dl_your_api_key_here");
        using var response = await client.GetAsync("pools", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Docker_stop_ends_the_stub_with_exit_code_0_within_one_second()
    {
        var artifacts = await StubImage.GetAsync();
        await using var container = await StartAsync(Image(artifacts.Image));
        using (var client = Client(container))
        {
            using var pools = await client.GetAsync("pools", Ct);
            Assert.Equal(HttpStatusCode.OK, pools.StatusCode);
        }

        // `docker stop -t 1`: SIGTERM, then SIGKILL (exit code 137) if the stub is still running a second later.
        // Exit code 0 therefore means it stopped cleanly, by itself, within the second.
        var stopwatch = Stopwatch.StartNew();
        await DockerEnvironment.DockerAsync("stop", "-t", "1", container.Id);
        stopwatch.Stop();
        var exitCode = await container.GetExitCodeAsync(Ct);
        output.WriteLine($"docker stop took {stopwatch.ElapsedMilliseconds} ms; exit code {exitCode}");
        Assert.Equal(0, exitCode);
        var logs = await DockerEnvironment.DockerAsync("logs", container.Id);
        Assert.Contains("GET /api/v1/pools -> 200", logs, StringComparison.Ordinal);
    }

    private static async Task<IContainer> StartAsync(ContainerBuilder builder)
    {
        var container = builder
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(8080).ForPath("/__admin/health"), Bounded))
            .Build();
        await container.StartAsync(Ct);
        return container;
    }

    private static HttpClient Client(IContainer container)
    {
        var client = new HttpClient { BaseAddress = new Uri(Root(container), "api/v1/") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "dl_your_api_key_here");
        return client;
    }

    internal static async Task<List<string?>> PoolNamesAsync(HttpClient client)
    {
        using var response = await client.GetAsync("pools", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("name").GetString())];
    }
}
