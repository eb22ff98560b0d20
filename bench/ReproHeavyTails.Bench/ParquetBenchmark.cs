using System.Diagnostics;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Bench;

/// <summary>
/// 10⁷ rows × 4 double columns with Snappy: the artifact layer's streaming write and column-wise read, beside
/// in-process DuckDB writing the same shape with COPY and reading both files, on the same machine.
/// </summary>
internal static class ParquetBenchmark
{
    private const int Rows = 10_000_000;
    private const int Batch = 1 << 16;

    public static void Run()
    {
        var folder = Directory.CreateTempSubdirectory("rht-bench-");
        try
        {
            var ours = Path.Combine(folder.FullName, "ours.parquet");
            var schema = new TableSchema(new[] { "a", "b", "c", "d" }.Select(n => new Column(n, ColumnType.Double)));
            var rawBytes = (double)Rows * 4 * sizeof(double);

            var (writeSeconds, writeAllocated) = Measure(() => Write(ours, schema));
            var writePeak = Process.GetCurrentProcess().PeakWorkingSet64;
            var size = new FileInfo(ours).Length;
            double checksum = 0;
            var (readSeconds, readAllocated) = Measure(() => checksum = Read(ours));

            var peak = Process.GetCurrentProcess().PeakWorkingSet64; // before DuckDB runs in this process

            Console.WriteLine($"  rows {Rows:N0} × 4 doubles, Snappy, row groups of {new ParquetWriterOptions().RowGroupRows:N0}; file {size / 1e6:0.0} MB");
            Report("artifact layer write (streamed)", writeSeconds, rawBytes, $"allocated {writeAllocated / 1e6:0} MB");
            Report("artifact layer read (column by column)", readSeconds, rawBytes, $"allocated {readAllocated / 1e6:0} MB, checksum {checksum:0.000}");
            Console.WriteLine($"  peak working set: {writePeak / 1e6:0} MB after writing, {peak / 1e6:0} MB after reading too (the whole table is {rawBytes / 1e6:0} MB)");

            var duck = Path.Combine(folder.FullName, "duckdb.parquet").Replace("'", "''");
            var times = Peer.DuckDbSeconds(
                $"CREATE TABLE t AS SELECT random() AS a, random() AS b, random() AS c, random() AS d FROM range({Rows})",
                $"COPY t TO '{duck}' (FORMAT parquet, COMPRESSION snappy)",
                $"SELECT sum(a), sum(b), sum(c), sum(d) FROM read_parquet('{duck}')",
                $"SELECT sum(a), sum(b), sum(c), sum(d) FROM read_parquet('{ours.Replace("'", "''")}')");
            Report("DuckDB COPY TO parquet (same shape)", times[1], rawBytes, $"{Environment.ProcessorCount} threads; table built in memory first ({times[0]:0.00} s, not counted)");
            Report("DuckDB read of its own file", times[2], rawBytes, "sum of each column");
            Report("DuckDB read of the artifact layer's file", times[3], rawBytes, "sum of each column");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Write(string path, TableSchema schema)
    {
        var rng = new Rng(20240101);
        var columns = Enumerable.Range(0, 4).Select(_ => (ColumnVector<double>)ColumnVector.Create(ColumnType.Double, Batch)).ToArray();
        using var file = File.Create(path);
        using var writer = new ParquetWriter(file, schema);
        for (var done = 0; done < Rows; done += Batch)
        {
            foreach (var c in columns) c.Clear();
            var n = Math.Min(Batch, Rows - done);
            for (var i = 0; i < n; i++)
                foreach (var c in columns) c.Add(rng.NextDouble());
            writer.Append(columns);
        }
        writer.Complete();
    }

    private static double Read(string path)
    {
        using var reader = ParquetReader.Open(path);
        double sum = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
            for (var c = 0; c < reader.Schema.Columns.Count; c++)
                foreach (var v in ((ColumnVector<double>)reader.ReadColumn(g, c)).Values) sum += v;
        return sum;
    }

    private static (double Seconds, long Allocated) Measure(Action action)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        action();
        return (watch.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static void Report(string what, double seconds, double rawBytes, string note) =>
        Console.WriteLine($"  {what,-38} {seconds,7:0.00} s  {Rows / seconds / 1e6,6:0.0} M rows/s  {rawBytes / seconds / 1e6,6:0} MB/s  {note}");
}
