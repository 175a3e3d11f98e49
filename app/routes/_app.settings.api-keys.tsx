import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { canGrantRole, ROLES } from "~/core/access";
import { runFormAction, parseForm } from "~/http/ui-action.server";
import { createApiKey, listApiKeys, revokeApiKey } from "~/modules/tenancy/index.server";
import { serializeApiKey } from "~/api/views/tenancy";
import { CreateApiKeySchema, RevokeApiKeySchema } from "~/http/forms/settings-forms.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import { ApiKeysPage } from "~/components/settings/api-keys/api-keys-page";
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

export default function ApiKeysRoute() {
  return <ApiKeysPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
