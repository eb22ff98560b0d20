namespace ReproHeavyTails.Parquet;

/// <summary>How a <see cref="ParquetWriter"/> lays out a file.</summary>
public sealed record ParquetWriterOptions
{
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>Rows buffered before a row group is written; bounds the writer's memory.</summary>
    public int RowGroupRows { get; init; } = 1 << 17;
}
