import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { DragEvent, KeyboardEvent } from "react";
import { toProblem } from "~/components/problem";
import { cn } from "~/components/ui/cn";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { UploadRow, type UploadItem } from "./upload-row";

export interface UploadedFileSummary {
  id: string;
  name: string;
}

/**
 * Drag-and-drop upload straight to POST /api/v1/files. XMLHttpRequest, not
 * fetch: only XHR reports request-body progress (upload.onprogress), which is
 * what the bar shows — bytes actually sent, not a guess. Cancel aborts the
 * request; the server releases whatever it stored of an aborted upload.
 */
export function FileUploader({ onUploaded }: { onUploaded: (file: UploadedFileSummary) => void }) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const requests = useRef(new Map<string, XMLHttpRequest>());
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const [tags, setTags] = useState("");
  const [inbox, setInbox] = useState("");
  const [policy, setPolicy] = useState<"strict" | "lenient">("strict");

  useEffect(() => {
    const pending = requests.current;
    return () => {
      for (const xhr of pending.values()) xhr.abort();
    };
  }, []);

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  }, []);

  function start(file: File) {
    const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    setItems((current) => [{ key, name: file.name, size: file.size, loaded: 0, state: "uploading" as const }, ...current].slice(0, 20));
    const body = new FormData();
    // Fields before the file: the server reads the multipart stream in order.
    if (tags.trim()) body.append("tags", tags.trim());
    if (inbox.trim()) body.append("inbox", inbox.trim());
    body.append("policy", policy);
    body.append("file", file, file.name);

    const xhr = new XMLHttpRequest();
    requests.current.set(key, xhr);
    xhr.open("POST", "/api/v1/files");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) update(key, { loaded: Math.min(event.loaded, file.size) });
    };
    // Sent in full; the server still hashes and records it.
    xhr.upload.onload = () => update(key, { loaded: file.size, state: "processing" });
    xhr.onload = () => {
      requests.current.delete(key);
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) {
        const created = body as { id: string; name: string; warning?: string | null };
        update(key, { state: "done", loaded: file.size, fileId: created.id, warning: created.warning ?? null });
        onUploaded({ id: created.id, name: created.name });
      } else {
        update(key, { state: "failed", problem: toProblem(xhr.status, body) });
      }
    };
    xhr.onerror = () => {
      requests.current.delete(key);
      update(key, { state: "failed", problem: toProblem(0, null) });
    };
    xhr.onabort = () => {
      requests.current.delete(key);
      update(key, { state: "cancelled" });
    };
    xhr.send(body);
  }

  function startAll(files: FileList | null) {
    if (!files) return;
    for (const file of Array.from(files)) start(file);
  }

  function cancel(key: string) {
    requests.current.get(key)?.abort();
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    startAll(event.dataTransfer.files);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      inputRef.current?.click();
    }
  }

  return (
    <section aria-labelledby={`${inputId}-heading`} className="space-y-4">
      <h2 id={`${inputId}-heading`} className="sr-only">
        Upload files
      </h2>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Tags" hint="Comma-separated, e.g. “march, stripe”.">
          <Input value={tags} onChange={(event) => setTags(event.target.value)} maxLength={500} />
        </Field>
        <Field label="Inbox" hint="Delivers the file to streams triggered by this inbox.">
          <Input value={inbox} onChange={(event) => setInbox(event.target.value)} maxLength={100} />
        </Field>
        <Field label="Policy" hint="Strict fails the file on any bad row; lenient leaves bad rows out.">
          <Select value={policy} onChange={(event) => setPolicy(event.target.value as "strict" | "lenient")}>
            <option value="strict">Strict</option>
            <option value="lenient">Lenient</option>
          </Select>
        </Field>
      </div>

      <div
        role="button"
        tabIndex={0}
        aria-label="Upload files: drop them here or press Enter to choose"
        onKeyDown={onKeyDown}
        onClick={() => inputRef.current?.click()}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex cursor-pointer flex-col items-center justify-center rounded-xl border-2 border-dashed px-6 py-8 text-center transition-colors",
          "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2",
          dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white hover:border-slate-400",
        )}
      >
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} className="h-8 w-8 text-slate-400" aria-hidden="true">
          <path d="M12 16V4m0 0-4 4m4-4 4 4" strokeLinecap="round" strokeLinejoin="round" />
          <path d="M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" strokeLinecap="round" />
        </svg>
        <p className="mt-2 text-sm font-medium text-slate-900">Drop files here, or click to choose</p>
        <p className="mt-1 text-xs text-slate-500">CSV, XLSX, JSON or NDJSON, optionally gzipped. Every original is kept with its sha256.</p>
      </div>
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        multiple
        className="sr-only"
        tabIndex={-1}
        aria-label="Choose files to upload"
        onChange={(event) => {
          startAll(event.target.files);
          event.target.value = "";
        }}
      />

      {items.length > 0 ? (
        <ul className="space-y-2" aria-label="Uploads">
          {items.map((item) => (
            <UploadRow key={item.key} item={item} onCancel={() => cancel(item.key)} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
