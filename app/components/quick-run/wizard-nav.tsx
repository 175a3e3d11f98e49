import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import type { FieldErrors } from "./draft";
import { WIZARD_STEPS } from "./step-indicator";

interface WizardNavProps {
  step: number;
  onBack: () => void;
  onNext: () => void;
  onRun: () => void;
  suggesting: boolean;
  running: boolean;
  canRun: boolean;
}

/** Back and Next (or Run on the last step); while mappings are suggested, a status line says why Next waits. */
export function WizardNav({ step, onBack, onNext, onRun, suggesting, running, canRun }: WizardNavProps) {
  return (
    <>
  <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4">
    <Button type="button" variant="secondary" onClick={onBack} disabled={step === 0}>
      Back
    </Button>
    {step < WIZARD_STEPS.length - 1 ? (
      <Button type="button" onClick={onNext} disabled={suggesting} aria-describedby={suggesting ? "quick-run-suggesting" : undefined}>
        {suggesting ? "Suggesting mappings…" : `Next: ${WIZARD_STEPS[step + 1]}`}
      </Button>
    ) : canRun ? (
      <Button type="button" onClick={onRun} disabled={running}>
        {running ? "Starting…" : "Run reconciliation"}
      </Button>
    ) : null}
  </div>
  {suggesting ? (
    <p id="quick-run-suggesting" role="status" className="text-sm text-slate-600">
      Reading both files and suggesting mappings…
    </p>
  ) : null}
    </>
  );
}

/** What the browser found wrong with this step, listed above the buttons that it blocks. */
export function StepErrors({ errors }: { errors: FieldErrors }) {
  if (Object.keys(errors).length === 0) return null;
  return (
    <Alert tone="danger" title="Fix this step before going on">
      <ul className="list-disc pl-5">
        {Object.entries(errors).map(([pointer, message]) => (
          <li key={pointer}>{message}</li>
        ))}
      </ul>
    </Alert>
  );
}
