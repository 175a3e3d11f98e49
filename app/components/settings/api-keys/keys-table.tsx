import { Form } from "@remix-run/react";
import { LocalTime } from "~/components/format";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { ROLE_TONES, roleLabel, type ApiKeyRow } from "./api-keys-data";


export function KeysTable({ keys, busy, pendingId }: { keys: ApiKeyRow[]; busy: boolean; pendingId: FormDataEntryValue | null | undefined }) {
  if (keys.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
        No active API keys. Create one above when a system needs to call the API.
      </p>
    );
  }
  return (
    <Table>
      <TableCaption srOnly>Active API keys</TableCaption>
      <THead>
        <TR>
          <TH>Name</TH>
          <TH>Key</TH>
          <TH>Role</TH>
          <TH>Created</TH>
          <TH>Last used</TH>
          <TH>
            <span className="sr-only">Actions</span>
          </TH>
        </TR>
      </THead>
      <TBody>
        {keys.map((key) => (
          <TR key={key.id}>
            <TD className="font-medium text-slate-900">{key.name}</TD>
            <TD className="whitespace-nowrap font-mono text-xs text-slate-700">{key.prefix}…</TD>
            <TD>
              <Badge tone={ROLE_TONES[key.role]}>{roleLabel(key.role)}</Badge>
            </TD>
            <TD className="whitespace-nowrap">
              <LocalTime iso={key.createdAt} style="date" />
            </TD>
            <TD className="whitespace-nowrap">
              {key.lastUsedAt ? (
                <LocalTime iso={key.lastUsedAt} />
              ) : (
                <span className="text-slate-500">Never</span>
              )}
            </TD>
            <TD className="text-right">
              <Form method="post">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="id" value={key.id} />
                <Button
                  type="submit"
                  variant="secondary"
                  size="sm"
                  className="text-red-700 hover:text-red-800"
                  disabled={busy}
                  aria-label={`Revoke ${key.name}`}
                >
                  {pendingId === key.id ? "Revoking…" : "Revoke"}
                </Button>
              </Form>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
