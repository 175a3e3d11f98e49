import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import type { ColumnType, DetectionOverrides } from "~/core/ingest";
import { TYPE_CHOICES, type Schema } from "./file-detail-data";

export function OverrideForm({ schema, overrides, policy, busy, disabled }: { schema: Schema; overrides: DetectionOverrides; policy: string; busy: boolean; disabled: boolean }) {
  const [columnName, setColumnName] = useState(schema.columns[0]?.name ?? "");
  const column = schema.columns.find((candidate) => candidate.name === columnName);
  const [type, setType] = useState<ColumnType>(column?.type ?? "string");
  useEffect(() => {
    setType(column?.type ?? "string");
  }, [column?.type, columnName]);
  const amount = column?.amount;
  const date = column?.date;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Correct the detection</CardTitle>
        <CardDescription>Override a column's type, number or date format, or the locale. The file is profiled again with your choice.</CardDescription>
      </CardHeader>
      <Form method="post" key={`${columnName}:${JSON.stringify(overrides)}`}>
        <input type="hidden" name="intent" value="override" />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <Field label="Column">
            <Select name="column" value={columnName} onChange={(event) => setColumnName(event.target.value)}>
              {schema.columns.map((candidate) => (
                <option key={candidate.index} value={candidate.name}>
                  {candidate.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Type">
            <Select name="type" value={type} onChange={(event) => setType(event.target.value as ColumnType)}>
              {TYPE_CHOICES.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Locale" hint="Decides ambiguous D/M dates, e.g. en-GB; empty: en-US.">
            <Input name="locale" defaultValue={overrides.locale ?? ""} maxLength={35} placeholder="en-US" />
          </Field>
          {type === "amount" ? (
            <>
              <Field label="Decimal separator">
                <Select name="decimalSeparator" defaultValue={amount?.decimalSeparator ?? "."}>
                  <option value=".">. (1,234.56)</option>
                  <option value=",">, (1.234,56)</option>
                </Select>
              </Field>
              <Field label="Thousands separator">
                <Select name="thousandsSeparator" defaultValue={amount ? ({ "": "none", " ": "space" } as Record<string, string>)[amount.thousandsSeparator] ?? amount.thousandsSeparator : "none"}>
                  <option value="none">none</option>
                  <option value=",">,</option>
                  <option value=".">.</option>
                  <option value="space">space</option>
                  <option value="'">'</option>
                </Select>
              </Field>
              <Field label="Negative amounts">
                <Select name="negative" defaultValue={amount?.negative ?? "minus"}>
                  <option value="minus">-1.00</option>
                  <option value="parentheses">(1.00)</option>
                  <option value="trailingMinus">1.00-</option>
                  <option value="crdr">CR / DR suffix</option>
                </Select>
              </Field>
            </>
          ) : null}
          {type === "date" || type === "datetime" ? (
            <>
              <Field label="Date format" hint="Tokens yyyy MM dd HH mm ss xx MMM, or iso.">
                <Input name="datePattern" defaultValue={date?.pattern ?? (type === "date" ? "yyyy-MM-dd" : "iso")} maxLength={64} />
              </Field>
              <Field label="Day/month order">
                <Select name="dateOrder" defaultValue={date?.order ?? ""}>
                  <option value="">From the format</option>
                  <option value="DMY">Day, month, year</option>
                  <option value="MDY">Month, day, year</option>
                  <option value="YMD">Year, month, day</option>
                </Select>
              </Field>
              <Field label="Time zone" hint="IANA zone for times without an offset.">
                <Input name="timeZone" defaultValue={date?.timeZone ?? ""} maxLength={64} placeholder="UTC" />
              </Field>
            </>
          ) : null}
        </CardBody>
        <CardFooter className="justify-between">
          <span className="text-xs text-slate-500">{disabled ? "Profiling is under way; overrides can be changed once it finishes." : null}</span>
          <Button type="submit" disabled={busy || disabled}>
            Apply and re-profile
          </Button>
        </CardFooter>
      </Form>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-6 py-3">
        <Form method="post" className="flex items-end gap-2">
          <input type="hidden" name="intent" value="policy" />
          <Field label="Policy">
            <Select name="policy" defaultValue={policy} className="w-40">
              <option value="strict">Strict</option>
              <option value="lenient">Lenient</option>
            </Select>
          </Field>
          <Button type="submit" variant="secondary" disabled={busy || disabled}>
            Change policy
          </Button>
        </Form>
        {Object.keys(overrides).length > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reset" />
            <Button type="submit" variant="ghost" disabled={busy || disabled}>
              Clear all overrides
            </Button>
          </Form>
        ) : null}
      </div>
    </Card>
  );
}

