namespace ReproHeavyTails.Parquet;

/// <summary>
/// The one exception the Parquet reader throws for a file it cannot read (damaged, crafted or of an unsupported kind):
/// the message names the file and says what is wrong.
/// </summary>
public sealed class ParquetFormatException : Exception
{
    public ParquetFormatException(string message) : base(message) { }

    public ParquetFormatException(string message, Exception inner) : base(message, inner) { }
}
