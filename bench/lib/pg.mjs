// Fresh databases on the machine's PostgreSQL, one per server start, dropped at the end.
import pg from 'pg';

export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const created = new Set();
let counter = 0;

export function databaseUrl(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql, params) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named bench_<pid>_<n>_<what>; returns its URL. */
export async function createDatabase(what) {
  const name = `bench_${process.pid}_${++counter}_${what.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  await admin(`create database "${name}"`);
  created.add(name);
  return { name, url: databaseUrl(name) };
}

export async function dropDatabase(name) {
  await admin(`drop database if exists "${name}" with (force)`);
  created.delete(name);
}

export async function dropAllCreated() {
  for (const name of [...created]) await dropDatabase(name).catch(() => undefined);
}

export async function postgresVersion() {
  const result = await admin('show server_version');
  return result.rows[0].server_version;
}

/** One query against a database (for counting rows after a run). */
export async function queryOne(url, sql, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
