import { createDataSourceOp, listDataSourcesOp } from "~/api/contracts/data-sources";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createDataSource, listDataSources } from "~/modules/data-sources/index.server";
import { serializeDataSource } from "~/api/views/data-sources";
import { listResponse } from "~/api/views/list";

export const { loader, action } = apiRoute([
  bind(listDataSourcesOp, async ({ ctx, query }) => {
    const page = await listDataSources(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor), kind: query.kind });
    return json(listResponse(page, serializeDataSource));
  }),
  bind(createDataSourceOp, async ({ ctx, body }) => {
    const dataSource = await createDataSource(ctx, body);
    return json(serializeDataSource(dataSource), { status: 201, headers: { Location: `/api/v1/data-sources/${dataSource.id}` } });
  }),
]);
