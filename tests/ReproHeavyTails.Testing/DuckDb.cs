using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace ReproHeavyTails.Testing;

/// <summary>DuckDB (from npm) run through node: an independent reader and writer of Parquet for interop tests.</summary>
public static class DuckDb
{
    private static readonly string Folder = typeof(DuckDb).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "DuckDbFolder").Value!;

    public static bool Available => Directory.Exists(Path.Combine(Folder, "node_modules", "@duckdb", "node-api"));

    public sealed record Result(string[] Columns, string?[][] Rows);

    /// <summary>Runs the statements in one session and returns the last one's rows, every value as DuckDB's text.</summary>
    public static Result Query(params string[] statements)
    {
        if (!Available) throw new InvalidOperationException($"DuckDB is not installed: run `npm install` in {Folder}.");
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("query.mjs");
        foreach (var s in statements) start.ArgumentList.Add(s);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("DuckDB failed: " + stderr);
        using var json = JsonDocument.Parse(stdout.Result);
        var columns = json.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var rows = json.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToArray()).ToArray();
        return new Result(columns, rows);
    }

    public static string Quote(string path) => "'" + path.Replace("'", "''") + "'";
}
