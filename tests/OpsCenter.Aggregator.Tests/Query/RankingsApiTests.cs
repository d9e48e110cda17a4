using OpsCenter.Contracts.Query;
using OpsCenter.Aggregator.Query;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Query;

public class RankingsApiTests(FakeClockApp app) : IClassFixture<FakeClockApp>
{
    [Fact]
    public async Task GetRanking_ByOnTimeRate_BestFirstWithCountsBesideRates()
    {
        // 25777: 2 of 2 on time; 25780: 1 of 2; 25792: 0 of 1.
        await app.AppendDossierAsync("25777",
            Event("A1", "P1", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)), Event("A1", "P1", 9, Local(2026, 3, 3, 8)),
            Event("A2", "P1", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)), Event("A2", "P1", 9, Local(2026, 3, 4, 8)));
        await app.AppendDossierAsync("25780",
            Event("B1", "P1", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)), Event("B1", "P1", 9, Local(2026, 3, 3, 8)),
            Event("B2", "P1", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)), Event("B2", "P1", 9, Local(2026, 3, 6, 8)));
        await app.AppendDossierAsync("25792",
            Event("C1", "P1", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)));

        var ranking = await Eventually.MatchAsync(() => app.GetAsync<Ranking>("/api/query/v1/rankings?by=onTimeRate&among=communes&period=month"),
            r => r.Rows.Count(x => x.Value is not null) >= 3);

        var mine = ranking.Rows.Where(r => r.Unit is "25777" or "25780" or "25792").ToList();
        Assert.Equal(["25777", "25780", "25792"], mine.Select(r => r.Unit));
        Assert.Equal([1, 2, 3], mine.Select(r => r.Rank ?? 0));
        Assert.Equal(0.5, mine[1].Value);
        Assert.Equal(1, mine[1].Count);
        Assert.Equal(2, mine[1].OutOf);
        Assert.Equal(168, ranking.Rows.Count);
        Assert.All(ranking.Rows.SkipWhile(r => r.Value is not null), r => Assert.Null(r.Rank)); // no data comes last, unranked

        var late = await app.GetAsync<Ranking>("/api/query/v1/rankings?by=lateCount&among=communes");
        var lateMine = late.Rows.Where(r => r.Unit is "25780" or "25792").ToList();
        Assert.Equal(lateMine[0].Rank, lateMine[1].Rank); // one late each: the same rank
    }

    [Fact]
    public async Task GetRanking_DepartmentsByIndex766_OnlyDepartments()
    {
        var ranking = await app.GetAsync<Ranking>("/api/query/v1/rankings?by=index766&among=departments");

        Assert.Equal(17, ranking.Rows.Count);
        Assert.Equal("descending", ranking.Order);
    }
}
