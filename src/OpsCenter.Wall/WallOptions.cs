using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Wall;

/// <summary>The Wall's own settings: where its layouts are, the view a screen opens, the time zone it shows.</summary>
public sealed class WallOptions
{
    public const string Section = "Wall";

    /// <summary>Folder of wall layout files (<c>dashboards/walls</c>); relative to the app's folder.</summary>
    [Required]
    public string LayoutsPath { get; set; } = "walls";

    /// <summary>The view a screen opens at <c>/</c>.</summary>
    [Required]
    public string DefaultView { get; set; } = "city";

    /// <summary>Times are stored in UTC and shown in this zone.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";
}
