using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsCenter.Wall.Extensions;
using OpsCenter.Wall.Live;

namespace OpsCenter.Wall.Layouts;

/// <summary>
/// Reads every wall layout at start and again whenever a file changes, so that operators
/// change what a wall shows by editing JSON. A file that does not parse is logged and the
/// last good version stays on screen.
/// </summary>
public sealed partial class WallLayoutStore(IOptions<WallOptions> options, IHostEnvironment environment, TimeProvider time, ILogger<WallLayoutStore> logger)
    : IHostedService, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly ConcurrentDictionary<string, WallLayout> _layouts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Subscribers _subscribers = new(time, Subscribers.DefaultThrottle);
    private FileSystemWatcher? _watcher;

    /// <summary>Calls <paramref name="callback"/> after a layout was added or changed (throttled, never under a lock) until disposed.</summary>
    public Subscription Subscribe(Func<Task> callback) => _subscribers.Subscribe(callback);

    public string Folder => Path.GetFullPath(options.Value.LayoutsPath, environment.ContentRootPath);

    public WallLayout? Find(string id) => _layouts.GetValueOrDefault(id);

    public IReadOnlyCollection<WallLayout> All => [.. _layouts.Values.OrderBy(l => l.Id, StringComparer.Ordinal)];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder))
        {
            LogMissingFolder(Folder);
            return Task.CompletedTask;
        }
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            Load(file);
        }
        _watcher = new FileSystemWatcher(Folder, "*.json")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
            EnableRaisingEvents = true,
        };
        _watcher.Changed += (_, e) => Load(e.FullPath);
        _watcher.Created += (_, e) => Load(e.FullPath);
        _watcher.Renamed += (_, e) => Load(e.FullPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal void Load(string file)
    {
        try
        {
            // Editors write in several steps; a short retry rides over a half-written file.
            WallLayout? layout = null;
            for (var attempt = 0; layout is null; attempt++)
            {
                try
                {
                    layout = JsonSerializer.Deserialize<WallLayout>(File.ReadAllText(file), Json)
                        ?? throw new JsonException("The file holds no layout.");
                }
                catch (IOException) when (attempt < 3)
                {
                    Thread.Sleep(100);
                }
                catch (JsonException) when (attempt < 3)
                {
                    Thread.Sleep(100);
                }
            }
            var problems = Validate(layout);
            if (problems.Count > 0)
            {
                LogInvalid(file, string.Join("; ", problems));
                return;
            }
            _layouts[layout.Id] = layout;
            LogLoaded(layout.Id, layout.Tiles.Count, file);
            _subscribers.Notify();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            LogInvalid(file, e.Message);
        }
    }

    internal static List<string> Validate(WallLayout layout)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(layout.Id))
        {
            problems.Add("id is required");
        }
        if (layout.Title is null || string.IsNullOrWhiteSpace(layout.Title.Vi))
        {
            problems.Add("title.vi is required");
        }
        if (layout.Playlist is { } playlist)
        {
            if (playlist.Views is not { Count: > 0 } || playlist.Views.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add("playlist.views must name one or more views");
            }
            if (playlist.Seconds is < 5 or > 3600)
            {
                problems.Add("playlist.seconds must be 5-3600");
            }
            return problems;
        }
        if (layout.Columns is < 1 or > 48 || layout.Rows is < 1 or > 48)
        {
            problems.Add("columns and rows must be 1-48");
        }
        for (var i = 0; i < (layout.Tiles?.Count ?? 0); i++)
        {
            var t = layout.Tiles![i];
            if (string.IsNullOrWhiteSpace(t.Kind))
            {
                problems.Add($"tiles[{i}].kind is required");
            }
            if (t.X < 1 || t.Y < 1 || t.W < 1 || t.H < 1 || t.X + t.W - 1 > layout.Columns || t.Y + t.H - 1 > layout.Rows)
            {
                problems.Add($"tiles[{i}] lies outside the {layout.Columns}x{layout.Rows} grid");
            }
        }
        return problems;
    }

    public void Dispose() => _watcher?.Dispose();

    [LoggerMessage(LogLevel.Information, "Wall layout {Id} loaded ({Tiles} tiles) from {File}")]
    private partial void LogLoaded(string id, int tiles, string file);

    [LoggerMessage(LogLevel.Error, "Wall layout {File} is invalid and was not loaded: {Problem}")]
    private partial void LogInvalid(string file, string problem);

    [LoggerMessage(LogLevel.Error, "The wall layouts folder {Folder} does not exist")]
    private partial void LogMissingFolder(string folder);
}
