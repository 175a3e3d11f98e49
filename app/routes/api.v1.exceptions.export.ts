import { createReadableStreamFromReadable } from "@remix-run/node";
import { exportExceptionsOp } from "~/api/contracts/exception-reports";
import { apiRoute, bind } from "~/http/api-handler.server";
import { exportExceptionsCsv, exportExceptionsXlsx, type ExportColumns } from "~/modules/exceptions/index.server";
import { filterFromQuery } from "~/modules/exceptions";

export const { loader, action } = apiRoute([
  bind(exportExceptionsOp, async ({ ctx, query }) => {
    const { format, sort, columns, timeZone, ...filter } = query;
    // Scripts hold API keys and were written against the machine columns; people get the readable ones.
    const chosen = columns ?? (ctx.actor.type === "api_key" ? "machine" : "human");
    const layout: ExportColumns = chosen === "human" ? { columns: "human", timeZone: timeZone ?? "UTC" } : { columns: "machine" };
    const stamp = new Date().toISOString().slice(0, 10);
    const body = format === "xlsx" ? exportExceptionsXlsx(ctx, filterFromQuery(filter), sort, layout) : exportExceptionsCsv(ctx, filterFromQuery(filter), sort, layout);
    return new Response(createReadableStreamFromReadable(body), {
      status: 200,
      headers: {
        "Content-Type": format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="exceptions-${stamp}.${format}"`,
        "Cache-Control": "private, no-store",
      },
    });
  }),
]);
