using System.Text;
using OpsCenter.Domain.Text;

namespace OpsCenter.Domain.Explanations;

/// <summary>
/// Questions, answers and notes are free text a person types or pastes, checked like any free text
/// (<see cref="FreeText"/>) and for personal data. The text kept is cleaned: line breaks become
/// <c>\n</c>, tabs become spaces, zero-width characters, the BOM and soft hyphens (what Word and web
/// pages leave behind) are stripped, the text is NFC-normalised (macOS keyboards send Vietnamese
/// decomposed) and trimmed. Refused: bidirectional controls (they reverse what follows on a page),
/// any other control character, text with nothing visible, text over the limit (counted after
/// cleaning, in UTF-16 characters) and text the personal-data check flags.
/// </summary>
/// <param name="personalData">
/// Returns why a text looks personal (a citizen ID, phone number, e-mail address), or null. The
/// collector passes its <c>Ingest/PersonalData</c> rule, which the Domain cannot reach; null checks nothing.
/// </param>
public sealed class ExplanationText(Func<string, string?>? personalData = null)
{
    public const int QuestionMax = 2_000;
    public const int AnswerMax = 4_000;

    /// <summary>Notes on accept, reopen, extend and withdraw.</summary>
    public const int NoteMax = 2_000;

    /// <summary>Checks nothing for personal data (tests of other rules; never in a service).</summary>
    public static ExplanationText WithoutPersonalDataCheck { get; } = new();

    /// <summary>The cleaned text, or why it is refused. <paramref name="field"/> names the input in the refusal.</summary>
    public (string? Text, ExplanationRefusal? Refusal) Check(string? text, int max, string field)
    {
        if (text is null)
        {
            return (null, Empty(field));
        }
        var cleaned = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                cleaned.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c == '\t')
            {
                cleaned.Append(' ');
            }
            else if (IsStripped(c))
            {
                continue;
            }
            else if (FreeText.IsBidiControl(c))
            {
                return (null, new("textBidi", RefusalKind.Invalid,
                    "Văn bản chứa ký tự điều khiển hướng chữ (bidi), không được chấp nhận.",
                    "Bidirectional control characters are not allowed.", field));
            }
            else if (c != '\n' && char.IsControl(c))
            {
                return (null, new("textControl", RefusalKind.Invalid,
                    "Văn bản chứa ký tự điều khiển, không được chấp nhận.",
                    "Control characters are not allowed.", field));
            }
            else
            {
                cleaned.Append(c);
            }
        }
        var result = cleaned.ToString().Normalize(NormalizationForm.FormC).Trim();
        if (result.Length == 0)
        {
            return (null, Empty(field));
        }
        if (result.All(FreeText.IsInvisible))
        {
            return (null, new("textInvisible", RefusalKind.Invalid,
                "Văn bản phải có ký tự nhìn thấy được.",
                "The text must contain a visible character.", field));
        }
        if (result.Length > max)
        {
            return (null, new("textTooLong", RefusalKind.Invalid,
                $"Văn bản dài quá {max} ký tự.",
                $"The text is longer than {max} characters.", field));
        }
        if (personalData?.Invoke(result) is { } why)
        {
            return (null, new("textPersonal", RefusalKind.Invalid,
                $"Văn bản có vẻ chứa dữ liệu cá nhân ({why}); không ghi họ tên, số định danh, số điện thoại hay email của người dân.",
                $"The text looks like it contains personal data ({why}); leave out citizens' names, ID numbers, phone numbers and e-mail addresses.", field));
        }
        return (result, null);
    }

    /// <summary>An optional note: null or blank is no note; anything else is checked like a text.</summary>
    public (string? Text, ExplanationRefusal? Refusal) CheckNote(string? note, string field = "note") =>
        string.IsNullOrWhiteSpace(note) ? (null, null) : Check(note, NoteMax, field);

    /// <summary>Zero-width space, non-joiner, joiner, word joiner, BOM and soft hyphen: invisible, never needed in Vietnamese.</summary>
    public static bool IsStripped(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD';

    private static ExplanationRefusal Empty(string field) => new("textEmpty", RefusalKind.Invalid,
        "Chưa nhập nội dung.", "The text is empty.", field);
}
