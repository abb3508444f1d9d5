using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>The real stub as a child process: its output captured, its ready line awaited, signals sent for real.</summary>
internal sealed partial class StubProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StubProcess(Process process) => _process = process;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string ScenarioPath(string name) => Path.Combine(AppContext.BaseDirectory, "scenarios", name + ".json");

    public static StubProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.Server.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("DEEPLEAD_FAKE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var stub = new StubProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                stub._ready.TrySetException(new InvalidOperationException("The stub closed its output before it was ready: " + stub.Output));
                return;
            }
            lock (stub._stdout)
            {
                stub._stdout.AppendLine(e.Data);
            }
            var match = ReadyLine().Match(e.Data);
            if (match.Success)
            {
                stub._ready.TrySetResult(match.Groups["url"].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stub._stderr)
                {
                    stub._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return stub;
    }

    [GeneratedRegex(@"ready at (?<url>http://\S+/api/v1/)")]
    private static partial Regex ReadyLine();

    public string Output
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async Task<Uri> WaitUntilReadyAsync() => new(await _ready.Task.WaitAsync(StartTimeout, Ct));

    /// <summary>Waits for the exit and for the output streams to drain.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void SendSignal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public const int SigInt = 2;
    public const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // A one-line P/Invoke in a test helper; source generation buys nothing here.
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054, CA5392

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }
}
