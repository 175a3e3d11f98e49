import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PROBLEM_TYPES } from "~/core/errors/problem-types";

/** The human page behind every problem+json `type`. */
export async function loader({ params }: LoaderFunctionArgs) {
  const name = params.name ?? "";
  const problem = PROBLEM_TYPES[name];
  if (!problem) throw new Response("Unknown problem type", { status: 404 });
  return { name, ...problem };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Problem"} · Reconstream API` }];

export default function ProblemTypePage() {
  const problem = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <p className="font-mono text-sm text-slate-500">/problems/{problem.name}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">
        {problem.status} · {problem.title}
      </h1>
      <p className="mt-4 leading-7 text-slate-700">{problem.explanation}</p>
      <p className="mt-8 text-sm text-slate-600">
        Every error from <code className="font-mono">/api/v1</code> is RFC 9457 problem+json with a{" "}
        <code className="font-mono">requestId</code>; see the{" "}
        <Link reloadDocument to="/docs/api" className="font-medium text-indigo-600 hover:text-indigo-500">
          API reference
        </Link>
        .
      </p>
    </main>
  );
}
