export { CHOOSABLE_RESOLUTION_CODES, needsResolutionCode, needsResolutionNote, nextStatuses } from "./lifecycle/exception-transitions";
export type { ExceptionStatusName } from "./lifecycle/exception-transitions";
export { filterFromQuery } from "./query";
