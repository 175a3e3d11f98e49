import { useFetcher, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { UploadedFileSummary } from "~/components/files/file-uploader";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { stepOfPointer, type Draft, type FieldErrors, type Side } from "./draft";
import type { AdapterChoice } from "~/components/files/file-format";
import { FileStep } from "./file-step";
import { MappingStep } from "./mapping-step";
import { MatchingStep } from "./matching-step";
import { PreviewPanel, PreviewSummaryBar } from "./preview-panel";
import { ReviewStep } from "./review-step";
import { StepIndicator, WIZARD_STEPS } from "./step-indicator";
import type { ActionResult, PreviewView, SuggestionView, WizardFile } from "./types";

/**
 * The Quick Run wizard: files → mappings → matching → review and run. The
 * draft lives here, in the browser, until Run; the server sees it for the
 * suggestion, the debounced live preview and the run itself (all through
 * the route's action, which calls the same services as the API).
 */
const PREVIEW_DEBOUNCE_MS = 500;
const FILES_POLL_MS = 1_500;

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
  const [runErrors, setRunErrors] = useState<{ problem: ProblemView; fields: FieldErrors } | null>(null);
  const [pendingUploads, setPendingUploads] = useState<string[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const movedByUser = useRef(false);

  const fileById = useMemo(() => new Map(files.map((file) => [file.id, file])), [files]);
  const sourceFile = fileById.get(selected.source);
  const targetFile = fileById.get(selected.target);
  const pairKey = `${selected.source}|${selected.target}`;

  const revalidator = useRevalidator();
  useFilesPolling(files);
  useAutoPickUploads(files, pendingUploads, setPendingUploads, setSelected);

  // ---- The suggestion: asked for when leaving the files step with a new pair.
  const suggestFetcher = useFetcher<ActionResult>();
  const [suggestProblem, setSuggestProblem] = useState<ProblemView | null>(null);
  const awaitingSuggestion = useRef("");
  useEffect(() => {
    const result = suggestFetcher.data;
    if (suggestFetcher.state !== "idle" || !result || result.intent !== "suggest" || !awaitingSuggestion.current) return;
    const forPair = awaitingSuggestion.current;
    awaitingSuggestion.current = "";
    if (!result.ok) {
      setSuggestProblem(result.problem);
      return;
    }
    setSuggestion(result.suggestion as SuggestionView);
    setDraft(result.suggestion!.definition as Draft);
    setSuggestedFor(forPair);
    setSuggestProblem(null);
    goTo(1);
    // goTo is stable enough for this one-shot reaction to a finished request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suggestFetcher.state, suggestFetcher.data]);

  // ---- The live preview: debounced on every change of the draft, files or sample size.
  const previewFetcher = useFetcher<ActionResult>();
  const [waitingForPreview, setWaitingForPreview] = useState(false);
  const draftJson = useMemo(() => (draft ? JSON.stringify(draft) : ""), [draft]);
  const { submit: submitPreview } = previewFetcher;
  const pastFiles = step > 0;
  useEffect(() => {
    if (!draftJson || !pastFiles || suggestedFor !== pairKey) return;
    setWaitingForPreview(true);
    const timer = setTimeout(() => {
      setWaitingForPreview(false);
      submitPreview({ intent: "preview", sourceFileId: selected.source, targetFileId: selected.target, limit: String(limit), definition: draftJson }, { method: "post" });
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draftJson, limit, pairKey, pastFiles, selected.source, selected.target, submitPreview, suggestedFor]);
  const [lastPreview, setLastPreview] = useState<PreviewView | null>(null);
  const previewResult = previewFetcher.data?.intent === "preview" ? previewFetcher.data : null;
  useEffect(() => {
    if (previewResult?.ok && previewResult.preview) setLastPreview(previewResult.preview);
  }, [previewResult]);
  const previewProblem = previewResult && !previewResult.ok ? previewResult.problem : null;
  const previewState = waitingForPreview ? "waiting" : previewFetcher.state === "idle" ? "idle" : "loading";
  const previewBusy = previewState !== "idle";
  const previewFields: FieldErrors = previewResult && !previewResult.ok ? previewResult.fields : {};

  // ---- Run
  const runFetcher = useFetcher<ActionResult>();
  useEffect(() => {
    const result = runFetcher.data;
    if (runFetcher.state === "idle" && result && result.intent === "run" && !result.ok) setRunErrors({ problem: result.problem, fields: result.fields });
  }, [runFetcher.state, runFetcher.data]);
  const running = runFetcher.state !== "idle";

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
      awaitingSuggestion.current = pairKey;
      setSuggestProblem(null);
      suggestFetcher.submit({ intent: "suggest", sourceFileId: selected.source, targetFileId: selected.target }, { method: "post" });
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
    runFetcher.submit(
      { intent: "run", name: runName, sourceFileId: selected.source, targetFileId: selected.target, definition: JSON.stringify(draft) },
      { method: "post" },
    );
  }

  const runName = name ?? (sourceFile && targetFile ? `${stripExtension(sourceFile.name)} vs ${stripExtension(targetFile.name)}` : "");
  const suggesting = suggestFetcher.state !== "idle";
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
          <>
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
            />
            {draft && suggestedFor !== pairKey && selected.source && selected.target ? (
              <p className="text-sm text-amber-800">These files differ from the ones the mappings were made for: continuing replaces the mappings with a new suggestion.</p>
            ) : null}
            {suggestProblem ? <ProblemAlert problem={suggestProblem} /> : null}
          </>
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
        {Object.keys(localErrors).length > 0 && step > 0 ? (
          <Alert tone="danger" title="Fix this step before going on">
            <ul className="list-disc pl-5">
              {Object.entries(localErrors).map(([pointer, message]) => (
                <li key={pointer}>{message}</li>
              ))}
            </ul>
          </Alert>
        ) : null}

        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4">
          <Button type="button" variant="secondary" onClick={() => goTo(step - 1)} disabled={step === 0}>
            Back
          </Button>
          {step < WIZARD_STEPS.length - 1 ? (
            <Button type="button" onClick={next} disabled={suggesting} aria-describedby={suggesting ? "quick-run-suggesting" : undefined}>
              {suggesting ? "Suggesting mappings…" : `Next: ${WIZARD_STEPS[step + 1]}`}
            </Button>
          ) : can.run ? (
            <Button type="button" onClick={run} disabled={running}>
              {running ? "Starting…" : "Run reconciliation"}
            </Button>
          ) : null}
        </div>
        {suggesting ? (
          <p id="quick-run-suggesting" role="status" className="text-sm text-slate-600">
            Reading both files and suggesting mappings…
          </p>
        ) : null}
      </section>

      {showPreview ? (
        <PreviewPanel preview={lastPreview} problem={previewProblem} state={previewState} limit={limit} onLimitChange={setLimit} />
      ) : null}
    </div>
  );
}

/** The checks the browser can make before asking the server; the server checks everything again. */
function checkStep(step: number, state: { selected: Record<Side, string>; draft: Draft | null; fileById: Map<string, WizardFile> }): FieldErrors {
  const problems: FieldErrors = {};
  if (step === 0) {
    for (const side of ["source", "target"] as const) {
      const id = state.selected[side];
      if (!id) problems[`${side}FileId`] = `Choose a ${side} file`;
      else if (state.fileById.get(id)?.status !== "ready") problems[`${side}FileId`] = "This file is not ready yet";
    }
    if (state.selected.source && state.selected.source === state.selected.target) problems.targetFileId = "Choose a different file from the source";
  }
  if (step === 1 && state.draft) {
    for (const side of ["source", "target"] as const) {
      if (state.draft[side].mappings.length === 0) problems[`definition/${side}/mappings`] = `Map at least one field of the ${side} file`;
    }
  }
  if (step === 2 && state.draft) {
    if (state.draft.passes.length === 0) problems["definition/passes"] = "Add at least one pass";
    state.draft.passes.forEach((pass, index) => {
      if (!pass.name.trim()) problems[`definition/passes/${index}/name`] = `Pass ${index + 1} needs a name`;
    });
  }
  return problems;
}

function stripExtension(name: string): string {
  return name.replace(/(\.(csv|tsv|txt|json|ndjson|xlsx))?(\.gz)?$/i, "");
}

/** While a file is profiling the page refreshes its list, so the file becomes selectable once ready. */
function useFilesPolling(files: WizardFile[]) {
  const revalidator = useRevalidator();
  const anyProcessing = files.some((file) => file.status === "processing");
  useEffect(() => {
    if (!anyProcessing) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, FILES_POLL_MS);
    return () => clearInterval(timer);
  }, [anyProcessing, revalidator]);
}

/** Files uploaded here fill the empty sides (source first) as soon as they are ready. */
function useAutoPickUploads(
  files: WizardFile[],
  pending: string[],
  setPending: (update: (current: string[]) => string[]) => void,
  setSelected: (update: (current: Record<Side, string>) => Record<Side, string>) => void,
) {
  useEffect(() => {
    if (pending.length === 0) return;
    const settled = pending.filter((id) => {
      const status = files.find((file) => file.id === id)?.status;
      return status === "ready" || status === "failed";
    });
    if (settled.length === 0) return;
    const ready = settled.filter((id) => files.find((file) => file.id === id)?.status === "ready");
    setSelected((current) => {
      const next = { ...current };
      for (const id of ready) {
        if (next.source === id || next.target === id) continue;
        if (!next.source) next.source = id;
        else if (!next.target) next.target = id;
      }
      return next;
    });
    setPending((current) => current.filter((id) => !settled.includes(id)));
  }, [files, pending, setPending, setSelected]);
}
