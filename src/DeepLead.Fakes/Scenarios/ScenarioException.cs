namespace DeepLead.Fakes;

/// <summary>
/// A scenario that cannot be loaded, located: the file, the JSON path, the line and column (1-based), and what was expected.
/// </summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string origin, string? jsonPath, long? line, long? column, string problem, Exception? inner = null)
        : base(Format(origin, jsonPath, line, column, problem), inner)
    {
        Origin = origin;
        JsonPath = jsonPath;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file path, or a name for a scenario given as text.</summary>
    public string Origin { get; }
    public string? JsonPath { get; }
    public long? Line { get; }
    public long? Column { get; }
    public string Problem { get; }

    private static string Format(string origin, string? jsonPath, long? line, long? column, string problem)
    {
        var where = line is null ? origin : $"{origin}({line},{column})";
        return jsonPath is null ? $"{where}: {problem}" : $"{where}: {jsonPath}: {problem}";
    }
}
