using Microsoft.Extensions.Time.Testing;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Aggregator.Tests;

/// <summary>
/// The aggregator on a fake clock that starts on Tuesday 10 March 2026, 09:00 in Ho Chi Minh City
/// (March 2026 has no holidays). A pump moves it with real time so that the tailer and publisher
/// loops run; tests jump it forward to make dossiers turn late.
/// </summary>
public class FakeClockApp : AggregatorApp
{
    public static readonly DateTimeOffset Start = Local(2026, 3, 10, 9);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public FakeClockApp()
        : this(new FakeTimeProvider(Start), null, null)
    {
    }

    /// <summary>An app over the store in <paramref name="folder"/>, kept on dispose (see <see cref="AggregatorApp"/>).</summary>
    protected FakeClockApp(string folder, IReadOnlyDictionary<string, string>? settings)
        : this(new FakeTimeProvider(Start), folder, settings)
    {
    }

    private FakeClockApp(FakeTimeProvider clock, string? folder, IReadOnlyDictionary<string, string>? settings)
        : base(clock, folder, settings)
    {
        Clock = clock;
        _pump = PumpAsync();
    }

    public FakeTimeProvider Clock { get; }

    public static DateTimeOffset Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    public static DossierEventItem Event(string id, string procedure, int status, DateTimeOffset at,
        DateTimeOffset? appointment = null, int channel = 1) => new()
    {
        DossierId = id,
        ProcedureCode = procedure,
        ProcedureName = $"Thủ tục {procedure}",
        Channel = channel,
        Status = status,
        At = at,
        AppointmentAt = appointment,
    };

    private async Task PumpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Clock.Advance(TimeSpan.FromMilliseconds(20));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
        await base.DisposeAsync();
    }
}
