import { Form, useNavigation } from "@remix-run/react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { Field } from "~/components/ui/input";
import { TimeZoneCombobox } from "~/components/ui/time-zone-combobox";
import type { GeneralActionData } from "./general-data";

/** The reader's own zone: every date on every page is shown in it. Any member sets their own. */
export function TimeZoneCard({ timeZone, actionData }: { timeZone: string; actionData: GeneralActionData | undefined }) {
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === "timeZone";
  const result = actionData?.intent === "timeZone" ? actionData : undefined;
  const error = result && !result.ok ? result.error : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your time zone</CardTitle>
        <CardDescription>Dates and times on every page are shown in this zone, with its name. It was taken from your browser when you signed in.</CardDescription>
      </CardHeader>
      <Form method="post">
        <input type="hidden" name="intent" value="timeZone" />
        <CardBody className="space-y-4">
          {error ? <Alert tone="danger">{error.message}</Alert> : null}
          {result?.ok && navigation.state === "idle" ? <Alert tone="success">Times are now shown in {result.timeZone}.</Alert> : null}
          <Field label="Time zone" hint="Type a city, region or offset, e.g. Auckland or +5:30." error={error?.fields.timeZone} className="max-w-md">
            <TimeZoneCombobox key={timeZone} name="timeZone" defaultValue={timeZone} />
          </Field>
        </CardBody>
        <CardFooter>
          <Button type="submit" disabled={saving}>
            {saving ? "Saving…" : "Save time zone"}
          </Button>
        </CardFooter>
      </Form>
    </Card>
  );
}
