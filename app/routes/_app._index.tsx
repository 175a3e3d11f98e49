import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ComponentType, SVGProps } from "react";
import { requireSessionUser } from "~/auth/session-user.server";
import { FilesIcon, RuleSetsIcon, RunsIcon, StreamsIcon } from "~/components/app-shell";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { readLoadContext } from "~/http/load-context";

export const meta: MetaFunction = () => [{ title: "Dashboard · Reconstream" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { org } = await requireSessionUser(request, readLoadContext(context).requestId);
  return json({ orgName: org.name });
}

interface Step {
  to: string;
  title: string;
  description: string;
  cta: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

const steps: Step[] = [
  {
    to: "/files",
    title: "Upload files",
    description:
      "Bring in the data you reconcile: bank statements, PSP payout reports, ledger exports and order files. Every original is kept, so each match can be traced to its source row.",
    cta: "Go to Files",
    icon: FilesIcon,
  },
  {
    to: "/rule-sets",
    title: "Define rule sets",
    description:
      "Describe how records match: keys, amount and date tolerances, many-to-one groupings. Rule sets are versioned, so past runs stay explainable.",
    cta: "Go to Rule sets",
    icon: RuleSetsIcon,
  },
  {
    to: "/streams",
    title: "Build a stream",
    description:
      "Chain inputs and rule sets into a repeatable reconciliation, then run it on demand or on a schedule. Unmatched items land in Exceptions for your team to work.",
    cta: "Go to Streams",
    icon: StreamsIcon,
  },
];

export default function DashboardPage() {
  const { orgName } = useLoaderData<typeof loader>();

  return (
    <>
      <PageHeader title="Dashboard" description={`Reconciliation overview for ${orgName}.`} />

      <Card>
        <CardHeader>
          <CardTitle>Getting started</CardTitle>
          <CardDescription>Three steps from raw exports to a reconciliation you can run every day.</CardDescription>
        </CardHeader>
        <CardBody>
          <ol className="grid gap-4 md:grid-cols-3" aria-label="Getting started steps">
            {steps.map((step, index) => {
              const StepIcon = step.icon;
              return (
                <li key={step.to} className="flex flex-col rounded-lg border border-slate-200 p-5">
                  <div className="flex items-center gap-3">
                    <span
                      className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600"
                      aria-hidden="true"
                    >
                      <StepIcon className="h-5 w-5" />
                    </span>
                    <div>
                      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Step {index + 1}</p>
                      <h3 className="text-sm font-semibold text-slate-900">{step.title}</h3>
                    </div>
                  </div>
                  <p className="mt-3 flex-1 text-sm leading-6 text-slate-600">{step.description}</p>
                  <Link
                    to={step.to}
                    prefetch="intent"
                    className="mt-4 inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
                  >
                    {step.cta}
                    <span aria-hidden="true">→</span>
                  </Link>
                </li>
              );
            })}
          </ol>
        </CardBody>
      </Card>

      <div className="mt-6 flex items-start gap-3 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-5">
        <span
          className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-500"
          aria-hidden="true"
        >
          <RunsIcon className="h-5 w-5" />
        </span>
        <div>
          <h2 className="text-sm font-semibold text-slate-900">Match rates and exception trends</h2>
          <p className="mt-1 text-sm leading-6 text-slate-600">
            Charts of match rates, open exceptions and run history appear here once your first runs exist. Nothing is
            shown until there is real data behind it.
          </p>
        </div>
      </div>
    </>
  );
}
