namespace ReproHeavyTails.Tables;

/// <summary>Typed storage of one column: bool, int, long (also timestamps), float, double or string.</summary>
public sealed class ColumnVector<T> : ColumnVector
{
    private T[] _values;
    private bool[]? _nulls; // allocated on the first null
    private int _count;

    internal ColumnVector(ColumnType type, int capacity) : base(type)
    {
        _values = new T[Math.Max(capacity, 4)];
    }

    /// <summary>Adopts arrays filled by a reader: <paramref name="values"/> holds default at null positions.</summary>
    internal ColumnVector(ColumnType type, T[] values, bool[]? nulls, int count) : base(type)
    {
        _values = values.Length == 0 ? new T[4] : values;
        _nulls = nulls is null || nulls.Length == 0 ? null : nulls;
        _count = count;
    }

    public override int Count => _count;

    internal ReadOnlyMemory<T> Memory => _values.AsMemory(0, _count);

    /// <summary>The null flags, or an empty span when the vector has never held a null.</summary>
    internal ReadOnlySpan<bool> Nulls => _nulls is null ? default : _nulls.AsSpan(0, _count);

    public ReadOnlySpan<T> Values => _values.AsSpan(0, _count);

    public T this[int index] => Get(index);

    public T Get(int index)
    {
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        return _values[index];
    }

    /// <summary>The value, or null for a null entry (for reading nullable columns).</summary>
    public T? GetOrDefault(int index) => IsNull(index) ? default : Get(index);

    public override bool IsNull(int index) => _nulls is not null && _nulls[index];

    public void Add(T value)
    {
        if (value is null) { AddNull(); return; }
        Grow();
        _values[_count++] = value;
    }

    public void AddNull()
    {
        Grow();
        _nulls ??= new bool[_values.Length];
        _values[_count] = default!;
        _nulls[_count++] = true;
    }

    public void Add(T? value, bool present)
    {
        if (present) Add(value!); else AddNull();
    }

    public override double AsDouble(int index) => IsNull(index) ? double.NaN : Get(index) switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        bool b => b ? 1 : 0,
        _ => double.NaN,
    };

    public override string Format(int index) => IsNull(index) ? "null" : FormatValue(Type, Get(index));

    public override void AppendFrom(ColumnVector source, int index)
    {
        var typed = (ColumnVector<T>)source;
        if (typed.IsNull(index)) AddNull(); else Add(typed.Get(index));
    }

    public override void AppendRange(ColumnVector source, int start, int count)
    {
        var typed = (ColumnVector<T>)source;
        if ((uint)start > (uint)typed._count || (uint)count > (uint)(typed._count - start)) throw new ArgumentOutOfRangeException(nameof(count));
        while (_values.Length < _count + count) GrowTo(_values.Length * 2);
        typed._values.AsSpan(start, count).CopyTo(_values.AsSpan(_count));
        if (typed._nulls is not null || _nulls is not null)
        {
            _nulls ??= new bool[_values.Length];
            if (typed._nulls is null) _nulls.AsSpan(_count, count).Clear();
            else typed._nulls.AsSpan(start, count).CopyTo(_nulls.AsSpan(_count));
        }
        _count += count;
    }

    public override void Clear()
    {
        _count = 0;
        if (_nulls is not null) Array.Clear(_nulls);
    }

    private void Grow()
    {
        if (_count < _values.Length) return;
        GrowTo(_values.Length * 2);
    }

    private void GrowTo(int size)
    {
        Array.Resize(ref _values, size);
        if (_nulls is not null) Array.Resize(ref _nulls, size);
    }
}
