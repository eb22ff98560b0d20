namespace ReproHeavyTails.Parquet;

/// <summary>How a <see cref="ParquetWriter"/> lays out a file.</summary>
public sealed record ParquetWriterOptions
{
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>Rows buffered before a row group is written; bounds the writer's memory.</summary>
    public int RowGroupRows { get; init; } = 1 << 20;

    /// <summary>Target uncompressed size of one data page.</summary>
    public int PageBytes { get; init; } = 1 << 20;

    /// <summary>Dictionary-encode string columns while the dictionary stays below this many bytes.</summary>
    public int MaxDictionaryBytes { get; init; } = 1 << 20;
}
