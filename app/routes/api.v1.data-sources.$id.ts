import { deleteDataSourceOp, getDataSourceOp } from "~/api/contracts/data-sources";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { deleteDataSource, getDataSource, serializeDataSource } from "~/modules/data-sources/index.server";

export const { loader, action } = apiRoute([
  bind(getDataSourceOp, async ({ ctx, params }) => json(serializeDataSource(await getDataSource(ctx, params.id)))),
  bind(deleteDataSourceOp, async ({ ctx, params }) => json(serializeDataSource(await deleteDataSource(ctx, params.id)))),
]);
