using Gateway.Contracts.Json;

namespace Gateway.Contracts.Views;

/// <summary>
/// A WarDragon kit as wardragon-kits.md's Kit Manager shows it: where its data comes from
/// (<c>mqtt</c>: the gateway has no HTTP polling, so every kit registered itself over MQTT) and
/// the last data it sent.
/// </summary>
public sealed record KitView(string Source, KitData? LastData);

/// <summary>
/// A kit's last message as journaled: its channel (<c>drones</c>, <c>drone/{id}</c>, <c>aircraft</c>,
/// <c>signals</c>, <c>system</c>), when it came, and its data (a coalesced <c>system</c> window: the fields it changed).
/// </summary>
public sealed record KitData(string Channel, DateTimeOffset At, RawJson Data);
