using System.Diagnostics;
using System.Text.Json;
using DuckDB.NET.Data;

namespace ReproHeavyTails.Bench;

/// <summary>Runs a peer implementation (DuckDB in process, NumPy through python3) and reads its JSON answer.</summary>
internal static class Peer
{
    /// <summary>Wall times in seconds of each SQL statement, run in order in one in-process DuckDB session (DuckDB.NET).</summary>
    public static double[] DuckDbSeconds(params string[] statements)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return statements.Select(sql =>
        {
            var watch = Stopwatch.StartNew();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read()) { }
            return watch.Elapsed.TotalSeconds;
        }).ToArray();
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
}
