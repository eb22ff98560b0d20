namespace ReproHeavyTails.Parquet;

/// <summary>Page compression codecs this codec writes and reads (Parquet's codec numbers).</summary>
public enum ParquetCompression
{
    None = 0,
    Snappy = 1,
    Gzip = 2,
}
