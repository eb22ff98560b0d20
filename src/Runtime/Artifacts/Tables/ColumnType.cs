namespace ReproHeavyTails.Tables;

/// <summary>The logical column types an artifact table can hold.</summary>
public enum ColumnType
{
    Boolean,
    Int32,
    Int64,
    Float,
    Double,
    String,
    /// <summary>A UTC instant stored as microseconds since the Unix epoch.</summary>
    Timestamp,
}
