import { createDataSourceSnapshotOp } from "~/api/contracts/data-sources";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { serializeSnapshot } from "~/api/views/data-sources";
import { createSnapshot } from "~/modules/data-sources/index.server";

export const { loader, action } = apiRoute([
  bind(createDataSourceSnapshotOp, async ({ ctx, params, body }) => {
    const taken = await createSnapshot(ctx, params.id, body);
    // The snapshot is read through its file, which is where Location points.
    return json(serializeSnapshot(taken), { status: 201, headers: { Location: `/api/v1/files/${taken.file.id}` } });
  }),
]);
