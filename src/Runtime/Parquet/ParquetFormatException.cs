namespace ReproHeavyTails.Parquet;

/// <summary>
/// The one exception the Parquet codec throws for a file it cannot read or a table it cannot write:
/// the message names the file and says what is wrong.
/// </summary>
public sealed class ParquetFormatException : Exception
{
    public ParquetFormatException(string message) : base(message) { }

    public ParquetFormatException(string message, Exception inner) : base(message, inner) { }
}
