import type { ColumnVisibilityState } from "@tanstack/react-table";
import { useEffect, useRef, useState } from "react";
import { COLUMNS_STORAGE_KEY, DEFAULT_COLUMNS, readStoredColumns } from "../grid-preferences";

/** Chosen columns are the reader's, kept in this browser; the server render shows the default set. */
export function useColumnVisibility() {
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(DEFAULT_COLUMNS);
  const columnsRestored = useRef(false);
  useEffect(() => {
    setColumnVisibility(readStoredColumns());
    columnsRestored.current = true;
  }, []);
  useEffect(() => {
    if (columnsRestored.current) window.localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(columnVisibility));
  }, [columnVisibility]);
  return [columnVisibility, setColumnVisibility] as const;
}
