using OpsCenter.Domain.Explanations;

namespace OpsCenter.Domain.Tests.Explanations;

public class ExplanationTextTests
{
    private static readonly ExplanationText Text = ExplanationText.WithoutPersonalDataCheck;

    [Theory]
    [InlineData("  Vì sao trễ hạn?  ", "Vì sao trễ hạn?")]
    [InlineData("Dòng 1\r\nDòng 2\rDòng 3", "Dòng 1\nDòng 2\nDòng 3")]
    [InlineData("Cột\tcột", "Cột cột")]
    [InlineData("Trễ\u200B hạn\u200D\uFEFF\u00AD\u2060", "Trễ hạn")]
    [InlineData("\uFEFFPhường Cát Lái", "Phường Cát Lái")]
    // Decomposed (macOS) Vietnamese becomes precomposed.
    [InlineData("Phu\u031Bo\u031B\u0300ng", "Phường")]
    public void Check_CleansWhatItKeeps(string input, string expected)
    {
        var (text, refusal) = Text.Check(input, ExplanationText.QuestionMax, "question");

        Assert.Null(refusal);
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData(null, "textEmpty")]
    [InlineData("", "textEmpty")]
    [InlineData(" \n\t ", "textEmpty")]
    [InlineData("\u200B\u200C\uFEFF", "textEmpty")]
    [InlineData("\u3164 \u115F", "textInvisible")]
    [InlineData("\u0301", "textInvisible")]
    [InlineData("Xem\u202E tệp", "textBidi")]
    [InlineData("Xem\u2066 tệp", "textBidi")]
    [InlineData("Chuông\u0007", "textControl")]
    [InlineData("Null\u0000", "textControl")]
    [InlineData("Esc\u001B[31m", "textControl")]
    public void Check_Refuses(string? input, string code)
    {
        var (text, refusal) = Text.Check(input, ExplanationText.QuestionMax, "question");

        Assert.Null(text);
        Assert.NotNull(refusal);
        Assert.Equal(code, refusal.Code);
        Assert.Equal("question", refusal.Field);
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
    }

    [Fact]
    public void Check_Length_IsCountedAfterCleaning()
    {
        var atLimit = new string('a', ExplanationText.QuestionMax);

        Assert.Null(Text.Check(atLimit, ExplanationText.QuestionMax, "question").Refusal);
        Assert.Null(Text.Check($"  {atLimit}\u200B\u200B  ", ExplanationText.QuestionMax, "question").Refusal);
        Assert.Equal("textTooLong", Text.Check(atLimit + "b", ExplanationText.QuestionMax, "question").Refusal?.Code);
        Assert.Null(Text.Check(new string('a', ExplanationText.AnswerMax), ExplanationText.AnswerMax, "text").Refusal);
        Assert.Equal("textTooLong", Text.Check(new string('a', ExplanationText.AnswerMax + 1), ExplanationText.AnswerMax, "text").Refusal?.Code);
    }

    [Fact]
    public void Check_PersonalData_UsesTheInjectedCheckAndSaysWhyInBothLanguages()
    {
        string? seen = null;
        var text = new ExplanationText(t =>
        {
            seen = t;
            return t.Contains('@', StringComparison.Ordinal) ? "e-mail" : null;
        });

        var (kept, refusal) = text.Check(" Liên hệ an@example.vn ", ExplanationText.AnswerMax, "text");

        Assert.Null(kept);
        Assert.Equal("textPersonal", refusal?.Code);
        Assert.Contains("dữ liệu cá nhân", refusal!.Vi, StringComparison.Ordinal);
        Assert.Contains("e-mail", refusal.En, StringComparison.Ordinal);
        Assert.Equal("Liên hệ an@example.vn", seen); // the check sees the cleaned text
        Assert.Null(text.Check("Không có dữ liệu cá nhân.", ExplanationText.AnswerMax, "text").Refusal);
    }

    [Fact]
    public void CheckNote_BlankIsNoNote()
    {
        Assert.Equal((null, null), Text.CheckNote(null));
        Assert.Equal((null, null), Text.CheckNote("  "));
        Assert.Equal("Đồng ý.", Text.CheckNote(" Đồng ý. ").Text);
        Assert.Equal("textBidi", Text.CheckNote("\u202Ex").Refusal?.Code);
    }

    [Fact]
    public void Rules_PassThePersonalDataCheckToQuestionsAndAnswers()
    {
        var rules = new ExplanationRules(ExplanationDue.Default, new ExplanationText(t => t.Contains("079", StringComparison.Ordinal) ? "citizen ID" : null));
        var asked = rules.Request("ex-1", ExplanationScenario.Asker, ExplanationScenario.Ward, ExplanationScenario.OnTimeRate, "Hồ sơ của 079123456789?", 3, ExplanationScenario.Thu0900);

        Assert.Equal("textPersonal", asked.Refusal?.Code);
    }
}
