import { getExceptionStatsOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { filterFromQuery } from "~/modules/exceptions";
import { exceptionStats } from "~/modules/exceptions/index.server";

export const { loader, action } = apiRoute([bind(getExceptionStatsOp, async ({ ctx, query }) => json(await exceptionStats(ctx, filterFromQuery(query))))]);
