import { Link, useNavigation } from "@remix-run/react";
import { Alert } from "~/components/ui/alert";
import type { ApiKeysActionData, ApiKeysPageData } from "./api-keys-data";
import { CreateKeyCard } from "./create-key-card";
import { KeysTable } from "./keys-table";

export function ApiKeysPage({ data, actionData }: { data: ApiKeysPageData; actionData: ApiKeysActionData | undefined }) {
  const { keys, truncated, grantableRoles } = data;
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
      <p className="text-sm text-slate-600">
        Every endpoint a key can call, with its parameters and answers, is in the{" "}
        {/* /docs/api is served by the web server, outside Remix's routes: a full page load. */}
        <Link reloadDocument to="/docs/api" className="font-medium text-indigo-600 hover:text-indigo-500">
          API reference
        </Link>
        .
      </p>
      <CreateKeyCard grantableRoles={grantableRoles} created={created} createError={createError} busy={busy} pendingIntent={pendingIntent} />

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

        <KeysTable keys={keys} busy={busy} pendingId={pendingId} />
        {truncated ? <p className="text-sm text-slate-500">Showing the {keys.length} newest active keys.</p> : null}
      </section>
    </div>
  );
}
