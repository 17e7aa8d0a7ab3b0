using Akka.Actor;

namespace Gateway.Contracts.Messages;

/// <summary>
/// Asks a device to prune what its retention periods say has expired from its recent views, to
/// journal a <c>RetentionMarked</c> and to snapshot; it answers <see cref="RetentionReady"/> once
/// that snapshot is saved, so its older rows can be deleted without recovery ever needing them.
/// A sweep is not activity: it does not keep an idle device from passivating.
/// </summary>
public sealed record ApplyRetention(string EntityId) : IDeviceMessage, INotInfluenceReceiveTimeout;

/// <summary>The device's snapshot at <paramref name="SnapshotSequenceNr"/> is saved: rows below it are no longer needed to recover it.</summary>
public sealed record RetentionReady(string EntityId, long SnapshotSequenceNr) : IGatewayMessage;
