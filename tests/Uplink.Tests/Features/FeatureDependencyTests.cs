using System.Text.RegularExpressions;

namespace Uplink.Tests.Features;

/// <summary>Features depend one way (README, Layout); this keeps a new import from closing a circle.</summary>
public sealed partial class FeatureDependencyTests
{
    // The features each feature may name. A feature not listed here is not checked yet, but no
    // listed feature may name it.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Members"] = [],
        ["Referrals"] = ["Members"],
        ["Photos"] = ["Members"],
        ["Auth"] = ["Members"],
        ["Events"] = ["Members", "Auth"],
        ["Help"] = [],
        ["Admin"] = ["Members", "Events", "Referrals"],
    };

    [Fact]
    public void Each_feature_names_only_the_features_it_may_depend_on()
    {
        var features = Path.Combine(RepositoryRoot(), "src", "Uplink", "Features");

        var violations = (
            from feature in Allowed.Keys
            from file in Directory.EnumerateFiles(Path.Combine(features, feature), "*.cs", SearchOption.AllDirectories)
            from Match match in FeatureReference().Matches(File.ReadAllText(file))
            let named = match.Groups[1].Value
            where named != feature && !Allowed[feature].Contains(named)
            select $"{Path.GetRelativePath(features, file)} names Features.{named}").Distinct();

        Assert.Empty(violations);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Uplink.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Uplink.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\bUplink\.Features\.(\w+)")]
    private static partial Regex FeatureReference();
}
