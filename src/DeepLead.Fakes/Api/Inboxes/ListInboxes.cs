using System.Globalization;
using System.Text;
using DeepLead.Fakes.Coverage;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Api.Inboxes;

/// <summary><c>GET /inboxes</c>: filters, a window, and pagination over a stable order.</summary>
internal static class ListInboxes
{
    /// <summary>The documented parameters (a set never changed after this, so it lists them in this order).</summary>
    public static IReadOnlySet<string> Parameters { get; } = new HashSet<string>(["poolId", "status", "limit", "skip"], StringComparer.Ordinal);

    private static readonly byte[] Prefix = "{\"inboxes\":["u8.ToArray();

    private readonly record struct PageKey(string? PoolId, InboxStatus? Status, long Skip, int Limit);

    /// <summary>Reads the documented parameters of <paramref name="query"/> (already stripped of ignored ones) after <paramref name="errors"/> so far.</summary>
    public static ApiResponse Handle(FakeStore store, IReadOnlyDictionary<string, string> query, ApiSettings settings, List<FieldError> errors)
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
            return ErrorResponses.BadRequest(errors);
        }

        var key = new PageKey(poolId, status, skip, limit);
        var body = store.Read(reader =>
            poolId is not null && !reader.PoolExists(poolId) && settings.UnknownPoolFilter == UnknownPoolFilter.NotFound
                ? null
                : reader.Rendered(key, r => Render(r, key)));
        if (body is null)
        {
            return ErrorResponses.Create(404, "Pool not found");
        }
        // hasMore is the last flag of the rendered page: read it back rather than keep a second cache.
        var hasMore = body.AsSpan().EndsWith("true}}"u8);
        var facts = (poolId is null ? ResponseFacts.None : ResponseFacts.FilteredByPool)
            | (status is null ? ResponseFacts.None : ResponseFacts.FilteredByStatus)
            | (hasMore ? ResponseFacts.PageWithMore : ResponseFacts.None);
        return new ApiResponse(200, body) { Facts = facts };
    }

    /// <summary>
    /// The page as one exact-size array: each inbox's JSON was rendered at creation, so a page is a concatenation
    /// (no serializer, no intermediate buffer).
    /// </summary>
    private static byte[] Render(FakeStore.Reader reader, PageKey key)
    {
        var index = reader.IndexFor(key.PoolId, key.Status);
        var page = index is null || key.Skip >= index.Count ? [] : index.Slice((int)key.Skip, key.Limit);
        var total = index?.Count ?? 0;
        var hasMore = key.Skip < total - page.Length;
        var suffix = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"],\"pagination\":{{\"total\":{total},\"limit\":{key.Limit},\"skip\":{key.Skip},\"hasMore\":{(hasMore ? "true" : "false")}}}}}"));
        var length = Prefix.Length + suffix.Length + Math.Max(0, page.Length - 1);
        foreach (var inbox in page)
        {
            length += inbox.Json.Length;
        }
        var body = new byte[length];
        var at = 0;
        Prefix.CopyTo(body, at);
        at += Prefix.Length;
        for (var i = 0; i < page.Length; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }
            page[i].Json.CopyTo(body, at);
            at += page[i].Json.Length;
        }
        suffix.CopyTo(body, at);
        return body;
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
