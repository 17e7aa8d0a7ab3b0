namespace Gateway.Contracts.Views;

/// <summary>One page of the device directory: <see cref="Total"/> devices match, in <see cref="Pages"/> pages of <see cref="PageSize"/>.</summary>
public sealed record DirectoryPage(IReadOnlyList<DirectoryDevice> Devices, int Page, int PageSize, int Total, int Pages) : IGatewayMessage;
