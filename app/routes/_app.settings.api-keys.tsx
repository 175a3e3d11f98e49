import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { canGrantRole, ROLES, type Role } from "~/core/access";
import { Alert } from "~/components/ui/alert";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { CopyField } from "~/components/ui/copy-field";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { runFormAction, parseForm } from "~/http/ui-action.server";
import { createApiKey, listApiKeys, revokeApiKey } from "~/modules/tenancy/index.server";
import { serializeApiKey } from "~/api/views/tenancy";
import { CreateApiKeySchema, RevokeApiKeySchema } from "~/http/forms/settings-forms.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "API keys · Reconstream" }];

const KEY_PAGE = 200;

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, { permission: "apiKeys:manage" }, async ({ ctx, role }) => {
  const keys = await listApiKeys(ctx, { limit: KEY_PAGE });
  // serializeApiKey carries the prefix only; the secret is never stored, so it can never be here.
  return json({
    keys: keys.data.map(serializeApiKey),
    truncated: keys.nextCursor !== null,
    grantableRoles: [...ROLES].reverse().filter((r) => canGrantRole(role, r)),
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "apiKeys:manage" }, async ({ request, ctx, user }) => {
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  // The secret travels in this response body only: never cache it.
  const headers = { "Cache-Control": "no-store" };

  if (intent === "create") {
    const result = await runFormAction(request, async () => {
      const input = parseForm(CreateApiKeySchema(), formData);
      const { apiKey, secret } = await createApiKey(ctx, { ...input, createdByUserId: user.id });
      return { created: { id: apiKey.id, name: apiKey.name, role: apiKey.role, secret } };
    });
    return json({ intent: "create" as const, ...result }, { status: result.ok ? 201 : result.error.status, headers });
  }
  if (intent === "revoke") {
    const result = await runFormAction(request, async () => {
      const { id } = parseForm(RevokeApiKeySchema(), formData);
      const apiKey = await revokeApiKey(ctx, id);
      return { revoked: { id: apiKey.id, name: apiKey.name } };
    });
    return json({ intent: "revoke" as const, ...result }, { status: result.ok ? 200 : result.error.status, headers });
  }
  throw new Response("Unknown intent", { status: 400 });
});

function roleLabel(role: string) {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

const ROLE_TONES: Record<Role, BadgeTone> = { owner: "info", admin: "warning", operator: "success", viewer: "neutral" };

const ROLE_HINTS: Record<Role, string> = {
  owner: "Full access, including members and organization settings",
  admin: "Configuration, API keys and the audit log",
  operator: "Upload files, start runs and work exceptions",
  viewer: "Read-only: results, exceptions and reports",
};

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export default function ApiKeysPage() {
  const { keys, truncated, grantableRoles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const pendingIntent = busy ? navigation.formData?.get("intent") : undefined;
  const pendingId = busy ? navigation.formData?.get("id") : undefined;

  const error = actionData && !actionData.ok ? actionData.error : undefined;
  const createError = actionData?.intent === "create" ? error : undefined;
  const revokeError = actionData?.intent === "revoke" ? error : undefined;
  const created = actionData?.ok && "created" in actionData ? actionData.created : undefined;
  const revoked = actionData?.ok && "revoked" in actionData ? actionData.revoked : undefined;

  return (
    <div className="space-y-8">
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

      <section aria-labelledby="keys-heading" className="space-y-4">
        <div>
          <h2 id="keys-heading" className="text-base font-semibold text-slate-900">
            Active keys
          </h2>
          <p className="text-sm text-slate-600">
            Revoking a key stops it working immediately. Only the prefix is stored in readable form.
          </p>
        </div>

        {revokeError ? (
          <Alert tone="danger" title="The key was not revoked">
            {revokeError.message}
          </Alert>
        ) : null}
        {revoked && !busy ? <Alert tone="success">API key “{revoked.name}” was revoked.</Alert> : null}

        {keys.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
            No active API keys. Create one above when a system needs to call the API.
          </p>
        ) : (
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
                    <time dateTime={key.createdAt} title={key.createdAt}>
                      {dateFormat.format(new Date(key.createdAt))}
                    </time>
                  </TD>
                  <TD className="whitespace-nowrap">
                    {key.lastUsedAt ? (
                      <time dateTime={key.lastUsedAt} title={key.lastUsedAt}>
                        {dateTimeFormat.format(new Date(key.lastUsedAt))} UTC
                      </time>
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
        )}
        {truncated ? <p className="text-sm text-slate-500">Showing the {keys.length} newest active keys.</p> : null}
      </section>
    </div>
  );
}
