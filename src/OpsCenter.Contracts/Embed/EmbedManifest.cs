namespace OpsCenter.Contracts.Embed;

/// <summary>
/// <c>GET /embed/v1/manifest.json</c>: the widget script's current version, path and integrity hash, and
/// its element name, which the embed admin page turns into the snippet a portal pastes.
/// </summary>
public sealed record EmbedManifest(string Version, string Script, string Integrity, string Element);
