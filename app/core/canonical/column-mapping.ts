/**
 * Saved column mappings: how a plain CSV or XLSX table of one layout maps to
 * a canonical schema. The rules and their validation are in
 * ./column-mapping-rules.ts, reading a table by them in
 * ./apply-column-mapping.ts; this is the one import for both.
 */
export { columnMappingSchema, columnsReadBy, mappingFitsHeader, pointerSegment, validateColumnMapping, type ColumnMapping, type FieldRule, type MappingProblem, type SignRule } from "./column-mapping-rules";
export { applyColumnMapping, InvalidColumnMappingError } from "./apply-column-mapping";
