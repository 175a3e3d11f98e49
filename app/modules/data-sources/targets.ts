import type { HttpSourceFormat } from "~/platform/db/schema";

/**
 * What the connectors (postgres, mysql, http) get and give: plain shapes with
 * credentials decrypted for the length of one operation. They live apart from
 * the services so a connector never imports the module that calls it.
 */
export interface SqlTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | null;
  ssl: boolean;
  /** Scrubbed from any message that goes back to the client. */
  secrets: string[];
}

export interface HttpTarget {
  url: string;
  headers: Record<string, string>;
  format: HttpSourceFormat;
  secrets: string[];
}

/** What a SQL connector yields: the column names once, first, then batches of rows (null is SQL NULL). */
export type QueryResultPart = { kind: "columns"; names: string[] } | { kind: "rows"; rows: Array<Array<string | null>> };
