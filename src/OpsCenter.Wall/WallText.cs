using System.Resources;

[assembly: NeutralResourcesLanguage("vi")]

namespace OpsCenter.Wall;

/// <summary>Marker for the wall's strings: <c>Resources/WallText.resx</c> (Vietnamese) and <c>WallText.en.resx</c>.</summary>
public sealed class WallText;
