// Runs SQL statements given as arguments in one in-memory DuckDB and prints each one's wall time
// in seconds as JSON: the DuckDB side of the benchmarks.
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const seconds = [];
for (const sql of process.argv.slice(2)) {
  const start = process.hrtime.bigint();
  await connection.runAndReadAll(sql);
  seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
}
process.stdout.write(JSON.stringify({ seconds }));
