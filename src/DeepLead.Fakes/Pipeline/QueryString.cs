using DeepLead.Fakes.World;
using DeepLead.Fakes.Protocol;
namespace DeepLead.Fakes.Pipeline;

/// <summary>
/// A query-string reader that keeps every name, the empty one included, and which names were repeated: whether a
/// name is allowed, and whether repeating it is an error, is the endpoint's call (<see cref="QueryPolicy"/>).
/// </summary>
internal static class QueryString
{
    /// <param name="Repeated">Names given more than once; null when none was (almost every request).</param>
    public sealed record Parsed(Dictionary<string, string> Values, HashSet<string>? Repeated)
    {
        public static Parsed Empty { get; } = new([], null);
    }

    /// <summary>The documented names, handed out as these instances: a request's names cost no string of their own.</summary>
    internal static readonly string[] KnownNames = ["limit", "skip", "poolId", "status"];

    public static Parsed Parse(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery) || rawQuery == "?")
        {
            return Parsed.Empty;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        HashSet<string>? repeated = null;
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
            var name = DecodeName(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (!values.TryAdd(name, value))
            {
                (repeated ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
            }
        }
        return new Parsed(values, repeated);
    }

    private static string DecodeName(ReadOnlySpan<char> text)
    {
        foreach (var known in KnownNames)
        {
            if (text.SequenceEqual(known))
            {
                return known;
            }
        }
        return Decode(text);
    }

    private static string Decode(ReadOnlySpan<char> text) => Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
}

/// <summary>
/// Which query parameters an endpoint reads: unknown names and empty values are ignored (with a warning) or rejected,
/// as the settings say; a documented parameter given twice is always an error.
/// </summary>
internal static class QueryPolicy
{
    public static Dictionary<string, string> Apply(
        QueryString.Parsed query,
        IReadOnlySet<string> parameters,
        ApiSettings settings,
        List<FieldError> errors,
        List<string> warnings)
    {
        if (query.Repeated is null && AllAccepted(query.Values, parameters, settings))
        {
            // Almost every request: every name documented, each given once, with a value. Read as given, no copy.
            return query.Values;
        }
        var effective = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query.Values)
        {
            if (!parameters.Contains(name))
            {
                if (settings.UnknownQueryParameters == FakeLeniency.Ignore)
                {
                    warnings.Add(FakeWarnings.UnknownQueryParameter(name));
                }
                else if (name.Length == 0)
                {
                    errors.Add(new FieldError("query", "has a parameter with no name"));
                }
                else
                {
                    errors.Add(new FieldError(name, parameters.Count == 0
                        ? "is not a parameter of this endpoint"
                        : $"is not a parameter of this endpoint ({string.Join(", ", parameters)})"));
                }
            }
            else if (query.Repeated?.Contains(name) == true)
            {
                errors.Add(new FieldError(name, "must be given at most once"));
            }
            else if (value.Length == 0 && settings.EmptyQueryValues == FakeLeniency.Ignore)
            {
                // URL builders write "?poolId=" for an unset filter: read it as not given.
                warnings.Add(FakeWarnings.EmptyQueryValue(name));
            }
            else
            {
                effective[name] = value;
            }
        }
        return effective;
    }

    private static bool AllAccepted(Dictionary<string, string> values, IReadOnlySet<string> parameters, ApiSettings settings)
    {
        foreach (var (name, value) in values)
        {
            if (!parameters.Contains(name) || (value.Length == 0 && settings.EmptyQueryValues == FakeLeniency.Ignore))
            {
                return false;
            }
        }
        return true;
    }
}
