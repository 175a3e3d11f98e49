import { Form, Link, useNavigation } from "@remix-run/react";
import type { ComponentType, SVGProps } from "react";
import { FilesIcon, RuleSetsIcon, StreamsIcon } from "~/components/app-shell";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";

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

export function GettingStarted({ canLoadDemo }: { canLoadDemo: boolean }) {
  const navigation = useNavigation();
  const loading = navigation.state !== "idle" && navigation.formData?.get("intent") === "demo";
  return (
    <div className="space-y-6">
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
                    <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600" aria-hidden="true">
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

      <Card>
        <CardHeader>
          <CardTitle>Try it with demo data</CardTitle>
          <CardDescription>
            Sets up the e-commerce payouts template (Shopify orders → Stripe charges → payouts → bank) with its sample files and runs it once, so
            you can explore matches, exceptions and lineage before bringing your own data.
          </CardDescription>
        </CardHeader>
        <CardBody>
          {canLoadDemo ? (
            <Form method="post">
              <input type="hidden" name="intent" value="demo" />
              <Button type="submit" disabled={loading}>
                {loading ? "Loading demo data…" : "Load demo data"}
              </Button>
            </Form>
          ) : (
            <p className="text-sm text-slate-600">An admin of this organization can load the demo data.</p>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
