"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import type { TActionResult } from "@/lib/chain";
import { hourWords } from "@/lib/time";
import { previewAutomationAction, saveAutomationAction } from "../actions";
import { KIND_LABELS, type TAutomationKind } from "../schemas";
import type { TPreview } from "../service";

export type TAutomationFormValues = {
  automationId?: string;
  kind: TAutomationKind;
  promotionId: string;
  holdoutPercent: number;
  sendHour: number;
  quietHourFrom: number;
  quietHourTo: number;
  oncePerCustomer: boolean;
  reentryDays: number;
  settings: Record<string, unknown>;
};

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The form's values as the action's input: numbers stay strings here, the schema coerces them. */
function inputFrom(fd: FormData, kind: TAutomationKind, automationId?: string) {
  const settings: Record<string, unknown> = {};
  for (const [k, v] of fd.entries()) if (k.startsWith("settings.")) settings[k.slice(9)] = v;
  return {
    ...(automationId ? { automationId } : {}),
    kind,
    promotionId: String(fd.get("promotionId") ?? ""),
    holdoutPercent: fd.get("holdoutPercent"),
    sendHour: fd.get("sendHour"),
    quietHourFrom: fd.get("quietHourFrom"),
    quietHourTo: fd.get("quietHourTo"),
    oncePerCustomer: fd.get("repeat") === "once",
    reentryDays: fd.get("reentryDays") || 90,
    settings,
  };
}

export function AutomationForm({
  merchantSlug,
  initial,
  promotions,
  filters,
}: {
  merchantSlug: string;
  initial: TAutomationFormValues;
  promotions: { id: string; name: string }[];
  filters: { value: string; label: string }[];
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [repeat, setRepeat] = useState(initial.oncePerCustomer ? "once" : "again");
  const [preview, setPreview] = useState<{ loading: boolean; data: TPreview | null; error: string | null }>({ loading: false, data: null, error: null });
  const [state, formAction, pending] = useActionState<TActionResult<{ id: string }> | null, FormData>(async (_prev, fd) => {
    const res = await saveAutomationAction(merchantSlug, inputFrom(fd, initial.kind, initial.automationId));
    if (res.ok) {
      toast.success("Automation saved.");
      router.push(`/m/${merchantSlug}/automations`);
      router.refresh();
    }
    return res;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  // "Who would get it": recounted a moment after the last change.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshPreview = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      if (!formRef.current) return;
      setPreview((p) => ({ ...p, loading: true }));
      const res = await previewAutomationAction(merchantSlug, inputFrom(new FormData(formRef.current), initial.kind, initial.automationId));
      setPreview(res.ok ? { loading: false, data: res.data, error: null } : { loading: false, data: null, error: res.error });
    }, 300);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: once on mount; each change calls it itself
  useEffect(() => {
    refreshPreview();
    return () => clearTimeout(timer.current);
  }, []);

  const s = initial.settings;
  return (
    <form
      ref={formRef}
      noValidate
      aria-label={`${KIND_LABELS[initial.kind].name} automation`}
      className="space-y-6"
      onChange={refreshPreview}
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => formAction(fd));
      }}
    >
      {state && !state.ok && <Alert variant="error" title="Not saved">{state.error}</Alert>}

      <fieldset className="grid gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Who gets it, and when</legend>
        {initial.kind === "second_visit" && (
          <FormField label="Days after their first deal redemption" hint="If they have not come back by then." error={errors["settings.days"]}>
            <Input name="settings.days" type="number" inputMode="numeric" min={1} max={180} defaultValue={String(s.days ?? 14)} />
          </FormField>
        )}
        {initial.kind === "win_back" && (
          <>
            <FormField label="A customer counts as gone" error={errors["settings.mode"]}>
              <Select name="settings.mode" defaultValue={String(s.mode ?? "days")}>
                <option value="days">After a number of days without a visit</option>
                <option value="usualGap">After twice their usual time between visits</option>
              </Select>
            </FormField>
            <FormField label="Days without a visit" hint="Used with “after a number of days”." error={errors["settings.days"]}>
              <Input name="settings.days" type="number" inputMode="numeric" min={7} max={730} defaultValue={String(s.days ?? 60)} />
            </FormField>
          </>
        )}
        {(initial.kind === "birthday" || initial.kind === "anniversary") && (
          <FormField label={`Days before their ${initial.kind}`} hint="0 sends on the day itself." error={errors["settings.daysBefore"]}>
            <Input name="settings.daysBefore" type="number" inputMode="numeric" min={0} max={60} defaultValue={String(s.daysBefore ?? 7)} />
          </FormField>
        )}
        {initial.kind === "welcome_best" && (
          <FormField label="Smart Filter" hint="Customers get it the day they start to match it." error={errors["settings.filter"]}>
            <Select name="settings.filter" defaultValue={String(s.filter ?? "preset:best")}>
              {filters.map((f) => (
                <option key={f.value} value={f.value}>{f.label}</option>
              ))}
            </Select>
          </FormField>
        )}
        {initial.kind === "thank_you" && (
          <FormField label="Days after a 3-star visit" hint="0 sends the same day." error={errors["settings.days"]}>
            <Input name="settings.days" type="number" inputMode="numeric" min={0} max={30} defaultValue={String(s.days ?? 1)} />
          </FormField>
        )}
        <FormField label="Promotion" hint="Each customer gets their own code for it." error={errors.promotionId}>
          <Select name="promotionId" defaultValue={initial.promotionId}>
            {promotions.map((p) => (
              <option key={p.id} value={p.id}>{p.name}</option>
            ))}
          </Select>
        </FormField>
      </fieldset>

      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">Send time, in your time zone</legend>
        <FormField label="Send from" error={errors.sendHour}>
          <Select name="sendHour" defaultValue={String(initial.sendHour)}>
            {HOURS.map((h) => (
              <option key={h} value={h}>{hourWords(h)}</option>
            ))}
          </Select>
        </FormField>
        <FormField label="Quiet from" hint="Nothing goes out in quiet hours." error={errors.quietHourFrom}>
          <Select name="quietHourFrom" defaultValue={String(initial.quietHourFrom)}>
            {HOURS.map((h) => (
              <option key={h} value={h}>{hourWords(h)}</option>
            ))}
          </Select>
        </FormField>
        <FormField label="Quiet until" error={errors.quietHourTo}>
          <Select name="quietHourTo" defaultValue={String(initial.quietHourTo)}>
            {HOURS.map((h) => (
              <option key={h} value={h}>{hourWords(h)}</option>
            ))}
          </Select>
        </FormField>
      </fieldset>

      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">How often, and measuring it</legend>
        <FormField label="Repeat" error={errors.oncePerCustomer}>
          <Select name="repeat" value={repeat} onChange={(e) => setRepeat(e.target.value)}>
            <option value="once">Once per customer, ever</option>
            <option value="again">Again, after a pause</option>
          </Select>
        </FormField>
        <FormField label="Pause before it repeats (days)" hint={repeat === "once" ? "Only with “Again, after a pause”." : "At most once in this many days."} error={errors.reentryDays}>
          <Input name="reentryDays" type="number" inputMode="numeric" min={1} max={730} defaultValue={String(initial.reentryDays)} disabled={repeat === "once"} />
        </FormField>
        <FormField label="Holdout (%)" hint="This share gets nothing, so you can see what the email changed." error={errors.holdoutPercent}>
          <Input name="holdoutPercent" type="number" inputMode="numeric" min={0} max={50} defaultValue={String(initial.holdoutPercent)} />
        </FormField>
      </fieldset>

      <section aria-label="Who would get it" className="rounded-xl border border-border bg-muted/40 p-4 text-sm" aria-live="polite">
        <p className="font-semibold">Who would get it if it were on</p>
        {preview.error ? (
          <p className="text-destructive">{preview.error}</p>
        ) : !preview.data ? (
          <p className="text-muted-foreground"><Spinner /> Counting…</p>
        ) : (
          <p className={preview.loading ? "opacity-60" : ""}>
            Today: <strong data-testid="preview-today">{preview.data.today.gets.toLocaleString("en-US")}</strong> customers
            {preview.data.today.holdout ? ` (+${preview.data.today.holdout.toLocaleString("en-US")} held out)` : ""} · This week:{" "}
            <strong data-testid="preview-week">{preview.data.week.gets.toLocaleString("en-US")}</strong>
            {preview.data.week.excluded ? ` · ${preview.data.week.excluded.toLocaleString("en-US")} left out (no consent, unsubscribed, a recent promotion or already reached)` : ""}
          </p>
        )}
      </section>

      <div className="flex gap-3">
        <Button type="submit" disabled={pending}>
          {pending && <Spinner />}
          {initial.automationId ? "Save changes" : "Save (it stays off until you turn it on)"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.push(`/m/${merchantSlug}/automations`)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
