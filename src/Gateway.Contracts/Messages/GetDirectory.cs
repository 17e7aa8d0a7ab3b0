namespace Gateway.Contracts.Messages;

/// <summary>
/// Asks the device directory for one page of the devices it knows, in (kind, org, id) order;
/// each filter that is set must match. The reply is a <see cref="Views.DirectoryPage"/>.
/// </summary>
public sealed record GetDirectory(string? Kind, string? Org, bool? Online, int Page, int PageSize) : IGatewayMessage
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
}
