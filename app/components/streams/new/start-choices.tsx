import { Form, Link } from "@remix-run/react";
import { industryLabel } from "~/components/templates/industry";
import { Button, buttonClasses } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Field, Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { MAX_WIZARD_STEPS } from "~/modules/streams";

export interface TemplateChoice {
  id: string;
  name: string;
  industry: string;
  stepCount: number;
  description: string;
}

/** The two ways to start: a blank pipeline, or one of the templates. */
export function StartChoices({ templates }: { templates: TemplateChoice[] }) {
  return (
    <>
      <PageHeader title="New stream" description="Start from an empty pipeline, or from a template that already knows the files and rules of a common reconciliation." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle id="scratch-heading">Start from scratch</CardTitle>
            <CardDescription>Name the stream and the files each run takes; the visual editor opens with them and the steps in place, ready to connect.</CardDescription>
          </CardHeader>
          <CardBody>
            <Form method="get" className="space-y-4" aria-labelledby="scratch-heading">
              <input type="hidden" name="start" value="scratch" />
              <Field label="Stream name" required>
                <Input name="name" maxLength={200} autoComplete="off" autoFocus />
              </Field>
              <Field label="File inputs" hint="The files each run takes, separated by commas, e.g. “orders, charges, bank”. You can add more in the editor.">
                <Input name="inputs" autoComplete="off" spellCheck={false} />
              </Field>
              <Field label="Steps to start with" hint={`Each step reconciles two inputs with a rule set (0–${MAX_WIZARD_STEPS}).`}>
                <Input name="steps" type="number" min={0} max={MAX_WIZARD_STEPS} step={1} defaultValue={1} inputMode="numeric" className="max-w-[8rem]" />
              </Field>
              <Button type="submit" variant="primary">
                Open the editor
              </Button>
            </Form>
          </CardBody>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle id="template-heading">Start from a template</CardTitle>
            <CardDescription>You get your own copy of the template&rsquo;s rule sets and streams, with the parameters you choose.</CardDescription>
          </CardHeader>
          <CardBody className="space-y-4">
            {templates.length === 0 ? (
              <p className="text-sm text-slate-600">No templates are available to your organization.</p>
            ) : (
              <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-labelledby="template-heading">
                {templates.map((template) => (
                  <li key={template.id} className="flex items-center justify-between gap-3 px-3 py-2">
                    <div className="min-w-0">
                      <p className="truncate text-sm font-medium text-slate-900">{template.name}</p>
                      <p className="truncate text-xs text-slate-600">
                        {industryLabel(template.industry)} · {template.stepCount} step{template.stepCount === 1 ? "" : "s"}
                      </p>
                    </div>
                    <Link to={`/templates/${template.id}?use=1`} className={buttonClasses("secondary", "sm")} aria-label={`Use ${template.name}`}>
                      Use
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            <Link to="/templates" className="inline-block text-sm font-medium text-indigo-700 hover:underline">
              Browse the template gallery
            </Link>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
