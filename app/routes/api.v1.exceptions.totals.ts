import { getExceptionTotalsOp } from "~/api/contracts/exception-reports";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { filterFromQuery } from "~/modules/exceptions";
import { exceptionTotals } from "~/modules/exceptions/index.server";

export const { loader, action } = apiRoute([bind(getExceptionTotalsOp, async ({ ctx, query }) => json(await exceptionTotals(ctx, filterFromQuery(query))))]);
