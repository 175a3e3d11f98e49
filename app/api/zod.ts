import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

// One extended zod for every API contract, so .openapi() metadata is available.
extendZodWithOpenApi(z);

export { z };
