using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Domain.Tests.Dossiers;

/// <summary>Writes a dossier's history the way a one-stop system would send it.</summary>
internal sealed class DossierBuilder(string id, string procedure = "P1", string unit = "U1", SubmissionChannel channel = SubmissionChannel.InPerson)
{
    private readonly List<DossierEvent> _events = [];

    public IReadOnlyList<DossierEvent> Events => _events;

    public DossierBuilder Event(DossierStatus status, DateTimeOffset at, DateTimeOffset? appointment = null,
        DossierFlags flags = DossierFlags.None, DateTimeOffset? apologyNewAppointment = null)
    {
        _events.Add(new DossierEvent(id, procedure, unit, channel, status, at, appointment, flags, apologyNewAppointment));
        return this;
    }

    public DossierBuilder Accepted(DateTimeOffset at, DateTimeOffset? appointment = null, DossierFlags flags = DossierFlags.None) =>
        Event(DossierStatus.Accepted, at, appointment, flags);

    public DossierBuilder Then(DossierStatus status, DateTimeOffset at, DossierFlags flags = DossierFlags.None) =>
        Event(status, at, null, flags);

    public Dossier Build() => Dossier.Fold(_events);
}
