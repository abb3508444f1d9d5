using System.Text.Json;

namespace DeepLead.Fakes.Protocol;

/// <summary>
/// System.Text.Json parses a body with invalid UTF-8 or an unpaired surrogate escape (<c>"\ud800"</c>) and only
/// fails when the string is read. One pass up front turns that into a clear 400 instead of a fault mid-validation.
/// </summary>
internal static class JsonText
{
    public static bool IsValidUnicode(JsonElement element)
    {
        try
        {
            return Check(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool Check(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    if (!Check(property.Value))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Check(item))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.String:
                _ = element.GetString();
                return true;
            default:
                return true;
        }
    }
}
