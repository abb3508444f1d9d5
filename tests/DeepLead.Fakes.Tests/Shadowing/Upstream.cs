using System.Text.Json.Nodes;
using DeepLead.Fakes.Shadowing;

namespace DeepLead.Fakes.Tests.Shadowing;

/// <summary>
/// The stand-in for a live DeepLead account: a second fake with its own state (two pools, a few inboxes, optionally
/// generated bulk) and whatever settings and rules a test plants.
/// </summary>
internal static class Upstream
{
    public const string Key = "dl_upstream_secret_7f3a9c";
    public const string SalesPool = "65a000000000000000000001";
    public const string SupportPool = "65a000000000000000000002";
    public const string NoSuchPool = "65a0000000000000000000ff";
    public const string PausedAddress = "anna.paused@gmail.com";

    public static readonly DateTimeOffset Clock = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>The upstream's scenario: its state, plus the settings and rules given.</summary>
    public static string Scenario(int generated = 0, JsonObject? settings = null, JsonArray? rules = null)
    {
        var scenario = new JsonObject
        {
            ["name"] = "upstream",
            ["seed"] = 99,
            ["apiKeys"] = new JsonArray(new JsonObject { ["key"] = Key }),
            ["pools"] = new JsonArray(
                new JsonObject { ["id"] = SalesPool, ["name"] = "Sales", ["createdAt"] = "2025-01-02T03:04:05Z" },
                new JsonObject { ["id"] = SupportPool, ["name"] = "Support", ["createdAt"] = "2025-01-03T03:04:05Z" }),
            ["inboxes"] = new JsonArray(
                new JsonObject { ["emailAddress"] = PausedAddress, ["poolId"] = SalesPool, ["status"] = "paused", ["dailySendingLimit"] = 30, ["createdAt"] = "2025-01-05T00:00:00Z" },
                new JsonObject { ["emailAddress"] = "ben.error@outlook.com", ["poolId"] = SupportPool, ["status"] = "error", ["dailySendingLimit"] = 12, ["createdAt"] = "2025-01-06T00:00:00Z" },
                new JsonObject { ["emailAddress"] = "cara@company.com", ["poolId"] = SalesPool, ["status"] = "deactivated", ["createdAt"] = "2025-01-07T00:00:00Z" }),
        };
        if (generated > 0)
        {
            scenario["generate"] = new JsonObject { ["inboxes"] = generated };
        }
        if (settings is not null)
        {
            scenario["settings"] = settings;
        }
        if (rules is not null)
        {
            scenario["rules"] = rules;
        }
        return scenario.ToJsonString();
    }

    public static Task<DeepLeadFake> StartAsync(FakeTransport transport, string scenario, TimeProvider? time = null)
    {
        var options = new DeepLeadFakeOptions { Transport = transport, Clock = Clock, TimeProvider = time };
        options.Scenarios.Add(ScenarioSource.Json(scenario, "upstream"));
        return DeepLeadFake.StartAsync(options, TestSupport.Ct);
    }

    /// <summary>A client for the upstream without a key: the snapshot and the shadow send their own.</summary>
    public static HttpClient Client(DeepLeadFake upstream, DelegatingHandler? planted = null)
    {
        HttpMessageHandler handler = upstream.CreateHandler();
        if (planted is not null)
        {
            planted.InnerHandler = handler;
            handler = planted;
        }
        return new HttpClient(handler) { BaseAddress = upstream.BaseAddress };
    }

    public static SnapshotOptions SnapshotOptions(TimeProvider? time = null) => new() { ApiKey = Key, TimeProvider = time ?? TimeProvider.System };
}

/// <summary>
/// A clock whose timers fire at once, moving the clock on by their due time: code that waits (pacing, Retry-After)
/// runs without sleeping, and the waits are recorded.
/// </summary>
internal sealed class InstantTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;
    private readonly List<TimeSpan> _waits = [];

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_lock)
            {
                return [.. _waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    // The fake's rate window measures with timestamps: they must move with the clock.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_lock)
            {
                _waits.Add(dueTime);
                _now += dueTime;
            }
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }
        return new NoTimer();
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
