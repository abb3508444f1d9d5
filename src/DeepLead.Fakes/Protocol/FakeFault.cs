namespace DeepLead.Fakes;

/// <summary>How a connection breaks.</summary>
public enum FakeFault
{
    /// <summary>The connection closes with no response at all.</summary>
    EmptyResponse,

    /// <summary>A response starts, then the body breaks off mid-chunk.</summary>
    MalformedChunk,
}
