"use client";

import { Upload } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { fetchJson } from "@/lib/fetch-json";
import {
  DEFAULT_POLICY,
  FIELD_POLICIES,
  IMPORT_FIELDS,
  type TCustomerImportPreview,
  type TFieldPolicy,
  type TImportJobView,
  type TImportKind,
  type TImportPolicy,
  type TMapping,
  type TUploadStored,
} from "../fields";

type TDeal = { id: string; title: string; vouchers: number };
const NEW_DEAL = "new";

type TJob = TImportJobView;

const KIND_LABELS: Record<TImportKind, string> = { customers: "Customers", visits: "Historical visits", vouchers: "Sold vouchers" };

/**
 * Upload → map columns → check every row → import the valid ones, with progress. The publisher
 * console opens it for one deal's sold vouchers (`kinds={["vouchers"]}`, `dealId`).
 */
export function ImportWizard({
  merchantSlug,
  deals,
  kinds = ["customers", "visits", "vouchers"],
  dealId,
  onDone,
}: {
  merchantSlug: string;
  deals: TDeal[];
  kinds?: TImportKind[];
  dealId?: string;
  onDone?: () => void;
}) {
  const base = `/m/${merchantSlug}/import/uploads`;
  const [kind, setKind] = useState<TImportKind>(kinds[0]!);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<{ id: string; headers: string[]; preview: string[][] } | null>(null);
  const [mapping, setMapping] = useState<TMapping>({});
  const [job, setJob] = useState<TJob | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A voucher file: the deal its vouchers were sold for, or a new deal's title.
  const [dealChoice, setDealChoice] = useState<string>(dealId ?? deals[0]?.id ?? NEW_DEAL);
  const [newDealTitle, setNewDealTitle] = useState("");
  // A customer file: what happens to values existing customers already have, and where consent came from.
  const [policy, setPolicy] = useState<TImportPolicy>(DEFAULT_POLICY);
  const [consentSource, setConsentSource] = useState("");

  useEffect(() => {
    if (job?.status !== "importing") return;
    const t = window.setInterval(async () => {
      const res = await fetchJson<TImportJobView>(`${base}/${job.id}`);
      if (res?.ok) {
        setJob(res.data);
        if (res.data.status === "done") onDone?.();
      }
    }, 500);
    return () => window.clearInterval(t);
  }, [job?.status, job?.id, base, onDone]);

  async function send() {
    if (!file) return setError("Choose a CSV file first.");
    setBusy("Uploading…");
    setError(null);
    const res = await fetchJson<TUploadStored>(`${base}?kind=${kind}&name=${encodeURIComponent(file.name)}`, {
      method: "POST",
      body: file,
      headers: { "content-type": "text/csv" },
    });
    setBusy(null);
    if (!res) return setError("The upload did not reach the server. Check the connection and try again.");
    if (!res.ok) return setError(res.problem?.detail ?? "Something went wrong.");
    const body = res.data;
    setUpload(body);
    setMapping(body.mapping);
    setJob(null);
  }

  async function act(action: "validate" | "import") {
    if (!upload) return;
    setBusy(action === "validate" ? "Checking every row…" : "Starting…");
    setError(null);
    if (action === "validate" && kind === "vouchers" && dealChoice === NEW_DEAL && !newDealTitle.trim()) {
      setBusy(null);
      return setError("Name the new deal, or choose one of your deals.");
    }
    const deal = kind !== "vouchers" ? {} : dealChoice === NEW_DEAL ? { newDealTitle: newDealTitle.trim() } : { dealId: dealChoice };
    const consentAsked = action === "import" && (job?.preview?.consent?.yes ?? 0) > 0;
    if (consentAsked && !consentSource.trim()) {
      setBusy(null);
      return setError("Say where these customers agreed to receive email (for example “paper sign-up sheet at the till”), so the consent can be shown later.");
    }
    const importBody = kind === "customers" ? { action, policy, ...(consentAsked ? { consentSource: consentSource.trim() } : {}) } : { action };
    const res = await fetchJson<TImportJobView>(`${base}/${upload.id}`, {
      method: "POST",
      body: JSON.stringify(action === "validate" ? { action, mapping, ...deal } : importBody),
    });
    setBusy(null);
    if (!res) return setError("The request did not reach the server. Check the connection and try again.");
    if (!res.ok) return setError(res.problem?.detail ?? "Something went wrong.");
    setJob(res.data);
  }

  return (
    <div className="space-y-6">
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5" aria-label="Choose a file">
        <h2 className="font-semibold">1. Choose a file</h2>
        <div className="flex flex-wrap items-end gap-3">
          {kinds.length > 1 && (
            <div className="space-y-1">
              <Label htmlFor="import-kind" className="block">
                The file holds
              </Label>
              <Select
                id="import-kind"
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as TImportKind);
                  setUpload(null);
                  setJob(null);
                }}
                className="w-48"
              >
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </Select>
            </div>
          )}
          <div className="space-y-1">
            <Label htmlFor="import-file" className="block">
              CSV file
            </Label>
            <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="block text-sm" />
          </div>
          <Button onClick={send} disabled={!file || !!busy}>
            <Upload aria-hidden /> Upload
          </Button>
        </div>
      </section>

      {upload && (
        <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5" aria-label="Map columns">
          <h2 className="font-semibold">2. Match your columns</h2>
          <p className="text-sm text-slate-600">
            We matched what we could{Object.keys(mapping).length ? " (and remembered your last import)" : ""}.{" "}
            {kind === "vouchers" ? "Codes you already have stay as they are." : "Customers are recognised by external id, email or phone."}
          </p>
          {kind === "vouchers" && !dealId && (
            <div className="flex flex-wrap items-end gap-3 rounded-lg bg-slate-50 p-3">
              <div className="space-y-1">
                <Label htmlFor="import-deal">Deal these vouchers were sold for</Label>
                <Select id="import-deal" value={dealChoice} onChange={(e) => setDealChoice(e.target.value)} className="w-72">
                  {deals.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.title} ({d.vouchers.toLocaleString("en-US")} vouchers)
                    </option>
                  ))}
                  <option value={NEW_DEAL}>A new deal…</option>
                </Select>
              </div>
              {dealChoice === NEW_DEAL && (
                <div className="space-y-1">
                  <Label htmlFor="import-deal-title">New deal's title</Label>
                  <Input
                    id="import-deal-title"
                    value={newDealTitle}
                    onChange={(e) => setNewDealTitle(e.target.value)}
                    placeholder="e.g. Brunch for two"
                    maxLength={200}
                    className="w-72"
                  />
                </div>
              )}
            </div>
          )}
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {IMPORT_FIELDS[kind].map((f) => (
              <div key={f.key} className="space-y-1">
                <Label htmlFor={`map-${f.key}`}>{f.label}</Label>
                <Select id={`map-${f.key}`} value={mapping[f.key] ?? ""} onChange={(e) => setMapping({ ...mapping, [f.key]: e.target.value })}>
                  <option value="">— not in this file —</option>
                  {upload.headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </Select>
              </div>
            ))}
          </div>
          <details>
            <summary className="cursor-pointer text-sm text-teal-800">Preview the first rows</summary>
            <div className="mt-2 overflow-x-auto text-xs">
              <table className="min-w-full">
                <thead>
                  <tr>
                    {upload.headers.map((h) => (
                      <th key={h} className="px-2 py-1 text-left">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {upload.preview.map((r, i) => (
                    <tr key={i}>
                      {r.map((c, j) => (
                        <td key={j} className="px-2 py-1">
                          {c}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          <Button onClick={() => act("validate")} disabled={!!busy || job?.status === "importing" || job?.status === "done"}>
            Check every row
          </Button>
        </section>
      )}

      {busy && (
        <p role="status" className="text-sm text-slate-700">
          {busy}
        </p>
      )}
      {error && (
        <Alert variant="error" title="That did not work">
          {error}
        </Alert>
      )}

      {job && (
        <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5" aria-label="Import">
          <h2 className="font-semibold">3. Import</h2>
          <p className="text-sm text-slate-800" data-testid="import-summary">
            {job.totalRows.toLocaleString("en-US")} rows: <strong>{job.validRows.toLocaleString("en-US")} ready</strong>,{" "}
            {job.invalidRows.toLocaleString("en-US")} with problems.
          </p>
          {job.invalidRows > 0 && (
            <Alert variant="warning" title={`${job.invalidRows.toLocaleString("en-US")} rows will be skipped`}>
              <ul className="list-disc pl-5">
                {job.errorSample.slice(0, 8).map((e) => (
                  <li key={e.line}>
                    Line {e.line}: {e.errors.join("; ")}
                  </li>
                ))}
              </ul>
              <a className="mt-2 inline-block underline" href={`${base}/${job.id}/invalid`} download>
                Download all rows with problems
              </a>
            </Alert>
          )}
          {kind === "customers" && job.preview && (
            <CustomerPreview
              preview={job.preview}
              policy={policy}
              onPolicy={setPolicy}
              consentSource={consentSource}
              onConsentSource={setConsentSource}
              locked={job.status !== "validated"}
            />
          )}
          {job.status === "validated" && (
            <Button onClick={() => act("import")} disabled={!!busy || job.validRows === 0}>
              Import {job.validRows.toLocaleString("en-US")} valid rows
            </Button>
          )}
          {(job.status === "importing" || job.status === "done") && (
            <Progress value={job.validRows ? (100 * job.importedRows) / job.validRows : 100} label={job.status === "done" ? "Imported" : "Importing"} />
          )}
          {job.status === "done" && (
            <Alert variant="success" title="Import finished">
              {job.importedRows.toLocaleString("en-US")} rows imported.{" "}
              {kind === "vouchers" ? (
                <>
                  Staff can redeem them at the{" "}
                  <Link className="underline" href={`/m/${merchantSlug}/counter`}>
                    counter
                  </Link>
                  .
                </>
              ) : (
                <>
                  <Link className="underline" href={`/m/${merchantSlug}/customers`}>
                    Open the Best Customer List
                  </Link>
                  .
                </>
              )}
            </Alert>
          )}
          {job.status === "failed" && (
            <Alert variant="error" title="The import stopped">
              {job.error}
            </Alert>
          )}
        </section>
      )}
    </div>
  );
}

const number = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`;

/** What a checked customer file would do: new and updated customers, the fields it would change, consent. */
function CustomerPreview({
  preview: p,
  policy,
  onPolicy,
  consentSource,
  onConsentSource,
  locked,
}: {
  preview: TCustomerImportPreview;
  policy: TImportPolicy;
  onPolicy: (p: TImportPolicy) => void;
  consentSource: string;
  onConsentSource: (s: string) => void;
  locked: boolean;
}) {
  const by = [
    p.updates.byEmail ? `${number(p.updates.byEmail)} by email` : null,
    p.updates.byPhone ? `${number(p.updates.byPhone)} by phone` : null,
    p.updates.byExternalId ? `${number(p.updates.byExternalId)} by external id` : null,
  ].filter(Boolean);
  const touched = p.fields.filter((f) => f.differ > 0 || f.fill > 0);
  return (
    <div className="space-y-4" data-testid="import-preview">
      <p className="text-base text-slate-900" data-testid="import-preview-counts">
        <strong>{plural(p.created, "new customer", "new customers")}</strong>,{" "}
        <strong>{plural(p.updates.total, "row updates an existing customer", "rows update existing customers")}</strong>
        {by.length > 0 && <> (matched {by.join(", ")})</>}
        {p.repeats > 0 && <>, {plural(p.repeats, "row repeats", "rows repeat")} a customer named earlier in the file</>}.
      </p>
      {touched.length > 0 && (
        <div className="space-y-2">
          <h3 className="font-medium text-slate-900">What happens to details your customers already have</h3>
          <p className="text-sm text-slate-600">
            Email, phone and external id are never replaced; a missing one is added. For the rest, choose per field. Nothing is changed unless you choose “Take
            the file’s”.
          </p>
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead>
                <tr className="text-left text-slate-600">
                  <th className="py-1 pr-4 font-medium">Field</th>
                  <th className="py-1 pr-4 font-medium">File differs</th>
                  <th className="py-1 pr-4 font-medium">Customer has none</th>
                  <th className="py-1 font-medium">When a customer already has a value</th>
                </tr>
              </thead>
              <tbody>
                {touched.map((f) => (
                  <tr key={f.key} className="border-t border-slate-100">
                    <td className="py-2 pr-4 font-medium text-slate-900">{f.label}</td>
                    <td className="py-2 pr-4 tabular-nums">{number(f.differ)}</td>
                    <td className="py-2 pr-4 tabular-nums">{number(f.fill)}</td>
                    <td className="py-2">
                      <Select
                        aria-label={`${f.label}: when a customer already has a value`}
                        value={policy[f.key]}
                        disabled={locked}
                        onChange={(e) => onPolicy({ ...policy, [f.key]: e.target.value as TFieldPolicy })}
                        className="w-48"
                      >
                        {FIELD_POLICIES.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </Select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {p.samples.length > 0 && (
        <details open>
          <summary className="cursor-pointer text-sm font-medium text-teal-800">Sample rows that match existing customers</summary>
          <ul className="mt-2 space-y-2 text-sm" aria-label="Sample matched rows">
            {p.samples.map((s) => (
              <li key={s.line} className="rounded-lg bg-slate-50 p-3">
                <p className="font-medium text-slate-900 [overflow-wrap:anywhere]">
                  Line {s.line}: {s.customer || "(no name)"} <span className="font-normal text-slate-600">— matched by {s.matchedBy}</span>
                </p>
                <ul className="mt-1 space-y-0.5">
                  {s.changes.map((c) => {
                    const field = p.fields.find((f) => f.label === c.field);
                    const kept = c.before !== null && field && policy[field.key] !== "file";
                    return (
                      <li key={c.field} className="[overflow-wrap:anywhere] text-slate-700">
                        {c.field}:{" "}
                        {c.before === null ? (
                          <>
                            adds <strong>{c.after}</strong>
                          </>
                        ) : (
                          <>
                            {c.before} → <span className={kept ? "line-through" : "font-semibold"}>{c.after}</span>
                            {kept ? " (kept as is)" : ""}
                          </>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        </details>
      )}
      {p.consent === null || p.consent.yes === 0 ? (
        <Alert variant="info" title="No email consent">
          {p.consent === null
            ? "This file has no consent column, so the customers it adds get no promotional email until they opt in. Customers you already have keep their consent."
            : "No row says yes to email, so the customers it adds get no promotional email until they opt in."}
        </Alert>
      ) : (
        <div className="space-y-1 rounded-lg bg-slate-50 p-3">
          <p className="text-sm text-slate-800">
            {plural(p.consent.yes, "row says", "rows say")} yes to email; the others get no promotional email until they opt in. A customer who unsubscribed
            stays unsubscribed.
          </p>
          <Label htmlFor="import-consent-source">Where did they agree to receive email?</Label>
          <Input
            id="import-consent-source"
            value={consentSource}
            onChange={(e) => onConsentSource(e.target.value)}
            maxLength={200}
            disabled={locked}
            placeholder="e.g. Paper sign-up sheet at the till, 2025"
            className="max-w-md"
          />
          <p className="text-xs text-slate-600">Stored with each customer’s consent.</p>
        </div>
      )}
    </div>
  );
}
