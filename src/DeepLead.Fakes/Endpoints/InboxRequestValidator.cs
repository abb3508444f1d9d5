using System.Text.Json;
using System.Text.RegularExpressions;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.World;

namespace DeepLead.Fakes.Endpoints;

/// <summary>
/// Reads one create item: each documented field with its documented type and range. A field the documentation does
/// not name is ignored (and reported) or rejected, as <see cref="ApiSettings.UnknownFields"/> says; one that nearly is
/// a documented name as <see cref="ApiSettings.NearMissNames"/> says. An explicit null on an optional field counts as
/// "not given" (reported), as clients that serialize absent optionals as null expect, or is refused
/// (<see cref="ApiSettings.NullValues"/>); a key given twice is read as its last value or refused (<see cref="ApiSettings.DuplicateKeys"/>).
/// </summary>
internal static partial class InboxRequestValidator
{
    // Deliberately simple: one @, no whitespace, control or format character (a zero-width space), a dotted domain.
    // \z, not $: .NET's $ also matches before a final newline, which let "a@gmail.com\n" in beside "a@gmail.com".
    [GeneratedRegex(@"^[^\s@\p{Cc}\p{Cf}]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    public static bool IsValidEmail(string? email) => DomainStart(email) > 0;

    /// <summary>
    /// Where a valid address's domain starts (after its one '@'), or -1 for an invalid address. An ASCII address is read
    /// here, to the pattern's answer (a test compares the two): the pattern's search code is not precompiled, and in a
    /// new process a million-inbox scenario's addresses were most of its checking time. Anything else asks the pattern.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int DomainStart(string? email)
    {
        if (email is null || email.Length > 254)
        {
            return -1;
        }
        var at = -1;
        var labelStart = 0;
        var labels = 0;
        for (var i = 0; i < email.Length; i++)
        {
            var c = email[i];
            if (c >= 0x80)
            {
                return MatchesPattern(email) ? email.IndexOf('@') + 1 : -1;
            }
            if (c == '@')
            {
                if (at >= 0)
                {
                    return -1;
                }
                at = i;
                labelStart = i + 1;
            }
            else if (at < 0)
            {
                // The local part: no whitespace or control character (in ASCII, everything up to the space, and DEL).
                if (c <= ' ' || c == 0x7F)
                {
                    return -1;
                }
            }
            else if (c == '.')
            {
                if (!Label(email, labelStart, i))
                {
                    return -1;
                }
                labels++;
                labelStart = i + 1;
            }
            else if (c != '-' && (uint)(c - '0') > 9 && (uint)((c | 0x20) - 'a') > 'z' - 'a')
            {
                return -1;
            }
        }
        // At least two labels: the last one, and one before a dot.
        return at is >= 1 and <= 64 && labels >= 1 && Label(email, labelStart, email.Length) ? at + 1 : -1;
    }

    /// <summary>A domain label of letters, digits and inner hyphens (its characters are already known to be those).</summary>
    private static bool Label(string email, int start, int end) => end > start && email[start] != '-' && email[end - 1] != '-';

    /// <summary>The pattern alone: the reference <see cref="DomainStart"/> is tested against.</summary>
    internal static bool MatchesPattern(string email) =>
        email.Length <= 254 && email.IndexOf('@') is >= 1 and <= 64 && EmailPattern().IsMatch(email);

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();

    public static bool IsValidHost(string? host) => host is { Length: > 0 and <= 253 } && HostPattern().IsMatch(host);

    /// <summary>The item's email address when it is a string, for the batch result even when the item fails.</summary>
    public static string? EmailAddressOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("emailAddress", out var email) && email.ValueKind == JsonValueKind.String
            ? email.GetString()
            : null;

    /// <summary>Validates one item; a warning for each thing it ignored or read leniently is added to <paramref name="ignored"/>.</summary>
    public static InboxDraft? Validate(JsonElement item, ApiSettings settings, IDictionary<string, string> ignored, out IReadOnlyList<FieldError>? invalid)
    {
        invalid = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            invalid = [new FieldError("item", "must be a JSON object")];
            return null;
        }

        var errors = new List<FieldError>();
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in item.EnumerateObject())
        {
            if (!ApiPaths.CreateInboxFields.Contains(property.Name))
            {
                var documented = NearMiss.Find(property.Name, ApiPaths.CreateInboxFields);
                if (documented is not null && (settings.NearMissNames == FakeLeniency.Reject || settings.UnknownFields == FakeLeniency.Reject))
                {
                    // dailyLimit for dailySendingLimit: ignoring it would create the inbox with another limit than meant.
                    errors.Add(new FieldError(property.Name, "is not a documented field: " + FakeWarnings.DidYouMean(documented)));
                }
                else if (settings.UnknownFields == FakeLeniency.Ignore)
                {
                    Warn(ignored, property.Name, documented is null ? FakeWarnings.UnknownField(property.Name) : FakeWarnings.NearMissField(property.Name, documented));
                }
                else
                {
                    // A detail always names a field: a property named "" is reported as the item's.
                    errors.Add(property.Name.Length == 0
                        ? new FieldError("item", "has a property with an empty name")
                        : new FieldError(property.Name, "is not a documented field"));
                }
            }
            else if (!fields.TryAdd(property.Name, property.Value))
            {
                if (settings.DuplicateKeys == FakeLeniency.Ignore)
                {
                    // As JavaScript's JSON.parse reads it: the last value.
                    fields[property.Name] = property.Value;
                    Warn(ignored, property.Name, FakeWarnings.DuplicateKey(property.Name));
                }
                else
                {
                    errors.Add(new FieldError(property.Name, "is given more than once"));
                }
            }
        }
        foreach (var (name, value) in fields)
        {
            // A required field sent as null is refused as missing either way; an optional one is "not given", said out loud.
            if (value.ValueKind == JsonValueKind.Null && name is not ("emailAddress" or "imapPassword"))
            {
                if (settings.NullValues == FakeLeniency.Ignore)
                {
                    Warn(ignored, name, FakeWarnings.NullField(name));
                }
                else
                {
                    errors.Add(new FieldError(name, "must not be null (leave it out when not given)"));
                }
            }
        }

        var email = RequiredString(fields, "emailAddress", errors);
        if (email is not null && !IsValidEmail(email))
        {
            errors.Add(new FieldError("emailAddress", "must be a valid email address"));
            email = null;
        }
        var imapPassword = RequiredString(fields, "imapPassword", errors);
        var smtpPassword = OptionalString(fields, "smtpPassword", errors);
        var poolId = OptionalString(fields, "poolId", errors);
        if (poolId is not null && !ObjectIdGenerator.IsWellFormed(poolId))
        {
            errors.Add(new FieldError("poolId", "must be a 24-character hexadecimal id"));
        }
        var providerName = OptionalString(fields, "provider", errors);
        ProviderCatalog.Provider? provider = null;
        if (providerName is not null)
        {
            provider = FindProvider(providerName, settings, ignored, errors);
        }
        var imapHost = OptionalHost(fields, "imapHost", errors);
        var smtpHost = OptionalHost(fields, "smtpHost", errors);
        var imapPort = OptionalInteger(fields, "imapPort", 1, 65535, errors);
        var smtpPort = OptionalInteger(fields, "smtpPort", 1, 65535, errors);
        var imapUsername = OptionalString(fields, "imapUsername", errors);
        var smtpUsername = OptionalString(fields, "smtpUsername", errors);
        var dailySendingLimit = OptionalInteger(fields, "dailySendingLimit", 1, int.MaxValue, errors) ?? InboxDefinition.DefaultDailySendingLimit;
        var skipConnectionTest = OptionalBoolean(fields, "skipConnectionTest", errors) ?? false;

        // Which provider settings apply can be judged whenever the provider (given or detected) is known to be
        // valid or absent, so a custom domain's missing hosts are reported along with every other invalid field.
        var providerKnown = providerName is null ? email is not null : provider is not null;
        provider ??= email is null ? null : settings.Providers.FindByEmailDomain(email);
        var autoFilled = new List<string>(4);
        if (provider is not null)
        {
            imapHost = Fill(imapHost, provider.ImapHost, "imapHost", autoFilled);
            imapPort = Fill(imapPort, provider.ImapPort, "imapPort", autoFilled);
            smtpHost = Fill(smtpHost, provider.SmtpHost, "smtpHost", autoFilled);
            smtpPort = Fill(smtpPort, provider.SmtpPort, "smtpPort", autoFilled);
        }
        else if (providerKnown)
        {
            const string needed = "is required when the provider is neither given nor detected from the email domain";
            AddIfMissing(fields, "imapHost", imapHost is null, needed, errors);
            AddIfMissing(fields, "imapPort", imapPort is null, needed, errors);
            AddIfMissing(fields, "smtpHost", smtpHost is null, needed, errors);
            AddIfMissing(fields, "smtpPort", smtpPort is null, needed, errors);
        }

        if (errors.Count > 0 || email is null || imapPassword is null)
        {
            invalid = errors;
            return null;
        }

        var connection = new ConnectionSettings(
            provider?.Name,
            imapHost,
            imapPort,
            smtpHost,
            smtpPort,
            imapUsername ?? email,
            smtpUsername ?? email,
            SecretHash.Of(imapPassword),
            SecretHash.Of(smtpPassword ?? imapPassword),
            skipConnectionTest);
        return new InboxDraft(email, poolId?.ToLowerInvariant(), dailySendingLimit, connection, autoFilled);
    }

    /// <summary>
    /// The provider named, in any case (reported, or refused by <see cref="ApiSettings.ProviderCase"/>) and, when
    /// <see cref="ApiSettings.ProviderWhitespace"/> allows, with surrounding white space trimmed (reported).
    /// </summary>
    private static ProviderCatalog.Provider? FindProvider(string given, ApiSettings settings, IDictionary<string, string> ignored, List<FieldError> errors)
    {
        var name = settings.ProviderWhitespace == FakeLeniency.Ignore ? given.Trim() : given;
        var lowercaseOnly = settings.ProviderCase == FakeLeniency.Reject;
        var provider = settings.Providers.FindByName(name);
        if (provider is null || (lowercaseOnly && !string.Equals(name, provider.Name, StringComparison.Ordinal)))
        {
            errors.Add(new FieldError("provider", $"must be one of: {settings.Providers.AllowedNames} ({(lowercaseOnly ? "lowercase" : "any case")})"));
            return null;
        }
        if (!string.Equals(name, given, StringComparison.Ordinal))
        {
            Warn(ignored, "provider", FakeWarnings.ProviderWhitespace(given, provider.Name));
        }
        else if (!string.Equals(name, provider.Name, StringComparison.Ordinal))
        {
            Warn(ignored, "provider", FakeWarnings.ProviderCase(given, provider.Name));
        }
        return provider;
    }

    /// <summary>
    /// Adds a warning once per request, keyed by the full name and the warning: two long names cut to the same text
    /// stay two warnings, and the warnings come out ordered by name.
    /// </summary>
    private static void Warn(IDictionary<string, string> warnings, string name, string warning) =>
        warnings.TryAdd(name + "\u0000" + warning, warning);

    /// <summary>A setting given with a wrong value already has its detail; only an absent one is "required".</summary>
    private static void AddIfMissing(Dictionary<string, JsonElement> fields, string name, bool missing, string message, List<FieldError> errors)
    {
        if (missing && !TryGet(fields, name, out _))
        {
            errors.Add(new FieldError(name, message));
        }
    }

    private static T? Fill<T>(T? given, T detected, string field, List<string> autoFilled)
    {
        if (given is not null)
        {
            return given;
        }
        autoFilled.Add(field);
        return detected;
    }

    private static bool TryGet(Dictionary<string, JsonElement> fields, string name, out JsonElement value) =>
        fields.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string? RequiredString(Dictionary<string, JsonElement> fields, string name, List<FieldError> errors)
    {
        if (!TryGet(fields, name, out _))
        {
            errors.Add(new FieldError(name, "is required"));
            return null;
        }
        return OptionalString(fields, name, errors);
    }

    private static string? OptionalString(Dictionary<string, JsonElement> fields, string name, List<FieldError> errors)
    {
        if (!TryGet(fields, name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, "must be a string"));
            return null;
        }
        var text = value.GetString()!;
        if (BlankText.IsBlank(text))
        {
            errors.Add(new FieldError(name, "must not be empty"));
            return null;
        }
        if (text.Length > 1024)
        {
            errors.Add(new FieldError(name, "must be at most 1024 characters"));
            return null;
        }
        return text;
    }

    private static string? OptionalHost(Dictionary<string, JsonElement> fields, string name, List<FieldError> errors)
    {
        var host = OptionalString(fields, name, errors);
        if (host is not null && (host.Length > 253 || !HostPattern().IsMatch(host)))
        {
            errors.Add(new FieldError(name, "must be a hostname"));
            return null;
        }
        return host;
    }

    private static int? OptionalInteger(Dictionary<string, JsonElement> fields, string name, int min, int max, List<FieldError> errors)
    {
        if (!TryGet(fields, name, out var value))
        {
            return null;
        }
        if (!TryReadInteger(value, out var number))
        {
            errors.Add(new FieldError(name, "must be an integer"));
            return null;
        }
        if (number < min || number > max)
        {
            // The bound the fake keeps is stated, even where the documentation sets none (an inbox's limit is 32-bit).
            errors.Add(new FieldError(name, $"must be from {min} to {max}"));
            return null;
        }
        return (int)number;
    }

    /// <summary>JSON has one number type: 50.0 and 5e1 are the integer 50 (as JSON Schema says); 50.5 is not.</summary>
    private static bool TryReadInteger(JsonElement value, out long number)
    {
        number = 0;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }
        if (value.TryGetInt64(out number))
        {
            return true;
        }
        if (value.TryGetDecimal(out var exact) && exact == decimal.Truncate(exact) && exact is >= long.MinValue and <= long.MaxValue)
        {
            number = (long)exact;
            return true;
        }
        return false;
    }

    private static bool? OptionalBoolean(Dictionary<string, JsonElement> fields, string name, List<FieldError> errors)
    {
        if (!TryGet(fields, name, out var value))
        {
            return null;
        }
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new FieldError(name, "must be a boolean"));
            return null;
        }
        return value.GetBoolean();
    }
}
