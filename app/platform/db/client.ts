import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getEnv } from "~/platform/env.server";
import * as schema from "./schema";
import { forgetSingleton, singleton } from "./singleton";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle; tenant transactions are always this type. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Tx;

interface Connection {
  sql: postgres.Sql;
  db: Database;
}

function connect(): Connection {
  const url = getEnv().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start through `npm start`, or point it at a PostgreSQL server");
  }
  const sql = postgres(url, {
    max: 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: "reconstream" },
  });
  return { sql, db: drizzle(sql, { schema }) };
}

export function getDb(): Database {
  return singleton("db", connect).db;
}

export function getSql(): postgres.Sql {
  return singleton("db", connect).sql;
}

export async function closeDb(): Promise<void> {
  const store = globalThis as unknown as { __reconstreamSingletons?: Map<string, unknown> };
  const connection = store.__reconstreamSingletons?.get("db") as Connection | undefined;
  if (!connection) return;
  forgetSingleton("db");
  await connection.sql.end({ timeout: 5 });
}
