using OpsCenter.Domain.Dossiers;
using static OpsCenter.Domain.Tests.Calendar.Local;

namespace OpsCenter.Domain.Tests.Dossiers;

public class DossierTests
{
    [Fact]
    public void Fold_EventsOutOfOrder_SortsByTime()
    {
        var dossier = new DossierBuilder("D1")
            .Then(DossierStatus.Processed, At(2025, 3, 5, 10))
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 6, 17))
            .Build();

        Assert.Equal(At(2025, 3, 3, 9), dossier.AcceptedAt);
        Assert.Equal(DossierStatus.Processed, dossier.LastStatus);
    }

    [Fact]
    public void Fold_FlagsOnDifferentEvents_AreCombined()
    {
        var dossier = new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), flags: DossierFlags.Digitised)
            .Then(DossierStatus.FeesDue, At(2025, 3, 3, 10))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 11), DossierFlags.PaidOnline)
            .Build();

        Assert.True(dossier.Has(DossierFlags.Digitised | DossierFlags.PaidOnline));
        Assert.False(dossier.Has(DossierFlags.EResult));
        Assert.True(dossier.HadFeesDue);
    }

    [Fact]
    public void Fold_LaterAppointmentChange_KeepsTheFirstAppointment()
    {
        var dossier = new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Event(DossierStatus.InProcessing, At(2025, 3, 4, 9), At(2025, 3, 20, 17))
            .Build();

        Assert.Equal(At(2025, 3, 5, 17), dossier.AppointmentAt);
    }

    [Fact]
    public void Fold_NoStatusTwo_AcceptsAtFirstProcessingEvent()
    {
        var dossier = new DossierBuilder("D1", channel: SubmissionChannel.Online)
            .Then(DossierStatus.SubmittedOnline, At(2025, 3, 1, 9))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 9))
            .Build();

        Assert.Equal(At(2025, 3, 3, 9), dossier.AcceptedAt);
    }

    [Fact]
    public void Fold_RefusedBeforeAcceptance_IsNeverAccepted()
    {
        var dossier = new DossierBuilder("D1")
            .Then(DossierStatus.SubmittedOnline, At(2025, 3, 1, 9))
            .Then(DossierStatus.RefusedAtDesk, At(2025, 3, 3, 9))
            .Build();

        Assert.Null(dossier.AcceptedAt);
    }

    [Fact]
    public void Fold_EventsOfTwoDossiers_Throws() =>
        Assert.Throws<ArgumentException>(() => Dossier.Fold(
            [.. new DossierBuilder("D1").Accepted(At(2025, 3, 3)).Events, .. new DossierBuilder("D2").Accepted(At(2025, 3, 3)).Events]));

    [Fact]
    public void FoldAll_MixedStream_GroupsById()
    {
        var dossiers = Dossier.FoldAll([
            .. new DossierBuilder("D1").Accepted(At(2025, 3, 3)).Then(DossierStatus.Processed, At(2025, 3, 4)).Events,
            .. new DossierBuilder("D2").Accepted(At(2025, 3, 3)).Events]);

        Assert.Equal(["D1", "D2"], dossiers.Select(d => d.Id).Order());
    }

    [Fact]
    public void AsOf_BeforeLaterEvents_ForgetsThem()
    {
        var dossier = new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9))
            .Then(DossierStatus.Processed, At(2025, 3, 5, 10))
            .Build();

        Assert.Equal(DossierStatus.Accepted, dossier.AsOf(At(2025, 3, 5, 10))!.LastStatus);
        Assert.Same(dossier, dossier.AsOf(At(2025, 3, 6)));
        Assert.Null(dossier.AsOf(At(2025, 3, 3, 9)));
    }

    [Fact]
    public void Fold_ApologyEvent_RecordsTheLetter()
    {
        var dossier = new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Event(DossierStatus.InProcessing, At(2025, 3, 6, 9), apologyNewAppointment: At(2025, 3, 12, 17))
            .Build();

        Assert.Equal([new ApologyLetter(At(2025, 3, 6, 9), At(2025, 3, 12, 17))], dossier.ApologyLetters);
    }
}
