export { loadDemoData } from "./demo-data.server";
export { checkHealth } from "./health.server";
export { deadAfterSeconds, isWorkerLive, liveWorkerIds } from "./worker-liveness.server";
