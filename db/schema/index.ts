export * from "./tenancy";
export * from "./audit";
export * from "./platform";
export * from "./rule-sets";
export * from "./files";
export * from "./data-sources";
export * from "./streams";
export * from "./exceptions";
