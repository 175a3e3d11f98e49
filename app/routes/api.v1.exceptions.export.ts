import { createReadableStreamFromReadable } from "@remix-run/node";
import { exportExceptionsOp } from "~/api/contracts/exceptions";
import { apiRoute, bind } from "~/http/api-handler.server";
import { exportExceptionsCsv, exportExceptionsXlsx } from "~/modules/exceptions/index.server";
import { filterFromQuery } from "~/modules/exceptions";

export const { loader, action } = apiRoute([
  bind(exportExceptionsOp, async ({ ctx, query }) => {
    const { format, sort, ...filter } = query;
    const stamp = new Date().toISOString().slice(0, 10);
    const body = format === "xlsx" ? exportExceptionsXlsx(ctx, filterFromQuery(filter), sort) : exportExceptionsCsv(ctx, filterFromQuery(filter), sort);
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
