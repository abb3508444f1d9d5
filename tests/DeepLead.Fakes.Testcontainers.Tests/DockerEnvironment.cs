using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace DeepLead.Fakes.Testcontainers.Tests;

/// <summary>
/// What the container tests need from the machine, checked once, with a failure that says what to run when it is
/// missing: a Docker daemon (scripts/docker-setup.sh starts one), the image's base, and the stub's self-contained
/// publish (scripts/build-stub-archive.sh). Never a skip: a machine that cannot run containers fails these tests.
/// </summary>
internal static class DockerEnvironment
{
    public const string Setup = "run `sudo scripts/docker-setup.sh` (installs docker.io and debootstrap, starts dockerd, makes the base image); see docs/stub-and-ci.md#containers-and-other-languages";

    public static readonly string RepositoryRoot = typeof(DockerEnvironment).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>
    /// Defaults for Testcontainers (.NET here, Node in the sample, both read them from the environment) that suit a
    /// daemon on this machine: Debian's Docker speaks API 1.41; Ryuk's image cannot be pulled where no registry is
    /// reachable (each test disposes what it starts); and a machine that looks like a container (/.dockerenv) would
    /// otherwise be reached at the bridge address instead of loopback. A value set by the caller wins.
    /// </summary>
    [ModuleInitializer]
    internal static void SetTestcontainersDefaults()
    {
        SetIfUnset("DOCKER_API_VERSION", "1.41");
        SetIfUnset("TESTCONTAINERS_RYUK_DISABLED", "true");
        SetIfUnset("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
    }

    private static void SetIfUnset(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Runs a command to its end; its output (standard output and error, interleaved as they come) and exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"could not start {fileName}: {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeoutSource.CancelAfter(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in time:\n{output}");
        }
        process.WaitForExit();   // the end of redirected output
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }

    /// <summary>The docker command; fails with what to run when there is no daemon to talk to.</summary>
    public static async Task<string> DockerAsync(params string[] args)
    {
        var (exitCode, output) = await RunAsync("docker", args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', args)} failed ({exitCode}):\n{output}");
        }
        return output.Trim();
    }

    /// <summary>
    /// Makes sure a Docker daemon answers and the image's base is there, with the same script the docs give users
    /// (scripts/docker-setup.sh: idempotent, a second or so when all is in place), so that the README's `dotnet test`
    /// works on a fresh machine where it may install packages (root, or sudo without a password). Where it cannot, the
    /// tests fail with the script's own words and what to run: never a skip.
    /// </summary>
    public static async Task RequireDockerAsync()
    {
        var (setupExit, setupOutput) = await RunAsync("bash", [Path.Combine(RepositoryRoot, "scripts", "docker-setup.sh")], timeout: TimeSpan.FromMinutes(10));
        var (exitCode, output) = await RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], timeout: TimeSpan.FromSeconds(60));
        if (setupExit != 0 || exitCode != 0)
        {
            throw new InvalidOperationException(
                $"These tests run the DeepLead fake in Docker, and no Docker daemon answered (`docker info` exited {exitCode}: {output.Trim()}); scripts/docker-setup.sh, run by the tests, exited {setupExit}:\n{setupOutput.Trim()}\nTo prepare this machine, {Setup}.");
        }
    }
}
