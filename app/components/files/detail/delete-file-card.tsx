import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";

export function DeleteFileCard({ fileName, busy }: { fileName: string; busy: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Delete file</CardTitle>
        <CardDescription>Removes the file and its bytes (unless another file has the same content). Files used by a run cannot be deleted.</CardDescription>
      </CardHeader>
      <CardFooter>
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`Delete ${fileName}? This cannot be undone.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <Button type="submit" variant="danger" disabled={busy}>
            Delete file
          </Button>
        </Form>
      </CardFooter>
    </Card>
  );
}
