using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DeepLead.Fakes.Coverage;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Api.Inboxes;

/// <summary><c>GET /inboxes</c>: filters, a window, and pagination over a stable order.</summary>
internal static class ListInboxes
{
    private static readonly HashSet<string> KnownParameters = ["poolId", "status", "limit", "skip"];

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

        var buffer = new ArrayBufferWriter<byte>(256 * Math.Min(limit, 128));
        var hasMore = false;
        var found = store.Read(reader =>
        {
            if (poolId is not null && !reader.PoolExists(poolId))
            {
                return false;
            }
            var index = reader.IndexFor(poolId, status);
            var page = index is null ? [] : index.Slice(skip, limit);
            var total = index?.Count ?? 0;
            using var json = new Utf8JsonWriter(buffer, ApiJson.WriterOptions);
            json.WriteStartObject();
            json.WriteStartArray("inboxes");
            foreach (var inbox in page)
            {
                json.WriteRawValue(inbox.Json, skipInputValidation: true);
            }
            json.WriteEndArray();
            json.WriteStartObject("pagination");
            json.WriteNumber("total", total);
            json.WriteNumber("limit", limit);
            json.WriteNumber("skip", skip);
            hasMore = (long)skip + page.Length < total;
            json.WriteBoolean("hasMore", hasMore);
            json.WriteEndObject();
            json.WriteEndObject();
            return true;
        });
        var facts = (poolId is null ? ResponseFacts.None : ResponseFacts.FilteredByPool)
            | (status is null ? ResponseFacts.None : ResponseFacts.FilteredByStatus)
            | (hasMore ? ResponseFacts.PageWithMore : ResponseFacts.None);
        return found
            ? new ApiResponse(200, buffer.WrittenSpan.ToArray()) { Facts = facts }
            : ErrorResponses.Create(404, "Pool not found");
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
