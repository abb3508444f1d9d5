namespace DeepLead.Fakes.Contract;

/// <summary>What kind of difference between a response and the contract was seen.</summary>
public enum ContractDriftKind
{
    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A field the contract does not have (or does not allow in this case) is present.</summary>
    UnexpectedField,

    /// <summary>A field has another JSON type than documented (a number sent as a string, a null, ...).</summary>
    TypeChanged,

    /// <summary>The type is right but the value breaks a documented rule (pattern, enum, range, format, ...).</summary>
    ValueOutOfContract,

    /// <summary>The status code is not one the contract lists for this endpoint.</summary>
    UnexpectedStatus,

    /// <summary>The response is not labelled <c>application/json</c>.</summary>
    UnexpectedContentType,

    /// <summary>The body is empty or not JSON.</summary>
    InvalidBody,

    /// <summary>The method and path match no operation of the contract.</summary>
    UndocumentedOperation,
}

/// <summary>
/// One difference between what the contract says and what was seen, located by a JSON pointer into the body
/// (<c>""</c> is the whole body).
/// </summary>
/// <param name="Kind">What kind of difference.</param>
/// <param name="Pointer">Where in the body (RFC 6901), e.g. <c>/pools/0/inboxCount</c>.</param>
/// <param name="Expected">What the contract says, in words.</param>
/// <param name="Seen">What the response had, in words.</param>
/// <param name="Schema">The contract's schema that holds the rule, e.g. <c>Pool</c>, when known.</param>
public sealed record ContractDrift(ContractDriftKind Kind, string Pointer, string Expected, string Seen, string? Schema = null)
{
    /// <summary>The kind in words: "missing field", "type change", ...</summary>
    public string KindText => Kind switch
    {
        ContractDriftKind.MissingField => "missing field",
        ContractDriftKind.UnexpectedField => "unexpected field",
        ContractDriftKind.TypeChanged => "type change",
        ContractDriftKind.ValueOutOfContract => "value out of contract",
        ContractDriftKind.UnexpectedStatus => "unexpected status",
        ContractDriftKind.UnexpectedContentType => "unexpected content type",
        ContractDriftKind.InvalidBody => "invalid body",
        ContractDriftKind.UndocumentedOperation => "undocumented operation",
        _ => Kind.ToString(),
    };

    /// <summary>e.g. <c>missing field at /pools/0/inboxCount (Pool): expected integer &gt;= 0, seen nothing</c>.</summary>
    public override string ToString()
    {
        var schema = Schema is null ? "" : $" ({Schema})";
        return Kind switch
        {
            ContractDriftKind.UnexpectedStatus or ContractDriftKind.UndocumentedOperation or ContractDriftKind.UnexpectedContentType
                => $"{KindText}: expected {Expected}, seen {Seen}",
            ContractDriftKind.InvalidBody => $"{KindText}{schema}: expected {Expected}, seen {Seen}",
            _ => $"{KindText} at {(Pointer.Length == 0 ? "the root" : Pointer)}{schema}: expected {Expected}, seen {Seen}",
        };
    }
}
