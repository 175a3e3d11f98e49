import { Select } from "~/components/ui/select";

/** A labelled filter of the exceptions grid; its value lives in the URL. */
export function FilterSelect({ label, name, value, onChange, children }: { label: string; name: string; value: string; onChange: (value: string) => void; children: React.ReactNode }) {
  const id = `exceptions-${name}`;
  return (
    <div className="w-48">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <Select id={id} name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </Select>
    </div>
  );
}
