import { testDataSourceOp } from "~/api/contracts/data-sources";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { testDataSource } from "~/modules/data-sources/index.server";
import { serializeDataSourceTest } from "~/api/views/data-sources";

// A folder route: remix.config.js ignores route files named *.test.ts.
export const { loader, action } = apiRoute([
  bind(testDataSourceOp, async ({ ctx, params }) => json(serializeDataSourceTest(params.id, await testDataSource(ctx, params.id)))),
]);
