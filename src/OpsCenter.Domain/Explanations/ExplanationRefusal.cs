namespace OpsCenter.Domain.Explanations;

/// <summary>Which HTTP problem a refusal becomes in the API to come.</summary>
public enum RefusalKind
{
    /// <summary>The input is wrong (400 validation problem).</summary>
    Invalid,

    /// <summary>This person may not do this (403).</summary>
    Forbidden,

    /// <summary>The request is not in a state that allows it (409).</summary>
    Conflict,
}

/// <summary>
/// Why a transition was refused, Vietnamese first, for the person who tried it.
/// <paramref name="Code"/> is stable (tests, problem types); <paramref name="Field"/> names the input at fault, if any.
/// </summary>
public sealed record ExplanationRefusal(string Code, RefusalKind Kind, string Vi, string En, string? Field = null)
{
    public static ExplanationRefusal NotAllowedToAsk { get; } = new("notAllowedToAsk", RefusalKind.Forbidden,
        "Chỉ người xem báo cáo điều hành hoặc quản trị mới được yêu cầu giải trình.",
        "Only briefing or admin people may request an explanation.");

    public static ExplanationRefusal NotTheAsker { get; } = new("notTheAsker", RefusalKind.Forbidden,
        "Chỉ người đã yêu cầu hoặc người cùng vai trò mới được thực hiện thao tác này.",
        "Only the asker or a person of the asker's role may do this.");

    public static ExplanationRefusal NotTheUnit { get; } = new("notTheUnit", RefusalKind.Forbidden,
        "Chỉ cán bộ của đơn vị được yêu cầu mới được trả lời giải trình.",
        "Only the people of the unit asked may answer.");

    public static ExplanationRefusal Closed { get; } = new("closed", RefusalKind.Conflict,
        "Yêu cầu giải trình đã đóng (đã chấp nhận hoặc đã rút).",
        "The request is closed (accepted or withdrawn).");

    public static ExplanationRefusal NotAnswered { get; } = new("notAnswered", RefusalKind.Conflict,
        "Đơn vị chưa trả lời: chưa thể chấp nhận hoặc yêu cầu giải trình lại.",
        "The unit has not answered yet: nothing to accept or reopen.");

    public static ExplanationRefusal AlreadyAnswered { get; } = new("alreadyAnswered", RefusalKind.Conflict,
        "Đơn vị đã trả lời; chờ người yêu cầu chấp nhận hoặc yêu cầu giải trình lại.",
        "The unit has answered; waiting for the asker to accept or reopen.");

    public static ExplanationRefusal NotOpen { get; } = new("notOpen", RefusalKind.Conflict,
        "Chỉ gia hạn được yêu cầu đang chờ trả lời.",
        "Only a request waiting for its answer can be extended.");

    public static ExplanationRefusal DaysOutOfRange { get; } = new("daysOutOfRange", RefusalKind.Invalid,
        $"Thời hạn phải từ {ExplanationDue.MinDays} đến {ExplanationDue.MaxDays} ngày làm việc.",
        $"The time limit must be {ExplanationDue.MinDays}-{ExplanationDue.MaxDays} working days.", "days");

    public static ExplanationRefusal DueNotLater { get; } = new("dueNotLater", RefusalKind.Invalid,
        "Hạn mới phải sau thời điểm hiện tại và sau hạn hiện có.",
        "The new due date must be later than now and than the current due date.", "due");

    public static ExplanationRefusal DueTooFar { get; } = new("dueTooFar", RefusalKind.Invalid,
        $"Hạn mới không được quá {ExplanationDue.MaxDays} ngày làm việc kể từ hôm nay.",
        $"The new due date must be within {ExplanationDue.MaxDays} working days from today.", "due");

    public static ExplanationRefusal DueNotWorkingDay { get; } = new("dueNotWorkingDay", RefusalKind.Invalid,
        "Hạn mới phải là một ngày làm việc.",
        "The new due date must be a working day.", "due");

    public static ExplanationRefusal UnitMissing { get; } = new("unitMissing", RefusalKind.Invalid,
        "Chưa chọn đơn vị được yêu cầu giải trình.",
        "No unit to ask.", "unit");

    public static ExplanationRefusal SubjectInvalid { get; } = new("subjectInvalid", RefusalKind.Invalid,
        "Chỉ tiêu được hỏi không hợp lệ (loại kpi, index hoặc alert, có mã).",
        "The subject is not valid (kind kpi, index or alert, with a code).", "subject");
}
