namespace DeepLead.Fakes.Coverage;

/// <summary>What a response showed beyond its status, read from its outcome, for coverage.</summary>
[Flags]
internal enum ResponseFacts
{
    None = 0,
    SingleCreate = 1 << 0,
    BatchCreate = 1 << 1,
    BatchWithFailedItem = 1 << 2,
    AutoCreatedPool = 1 << 3,
    ConnectionTestFailed = 1 << 4,
    PageWithMore = 1 << 5,
    FilteredByPool = 1 << 6,
    FilteredByStatus = 1 << 7,
    DuplicateItem = 1 << 8,
    UnknownPoolItem = 1 << 9,
}
