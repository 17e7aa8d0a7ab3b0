namespace Gateway.Contracts.Messages;

/// <summary>
/// A command a backend published on a device's command topic itself (the drone document's
/// backend publishes LAUNCH on <c>/drone/{id}/command</c>), for the device actor to track as if
/// it had been submitted over HTTP: validated, journaled, acknowledged or timed out, retried. The
/// publication is its first attempt. The reply is <see cref="CommandSubmitted"/> once journaled,
/// or <see cref="CommandInvalid"/> when refused (and then told on the family's rejection topic).
/// </summary>
/// <param name="PublishedBy">The publishing client's id where the broker says it (the embedded one), else <c>mqtt</c>.</param>
public sealed record PublishedCommand(string EntityId, string Topic, byte[] Payload, DateTimeOffset ReceivedAt, string PublishedBy) : IDeviceMessage;
