export {
  createColumnMapping,
  deleteColumnMapping,
  ensurePackColumnMappings,
  fileFormatMappingOf,
  getColumnMapping,
  listColumnMappings,
  updateColumnMapping,
} from "./column-mappings.server";
export type { ColumnMappingInput, ColumnMappingPatch, PackMappingOrigin, SavedColumnMapping } from "./column-mappings.server";
export { chosenColumnMappingFormat, recognizeColumnMapping } from "./recognition.server";
