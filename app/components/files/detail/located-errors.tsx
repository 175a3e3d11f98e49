import { formatCount } from "~/components/format";
import { Card, CardHeader, CardTitle, CardDescription } from "~/components/ui/card";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { FileErrors } from "./file-detail-data";

export function LocatedErrors({ errors, total, status, rejected }: { errors: FileErrors; total: number; status: string; rejected: number }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{status === "failed" ? "Why the file failed" : "Rows left out"}</CardTitle>
        <CardDescription>
          {total > errors.length ? `The first ${errors.length} of ${formatCount(total)} problems.` : `${formatCount(total)} problem${total === 1 ? "" : "s"}.`}{" "}
          {status === "failed" ? "Fix the file, or change the policy or an override below to read it again." : `${formatCount(rejected)} rows were left out by the lenient policy.`}
        </CardDescription>
      </CardHeader>
      <Table containerClassName="rounded-none border-0 shadow-none">
        <TableCaption srOnly>Located errors</TableCaption>
        <THead>
          <TR>
            <TH>File</TH>
            <TH numeric>Line</TH>
            <TH numeric>Column</TH>
            <TH>Field</TH>
            <TH>Value</TH>
            <TH>Message</TH>
          </TR>
        </THead>
        <TBody>
          {errors.map((error, index) => (
            <TR key={index}>
              <TD className="max-w-[10rem] truncate text-slate-600">{error.file}</TD>
              <TD numeric>{error.line > 0 ? error.line : "—"}</TD>
              <TD numeric>{error.column ?? "—"}</TD>
              <TD className="font-mono text-xs">{error.field ?? "—"}</TD>
              <TD className="max-w-[12rem] truncate font-mono text-xs">{error.value ?? ""}</TD>
              <TD className="text-slate-800">{error.message}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

