using System.Buffers;
using System.Text.Json;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Api.Pools;

/// <summary><c>GET /pools</c>: every pool of the caller's account with its live inbox count.</summary>
internal static class ListPools
{
    public static ApiResponse Handle(FakeStore store, IReadOnlyDictionary<string, string> query)
    {
        if (query.Count > 0)
        {
            return ErrorResponses.BadRequest(query.Keys.Select(k => new FieldError(k, "is not a parameter of this endpoint")).ToArray());
        }
        return new ApiResponse(200, store.Read(reader => reader.Rendered(CacheKey, Render)));
    }

    private static readonly object CacheKey = new();

    private static byte[] Render(FakeStore.Reader reader)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, ApiJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("pools");
            foreach (var (pool, count) in reader.PoolsInOrder())
            {
                ApiJson.WritePool(json, pool, count);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
