namespace DeepLead.Fakes.Api;

/// <summary>A strict query-string reader: a repeated parameter is an error rather than a silent pick.</summary>
internal static class QueryString
{
    public static bool TryParse(string? rawQuery, out Dictionary<string, string> values, out FieldError error)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        error = default;
        if (string.IsNullOrEmpty(rawQuery))
        {
            return true;
        }
        var query = rawQuery.AsSpan();
        if (query[0] == '?')
        {
            query = query[1..];
        }
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
            {
                continue;
            }
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            if (name.Length == 0)
            {
                error = new FieldError("query", "has a parameter with no name");
                return false;
            }
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (!values.TryAdd(name, value))
            {
                error = new FieldError(name, "must be given at most once");
                return false;
            }
        }
        return true;
    }

    /// <summary>True when some parameter has an empty name (<c>?=x</c>, <c>?a=1&amp;=</c>).</summary>
    public static bool HasUnnamedParameter(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return false;
        }
        var query = rawQuery.AsSpan().TrimStart('?');
        foreach (var range in query.Split('&'))
        {
            if (query[range].StartsWith('='))
            {
                return true;
            }
        }
        return false;
    }

    private static string Decode(ReadOnlySpan<char> text) => Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
}
