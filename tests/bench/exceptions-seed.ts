import postgres from "postgres";

/**
 * The exceptions benches' backlog: `rows` exceptions in one org's step run,
 * written with INSERT … SELECT generate_series in the shape the runtime
 * writes them. Spread like a month-end backlog: mostly open, every severity
 * and type, amounts up to 10,000.00 in three currencies, ages up to 120 days.
 */
export interface BenchSeedTarget {
  orgId: string;
  streamId: string;
  streamRunId: string;
  stepRunId: string;
  fileId: string;
}

export async function seedBenchExceptions(databaseUrl: string, target: BenchSeedTarget, rows: number): Promise<void> {
  const bulk = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    for (let start = 0; start < rows; start += 50_000) {
      const end = Math.min(rows, start + 50_000) - 1;
      await bulk.unsafe(
        `insert into exceptions (id, org_id, stream_id, stream_run_id, step_run_id, step_key, ordinal, type, severity, status, message, amount_minor, currency,
           source_rows, target_rows, reason, fingerprint, search_text, case_id, first_seen_at, created_at, updated_at)
         select 'exc_bench_' || lpad(g::text, 9, '0'), $1, $2, $3, $4, 'bench', g,
           (array['MISSING_IN_TARGET','MISSING_IN_SOURCE','AMOUNT_MISMATCH','DATE_MISMATCH','DUPLICATE'])[1 + g % 5],
           (array['low','medium','high','critical'])[1 + (g * 7) % 4],
           (array['open','open','open','open','in_review','resolved','written_off','ignored'])[1 + (g * 13) % 8],
           'no counterpart', (g * 7919) % 1000000, (array['EUR','USD','GBP'])[1 + g % 3],
           jsonb_build_array(jsonb_build_object('sourceId', $5::text, 'line', g + 2, 'values', jsonb_build_object('id', 'ORD-' || g, 'reference', 'INV-' || g, 'amount', (g * 7919) % 1000000), 'raw', jsonb_build_object('Name', 'ORD-' || g))),
           '[]'::jsonb, '[]'::jsonb, md5(g::text), 'ord-' || g || ' inv-' || g, 'exc_bench_' || lpad(g::text, 9, '0'),
           now() - make_interval(days => g % 120), now(), now()
         from generate_series(${start}, ${end}) as g`,
        [target.orgId, target.streamId, target.streamRunId, target.stepRunId, target.fileId],
      );
    }
    await bulk.unsafe("analyze exceptions");
  } finally {
    await bulk.end();
  }
}
