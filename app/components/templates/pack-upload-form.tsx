import { Form, Link, useNavigation } from "@remix-run/react";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Field, Input } from "~/components/ui/input";

/**
 * An admin's private pack upload: the .tgz `pack:build` writes, posted as
 * multipart part `file` to the gallery's action. The result names the pack
 * and whether it was new or already there; a refused pack lists each
 * problem with its file, JSON pointer and line.
 */
export type PackUploadResult = { ok: true; created: boolean; template: { id: string; name: string; version: string } } | { ok: false; problem: ProblemView };

export function PackUploadForm({ result }: { result: PackUploadResult | null }) {
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  return (
    <Card>
      <CardHeader>
        <CardTitle id="upload-heading">Upload a private pack</CardTitle>
        <CardDescription>
          A pack archive built with <code className="font-mono text-xs">npm run cli -- pack:build &lt;folder&gt;</code> (.tgz). It is checked like a bundled pack, nothing in it is run, and only
          your organization sees it. See the template authoring guide for the format.
        </CardDescription>
      </CardHeader>
      <CardBody className="space-y-4">
        {result?.ok ? (
          <Alert tone="success" title={result.created ? `Uploaded ${result.template.name} ${result.template.version}` : `${result.template.name} ${result.template.version} was already uploaded`}>
            <p>
              {result.created ? "It is in the gallery now, visible to your organization only." : "This exact version is registered already; nothing changed."}{" "}
              <Link to={`/templates/${result.template.id}`} className="font-medium underline">
                Open {result.template.name}
              </Link>
            </p>
          </Alert>
        ) : null}
        {result && !result.ok ? <ProblemAlert problem={result.problem} /> : null}
        <Form method="post" encType="multipart/form-data" className="flex flex-wrap items-end gap-3" aria-labelledby="upload-heading">
          <Field label="Pack archive (.tgz)" className="min-w-[18rem] flex-1">
            <Input name="file" type="file" accept=".tgz,.tar.gz,.tar,application/gzip,application/x-tar" required className="py-1.5" />
          </Field>
          <Button type="submit" variant="primary" disabled={uploading}>
            {uploading ? "Uploading…" : "Upload pack"}
          </Button>
        </Form>
      </CardBody>
    </Card>
  );
}
