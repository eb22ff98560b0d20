// Runs SQL statements given as arguments in one in-memory DuckDB and prints the last result as JSON rows.
// Values are rendered by DuckDB itself as text (VARCHAR), so the caller compares exact representations.
import { DuckDBInstance } from '@duckdb/node-api';

const statements = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
let rows = [];
let columns = [];
for (const sql of statements) {
  const reader = await connection.runAndReadAll(sql);
  columns = reader.columnNames();
  rows = reader.getRowsJS().map(r => r.map(v => (v === null || v === undefined) ? null : String(v)));
}
process.stdout.write(JSON.stringify({ columns, rows }));
