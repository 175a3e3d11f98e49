export { loadDemoData } from "./demo-data.server";
export { checkHealth } from "./health.server";
