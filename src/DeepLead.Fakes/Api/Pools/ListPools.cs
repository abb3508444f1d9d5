using System.Buffers;
using System.Text.Json;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Api.Pools;

/// <summary><c>GET /pools</c>: every pool of the caller's account with its live inbox count.</summary>
internal static class ListPools
{
    public static ApiResponse Handle(FakeStore store, ApiSettings settings) =>
        new(200, store.Read(reader => reader.Rendered(CacheKey, r => Render(r, settings.TimestampPrecision))));

    private static readonly object CacheKey = new();

    private static byte[] Render(FakeStore.Reader reader, TimestampPrecision precision)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, ApiJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("pools");
            foreach (var (pool, count) in reader.PoolsInOrder())
            {
                ApiJson.WritePool(json, pool, count, precision);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
