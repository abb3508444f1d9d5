using System.Globalization;
using System.Text.Json;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// A seed of <see cref="InboxCount"/> inboxes spread over <see cref="PoolIds"/> pools and the four statuses,
/// with distinct addresses (custom domain, so no provider) and distinct creation times one second apart.
/// Inbox <c>i</c> is in pool <c>i % 5</c> with status <c>(i / 5) % 4</c>, so every pool and every status gets an
/// equal share and every pool/status pair exists.
/// </summary>
internal static class LargeWorld
{
    public const int InboxCount = 100_000;
    public const int PageSize = 100;

    public static readonly string[] PoolIds =
    [
        "65a000000000000000000001",
        "65a000000000000000000002",
        "65a000000000000000000003",
        "65a000000000000000000004",
        "65a000000000000000000005",
    ];

    public static readonly DateTimeOffset FirstCreatedAt = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string PoolOf(int i) => PoolIds[i % PoolIds.Length];

    public static InboxStatus StatusOf(int i) => (InboxStatus)(i / PoolIds.Length % 4);

    public static string EmailOf(int i) => string.Create(CultureInfo.InvariantCulture, $"user{i}@example.com");

    public static DeepLeadFakeOptions CreateOptions()
    {
        var options = new DeepLeadFakeOptions
        {
            // After every inbox's creation time, so a created inbox would sort last.
            Clock = FirstCreatedAt.AddSeconds(InboxCount + 3600),
            Seed = 7,
        };
        for (var p = 0; p < PoolIds.Length; p++)
        {
            options.Pools.Add(new PoolDefinition
            {
                Id = PoolIds[p],
                Name = string.Create(CultureInfo.InvariantCulture, $"Pool {p + 1}"),
                CreatedAt = FirstCreatedAt.AddHours(-1).AddMinutes(p),
            });
        }
        for (var i = 0; i < InboxCount; i++)
        {
            options.Inboxes.Add(new InboxDefinition
            {
                EmailAddress = EmailOf(i),
                PoolId = PoolOf(i),
                Status = StatusOf(i),
                DailySendingLimit = 2 + (i % 48),
                CreatedAt = FirstCreatedAt.AddSeconds(i),
            });
        }
        return options;
    }

    /// <summary>The inbox numbers a filter selects, in list order (creation time).</summary>
    public static List<int> Matching(string? poolId, InboxStatus? status) =>
        Enumerable.Range(0, InboxCount)
            .Where(i => (poolId is null || PoolOf(i) == poolId) && (status is null || StatusOf(i) == status))
            .ToList();

    public static string ApiValue(InboxStatus status) => status switch
    {
        InboxStatus.Active => "active",
        InboxStatus.Paused => "paused",
        InboxStatus.Deactivated => "deactivated",
        InboxStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// Checks a page body against what the seed says it must hold: exactly the expected inboxes, in order, and the
    /// right pagination block. Throws, so a broken setup fails the run instead of producing figures.
    /// </summary>
    public static void VerifyPage(string label, byte[] body, List<int> matching, int skip)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var inboxes = root.GetProperty("inboxes");
        var expected = matching.Skip(skip).Take(PageSize).ToList();
        if (expected.Count != PageSize)
        {
            throw new InvalidOperationException($"{label}: the benchmark asks for a page that is not full ({expected.Count} of {PageSize}).");
        }
        if (inboxes.GetArrayLength() != expected.Count)
        {
            throw new InvalidOperationException($"{label}: expected {expected.Count} inboxes, got {inboxes.GetArrayLength()}.");
        }
        var n = 0;
        foreach (var inbox in inboxes.EnumerateArray())
        {
            var i = expected[n++];
            var email = inbox.GetProperty("emailAddress").GetString();
            var pool = inbox.GetProperty("poolId").GetString();
            var status = inbox.GetProperty("status").GetString();
            if (email != EmailOf(i) || pool != PoolOf(i) || status != ApiValue(StatusOf(i)))
            {
                throw new InvalidOperationException(
                    $"{label}: item {n - 1} is {email}/{pool}/{status}, expected {EmailOf(i)}/{PoolOf(i)}/{ApiValue(StatusOf(i))}.");
            }
        }
        var pagination = root.GetProperty("pagination");
        var total = pagination.GetProperty("total").GetInt32();
        var hasMore = pagination.GetProperty("hasMore").GetBoolean();
        if (total != matching.Count || pagination.GetProperty("skip").GetInt32() != skip
            || pagination.GetProperty("limit").GetInt32() != PageSize || hasMore != (skip + PageSize < matching.Count))
        {
            throw new InvalidOperationException($"{label}: unexpected pagination {pagination.GetRawText()} (total should be {matching.Count}).");
        }
    }
}
