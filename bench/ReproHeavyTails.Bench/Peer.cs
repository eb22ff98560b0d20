using System.Diagnostics;
using System.Text.Json;

namespace ReproHeavyTails.Bench;

/// <summary>Runs a peer implementation (DuckDB through node, NumPy through python3) and reads its JSON answer.</summary>
internal static class Peer
{
    /// <summary>The folder where the project installs DuckDB from npm (shared with the interop tests).</summary>
    public static string DuckDbFolder => Path.Combine(RepositoryRoot, "tests", "ReproHeavyTails.Testing", "duckdb");

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Wall times in seconds of each SQL statement, run in order in one DuckDB session.</summary>
    public static double[]? DuckDbSeconds(params string[] statements)
    {
        if (!Directory.Exists(Path.Combine(DuckDbFolder, "node_modules", "@duckdb", "node-api")))
        {
            Console.WriteLine($"  (DuckDB peer skipped: run `npm install` in {DuckDbFolder})");
            return null;
        }
        using var json = Run("node", DuckDbFolder, ["time.mjs", .. statements]);
        return json?.RootElement.GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    /// <summary>
    /// Runs a NumPy script from peers/ with arguments; null (with a message) if python3 or NumPy is missing.
    /// Debian's interpreter first: that is where `apt-get install python3-numpy` puts NumPy.
    /// </summary>
    public static JsonDocument? NumPy(string script, params string[] arguments) =>
        Run(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3", AppContext.BaseDirectory, [Path.Combine(AppContext.BaseDirectory, "peers", script), .. arguments]);

    private static JsonDocument? Run(string program, string folder, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0) return JsonDocument.Parse(stdout.Result);
            Console.WriteLine($"  ({program} peer failed: {stderr.Trim().Split('\n').LastOrDefault()})");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine($"  ({program} is not installed; peer skipped)");
        }
        return null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReproHeavyTails.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}
