"use client";

import { Layers, Plus, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { segmentLabel } from "@/features/insights/segments";
import { isUnfinished, splitValues } from "../draft";
import { RFM_SEGMENTS, type TFilter } from "../schemas";

// The filter builder: edit any condition, nest groups, and watch the live count (debounced) and
// the plain-language summary. It edits the FILTERS.md JSON directly; what it reports through
// onChange is the draft, and the panel counts only its finished part (../draft.ts).

type TNode = TFilter;
type TGroup = { and: TNode[] } | { or: TNode[] };

type TKind = "int" | "rating" | "money" | "date" | "strings" | "segments" | "bool" | "month";
const FIELDS: Record<string, { label: string; ops: Record<string, string>; kind: TKind; unit?: string }> = {
  usualRating: { label: "Usual rating", ops: { in: "is one of", eq: "is", gte: "at least", lte: "at most", isNull: "never rated" }, kind: "rating" },
  rating: { label: "Latest rating", ops: { in: "is one of", eq: "is", gte: "at least", lte: "at most", isNull: "never rated" }, kind: "rating" },
  feedbackRating: {
    label: "Their own rating (“How was it?”)",
    ops: { in: "is one of", eq: "is", gte: "at least", lte: "at most", isNull: "never answered" },
    kind: "rating",
  },
  visitCount: { label: "Visits", ops: { gte: "at least", lte: "at most", eq: "exactly" }, kind: "int", unit: "visits" },
  totalSpentCents: { label: "Total spent", ops: { gte: "at least", lte: "at most" }, kind: "money", unit: "dollars" },
  lastVisitAt: { label: "Last visit", ops: { before: "more than", after: "within the last" }, kind: "date" },
  firstVisitAt: { label: "First visit", ops: { before: "more than", after: "within the last" }, kind: "date" },
  createdAt: { label: "Added", ops: { before: "more than", after: "within the last" }, kind: "date" },
  tags: { label: "Tags", ops: { hasAny: "any of", hasAll: "all of", hasNone: "none of" }, kind: "strings" },
  zip: { label: "ZIP", ops: { in: "is one of", startsWith: "starts with" }, kind: "strings" },
  birthday: { label: "Birthday", ops: { inNextDays: "in the next", inMonth: "in" }, kind: "int", unit: "days" },
  anniversary: { label: "Anniversary", ops: { inNextDays: "in the next", inMonth: "in" }, kind: "int", unit: "days" },
  emailConsent: { label: "May receive email", ops: { eq: "is" }, kind: "bool" },
  socialScore: { label: "Social score", ops: { gte: "at least", lte: "at most" }, kind: "int" },
  rfmSegment: { label: "RFM segment", ops: { in: "is one of" }, kind: "segments" },
};
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

function defaultValue(field: string, op: string): unknown {
  if (op === "isNull") return true;
  if (FIELDS[field]?.kind === "rating") return op === "in" ? [2, 3] : 3;
  if (field === "emailConsent") return true;
  if (op === "before" || op === "after") return { daysAgo: 30 };
  if (op === "inMonth") return 1;
  if (op === "startsWith") return "";
  if (FIELDS[field]?.kind === "strings" || FIELDS[field]?.kind === "segments") return [];
  return field === "totalSpentCents" ? 10_000 : 1;
}

const isGroup = (n: TNode): n is TGroup => "and" in n || "or" in n;
const children = (g: TGroup) => ("and" in g ? g.and : g.or);
const withChildren = (g: TGroup, xs: TNode[]): TGroup => ("and" in g ? { and: xs } : { or: xs });

export function FilterBuilder({ initial, onChange }: { initial: TFilter; onChange: (f: TFilter) => void }) {
  const root: TGroup = isGroup(initial) ? initial : { and: [initial] };
  const [filter, setFilter] = useState<TGroup>(root);
  useEffect(() => onChange(filter), [filter, onChange]);
  return <GroupEditor group={filter} onChange={setFilter} depth={0} />;
}

function GroupEditor({ group, onChange, depth }: { group: TGroup; onChange: (g: TGroup) => void; depth: number }) {
  const items = children(group);
  const set = (i: number, n: TNode | null) =>
    onChange(withChildren(group, n === null ? items.filter((_, j) => j !== i) : items.map((x, j) => (j === i ? n : x))));
  return (
    <div className={depth > 0 ? "rounded-lg border border-dashed border-slate-300 p-3" : "space-y-3"}>
      <div className="mb-2 flex items-center gap-2 text-sm">
        <Label htmlFor={`combinator-${depth}`}>Customers matching</Label>
        <Select
          id={`combinator-${depth}`}
          className="w-28"
          value={"and" in group ? "and" : "or"}
          onChange={(e) => onChange(e.target.value === "and" ? { and: items } : { or: items })}
        >
          <option value="and">all of</option>
          <option value="or">any of</option>
        </Select>
      </div>
      <ul className="space-y-2">
        {items.map((n, i) => (
          <li key={i} className="flex items-start gap-2 rounded-lg bg-slate-50 p-2">
            <div className="flex-1">
              {isGroup(n) ? (
                <GroupEditor group={n} onChange={(g) => set(i, g)} depth={depth + 1} />
              ) : "visits" in n ? (
                <VisitEditor node={n} onChange={(x) => set(i, x)} idx={`${depth}-${i}`} />
              ) : "not" in n ? (
                <p className="text-sm text-slate-700">
                  Exclude: <code className="text-xs">{JSON.stringify(n.not)}</code>
                </p>
              ) : (
                <ConditionEditor node={n} onChange={(x) => set(i, x)} idx={`${depth}-${i}`} />
              )}
            </div>
            <Button type="button" variant="ghost" size="icon" aria-label="Remove condition" onClick={() => set(i, null)}>
              <Trash2 aria-hidden />
            </Button>
          </li>
        ))}
      </ul>
      <div className="mt-2 flex flex-wrap gap-2">
        <Button
          type="button"
          variant="outline"
          size="sm"
          onClick={() => onChange(withChildren(group, [...items, { field: "rating", op: "in", value: [2, 3] }]))}
        >
          <Plus aria-hidden /> Condition
        </Button>
        <Button
          type="button"
          variant="outline"
          size="sm"
          onClick={() => onChange(withChildren(group, [...items, { visits: { where: { dayOfWeek: ["sun", "mon", "tue", "wed"] } } }]))}
        >
          <Plus aria-hidden /> Visit condition
        </Button>
        {depth < 3 && (
          <Button type="button" variant="outline" size="sm" onClick={() => onChange(withChildren(group, [...items, { or: [] }]))}>
            <Layers aria-hidden /> Group
          </Button>
        )}
      </div>
    </div>
  );
}

function ConditionEditor({ node, onChange, idx }: { node: Extract<TFilter, { field: string }>; onChange: (n: TFilter) => void; idx: string }) {
  const def = FIELDS[node.field]!;
  const value = node.value as unknown;
  const setValue = (v: unknown) => onChange({ ...node, value: v } as TFilter);
  // Every input follows its words: "Last visit [more than] [30] days ago", "Visits [at least] [5] visits".
  let editor: React.ReactNode = null;
  if (node.op === "isNull") editor = null;
  else if (node.op === "before" || node.op === "after") {
    const days = typeof value === "object" && value && "daysAgo" in value ? (value as { daysAgo: number }).daysAgo : 30;
    editor = (
      <NumberInput id={`v-${idx}`} label="Days" suffix={node.op === "before" ? "days ago" : "days"} value={days} onChange={(n) => setValue({ daysAgo: n })} />
    );
  } else if (def.kind === "rating") {
    editor =
      node.op === "in" ? (
        <Stars idx={idx} multiple value={value as number[]} onChange={setValue} />
      ) : (
        <Stars idx={idx} value={[Number(value)]} onChange={(xs) => xs[0] && setValue(xs[0])} />
      );
  } else if (def.kind === "bool") {
    editor = (
      <Select aria-label="Value" className="w-24" value={String(value)} onChange={(e) => setValue(e.target.value === "true")}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </Select>
    );
  } else if (def.kind === "segments") {
    editor = <ChoiceList idx={idx} options={[...RFM_SEGMENTS]} labels={RFM_SEGMENTS.map(segmentLabel)} value={value as string[]} onChange={setValue} />;
  } else if (def.kind === "strings" && node.op !== "startsWith") {
    // Keyed by field and op: switching "Tags" to "ZIP" starts an empty box, not the tags' text.
    editor = (
      <ValuesInput
        key={`${node.field}-${node.op}`}
        label={node.field === "tags" ? "Tags, comma separated" : "Values, comma separated"}
        placeholder={node.field === "tags" ? "family, friends" : "94110, 94103"}
        value={value as string[]}
        onChange={setValue}
      />
    );
  } else if (node.op === "startsWith") {
    editor = <Input aria-label="Starts with" className="w-32" value={String(value)} onChange={(e) => setValue(e.target.value)} />;
  } else if (node.op === "inMonth") {
    editor = (
      <Select aria-label="Month" className="w-36" value={String(value)} onChange={(e) => setValue(Number(e.target.value))}>
        {MONTHS.map((m, i) => (
          <option key={m} value={i + 1}>
            {m}
          </option>
        ))}
      </Select>
    );
  } else if (def.kind === "money") {
    editor = <NumberInput id={`v-${idx}`} label="Dollars" suffix={def.unit} value={Math.round(Number(value) / 100)} onChange={(n) => setValue(n * 100)} />;
  } else {
    editor = <NumberInput id={`v-${idx}`} label="Number" suffix={def.unit} value={Number(value)} onChange={setValue} />;
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select
        aria-label="Field"
        className="w-44"
        value={node.field}
        onChange={(e) => {
          const field = e.target.value;
          const op = Object.keys(FIELDS[field]!.ops)[0]!;
          onChange({ field, op, value: defaultValue(field, op) } as TFilter);
        }}
      >
        {Object.entries(FIELDS).map(([k, f]) => (
          <option key={k} value={k}>
            {f.label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Comparison"
        className="w-40"
        value={node.op}
        onChange={(e) => onChange({ field: node.field, op: e.target.value, value: defaultValue(node.field, e.target.value) } as TFilter)}
      >
        {Object.entries(def.ops).map(([k, l]) => (
          <option key={k} value={k}>
            {l}
          </option>
        ))}
      </Select>
      {editor}
      {isUnfinished(node) && <span className="text-xs text-amber-800">Not counted until it has a value</span>}
    </div>
  );
}

/** A comma-separated box whose values apply as they are typed (the live count follows), not on blur. */
function ValuesInput({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(value.join(", "));
  return (
    <Input
      aria-label={label}
      placeholder={placeholder}
      className="w-64"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(splitValues(e.target.value));
      }}
    />
  );
}

/** The star buttons: one of them (is, at least, at most) or several (is one of). */
function Stars({ idx, value, onChange, multiple = false }: { idx: string; value: number[]; onChange: (v: number[]) => void; multiple?: boolean }) {
  return (
    <ChoiceList
      idx={`s-${idx}`}
      options={["1", "2", "3"]}
      labels={["★", "★★", "★★★"]}
      names={["1 star", "2 stars", "3 stars"]}
      value={value.map(String)}
      onChange={(xs) => onChange(multiple ? xs.map(Number).sort() : xs.filter((x) => !value.includes(Number(x))).map(Number))}
    />
  );
}

function VisitEditor({ node, onChange, idx }: { node: Extract<TFilter, { visits: unknown }>; onChange: (n: TFilter) => void; idx: string }) {
  const v = node.visits;
  const where = v.where ?? {};
  const update = (patch: Partial<typeof v>) => onChange({ visits: { ...v, ...patch } });
  const setWhere = (patch: Record<string, unknown>) => {
    const next = { ...where, ...patch } as Record<string, unknown>;
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    update({ where: next });
  };
  const within = v.window?.after && typeof v.window.after === "object" ? v.window.after.daysAgo : undefined;
  return (
    <fieldset className="space-y-2 text-sm">
      <legend className="font-medium text-slate-800">Has visits…</legend>
      <div className="flex flex-wrap items-center gap-3">
        <span>on</span>
        <ChoiceList
          idx={`d-${idx}`}
          options={[...DAYS]}
          labels={["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]}
          value={where.dayOfWeek ?? []}
          onChange={(xs) => setWhere({ dayOfWeek: xs.length ? xs : undefined })}
        />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={!!where.hour} onChange={(e) => setWhere({ hour: e.target.checked ? { from: 14, to: 17 } : undefined })} /> at certain
          hours
        </label>
        {where.hour && (
          <>
            <NumberInput
              id={`hf-${idx}`}
              prefix="between"
              label="From hour"
              suffix=":00"
              value={where.hour.from}
              min={0}
              max={23}
              onChange={(n) => setWhere({ hour: { ...where.hour!, from: Math.min(n, 23) } })}
            />
            <NumberInput
              id={`ht-${idx}`}
              prefix="and"
              label="Until hour"
              suffix=":00"
              value={where.hour.to}
              min={1}
              max={24}
              onChange={(n) => setWhere({ hour: { ...where.hour!, to: Math.min(Math.max(n, 1), 24) } })}
            />
          </>
        )}
        <span className="ml-2">rated</span>
        <Stars idx={`r-${idx}`} multiple value={where.rating ?? []} onChange={(xs) => setWhere({ rating: xs.length ? xs : undefined })} />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <NumberInput
          id={`c-${idx}`}
          prefix="at least"
          label="At least how many visits"
          suffix="visits"
          value={v.count?.gte ?? 1}
          min={0}
          onChange={(n) => update({ count: { ...v.count, gte: n } })}
        />
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={within !== undefined}
            onChange={(e) => update({ window: e.target.checked ? { after: { daysAgo: 90 } } : undefined })}
          />{" "}
          within the last
        </label>
        {within !== undefined && (
          <NumberInput id={`w-${idx}`} label="Days" suffix="days" value={within} min={0} onChange={(n) => update({ window: { after: { daysAgo: n } } })} />
        )}
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={where.voucher === true} onChange={(e) => setWhere({ voucher: e.target.checked ? true : undefined })} /> with a deal
          voucher
        </label>
      </div>
    </fieldset>
  );
}

/** A number between its words: the prefix before it ("between", "at least"), the unit after it ("visits"). */
function NumberInput({
  id,
  label,
  prefix,
  suffix,
  value,
  onChange,
  min = 0,
  max,
}: {
  id: string;
  label: string;
  prefix?: string;
  suffix?: string;
  value: number;
  onChange: (n: number) => void;
  min?: number;
  max?: number;
}) {
  return (
    <span className="inline-flex items-center gap-1.5">
      {prefix && (
        <span aria-hidden className="text-sm text-slate-700">
          {prefix}
        </span>
      )}
      <Input
        id={id}
        type="number"
        inputMode="numeric"
        className="w-20"
        min={min}
        max={max}
        value={Number.isFinite(value) ? value : 0}
        aria-label={label}
        onChange={(e) => onChange(Math.max(min, Math.trunc(Number(e.target.value) || 0)))}
      />
      {suffix && (
        <span aria-hidden className="text-sm text-slate-600">
          {suffix}
        </span>
      )}
    </span>
  );
}

function ChoiceList({
  idx,
  options,
  labels,
  names,
  value,
  onChange,
}: {
  idx: string;
  options: string[];
  labels: string[];
  names?: string[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1" role="group">
      {options.map((o, i) => (
        <button
          key={o}
          type="button"
          id={`${idx}-${o}`}
          aria-pressed={value.includes(o)}
          aria-label={names?.[i]}
          onClick={() => onChange(value.includes(o) ? value.filter((x) => x !== o) : [...value, o])}
          className={`h-9 rounded-md border px-2.5 text-sm ${value.includes(o) ? "border-teal-700 bg-teal-700 text-white" : "border-slate-300 bg-white text-slate-800"}`}
        >
          {labels[i]}
        </button>
      ))}
    </span>
  );
}

export function FilterErrors({ errors }: { errors: { path: string; message: string }[] }) {
  if (!errors.length) return null;
  return (
    <Alert variant="error" title="This filter needs a fix">
      <ul className="list-disc pl-5">
        {errors.map((e, i) => (
          <li key={i}>
            <code>{e.path}</code>: {e.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
