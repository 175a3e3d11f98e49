import { deleteDataSourceOp, getDataSourceOp } from "~/api/contracts/data-sources";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { deleteDataSource, getDataSource } from "~/modules/data-sources/index.server";
import { serializeDataSource } from "~/api/views/data-sources";

export const { loader, action } = apiRoute([
  bind(getDataSourceOp, async ({ ctx, params }) => json(serializeDataSource(await getDataSource(ctx, params.id)))),
  bind(deleteDataSourceOp, async ({ ctx, params }) => json(serializeDataSource(await deleteDataSource(ctx, params.id)))),
]);
