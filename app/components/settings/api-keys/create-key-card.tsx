import { Form } from "@remix-run/react";
import type { Role } from "~/core/access";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { CopyField } from "~/components/ui/copy-field";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { ROLE_HINTS, roleLabel, type ApiKeysActionData } from "./api-keys-data";

interface CreateKeyCardProps {
  grantableRoles: Role[];
  created: { id: string; name: string; secret: string } | undefined;
  createError: Extract<ApiKeysActionData, { ok: false }>["error"] | undefined;
  busy: boolean;
  pendingIntent: FormDataEntryValue | null | undefined;
}

/** The secret is shown once, right after creation; a new form (new key) clears the fields. */
export function CreateKeyCard({ grantableRoles, created, createError, busy, pendingIntent }: CreateKeyCardProps) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Create API key</CardTitle>
        <CardDescription>
          Keys let scripts and other systems call the Reconstream API as this organization. Send it as{" "}
          <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">
            Authorization: Bearer rsk_…
          </code>
          . A key can have at most your own role.
        </CardDescription>
      </CardHeader>

      {created ? (
        <CardBody className="space-y-4 border-b border-slate-200">
          <Alert tone="warning" title={`API key “${created.name}” created`}>
            Copy it now. You will not be able to see it again.
          </Alert>
          <CopyField label="Your new API key" value={created.secret} />
        </CardBody>
      ) : null}

      <Form method="post" key={created ? created.id : "create"} autoComplete="off">
        <input type="hidden" name="intent" value="create" />
        <CardBody className="space-y-4">
          {createError ? <Alert tone="danger">{createError.message}</Alert> : null}
          <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr),minmax(0,1fr)]">
            <Field
              label="Key name"
              error={createError?.fields.name}
              hint="Where the key is used, e.g. “ERP nightly export”."
              required
            >
              <Input name="name" maxLength={100} />
            </Field>
            <Field label="Role" error={createError?.fields.role} required>
              <Select
                name="role"
                defaultValue="viewer"
              >
                {grantableRoles.map((r) => (
                  <option key={r} value={r}>
                    {roleLabel(r)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <ul className="grid gap-1 text-sm text-slate-600 sm:grid-cols-2">
            {grantableRoles.map((r) => (
              <li key={r}>
                <span className="font-medium text-slate-800">{roleLabel(r)}:</span> {ROLE_HINTS[r]}
              </li>
            ))}
          </ul>
        </CardBody>
        <CardFooter>
          <Button type="submit" disabled={busy}>
            {pendingIntent === "create" ? "Creating…" : "Create API key"}
          </Button>
        </CardFooter>
      </Form>
    </Card>
  );
}
