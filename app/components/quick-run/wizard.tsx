import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { UploadedFileSummary } from "~/components/files/file-uploader";
import { ProblemAlert } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { stepOfPointer, type Draft, type FieldErrors, type Side } from "./draft";
import type { AdapterChoice } from "~/components/files/file-format";
import { FileStep } from "./file-step";
import { MappingStep } from "./mapping-step";
import { MatchingStep } from "./matching-step";
import { PreviewPanel } from "./preview-panel";
import { PreviewSummaryBar } from "./preview-summary-bar";
import { ReviewStep } from "./review-step";
import { StepIndicator, WIZARD_STEPS } from "./step-indicator";
import { useLivePreview } from "./use-live-preview";
import { useAutoPickUploads, useFilesPolling } from "./use-wizard-files";
import { checkStep, stripExtension } from "./wizard-checks";
import { StepErrors, WizardNav } from "./wizard-nav";
import type { SuggestionView, WizardFile } from "./types";
import { useRunFetcher } from "./use-run-fetcher";
import { useSuggestion } from "./use-suggestion";
import { clearSavedWizard, useSavedWizard } from "./saved-wizard";

/**
 * The Quick Run wizard: files → mappings → matching → review and run. The
 * draft lives here, in the browser (kept in the tab's session storage, so a
 * reload resumes it), until Run; the server sees it for the suggestion, the
 * debounced live preview and the run itself (all through the route's action).
 */
export function QuickRunWizard({
  files,
  canonicalFields,
  can,
  adapters = [],
}: {
  files: WizardFile[];
  canonicalFields: string[];
  can: { upload: boolean; run: boolean };
  adapters?: AdapterChoice[];
}) {
  const [step, setStep] = useState(0);
  const [reached, setReached] = useState(0);
  const [selected, setSelected] = useState<Record<Side, string>>({ source: "", target: "" });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [suggestion, setSuggestion] = useState<SuggestionView | null>(null);
  const [suggestedFor, setSuggestedFor] = useState("");
  const [limit, setLimit] = useState(1_000);
  const [name, setName] = useState<string | null>(null);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const [pendingUploads, setPendingUploads] = useState<string[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const movedByUser = useRef(false);

  const fileById = useMemo(() => new Map(files.map((file) => [file.id, file])), [files]);
  const sourceFile = fileById.get(selected.source);
  const targetFile = fileById.get(selected.target);
  const pairKey = `${selected.source}|${selected.target}`;

  useSavedWizard({ step, reached, selected, draft, suggestion, suggestedFor, name, limit }, files, (saved) => {
    setStep(saved.step); setReached(saved.reached); setSelected(saved.selected); setDraft(saved.draft);
    setSuggestion(saved.suggestion); setSuggestedFor(saved.suggestedFor); setName(saved.name); setLimit(saved.limit);
  });
  const revalidator = useRevalidator();
  useFilesPolling(files);
  useAutoPickUploads(files, pendingUploads, setPendingUploads, setSelected);

  const { suggestProblem, suggesting, requestSuggestion } = useSuggestion((suggested, forPair) => {
    setSuggestion(suggested);
    setDraft(suggested.definition as Draft);
    setSuggestedFor(forPair);
    goTo(1);
  });

  // ---- The live preview: debounced on every change of the draft, files or sample size.
  const { lastPreview, previewProblem, previewState, previewBusy, previewFields } = useLivePreview({ draft, pastFiles: step > 0, pairKey, suggestedFor, selected, limit });

  const { runFetcher, runErrors, setRunErrors, running } = useRunFetcher();

  const errors: FieldErrors = { ...previewFields, ...(runErrors?.fields ?? {}), ...localErrors };
  const stepsWithProblems = new Set(Object.keys(errors).map(stepOfPointer));

  const goTo = useCallback((next: number) => {
    movedByUser.current = true;
    setStep(next);
    setReached((current) => Math.max(current, next));
  }, []);

  useEffect(() => {
    if (movedByUser.current) headingRef.current?.focus();
  }, [step]);

  const edit = (next: Draft) => {
    setDraft(next);
    setRunErrors(null);
    setLocalErrors({});
  };

  function selectFile(side: Side, fileId: string) {
    setSelected((current) => ({ ...current, [side]: fileId }));
    setLocalErrors({});
    setRunErrors(null);
  }

  function next() {
    const problems = checkStep(step, { selected, draft, fileById });
    if (step > 0 && !previewBusy && Object.keys(previewFields).some((pointer) => stepOfPointer(pointer) === step)) {
      problems[`step/${step}`] = "The preview found problems in the settings marked on this step; fix them to go on.";
    }
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (step === 0) {
      if (suggestedFor === pairKey && draft) return goTo(1);
      requestSuggestion(selected, pairKey);
      return;
    }
    goTo(step + 1);
  }

  function run() {
    if (!draft) return;
    for (const at of [0, 1, 2]) {
      const problems = checkStep(at, { selected, draft, fileById });
      if (Object.keys(problems).length > 0) {
        setLocalErrors(problems);
        return goTo(at);
      }
    }
    setRunErrors(null);
    clearSavedWizard();
    runFetcher.submit(
      { intent: "run", name: runName, sourceFileId: selected.source, targetFileId: selected.target, definition: JSON.stringify(draft) },
      { method: "post" },
    );
  }

  const runName = name ?? (sourceFile && targetFile ? `${stripExtension(sourceFile.name)} vs ${stripExtension(targetFile.name)}` : "");
  const showPreview = step > 0 && draft !== null;
  const fileErrors = { source: errors.sourceFileId, target: errors.targetFileId };

  return (
    <div className="space-y-6">
      <StepIndicator current={step} reached={draft && suggestedFor === pairKey ? reached : 0} withProblems={stepsWithProblems} onSelect={(index) => (index === 0 || (draft && suggestedFor === pairKey) ? goTo(index) : undefined)} />
      {showPreview ? <PreviewSummaryBar preview={lastPreview} problem={previewProblem} busy={previewBusy} /> : null}
      {!can.run ? (
        <Alert tone="info" title="You can explore but not run">
          Your role can preview mappings and matches. Running a Quick Run saves a rule set and starts a run, which needs the admin or owner role.
        </Alert>
      ) : null}

      <section aria-labelledby="quick-run-step-heading" className="space-y-4">
        <h2 id="quick-run-step-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
          Step {step + 1} of {WIZARD_STEPS.length}: {WIZARD_STEPS[step]}
        </h2>

        {step === 0 ? (
          <FileStep
            files={files}
            adapters={adapters}
            selected={selected}
            onSelect={selectFile}
            canUpload={can.upload}
            onUploaded={(file: UploadedFileSummary) => {
              setPendingUploads((current) => [...current, file.id]);
              revalidator.revalidate();
            }}
            errors={fileErrors}
            staleMappings={Boolean(draft && suggestedFor !== pairKey && selected.source && selected.target)}
            suggestProblem={suggestProblem}
          />
        ) : null}
        {step === 1 && draft && sourceFile && targetFile ? (
          <MappingStep draft={draft} onChange={edit} files={{ source: sourceFile, target: targetFile }} canonicalFields={canonicalFields} suggestion={suggestion} errors={errors} />
        ) : null}
        {step === 2 && draft ? <MatchingStep draft={draft} onChange={edit} suggestion={suggestion} errors={errors} /> : null}
        {step === 3 && draft && sourceFile && targetFile ? (
          <ReviewStep
            name={runName}
            onNameChange={(value) => {
              setName(value);
              setRunErrors(null);
            }}
            nameError={errors.name}
            draft={draft}
            files={{ source: sourceFile, target: targetFile }}
            preview={lastPreview}
            canRun={can.run}
          />
        ) : null}
        {runErrors && step === 3 ? <ProblemAlert problem={runErrors.problem} /> : null}
        {step > 0 ? <StepErrors errors={localErrors} /> : null}

        <WizardNav step={step} onBack={() => goTo(step - 1)} onNext={next} onRun={run} suggesting={suggesting} running={running} canRun={can.run} />
      </section>

      {showPreview ? (
        <PreviewPanel preview={lastPreview} problem={previewProblem} state={previewState} limit={limit} onLimitChange={setLimit} />
      ) : null}
    </div>
  );
}
