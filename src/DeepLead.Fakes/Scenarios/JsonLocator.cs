using System.Text.Json;

namespace DeepLead.Fakes.Scenarios;

/// <summary>Finds where a JSON path (as <c>$.inboxes[3].poolId</c>) starts in a document, for located errors.</summary>
internal static class JsonLocator
{
    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int NextIndex { get; set; }
    }

    public static (long Line, long Column)? Find(ReadOnlySpan<byte> json, string jsonPath)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new Stack<Frame>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        continue;
                }

                string path;
                if (frames.Count == 0)
                {
                    path = "$";
                }
                else if (frames.Peek().IsArray)
                {
                    var parent = frames.Peek();
                    path = $"{parent.Path}[{parent.NextIndex++}]";
                }
                else
                {
                    path = $"{frames.Peek().Path}.{property}";
                }

                if (path == jsonPath)
                {
                    return Position(json, reader.TokenStartIndex);
                }
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    private static (long Line, long Column) Position(ReadOnlySpan<byte> json, long offset)
    {
        long line = 1, column = 1;
        for (var i = 0; i < offset; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((json[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }
        return (line, column);
    }
}
