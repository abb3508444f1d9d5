using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// The real stub as a child process: its output captured line by line, its ready line awaited, signals sent for real.
/// The child never inherits <c>DEEPLEAD_FAKE_*</c> variables from the test run; a test passes the ones it means.
/// </summary>
internal sealed partial class StubProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StubProcess(Process process) => _process = process;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string ScenarioPath(string name) => Path.Combine(AppContext.BaseDirectory, "scenarios", name + ".json");

    /// <summary>The stub built beside the tests: <c>dotnet DeepLead.Fakes.Server.dll ARGS</c>.</summary>
    public static StubProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static StubProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartExecutable("dotnet", environment, [Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.Server.dll"), .. args]);

    /// <summary>Any executable (the installed tool's shim, say), with these variables on top of a clean environment.</summary>
    public static StubProcess StartExecutable(string fileName, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("DEEPLEAD_FAKE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var stub = new StubProcess(process);
        process.OutputDataReceived += (_, e) => stub.OnOutputLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                stub._stderrClosed.TrySetResult();
                return;
            }
            lock (stub._stderr)
            {
                stub._stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return stub;
    }

    private void OnOutputLine(string? line)
    {
        if (line is null)
        {
            _ready.TrySetException(new InvalidOperationException($"The stub closed its output before it was ready.\nstdout:\n{Output}\nstderr:\n{Errors}"));
            lock (_stdout)
            {
                foreach (var (pattern, seen) in _waiters)
                {
                    seen.TrySetException(new InvalidOperationException($"The stub closed its output before printing a line matching {pattern}.\nstdout:\n{string.Join('\n', _stdout)}"));
                }
                _waiters.Clear();
            }
            _stdoutClosed.TrySetResult();
            return;
        }
        lock (_stdout)
        {
            _stdout.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Pattern.IsMatch(line)).ToList())
            {
                waiter.Seen.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
        if (ReadyLine().Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(match.Groups["url"].Value);
        }
    }

    [GeneratedRegex(@"ready at (?<url>http://\S+/api/v1/)")]
    public static partial Regex ReadyLine();

    public int Id => _process.Id;

    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public string Output => string.Join('\n', OutputLines);

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

    /// <summary>The API's base address from the ready line (…/api/v1/).</summary>
    public async Task<Uri> WaitUntilReadyAsync() => new(await _ready.Task.WaitAsync(StartTimeout, Ct));

    /// <summary>The first output line (already printed or still to come) that matches.</summary>
    public Task<string> WaitForLineAsync(Regex pattern, TimeSpan? timeout = null)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            if (_stdout.FirstOrDefault(pattern.IsMatch) is { } line)
            {
                return Task.FromResult(line);
            }
            if (_stdoutClosed.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The stub's output is closed and has no line matching {pattern}:\n{string.Join('\n', _stdout)}");
            }
            _waiters.Add((pattern, seen));
        }
        return seen.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30), Ct);
    }

    /// <summary>Waits for the exit and for both output streams to drain.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void SendSignal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGTERM, then the exit code, which must come within the 5 s the stub promises.</summary>
    public async Task<int> StopAsync()
    {
        SendSignal(SigTerm);
        return await WaitForExitAsync(TimeSpan.FromSeconds(5));
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
