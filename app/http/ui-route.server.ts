import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import type { Permission } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";
import { requireSessionUser } from "./session-user.server";
import { readLoadContext } from "./load-context";
import { requireSameOriginForm } from "./ui-action.server";
import { requireRole } from "./ui-loader.server";

/**
 * Every page loader and action starts the same way: the signed-in user in
 * their current org (or a redirect to /login or /setup), an optional role
 * check (the 403 page), and for actions a same-origin check. One wrapper
 * keeps those guards in one place so a route cannot forget one.
 *
 * Routes call it inside an arrow function:
 *   export const loader = (args: LoaderFunctionArgs) => uiLoader(args, { permission: "files:read" }, async ({ ctx }) => …);
 * not as `export const loader = uiLoader(…)`: the browser build drops a
 * route's loader export, but a top-level call would survive it and run
 * against the empty browser stub of this .server module, breaking hydration.
 */
type SessionUser = Awaited<ReturnType<typeof requireSessionUser>>;

export interface UiRouteArgs extends SessionUser {
  request: Request;
  params: LoaderFunctionArgs["params"];
  context: AppLoadContext;
  /** For checks that depend on the request (one intent of several): the 403 page when the role lacks it. */
  requirePermission(permission: Permission): void;
}

export interface UiRouteOptions {
  /** Checked right after the session; a role without it gets the 403 page. */
  permission?: Permission;
}

type Handler<T> = (args: UiRouteArgs) => Promise<T>;

async function guard(args: LoaderFunctionArgs | ActionFunctionArgs, options: UiRouteOptions): Promise<UiRouteArgs> {
  const session = await requireSessionUser(args.request, readLoadContext(args.context).requestId);
  if (options.permission) requireRole(session.role, options.permission);
  return {
    ...session,
    request: args.request,
    params: args.params,
    context: args.context,
    requirePermission: (permission) => requireRole(session.role, permission),
  };
}

/** An object missing from the org (or another org's id) renders the 404 page, exactly as an unknown URL does. */
async function notFoundAsPage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFound) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export function uiLoader<T>(args: LoaderFunctionArgs, handler: Handler<T>): Promise<T>;
export function uiLoader<T>(args: LoaderFunctionArgs, options: UiRouteOptions, handler: Handler<T>): Promise<T>;
export async function uiLoader<T>(args: LoaderFunctionArgs, first: UiRouteOptions | Handler<T>, second?: Handler<T>): Promise<T> {
  const [options, handler] = typeof first === "function" ? [{}, first] : [first, second!];
  const route = await guard(args, options);
  return notFoundAsPage(() => handler(route));
}

/**
 * Cross-site form posts are refused (plain 403) before the handler reads the
 * body. Domain errors inside `runFormAction` still come back as form errors;
 * a NotFound escaping the handler is the 404 page.
 */
export function uiAction<T>(args: ActionFunctionArgs, handler: Handler<T>): Promise<T>;
export function uiAction<T>(args: ActionFunctionArgs, options: UiRouteOptions, handler: Handler<T>): Promise<T>;
export async function uiAction<T>(args: ActionFunctionArgs, first: UiRouteOptions | Handler<T>, second?: Handler<T>): Promise<T> {
  const [options, handler] = typeof first === "function" ? [{}, first] : [first, second!];
  const route = await guard(args, options);
  requireSameOriginForm(args.request);
  return notFoundAsPage(() => handler(route));
}
