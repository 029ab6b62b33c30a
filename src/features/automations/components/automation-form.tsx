"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useZodForm } from "@/components/forms/use-zod-form";
import { hourWords } from "@/lib/time";
import { previewAutomationAction, saveAutomationAction } from "../actions";
import { KIND_LABELS, type TAutomationKind, ZAutomationForm } from "../schemas";
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

/** The welcome automation's choices, grouped in this order (features/automations/queries.ts filterOptions). */
const FILTER_GROUPS = ["Presets", "RFM segments", "Your Smart Filters"] as const;

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The tune form's fields as its controls hold them; `settings` has the kind's own knobs ("settings.days"). */
type TAutomationFields = {
  promotionId: string;
  holdoutPercent: string;
  sendHour: string;
  quietHourFrom: string;
  quietHourTo: string;
  repeat: "once" | "again";
  reentryDays: string;
  settings: Record<string, string>;
};

/** The kind's settings the form shows, with the saved value or the kind's default. */
function settingsFields(kind: TAutomationKind, s: Record<string, unknown>): Record<string, string> {
  switch (kind) {
    case "second_visit":
      return { days: String(s.days ?? 14) };
    case "win_back":
      return { mode: String(s.mode ?? "days"), days: String(s.days ?? 60) };
    case "birthday":
    case "anniversary":
      return { daysBefore: String(s.daysBefore ?? 7) };
    case "welcome_best":
      return { filter: String(s.filter ?? "preset:best") };
    case "thank_you":
      return { days: String(s.days ?? 1) };
  }
}

/** The form's fields as the action's input: numbers stay strings here, the schema coerces them. */
function inputFrom(f: TAutomationFields, kind: TAutomationKind, automationId?: string) {
  return {
    ...(automationId ? { automationId } : {}),
    kind,
    promotionId: f.promotionId,
    holdoutPercent: f.holdoutPercent,
    sendHour: f.sendHour,
    quietHourFrom: f.quietHourFrom,
    quietHourTo: f.quietHourTo,
    oncePerCustomer: f.repeat === "once",
    // The pause is off (and its field disabled) for "once": the schema's default stands.
    reentryDays: (f.repeat === "once" ? "" : f.reentryDays) || 90,
    settings: { ...f.settings },
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
  filters: { value: string; label: string; group: (typeof FILTER_GROUPS)[number] }[];
}) {
  const router = useRouter();
  const toInput = (f: TAutomationFields) => inputFrom(f, initial.kind, initial.automationId);
  const { form, submitTo, errorOf, formError, pending } = useZodForm({
    schema: ZAutomationForm,
    toInput,
    defaultValues: {
      promotionId: initial.promotionId,
      holdoutPercent: String(initial.holdoutPercent),
      sendHour: String(initial.sendHour),
      quietHourFrom: String(initial.quietHourFrom),
      quietHourTo: String(initial.quietHourTo),
      repeat: initial.oncePerCustomer ? "once" : "again",
      reentryDays: String(initial.reentryDays),
      settings: settingsFields(initial.kind, initial.settings),
    },
  });
  const { register, control, getValues } = form;
  const repeat = useWatch({ control, name: "repeat" });
  const [preview, setPreview] = useState<{ loading: boolean; data: TPreview | null; error: string | null }>({ loading: false, data: null, error: null });
  const onSubmit = submitTo(
    (input) => saveAutomationAction(merchantSlug, input),
    () => {
      toast.success("Automation saved.");
      router.push(`/m/${merchantSlug}/automations`);
      router.refresh();
    },
  );

  // "Who would get it": recounted a moment after the last change.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshPreview = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      setPreview((p) => ({ ...p, loading: true }));
      const res = await previewAutomationAction(merchantSlug, toInput(getValues()));
      setPreview(res.ok ? { loading: false, data: res.data, error: null } : { loading: false, data: null, error: res.error });
    }, 300);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribed once on mount; each change recounts
  useEffect(() => {
    refreshPreview();
    const subscription = form.watch(() => refreshPreview());
    return () => {
      subscription.unsubscribe();
      clearTimeout(timer.current);
    };
  }, []);

  return (
    <form noValidate aria-label={`${KIND_LABELS[initial.kind].name} automation`} className="space-y-6" onSubmit={onSubmit}>
      {formError && (
        <Alert variant="error" title="Not saved">
          {formError}
        </Alert>
      )}

      <fieldset className="grid gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Who gets it, and when</legend>
        {initial.kind === "second_visit" && (
          <FormField label="Days after their first deal redemption" hint="If they have not come back by then." error={errorOf("settings.days")}>
            <Input {...register("settings.days")} type="number" inputMode="numeric" min={1} max={180} />
          </FormField>
        )}
        {initial.kind === "win_back" && (
          <>
            <FormField label="A customer counts as gone" error={errorOf("settings.mode")}>
              <Select {...register("settings.mode")}>
                <option value="days">After a number of days without a visit</option>
                <option value="usualGap">After twice their usual time between visits</option>
              </Select>
            </FormField>
            <FormField label="Days without a visit" hint="Used with “after a number of days”." error={errorOf("settings.days")}>
              <Input {...register("settings.days")} type="number" inputMode="numeric" min={7} max={730} />
            </FormField>
          </>
        )}
        {(initial.kind === "birthday" || initial.kind === "anniversary") && (
          <FormField label={`Days before their ${initial.kind}`} hint="0 sends on the day itself." error={errorOf("settings.daysBefore")}>
            <Input {...register("settings.daysBefore")} type="number" inputMode="numeric" min={0} max={60} />
          </FormField>
        )}
        {initial.kind === "welcome_best" && (
          <FormField
            label="Smart Filter or RFM segment"
            hint="Customers get it the day they start to match it (RFM segments are rescored nightly)."
            error={errorOf("settings.filter")}
          >
            <Select {...register("settings.filter")}>
              {FILTER_GROUPS.map((group) => {
                const options = filters.filter((f) => f.group === group);
                return options.length ? (
                  <optgroup key={group} label={group}>
                    {options.map((f) => (
                      <option key={f.value} value={f.value}>
                        {f.label}
                      </option>
                    ))}
                  </optgroup>
                ) : null;
              })}
            </Select>
          </FormField>
        )}
        {initial.kind === "thank_you" && (
          <FormField label="Days after a 3-star visit" hint="0 sends the same day." error={errorOf("settings.days")}>
            <Input {...register("settings.days")} type="number" inputMode="numeric" min={0} max={30} />
          </FormField>
        )}
        <FormField label="Promotion" hint="Each customer gets their own code for it." error={errorOf("promotionId")}>
          <Select {...register("promotionId")}>
            {promotions.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </FormField>
      </fieldset>

      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">Send time, in your time zone</legend>
        <FormField label="Send from" error={errorOf("sendHour")}>
          <Select {...register("sendHour")}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {hourWords(h)}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Quiet from" hint="Nothing goes out in quiet hours." error={errorOf("quietHourFrom")}>
          <Select {...register("quietHourFrom")}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {hourWords(h)}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Quiet until" error={errorOf("quietHourTo")}>
          <Select {...register("quietHourTo")}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {hourWords(h)}
              </option>
            ))}
          </Select>
        </FormField>
      </fieldset>

      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">How often, and measuring it</legend>
        <FormField label="Repeat" error={errorOf("oncePerCustomer")}>
          <Select {...register("repeat")}>
            <option value="once">Once per customer, ever</option>
            <option value="again">Again, after a pause</option>
          </Select>
        </FormField>
        <FormField
          label="Pause before it repeats (days)"
          hint={repeat === "once" ? "Only with “Again, after a pause”." : "At most once in this many days."}
          error={errorOf("reentryDays")}
        >
          <Input {...register("reentryDays")} type="number" inputMode="numeric" min={1} max={730} disabled={repeat === "once"} />
        </FormField>
        <FormField label="Holdout (%)" hint="This share gets nothing, so you can see what the email changed." error={errorOf("holdoutPercent")}>
          <Input {...register("holdoutPercent")} type="number" inputMode="numeric" min={0} max={50} />
        </FormField>
      </fieldset>

      <section aria-label="Who would get it" className="rounded-xl border border-border bg-muted/40 p-4 text-sm" aria-live="polite">
        <p className="font-semibold">Who would get it if it were on</p>
        {preview.error ? (
          <p className="text-destructive">{preview.error}</p>
        ) : !preview.data ? (
          <p className="text-muted-foreground">
            <Spinner /> Counting…
          </p>
        ) : (
          <p className={preview.loading ? "opacity-60" : ""}>
            Today: <strong data-testid="preview-today">{preview.data.today.gets.toLocaleString("en-US")}</strong> customers
            {preview.data.today.holdout ? ` (+${preview.data.today.holdout.toLocaleString("en-US")} held out)` : ""} · This week:{" "}
            <strong data-testid="preview-week">{preview.data.week.gets.toLocaleString("en-US")}</strong>
            {preview.data.week.excluded
              ? ` · ${preview.data.week.excluded.toLocaleString("en-US")} left out (no consent, unsubscribed, a recent promotion or already reached)`
              : ""}
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
