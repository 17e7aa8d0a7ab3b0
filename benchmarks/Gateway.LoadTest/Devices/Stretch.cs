namespace Gateway.LoadTest.Devices;

/// <summary>
/// A part of the measured window published at one rate: the whole window in a plain run; before,
/// flood and after in a flood run (--flood-rate).
/// </summary>
public sealed record Stretch(string Name, double Rate, TimeSpan Duration);
