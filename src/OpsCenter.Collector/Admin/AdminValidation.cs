using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Domain.Text;

namespace OpsCenter.Collector.Admin;

/// <summary>Collects field errors for an admin request and turns them into one 400 problem.</summary>
internal sealed partial class AdminValidation
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public AdminValidation Require(bool condition, string field, string message)
    {
        if (!condition && !_errors.ContainsKey(field))
        {
            _errors[field] = [message];
        }
        return this;
    }

    public AdminValidation Id(string? value, string field) =>
        Require(value is not null && IdPattern().IsMatch(value), field, "1-64 lowercase letters, digits and '-', starting with a letter or digit.");

    /// <summary>A name or other free text shown on screens: required, at most <paramref name="max"/> characters, nothing invisible-only or reversing (<see cref="FreeText"/>).</summary>
    public AdminValidation Name(string? value, string field, int max = 200)
    {
        Require(!string.IsNullOrWhiteSpace(value) && value.Length <= max, field, $"Required, at most {max} characters.");
        return value is null ? this : Require(FreeText.Problem(value) is null, field, FreeText.Problem(value) ?? "");
    }

    public ValidationProblem Problem() => TypedResults.ValidationProblem(_errors, title: "The request is invalid; nothing was changed");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
