namespace ReproHeavyTails.Parquet;

/// <summary>Page compression codecs the writer can use (the reader also reads LZ4, Brotli and the others its library knows).</summary>
public enum ParquetCompression
{
    None,
    Snappy,
    Gzip,
    Zstd,
}
