using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Aggregator.Tests.Kpis;

/// <summary>
/// The one mapping of a dossier event to the Domain (the aggregator's live state and the simulator's
/// counts-only units both use it): instants become UTC, whatever offset the source sent.
/// </summary>
public class DossierEventMappingTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static DossierEventItem Item() => new()
    {
        DossierId = "G01.79.26740-250701-0001",
        ProcedureCode = "1.001757",
        Unit = "26740",
        Channel = 2,
        Status = 4,
        At = new DateTimeOffset(2026, 3, 10, 9, 30, 0, Vietnam),
        AppointmentAt = new DateTimeOffset(2026, 3, 12, 17, 0, 0, Vietnam),
        LegalLimitDays = 5,
        PaidOnline = true,
        EResult = true,
        Apology = new ApologyLetterItem { NewAppointmentAt = new DateTimeOffset(2026, 3, 16, 17, 0, 0, Vietnam) },
    };

    [Fact]
    public void ToDomain_VietnamOffsets_SameInstantsInUtc()
    {
        var item = Item();

        var e = DossierEventMapping.ToDomain(item);

        Assert.Equal(TimeSpan.Zero, e.At.Offset);
        Assert.Equal(item.At, e.At);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 2, 30, 0, TimeSpan.Zero), e.At);
        Assert.Equal(TimeSpan.Zero, e.AppointmentAt!.Value.Offset);
        Assert.Equal(item.AppointmentAt, e.AppointmentAt);
        Assert.Equal(TimeSpan.Zero, e.ApologyNewAppointmentAt!.Value.Offset);
        Assert.Equal(item.Apology!.NewAppointmentAt, e.ApologyNewAppointmentAt);
    }

    [Fact]
    public void ToDomain_ItemOnly_CarriesItsIdsFieldsAndFlags()
    {
        var e = DossierEventMapping.ToDomain(Item());

        Assert.Equal(("G01.79.26740-250701-0001", "1.001757", "26740"), (e.DossierId, e.ProcedureCode, e.UnitCode));
        Assert.Equal((SubmissionChannel)2, e.Channel);
        Assert.Equal((DossierStatus)4, e.Status);
        Assert.Equal(DossierFlags.PaidOnline | DossierFlags.EResult, e.Flags);
        Assert.Equal(new LegalTimeLimit(5), e.LegalLimit);
    }

    [Fact]
    public void ToDomain_AttributedUnit_OverridesThePayloadsCode()
    {
        var e = DossierEventMapping.ToDomain(Item(), "D-1", "1.000001", "26743");

        Assert.Equal(("D-1", "1.000001", "26743"), (e.DossierId, e.ProcedureCode, e.UnitCode));
        Assert.Null(DossierEventMapping.ToDomain(new DossierEventItem { Channel = 1, Status = 1, At = DateTimeOffset.UnixEpoch }, "D-2", "P", "U").AppointmentAt);
    }
}
