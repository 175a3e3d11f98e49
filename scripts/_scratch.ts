import { resolveDatabase } from "../db/connection";
import { migrateDatabase } from "../db/migrate";
import postgres from "postgres";
const t = Date.now();
const db = await resolveDatabase((m) => console.log("[pg]", m.slice(0, 120)));
console.log("up", db.url, Date.now() - t);
await migrateDatabase(db.url);
console.log("migrated", Date.now() - t);
const sql = postgres(db.url);
await sql.begin(async (tx) => {
  const r = await tx`select set_config('app.org_id', 'org_x', true), set_config('role', 'reconstream_app', true)`;
  const who = await tx`select current_user, current_setting('app.org_id') as org`;
  console.log(r, who);
});
console.log(await sql`select count(*) from pg_tables where schemaname in ('public','graphile_worker')`);
await sql.end();
await db.release();
console.log("stopped", Date.now() - t);
