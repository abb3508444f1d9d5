namespace DeepLead.Fakes.Protocol;

/// <summary>One entry of an error's <c>details</c>: which field, and what is wrong with it.</summary>
internal readonly record struct FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
