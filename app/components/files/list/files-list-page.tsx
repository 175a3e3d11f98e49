import { useNavigation } from "@remix-run/react";
import { FileUploader } from "../file-uploader";
import { usePollWhile } from "../use-poll-while";
import { PageHeader } from "~/components/ui/page-header";
import type { FilesListData } from "./files-list-data";
import { FilesFilterForm } from "./files-filter-form";
import { FilesPager } from "./files-pager";
import { FilesTable, NoFiles } from "./files-table";

/** While a file is profiling, the list refreshes itself; it stops once nothing is processing. */
const POLL_MS = 1500;

export function FilesListPage({ data }: { data: FilesListData }) {
  const { files, nextCursor, filtered, query, canUpload } = data;
  const navigation = useNavigation();
  const revalidator = usePollWhile(
    files.some((file) => file.status === "processing"),
    POLL_MS,
  );

  const loading = navigation.state === "loading" && navigation.location.pathname === "/files";

  return (
    <>
      <PageHeader
        title="Files"
        description="Source data for reconciliation: bank statements, PSP payout reports, ledgers and order exports. Each file's schema is detected on upload."
      />

      {canUpload ? (
        <div className="mb-8">
          <FileUploader onUploaded={() => revalidator.revalidate()} />
        </div>
      ) : null}

      <FilesFilterForm query={query} filtered={filtered} />

      {files.length === 0 ? <NoFiles filtered={filtered} canUpload={canUpload} /> : <FilesTable files={files} loading={loading} />}

      <FilesPager cursor={query.cursor} nextCursor={nextCursor} />
    </>
  );
}
