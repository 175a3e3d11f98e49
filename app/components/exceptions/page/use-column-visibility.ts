import type { ColumnVisibilityState } from "@tanstack/react-table";
import { useEffect, useRef, useState } from "react";
import { COLUMNS_STORAGE_KEY, readStoredColumns } from "../grid-preferences";

/** Chosen columns are the reader's, kept in this browser; the server render shows all of them. */
export function useColumnVisibility() {
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>({});
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
