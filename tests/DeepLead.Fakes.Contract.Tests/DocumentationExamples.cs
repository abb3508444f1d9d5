namespace DeepLead.Fakes.Contract.Tests;

/// <summary>
/// Every example of the DeepLead API documentation (shared/reference/deeplead-api-docs.txt), copied verbatim:
/// the JSON bodies as printed, and the bodies of the curl, Python and JavaScript samples as those programs send them.
/// </summary>
internal static class DocumentationExamples
{
    /// <summary>A request body example and what the documentation says creating it yields.</summary>
    /// <param name="Name">A stable name for the test case.</param>
    /// <param name="Source">Where the documentation shows it.</param>
    /// <param name="Json">The body, verbatim.</param>
    /// <param name="Items">Each item in order: address, the daily sending limit it gets (documented default 2), the fields auto-detected for it.</param>
    public sealed record RequestExample(string Name, string Source, string Json, IReadOnlyList<ExpectedInbox> Items)
    {
        /// <summary>"autoCreatedPool ... only included when no poolId was provided".</summary>
        public bool AutoCreatesPool => Items.Any(i => i.PoolId is null);

        public bool IsBatch => Json.TrimStart().StartsWith('[');

        public override string ToString() => Name;
    }

    public sealed record ExpectedInbox(string EmailAddress, string? PoolId, int DailySendingLimit, IReadOnlyList<string> AutoFilledFields);

    private static readonly string[] AllConnectionFields = ["imapHost", "imapPort", "smtpHost", "smtpPort"];

    private const string PoolId = "507f1f77bcf86cd799439011";

    public static readonly IReadOnlyList<RequestExample> Requests =
    [
        new("single-inbox", "POST /inboxes, request body 'Single inbox'", """
            {
            "emailAddress": "sales@company.com",
            "poolId": "507f1f77bcf86cd799439011",
            "imapPassword": "app-password-here",
            "provider": "google",
            "dailySendingLimit": 50
            }
            """, [new("sales@company.com", PoolId, 50, AllConnectionFields)]),
        new("single-inbox-auto-pool", "POST /inboxes, request body 'Without poolId (auto-creates pool)'", """
            {
            "emailAddress": "sales@company.com",
            "imapPassword": "app-password-here",
            "provider": "google"
            }
            """, [new("sales@company.com", null, 2, AllConnectionFields)]),
        new("batch", "POST /inboxes, request body 'Batch creation'", """
            [
            {
            "emailAddress": "inbox1@gmail.com",
            "imapPassword": "password1"
            },
            {
            "emailAddress": "inbox2@gmail.com",
            "imapPassword": "password2"
            }
            ]
            """, [new("inbox1@gmail.com", null, 2, AllConnectionFields), new("inbox2@gmail.com", null, 2, AllConnectionFields)]),
        new("custom-domain", "Provider auto-detection, 'For providers not in the auto-detect list, provide full connection details'", """
            {
            "emailAddress": "user@customdomain.com",
            "poolId": "507f1f77bcf86cd799439011",
            "imapUsername": "user@customdomain.com",
            "imapPassword": "password",
            "imapHost": "mail.customdomain.com",
            "imapPort": 993,
            "smtpUsername": "user@customdomain.com",
            "smtpPassword": "password",
            "smtpHost": "smtp.customdomain.com",
            "smtpPort": 587
            }
            """, [new("user@customdomain.com", PoolId, 2, [])]),
        new("curl-auto-pool", "Code examples, cURL '# Create inbox (pool auto-created)'", """
            {
            "emailAddress": "sales@company.com",
            "imapPassword": "your-app-password",
            "provider": "google"
            }
            """, [new("sales@company.com", null, 2, AllConnectionFields)]),
        new("curl-specific-pool", "Code examples, cURL '# Create inbox with specific pool'", """
            {
            "emailAddress": "sales@company.com",
            "poolId": "507f1f77bcf86cd799439011",
            "imapPassword": "your-app-password",
            "provider": "google"
            }
            """, [new("sales@company.com", PoolId, 2, AllConnectionFields)]),
        // The Python sample posts json={...}; requests serializes it with ", " and ": " separators.
        new("python", "Code examples, Python (requests.post json=)", """
            {"emailAddress": "sales@company.com", "imapPassword": "your-app-password", "provider": "google", "dailySendingLimit": 50}
            """, [new("sales@company.com", null, 50, AllConnectionFields)]),
        // The JavaScript sample sends JSON.stringify({...}): no spaces.
        new("javascript", "Code examples, JavaScript (fetch, JSON.stringify)", """
            {"emailAddress":"sales@company.com","imapPassword":"your-app-password","provider":"google","dailySendingLimit":50}
            """, [new("sales@company.com", null, 50, AllConnectionFields)]),
    ];

    public static RequestExample Request(string name) => Requests.Single(r => r.Name == name);

    /// <summary>A response body example: which operation and status it documents.</summary>
    public sealed record ResponseExample(string Name, string Method, string Path, int Status, string Json)
    {
        public override string ToString() => Name;
    }

    public const string PoolsResponse = """
        {
        "pools": [
        {
        "id": "507f1f77bcf86cd799439011",
        "name": "Main Pool",
        "inboxCount": 10,
        "createdAt": "2024-01-15T10:30:00Z"
        }
        ]
        }
        """;

    public const string InboxesResponse = """
        {
        "inboxes": [
        {
        "id": "507f1f77bcf86cd799439012",
        "emailAddress": "sales@company.com",
        "poolId": "507f1f77bcf86cd799439011",
        "status": "active",
        "dailySendingLimit": 50,
        "createdAt": "2024-01-15T10:30:00Z"
        }
        ],
        "pagination": {
        "total": 50,
        "limit": 100,
        "skip": 0,
        "hasMore": false
        }
        }
        """;

    public const string CreateResponse = """
        {
        "success": true,
        "summary": {
        "total": 2,
        "created": 2,
        "failed": 0
        },
        "autoCreatedPool": {
        "id": "507f1f77bcf86cd799439011",
        "name": "API Pool - 2024-01-15"
        },
        "results": [
        {
        "emailAddress": "inbox1@gmail.com",
        "success": true,
        "inboxId": "507f1f77bcf86cd799439012",
        "autoFilledFields": ["imapHost", "imapPort", "smtpHost", "smtpPort"]
        },
        {
        "emailAddress": "inbox2@gmail.com",
        "success": true,
        "inboxId": "507f1f77bcf86cd799439013"
        }
        ]
        }
        """;

    /// <summary>
    /// The error format as printed: <c>"details": [...] // Optional validation errors</c> is a placeholder with a
    /// comment, not JSON. Its JSON part, without the optional field.
    /// </summary>
    public const string ErrorResponseAsPrinted = """
        {
        "error": "Error message here",
        "details": [...] // Optional validation errors
        }
        """;

    public const string ErrorResponse = """
        {
        "error": "Error message here"
        }
        """;

    /// <summary>The error format with its details filled in the shape this contract decides: <c>{field, message}</c>.</summary>
    public const string ErrorResponseWithDetails = """
        {
        "error": "Error message here",
        "details": [{"field": "imapPassword", "message": "is required"}]
        }
        """;

    public static readonly IReadOnlyList<ResponseExample> Responses =
    [
        new("list-pools", "GET", "/pools", 200, PoolsResponse),
        new("list-inboxes", "GET", "/inboxes", 200, InboxesResponse),
        new("create-inboxes", "POST", "/inboxes", 200, CreateResponse),
    ];

    public static ResponseExample Response(string name) => Responses.Single(r => r.Name == name);

    /// <summary>The documented status codes: every error status shares the error format.</summary>
    public static readonly IReadOnlyList<int> ErrorStatuses = [400, 401, 403, 404, 409, 500];
}
