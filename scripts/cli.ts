import { parseArgs } from "node:util";
import { z } from "zod";
import { systemActor } from "~/core/access";
import { hashPassword, MIN_PASSWORD_LENGTH } from "~/modules/tenancy/index.server";
import { ROLES } from "~/core/access";
import { DomainError } from "~/core/errors/domain-errors";
import { getLogger, sendLogsToStderr } from "~/platform/observability/logger.server";
import { createApiKey } from "~/modules/tenancy/index.server";
import { listOrgIdsWithAudit, verifyAuditChain } from "~/modules/audit/index.server";
import { FEATURE_FLAGS, setFeatureFlag, type FeatureFlag } from "~/modules/tenancy/index.server";
import { createOrganizationWithOwner, getOrganization } from "~/modules/tenancy/index.server";
import { findUserByEmail } from "~/modules/tenancy/index.server";
import { PACK_COMMANDS, PACK_USAGE } from "./pack-commands";
import { closeDb, getDb } from "~/platform/db/client";
import { resolveDatabase } from "~/platform/db/connection";
import { migrateDatabase } from "~/platform/db/migrate";
import { users } from "~/platform/db/schema";
import { eq } from "drizzle-orm";

/**
 * `npm run cli -- <command>`. Answers are one JSON line on stdout; logs and
 * errors go to stderr. Works against DATABASE_URL or the embedded database
 * (attaching to a running app's cluster, or starting it for the command).
 */
sendLogsToStderr();

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  org:create --name <name> --admin-email <email> [--admin-name <name>] [--password <pw>]
      Create an organization with its first owner and an admin API key.
      Prints {"orgId","userId","apiKey"}.
  apikey:create --org <orgId> --role <owner|admin|operator|viewer> [--name <name>]
      Create an API key. Prints {"id","orgId","role","apiKey"}.
  user:set-password --email <email> --password <pw>
      Set or reset a user's password.
  audit:verify [--org <orgId>]
      Re-walk the keyed audit chain of one or every org and hold its end against the org's signed
      checkpoint. Exits 1 naming the first broken event, a truncated tail or a re-chained history.
  flag:set --org <orgId> --flag <streams|templates|dataSources> --enabled <true|false>
      Turn a feature on or off for one org (streams are on by default).
  migrate
      Apply database migrations.
${PACK_USAGE}`;

class UsageError extends Error {}

type Options = Record<string, string | undefined>;

const commands: Record<string, (options: Options) => Promise<number>> = {
  async "flag:set"(options) {
    const input = z
      .object({
        org: z.string().min(1, "--org is required"),
        flag: z.enum(Object.keys(FEATURE_FLAGS) as [FeatureFlag, ...FeatureFlag[]], { message: `--flag must be one of ${Object.keys(FEATURE_FLAGS).join(", ")}` }),
        enabled: z.enum(["true", "false"], { message: "--enabled must be true or false" }),
      })
      .parse(options);
    const ctx = { orgId: input.org, actor: systemActor("cli") };
    await getOrganization(ctx);
    await setFeatureFlag(ctx, input.flag, input.enabled === "true");
    console.log(JSON.stringify({ orgId: input.org, flag: input.flag, enabled: input.enabled === "true" }));
    return 0;
  },
  async "org:create"(options) {
    const input = z
      .object({
        name: z.string().min(1, "--name is required"),
        "admin-email": z.email("--admin-email must be an email address"),
        "admin-name": z.string().optional(),
        password: z.string().min(MIN_PASSWORD_LENGTH, `--password must be at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
      })
      .parse(options);
    const { organization, user } = await createOrganizationWithOwner({
      name: input.name,
      owner: { email: input["admin-email"], name: input["admin-name"] ?? input["admin-email"], password: input.password },
      actorLabel: "cli",
    });
    const { secret } = await createApiKey(
      { orgId: organization.id, actor: systemActor("cli") },
      { name: "Created by org:create", role: "admin", createdByUserId: user.id },
    );
    print({ orgId: organization.id, userId: user.id, apiKey: secret });
    return 0;
  },

  async "apikey:create"(options) {
    const input = z
      .object({
        org: z.string().min(1, "--org is required"),
        role: z.enum(ROLES, { message: `--role must be one of ${ROLES.join(", ")}` }),
        name: z.string().default("Created by the CLI"),
      })
      .parse(options);
    const ctx = { orgId: input.org, actor: systemActor("cli") };
    await getOrganization(ctx); // a clear "No organization with id …" instead of a foreign-key error
    const { apiKey, secret } = await createApiKey(ctx, { name: input.name, role: input.role });
    print({ id: apiKey.id, orgId: apiKey.orgId, role: apiKey.role, apiKey: secret });
    return 0;
  },

  async "user:set-password"(options) {
    const input = z
      .object({ email: z.email("--email is required"), password: z.string().min(MIN_PASSWORD_LENGTH) })
      .parse(options);
    const user = await findUserByEmail(input.email);
    if (!user) throw new UsageError(`no user with email ${input.email}`);
    await getDb().update(users).set({ passwordHash: await hashPassword(input.password), updatedAt: new Date() }).where(eq(users.id, user.id));
    print({ userId: user.id, passwordSet: true });
    return 0;
  },

  async "audit:verify"(options) {
    const orgIds = options.org ? [options.org] : await listOrgIdsWithAudit();
    let failed = 0;
    for (const orgId of orgIds) {
      const result = await verifyAuditChain(orgId);
      print(result);
      if (!result.ok) {
        failed += 1;
        process.stderr.write(
          `audit chain of ${orgId} is broken at event ${result.firstBreak!.eventId} (seq ${result.firstBreak!.seq}): ${result.firstBreak!.reason}\n`,
        );
      }
    }
    return failed === 0 ? 0 : 1;
  },

  async migrate() {
    print({ migrated: true });
    return 0;
  },
};

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === "help" || command === "--help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  // Authoring commands work on a pack folder; they need no database.
  const packCommand = PACK_COMMANDS[command];
  if (packCommand) return packCommand(rest);
  const run = commands[command];
  if (!run) {
    process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: optionSpec(rest), strict: true, allowPositionals: false });
  const database = await resolveDatabase((message) => getLogger().debug({ component: "embedded-postgres" }, message));
  try {
    await migrateDatabase(database.url);
    return await run(values as Options);
  } finally {
    await closeDb();
    await database.release();
  }
}

/** Every --flag takes a value; the set of flags is checked by each command's zod schema. */
function optionSpec(args: string[]) {
  const spec: Record<string, { type: "string" }> = {};
  for (const arg of args) if (arg.startsWith("--")) spec[arg.slice(2).split("=")[0]!] = { type: "string" };
  return spec;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof z.ZodError) {
      process.stderr.write(error.issues.map((issue) => `error: ${issue.message}`).join("\n") + `\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof UsageError || error instanceof DomainError || (error instanceof TypeError && "code" in error)) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
