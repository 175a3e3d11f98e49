import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { AriaAttributes } from "react";
import { searchZones, zoneChoices, type ZoneChoice } from "~/core/values/zone-choices";
import { cn } from "./cn";
import { Input } from "./input";

/**
 * A time zone chosen by typing: the list filters on city, region or offset
 * ("auckland", "new york", "+5:30") and shows each zone's offset today. It is
 * the ARIA combobox pattern (input + listbox, arrow keys, Enter, Escape), and
 * the input itself carries the value, so a plain form post sends the zone.
 * The list is built in the browser on first open; the server renders only the
 * input, which keeps the page's HTML small.
 */
export interface TimeZoneComboboxProps {
  name: string;
  defaultValue?: string;
  id?: string;
  className?: string;
  required?: boolean;
  "aria-describedby"?: string;
  "aria-invalid"?: AriaAttributes["aria-invalid"];
  "aria-label"?: string;
  onValueChange?: (value: string) => void;
}

const LIMIT = 50;
let cached: { hour: number; choices: ZoneChoice[] } | null = null;

/** Offsets change at most a few times a year: one list per hour is plenty. */
function currentChoices(): ZoneChoice[] {
  const hour = Math.floor(Date.now() / 3_600_000);
  if (!cached || cached.hour !== hour) cached = { hour, choices: zoneChoices(new Date()) };
  return cached.choices;
}

export function TimeZoneCombobox({ name, defaultValue = "", id, className, onValueChange, ...aria }: TimeZoneComboboxProps) {
  const ownId = useId();
  const inputId = id ?? ownId;
  const listId = `${inputId}-zones`;
  const [text, setText] = useState(defaultValue);
  const [open, setOpen] = useState(false);
  // Until the user types, the list shows every zone (the current value is not a filter).
  const [edited, setEdited] = useState(false);
  const [active, setActive] = useState(0);
  const [choices, setChoices] = useState<ZoneChoice[] | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (open && choices === null) setChoices(currentChoices());
  }, [open, choices]);

  const results = useMemo(() => (choices ? searchZones(choices, edited ? text : "", edited ? LIMIT : choices.length) : []), [choices, text, edited]);
  const known = choices === null || text.trim() === "" || choices.some((choice) => choice.name === text.trim());

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const choose = (choice: ZoneChoice) => {
    setText(choice.name);
    setEdited(false);
    setOpen(false);
    onValueChange?.(choice.name);
  };

  return (
    <div className={cn("relative", className)}>
      <Input
        {...aria}
        id={inputId}
        name={name}
        value={text}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && results[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onChange={(event) => {
          setText(event.target.value);
          setEdited(true);
          setActive(0);
          setOpen(true);
          onValueChange?.(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
            setActive((index) => Math.min(index + 1, Math.max(0, results.length - 1)));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive((index) => Math.max(index - 1, 0));
          } else if (event.key === "Enter" && open && results[active]) {
            event.preventDefault();
            choose(results[active]);
          } else if (event.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label="Time zones"
        hidden={!open || results.length === 0}
        className="absolute z-40 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
      >
        {open
          ? results.map((choice, index) => (
              <li
                key={choice.name}
                id={`${listId}-${index}`}
                data-index={index}
                role="option"
                aria-selected={index === active}
                // mousedown, not click: the input's blur would close the list before a click lands.
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(choice);
                }}
                onMouseMove={() => setActive(index)}
                className={cn("flex cursor-pointer justify-between gap-3 px-3 py-1.5", index === active ? "bg-indigo-50 text-indigo-900" : "text-slate-800")}
              >
                <span>{choice.name.replace(/_/g, " ")}</span>
                <span className="shrink-0 tabular-nums text-slate-500">{choice.offset}</span>
              </li>
            ))
          : null}
      </ul>
      {!known ? <p className="mt-1 text-xs text-amber-700">Not a time zone in the list; pick one (e.g. Europe/Berlin).</p> : null}
    </div>
  );
}
