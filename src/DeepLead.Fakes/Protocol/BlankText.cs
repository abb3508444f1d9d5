namespace DeepLead.Fakes.Protocol;

/// <summary>
/// What "blank" means for a string field: only white space as <see cref="char.IsWhiteSpace(char)"/> has it. The served
/// schemas spell the same set out (<see cref="NotBlankPattern"/>) instead of <c>\S</c>, whose meaning differs by regex
/// dialect: ECMAScript's (the one JSON Schema names) counts U+FEFF as space and not U+0085, .NET's the reverse.
/// </summary>
internal static class BlankText
{
    /// <summary>Every character <see cref="char.IsWhiteSpace(char)"/> accepts, as a regex class body valid in ECMAScript and .NET.</summary>
    public const string WhiteSpaceClass = @"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

    /// <summary>Matches a string with at least one character that is not white space: the schemas' "not blank".</summary>
    public const string NotBlankPattern = "[^" + WhiteSpaceClass + "]";

    /// <summary>A string of one or more characters, none of them white space (an API key, a provider value).</summary>
    public const string NoWhiteSpacePattern = "^[^" + WhiteSpaceClass + "]+$";

    public static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);
}
