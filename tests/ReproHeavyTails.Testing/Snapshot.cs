using System.Runtime.CompilerServices;
using Xunit;

namespace ReproHeavyTails.Testing;

/// <summary>
/// Verify-style text snapshots: Snapshots/&lt;name&gt;.verified.&lt;ext&gt; beside the test is committed; a mismatch
/// writes &lt;name&gt;.received.&lt;ext&gt; (git-ignored) and fails. Accept with REPRO_ACCEPT=1 dotnet test.
/// </summary>
public static class Snapshot
{
    public static bool Accepting => Environment.GetEnvironmentVariable("REPRO_ACCEPT") == "1";

    public static void VerifyText(string actual, string name, string extension = "txt", [CallerFilePath] string testFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        Directory.CreateDirectory(folder);
        var verified = Path.Combine(folder, $"{name}.verified.{extension}");
        var received = Path.Combine(folder, $"{name}.received.{extension}");
        actual = actual.Replace("\r\n", "\n");
        if (File.Exists(verified) && File.ReadAllText(verified).Replace("\r\n", "\n") == actual)
        {
            File.Delete(received);
            return;
        }
        if (Accepting)
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(File.Exists(verified)
            ? $"Snapshot {name} changed: compare {received} with {verified}; accept with REPRO_ACCEPT=1 dotnet test."
            : $"Snapshot {name} has no verified file yet: review {received}, then accept with REPRO_ACCEPT=1 dotnet test.");
    }
}
