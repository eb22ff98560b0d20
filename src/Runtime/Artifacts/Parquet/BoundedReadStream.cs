namespace ReproHeavyTails.Parquet;

/// <summary>
/// A read-only view of a seekable stream that throws, rather than report the end of the stream, on any read
/// at or past <see cref="Limit"/>: the library under the reader reads varints byte by byte and would
/// spin forever on the end-of-stream value, and once the footer is parsed the library has no business
/// outside the data pages.
/// </summary>
internal sealed class BoundedReadStream(Stream inner) : Stream
{
    public long Limit { get; set; } = inner.Length;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        var left = Limit - inner.Position;
        if (left <= 0) throw new ParquetFormatException($"a read at offset {inner.Position} runs past the {Limit} bytes it may use");
        return inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
