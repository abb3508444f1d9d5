using System.Globalization;
using System.Text;
using DeepLead.Fakes.Coverage;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Api.Inboxes;

/// <summary><c>GET /inboxes</c>: filters, a window, and pagination over a stable order.</summary>
internal static class ListInboxes
{
    private static readonly HashSet<string> KnownParameters = ["poolId", "status", "limit", "skip"];

    private static readonly byte[] Prefix = "{\"inboxes\":["u8.ToArray();

    private readonly record struct PageKey(string? PoolId, InboxStatus? Status, int Skip, int Limit);

    public static ApiResponse Handle(FakeStore store, IReadOnlyDictionary<string, string> query, ApiSettings settings)
    {
        var errors = new List<FieldError>();
        foreach (var name in query.Keys)
        {
            if (!KnownParameters.Contains(name))
            {
                errors.Add(new FieldError(name, "is not a parameter of this endpoint (poolId, status, limit, skip)"));
            }
        }

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

        var limit = ReadInteger(query, "limit", settings.DefaultLimit, 1, settings.MaxLimit, errors);
        var skip = ReadInteger(query, "skip", 0, 0, int.MaxValue, errors);
        if (errors.Count > 0)
        {
            return ErrorResponses.BadRequest(errors);
        }

        var key = new PageKey(poolId, status, skip, limit);
        var body = store.Read(reader =>
            poolId is not null && !reader.PoolExists(poolId) ? null : reader.Rendered(key, r => Render(r, key)));
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
        var page = index is null ? [] : index.Slice(key.Skip, key.Limit);
        var total = index?.Count ?? 0;
        var hasMore = (long)key.Skip + page.Length < total;
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

    private static int ReadInteger(IReadOnlyDictionary<string, string> query, string name, int fallback, int min, int max, List<FieldError> errors)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return fallback;
        }
        // Digits only: no sign, no spaces, no decimals, no exponent, as a strict server would read a count.
        if (text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return (int)value;
        }
        errors.Add(new FieldError(name, max == int.MaxValue
            ? $"must be an integer of at least {min}"
            : $"must be an integer from {min} to {max}"));
        return fallback;
    }
}
