using System.Globalization;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.World;

namespace DeepLead.Fakes.Endpoints;

/// <summary><c>GET /inboxes</c>: filters, a window, and pagination over a stable order.</summary>
internal static class ListInboxes
{
    /// <summary>The documented parameters (a set never changed after this, so it lists them in this order).</summary>
    public static IReadOnlySet<string> Parameters { get; } = new HashSet<string>(["poolId", "status", "limit", "skip"], StringComparer.Ordinal);

    /// <summary>The page asked for last, kept in the store's answers for the next identical request.</summary>
    private sealed record HotPage(PageKey Key, InboxPage Page);

    /// <param name="UnknownPools">Part of the key though not of the page: a page cached where an unknown pool reads as
    /// empty must not answer where it is a 404 (the cache is read without the pool check).</param>
    private readonly record struct PageKey(string? PoolId, InboxStatus? Status, long Skip, int Limit, UnknownPoolFilter UnknownPools);

    public static ApiOutcome Handle(FakeStore store, IReadOnlyDictionary<string, string> query, ApiSettings settings, List<FieldError> errors)
    {
        string? poolId = null;
        if (query.TryGetValue("poolId", out var poolIdText))
        {
            if (ObjectIdGenerator.IsWellFormed(poolIdText))
            {
                poolId = poolIdText.ToLowerInvariant();
            }
            else
            {
                errors.Add(new FieldError("poolId", "must be a 24-character hexadecimal id"));
            }
        }

        InboxStatus? status = null;
        if (query.TryGetValue("status", out var statusText))
        {
            if (InboxStatuses.TryParse(statusText, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add(new FieldError("status", $"must be one of: {InboxStatuses.AllowedValues}"));
            }
        }

        var limit = (int)ReadInteger(query, "limit", settings.DefaultLimit, 1, settings.MaxLimit, errors);
        // The documentation sets no upper bound on skip: a huge one is an empty page; beyond 64 bits the message says so.
        var skip = ReadInteger(query, "skip", 0, 0, long.MaxValue, errors);
        if (errors.Count > 0)
        {
            return ApiError.BadRequest(errors);
        }

        var pageKey = new PageKey(poolId, status, skip, limit, settings.UnknownPoolFilter);
        // A page in the cache is answered without the store's lock and its pool check: where an unknown pool is a 404,
        // a page is cached only for a pool that exists, and pools are only ever added (a reset replaces the cache).
        var answers = store.Answers;
        if (answers.Hot is HotPage hot && hot.Key == pageKey)
        {
            return hot.Page;
        }
        object key = pageKey;
        if (answers.TryGet<InboxPage>(key, out var cached))
        {
            answers.Hot = new HotPage(pageKey, cached);
            return cached;
        }
        // Static lambdas with their state passed in: a cached page costs no closure per request.
        var page = store.Read((key, settings.UnknownPoolFilter), static (reader, state) =>
            ((PageKey)state.key).PoolId is { } pool && !reader.PoolExists(pool) && state.UnknownPoolFilter == UnknownPoolFilter.NotFound
                ? null
                : reader.Cached(state.key, (PageKey)state.key, static (r, key) => Page(r, key), static p => p.Items.Length));
        return page is null ? new ApiError(404, "Pool not found") : page;
    }

    /// <summary>The page, read from the index that answers the filter exactly, so it never scans what it skips.</summary>
    private static InboxPage Page(FakeStore.Reader reader, PageKey key)
    {
        var index = reader.IndexFor(key.PoolId, key.Status);
        var items = index is null || key.Skip >= index.Count ? [] : index.Slice((int)key.Skip, key.Limit).ToArray();
        return new InboxPage(items, index?.Count ?? 0, key.Limit, key.Skip, key.PoolId is not null, key.Status is not null);
    }

    private static long ReadInteger(IReadOnlyDictionary<string, string> query, string name, long fallback, long min, long max, List<FieldError> errors)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return fallback;
        }
        // Digits only: no sign, no spaces, no decimals, no exponent, as a strict server would read a count.
        if (text.Length > 0 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }
        errors.Add(new FieldError(name, $"must be an integer from {min} to {max}"));
        return fallback;
    }
}
