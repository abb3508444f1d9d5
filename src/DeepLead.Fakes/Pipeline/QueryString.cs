using System.Collections.Concurrent;
using DeepLead.Fakes.World;
using DeepLead.Fakes.Protocol;
namespace DeepLead.Fakes.Pipeline;

/// <summary>
/// A query-string reader that keeps every name, the empty one included, and which names were repeated: whether a
/// name is allowed, and whether repeating it is an error, is the endpoint's call (<see cref="QueryPolicy"/>).
/// </summary>
internal static class QueryString
{
    /// <summary>A parsed query, read-only once made: a parse is shared by every request with the same query.</summary>
    /// <param name="repeated">Names given more than once; null when none was (almost every request).</param>
    public sealed class Parsed(Dictionary<string, string> values, IReadOnlySet<string>? repeated)
    {
        public static Parsed Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), null);

        public IReadOnlyDictionary<string, string> Values => values;

        public IReadOnlySet<string>? Repeated => repeated;

        /// <summary>The names and values, enumerated without an enumerator object (an interface's would be one per call).</summary>
        public Dictionary<string, string>.Enumerator GetEnumerator() => values.GetEnumerator();
    }

    /// <summary>
    /// Parses of recent query strings: a test or a load asks the same few queries again and again, and a parse is a
    /// dictionary and its arrays per request. Bounded; emptied when full, so a run of distinct queries cannot grow it.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Parsed> Recent = new(StringComparer.Ordinal);
    private static int _recentCount;
    private const int MaxRecent = 1024;
    private const int MaxRecentLength = 256;

    /// <summary>The documented names, handed out as these instances: a request's names cost no string of their own.</summary>
    internal static readonly string[] KnownNames = ["limit", "skip", "poolId", "status"];

    public static Parsed Parse(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery) || rawQuery == "?")
        {
            return Parsed.Empty;
        }
        if (rawQuery.Length > MaxRecentLength)
        {
            return ParseNew(rawQuery);
        }
        if (Recent.TryGetValue(rawQuery, out var recent))
        {
            return recent;
        }
        var parsed = ParseNew(rawQuery);
        if (Interlocked.Increment(ref _recentCount) > MaxRecent)
        {
            Recent.Clear();
            Interlocked.Exchange(ref _recentCount, 1);
        }
        Recent.TryAdd(rawQuery, parsed);
        return parsed;
    }

    private static Parsed ParseNew(string rawQuery)
    {
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
                // The last value wins, as most servers read a repeated name (settings.repeatedQueryParameters: ignore).
                values[name] = value;
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
/// Which query parameters an endpoint reads: unknown names, near misses of documented ones, empty values, repeated
/// names and a <c>limit</c> above the maximum are read or ignored (with a warning) or rejected, as the settings say.
/// </summary>
internal static class QueryPolicy
{
    public static IReadOnlyDictionary<string, string> Apply(
        QueryString.Parsed query,
        IReadOnlySet<string> parameters,
        ApiSettings settings,
        List<FieldError> errors,
        List<string> warnings)
    {
        if (query.Repeated is null && AllAccepted(query, parameters, settings))
        {
            // Almost every request: every name documented, each given once, with a value. Read as given, no copy.
            return query.Values;
        }
        var effective = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query.Values)
        {
            if (!parameters.Contains(name))
            {
                if (NearMiss.Find(name, parameters) is { } documented)
                {
                    // status[]=active or LIMIT=1 is almost surely the caller's bug: ignoring it changes what the call means.
                    if (settings.NearMissNames == FakeLeniency.Reject || settings.UnknownQueryParameters == FakeLeniency.Reject)
                    {
                        errors.Add(new FieldError(name, "is not a parameter of this endpoint: " + FakeWarnings.DidYouMean(documented)));
                    }
                    else
                    {
                        warnings.Add(FakeWarnings.NearMissQueryParameter(name, documented));
                    }
                }
                else if (settings.UnknownQueryParameters == FakeLeniency.Ignore)
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
            else if (query.Repeated?.Contains(name) == true && settings.RepeatedQueryParameters == FakeLeniency.Reject)
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
                if (query.Repeated?.Contains(name) == true)
                {
                    warnings.Add(FakeWarnings.RepeatedQueryParameter(name));
                }
                effective[name] = ClampedLimit(name, value, settings) is { } clamped ? Clamp(clamped, warnings) : value;
            }
        }
        return effective;
    }

    /// <summary>The maximum, when <paramref name="name"/> is a <c>limit</c> above it that the settings clamp; else null.</summary>
    private static int? ClampedLimit(string name, string value, ApiSettings settings) =>
        settings.LimitAboveMaximum == FakeLeniency.Ignore && name == "limit" && value.Length > 0 && value.All(char.IsAsciiDigit)
            && (value.TrimStart('0').Length > 10 || long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) > settings.MaxLimit)
            ? settings.MaxLimit
            : null;

    private static string Clamp(int max, List<string> warnings)
    {
        warnings.Add(FakeWarnings.LimitClamped(max));
        return max.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool AllAccepted(QueryString.Parsed query, IReadOnlySet<string> parameters, ApiSettings settings)
    {
        foreach (var (name, value) in query)
        {
            if (!parameters.Contains(name) || (value.Length == 0 && settings.EmptyQueryValues == FakeLeniency.Ignore) || ClampedLimit(name, value, settings) is not null)
            {
                return false;
            }
        }
        return true;
    }
}
