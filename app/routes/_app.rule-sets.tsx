import type { MetaFunction } from "@remix-run/node";
import { RuleSetsPage } from "~/components/rule-sets/rule-sets-page";

export const meta: MetaFunction = () => [{ title: "Rule sets · Reconstream" }];

export default function RuleSetsRoute() {
  return <RuleSetsPage />;
}
