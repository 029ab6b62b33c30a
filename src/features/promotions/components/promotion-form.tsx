"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useZodForm } from "@/components/forms/use-zod-form";
import { createPromotionAction, previewPromotionAction, sendPromotionTestAction, updatePromotionAction } from "../actions";
import { hourWords, WEEKDAY_LABELS } from "@/lib/time";
import { promotionInputFromFields, type TPromotionFields, ZPromotionInput } from "../schemas";
import { previewProblems } from "../preview-problems";
import { EmailPreview } from "./email-preview";

export type TPromotionFormValues = {
  id?: string;
  name: string;
  title: string;
  offer: string;
  terms: string | null;
  validDaysOfWeek: number[];
  validHourFrom: number | null;
  validHourTo: number | null;
  expiresInDays: number | null;
  oncePerCustomer: boolean;
  subject: string;
  preheader: string | null;
  body: string;
};

export const EMPTY_PROMOTION: TPromotionFormValues = {
  name: "",
  title: "",
  offer: "",
  terms: null,
  validDaysOfWeek: [],
  validHourFrom: null,
  validHourTo: null,
  expiresInDays: 30,
  oncePerCustomer: true,
  subject: "",
  preheader: null,
  body: "Hi {{firstName}},\n\n",
};

/** Placeholders so the preview shows something while required fields are still blank. */
function previewInput(fields: TPromotionFields) {
  const input = promotionInputFromFields(fields);
  return {
    ...input,
    name: input.name || "Preview",
    title: input.title || "Your headline",
    offer: input.offer || "Your offer",
    subject: input.subject || "Your subject line",
    body: input.body.trim() ? input.body : "Your message to your customers.",
    validHours:
      input.validHours && Number.isFinite(input.validHours.from) && Number.isFinite(input.validHours.to) && input.validHours.from < input.validHours.to
        ? input.validHours
        : null,
  };
}

/** A saved promotion (or the blank one) as the form's fields. */
function fieldsOf(p: TPromotionFormValues): TPromotionFields {
  const hour = (h: number | null) => (h === null ? "" : String(h));
  return {
    name: p.name,
    title: p.title,
    offer: p.offer,
    terms: p.terms ?? "",
    validDaysOfWeek: p.validDaysOfWeek.map(String),
    validHours: { from: hour(p.validHourFrom), to: hour(p.validHourTo) },
    expiresInDays: p.expiresInDays === null ? "" : String(p.expiresInDays),
    oncePerCustomer: p.oncePerCustomer,
    subject: p.subject,
    preheader: p.preheader ?? "",
    body: p.body,
  };
}

export function PromotionForm({ merchantSlug, initial, mailboxAvailable }: { merchantSlug: string; initial: TPromotionFormValues; mailboxAvailable: boolean }) {
  const router = useRouter();
  const editing = Boolean(initial.id);

  const {
    form,
    submitTo,
    errorOf: err,
    formError,
    applyServerErrors,
    pending,
  } = useZodForm({
    schema: ZPromotionInput,
    toInput: promotionInputFromFields,
    defaultValues: fieldsOf(initial),
  });
  const { register, getValues } = form;
  const onSubmit = submitTo(
    (input) => (initial.id ? updatePromotionAction(merchantSlug, { ...input, id: initial.id }) : createPromotionAction(merchantSlug, input)),
    (data) => {
      toast.success(editing ? "Promotion saved." : "Promotion created.");
      router.push(`/m/${merchantSlug}/promotions/${data.id}`);
      router.refresh();
    },
  );

  // Live preview: re-render the email from the form as it is, a moment after the last keystroke.
  const [preview, setPreview] = useState<{ subject: string; html: string } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewProblem, setPreviewProblem] = useState<string[] | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seq = useRef(0);
  const refreshPreview = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      setPreviewing(true);
      // No answer (the network is gone): the last preview stays until the next change.
      const res = await previewPromotionAction(merchantSlug, previewInput(getValues())).catch(() => null);
      if (mine !== seq.current) return;
      setPreviewing(false);
      if (!res) return;
      if (res.ok) {
        setPreview(res.data);
        setPreviewProblem(null);
      } else setPreviewProblem(previewProblems(res));
    }, 350);
  }, [merchantSlug, getValues]);
  useEffect(() => {
    refreshPreview();
    const subscription = form.watch(() => refreshPreview());
    return () => {
      subscription.unsubscribe();
      clearTimeout(timer.current);
    };
  }, [refreshPreview, form]);

  const [sendingTest, startTest] = useTransition();
  const sendTest = () =>
    startTest(async () => {
      const res = await sendPromotionTestAction(merchantSlug, promotionInputFromFields(getValues()));
      if (!res.ok) {
        applyServerErrors(res.fieldErrors);
        toast.error(res.fieldErrors ? "Fill in the highlighted fields before sending a test." : res.error);
        return;
      }
      toast.success(`Test sent to ${res.data.to}.`, {
        description: res.data.transport === "mailbox" ? "It is in the development mailbox." : "Check your inbox in a minute.",
        action: res.data.transport === "mailbox" ? { label: "Open mailbox", onClick: () => router.push(`/m/${merchantSlug}/mailbox`) } : undefined,
      });
    });

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <form noValidate aria-label={editing ? "Edit promotion" : "New promotion"} className="space-y-6" onSubmit={onSubmit}>
        {formError && (
          <Alert variant="error" title="The promotion was not saved">
            {formError}
          </Alert>
        )}

        <fieldset className="space-y-4 rounded-xl border border-border bg-surface p-5">
          <legend className="px-1 text-base font-semibold">The offer</legend>
          <FormField label="Name" required hint="Only you see this, e.g. “Off Peak”." error={err("name")}>
            <Input {...register("name")} maxLength={80} autoComplete="off" />
          </FormField>
          <FormField label="Headline" required hint="The big line at the top of the email." error={err("title")}>
            <Input {...register("title")} maxLength={120} placeholder="We miss you on quiet afternoons" />
          </FormField>
          <FormField label="Offer" required hint="What the customer gets, in a few words." error={err("offer")}>
            <Input {...register("offer")} maxLength={160} placeholder="20% off your bill" />
          </FormField>
          <FormField label="Terms" hint="Small print under the code (optional)." error={err("terms")}>
            <Textarea {...register("terms")} rows={2} maxLength={1000} placeholder="Dine-in only. Not combinable with other offers." />
          </FormField>
        </fieldset>

        <fieldset className="space-y-4 rounded-xl border border-border bg-surface p-5">
          <legend className="px-1 text-base font-semibold">When it can be used</legend>
          <div role="group" aria-labelledby="days-label" aria-describedby="days-hint" className="space-y-2">
            <p id="days-label" className="text-sm font-medium">
              Days
            </p>
            <div className="flex flex-wrap gap-2">
              {WEEKDAY_LABELS.map((day, i) => (
                <label key={day} className="relative">
                  <input type="checkbox" {...register("validDaysOfWeek")} value={String(i)} className="peer sr-only" aria-label={day} />
                  <span className="inline-flex h-11 min-w-14 cursor-pointer select-none items-center justify-center rounded-full border border-input bg-surface px-3 text-sm font-medium text-foreground transition-colors peer-checked:border-primary peer-checked:bg-primary peer-checked:text-primary-foreground peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-focus-visible:ring-offset-2 hover:bg-muted peer-checked:hover:bg-primary-hover">
                    {day.slice(0, 3)}
                  </span>
                </label>
              ))}
            </div>
            <p id="days-hint" className="text-xs text-muted-foreground">
              None picked means every day.
            </p>
            {err("validDaysOfWeek") && <p className="text-sm font-medium text-destructive">{err("validDaysOfWeek")}</p>}
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="From" hint="Your local time." error={err("validHours.from", "validHours")}>
              <Select {...register("validHours.from")}>
                <option value="">Any time</option>
                {Array.from({ length: 24 }, (_, h) => (
                  <option key={h} value={h}>
                    {hourWords(h)}
                  </option>
                ))}
              </Select>
            </FormField>
            <FormField label="Until" error={err("validHours.to")}>
              <Select {...register("validHours.to")}>
                <option value="">Any time</option>
                {Array.from({ length: 24 }, (_, i) => i + 1).map((h) => (
                  <option key={h} value={h}>
                    {hourWords(h)}
                  </option>
                ))}
              </Select>
            </FormField>
            <FormField label="Expires after (days)" hint="Counted from the send. Blank: never." error={err("expiresInDays")}>
              <Input {...register("expiresInDays")} type="number" inputMode="numeric" min={1} max={365} />
            </FormField>
          </div>
          <label className="flex min-h-11 items-center gap-3 text-sm">
            <input type="checkbox" {...register("oncePerCustomer")} className="size-5 accent-[var(--color-primary)]" />
            <span>One use per customer</span>
          </label>
        </fieldset>

        <fieldset className="space-y-4 rounded-xl border border-border bg-surface p-5">
          <legend className="px-1 text-base font-semibold">The email</legend>
          <FormField label="Subject" required error={err("subject")} hint="Use {{firstName}} for the customer’s first name.">
            <Input {...register("subject")} maxLength={150} placeholder="{{firstName}}, your afternoon treat is here" />
          </FormField>
          <FormField label="Preview text" hint="Shown after the subject in most inboxes (optional)." error={err("preheader")}>
            <Input {...register("preheader")} maxLength={200} />
          </FormField>
          <FormField label="Message" required hint="Blank lines start a new paragraph. {{firstName}} works here too." error={err("body")}>
            <Textarea {...register("body")} rows={8} maxLength={5000} />
          </FormField>
        </fieldset>

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" size="lg" disabled={pending} aria-busy={pending || undefined}>
            {pending && <Spinner />}
            {editing ? "Save promotion" : "Create promotion"}
          </Button>
          <Button type="button" size="lg" variant="outline" onClick={sendTest} disabled={sendingTest} aria-busy={sendingTest || undefined}>
            {sendingTest && <Spinner />}
            Send a test to me
          </Button>
          <Button asChild variant="ghost" size="lg">
            <Link href={`/m/${merchantSlug}/promotions`}>Cancel</Link>
          </Button>
        </div>
        {mailboxAvailable && (
          <p className="text-xs text-muted-foreground">
            No email provider is set up: tests land in the{" "}
            <Link className="underline" href={`/m/${merchantSlug}/mailbox`}>
              development mailbox
            </Link>
            .
          </p>
        )}
      </form>

      <div className="xl:sticky xl:top-4 xl:self-start">
        <div className="mb-2 flex items-center gap-2">
          <Label>Preview</Label>
          {previewing && <Spinner label="Updating the preview" />}
        </div>
        {previewProblem && (
          <Alert variant="warning" title="The preview is paused until this is fixed" className="mb-3">
            <ul className="list-disc pl-5" data-testid="preview-problem">
              {previewProblem.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        )}
        <div className={previewProblem ? "opacity-60" : undefined}>
          <EmailPreview subject={preview?.subject ?? null} html={preview?.html ?? null} />
        </div>
      </div>
    </div>
  );
}
