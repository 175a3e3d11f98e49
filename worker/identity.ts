export { workerIdentity } from "~/platform/workers/worker-identity";
