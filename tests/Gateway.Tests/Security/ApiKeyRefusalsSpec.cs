using System.Diagnostics.Metrics;
using System.Net;
using Gateway.Host.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Gateway.Tests.Security;

/// <summary>
/// Refused HTTP requests: every one counted on <c>gateway.http.auth.failed</c> by reason, the log
/// lines bounded per reason so that a flood of guessed keys neither fills the disk nor hides a
/// key refused for its role.
/// </summary>
public sealed class ApiKeyRefusalsSpec
{
    private readonly RecordingLogger _log = new();

    private static HttpContext Request(string path)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = path;
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        return http;
    }

    [Fact]
    public void Each_refusal_is_counted_by_reason_and_logged_with_method_path_address_and_reason()
    {
        var counted = new List<(long Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Gateway.Security" && instrument.Name == "gateway.http.auth.failed")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (counted)
                counted.Add((value, tags.ToArray().Single(t => t.Key == "reason").Value as string));
        });
        listener.Start();
        var refusals = new ApiKeyRefusals(_log);

        refusals.Add("role", Request("/api/devices/drone/Alpha-3/commands"), "the key 'dashboard' lacks the role this request needs");
        refusals.Add("unknown", Request("/mqtt/publish"), "an unknown API key was presented");

        lock (counted)
        {
            Assert.Contains((1L, "role"), counted);
            Assert.Contains((1L, "unknown"), counted);
        }
        Assert.Equal(
            ["HTTP POST /api/devices/drone/Alpha-3/commands from 192.0.2.7 refused (role): the key 'dashboard' lacks the role this request needs",
             "HTTP POST /mqtt/publish from 192.0.2.7 refused (unknown): an unknown API key was presented"],
            _log.Messages);
    }

    [Fact]
    public void A_flood_of_one_reason_is_cut_to_twenty_lines_and_leaves_the_other_reasons_their_own()
    {
        var refusals = new ApiKeyRefusals(_log);

        for (var i = 0; i < 100; i++)
            refusals.Add("unknown", Request("/api/cluster"), "an unknown API key was presented");
        refusals.Add("role", Request("/api/cluster"), "the key 'dashboard' lacks the role this request needs");

        Assert.Equal(20, _log.Messages.Count(m => m.Contains("refused (unknown)")));
        Assert.Single(_log.Messages, m => m.Contains("refused (role)"));
    }

    private sealed class RecordingLogger : ILogger<ApiKeyRefusals>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                    return [.. _messages];
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages)
                _messages.Add(formatter(state, exception));
        }
    }
}
