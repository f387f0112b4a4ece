// The run's own PostgreSQL database (mgw_bench_<pid>): created empty before the first server that
// needs it (each server child migrates it and seeds its own workspace), dropped at the end.
import pg from 'pg';

/** The maintenance database of the local server (override with BENCH_POSTGRES_URL). */
const ADMIN_URL = process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `mgw_bench_${process.pid}`;
  await admin(async (client) => {
    await client.query(`drop database if exists ${name} with (force)`); // left over by a killed run with the same pid
    await client.query(`create database ${name}`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(async (client) => void (await client.query(`drop database if exists ${name} with (force)`))),
  };
}
