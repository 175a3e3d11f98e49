export { getDashboard } from "./dashboard.server";
