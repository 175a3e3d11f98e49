import type { Operation } from "../operation";
import * as audit from "./audit";
import * as columnMappings from "./column-mappings";
import * as dataSources from "./data-sources";
import * as files from "./files";
import * as organization from "./organization";
import * as platform from "./platform";
import * as ruleSetPreview from "./rule-set-preview";
import * as ruleSets from "./rule-sets";
import * as streams from "./streams";
import * as runObservability from "./run-observability";
import * as streamTriggers from "./stream-triggers";
import * as exceptions from "./exceptions";
import * as exceptionReports from "./exception-reports";
import * as manualMatches from "./manual-matches";
import * as reconciliations from "./reconciliations";
import * as templates from "./templates";

/** Every operation of /api/v1; the OpenAPI document is generated from this list. */
export const ALL_OPERATIONS: Operation[] = [platform, organization, audit, ruleSets, ruleSetPreview, streams, files, columnMappings, dataSources, runObservability, streamTriggers, templates, exceptions, exceptionReports, manualMatches, reconciliations].flatMap((module) =>
  Object.values(module).filter(
    (value): value is Operation => typeof value === "object" && value !== null && "operationId" in value,
  ),
);
