"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useCallback, useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import type { TActionResult } from "@/lib/chain";
import { createPromotionAction, previewPromotionAction, sendPromotionTestAction, updatePromotionAction } from "../actions";
import { hourWords, WEEKDAY_LABELS } from "@/lib/time";
import { promotionInputFromForm } from "../schemas";
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

type TState = TActionResult<{ id: string }> | null;

/** Placeholders so the preview shows something while required fields are still blank. */
function previewInput(fd: FormData) {
  const input = promotionInputFromForm(fd);
  return {
    ...input,
    name: input.name || "Preview",
    title: input.title || "Your headline",
    offer: input.offer || "Your offer",
    subject: input.subject || "Your subject line",
    body: input.body.trim() ? input.body : "Your message to your customers.",
    validHours: input.validHours && Number.isFinite(input.validHours.from) && Number.isFinite(input.validHours.to) && input.validHours.from < input.validHours.to ? input.validHours : null,
  };
}

export function PromotionForm({ merchantSlug, initial, mailboxAvailable }: { merchantSlug: string; initial: TPromotionFormValues; mailboxAvailable: boolean }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const editing = Boolean(initial.id);

  const [state, formAction, pending] = useActionState<TState, FormData>(async (_prev, fd) => {
    const input = promotionInputFromForm(fd);
    const res = initial.id ? await updatePromotionAction(merchantSlug, { ...input, id: initial.id }) : await createPromotionAction(merchantSlug, input);
    if (res.ok) {
      toast.success(editing ? "Promotion saved." : "Promotion created.");
      router.push(`/m/${merchantSlug}/promotions/${res.data.id}`);
      router.refresh();
    }
    return res;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  // A field's message goes away as soon as it is edited; the next save checks it again.
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const err = (...keys: string[]) => keys.filter((k) => !edited.has(k.split(".")[0]!)).map((k) => errors[k]).find(Boolean);

  // Live preview: re-render the email from the form as it is, a moment after the last keystroke.
  const [preview, setPreview] = useState<{ subject: string; html: string } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seq = useRef(0);
  const refreshPreview = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      if (!formRef.current) return;
      const mine = ++seq.current;
      setPreviewing(true);
      const res = await previewPromotionAction(merchantSlug, previewInput(new FormData(formRef.current)));
      if (mine !== seq.current) return;
      setPreviewing(false);
      if (res.ok) setPreview(res.data);
    }, 350);
  }, [merchantSlug]);
  useEffect(() => {
    refreshPreview();
    return () => clearTimeout(timer.current);
  }, [refreshPreview]);

  const [sendingTest, startTest] = useTransition();
  const sendTest = () =>
    startTest(async () => {
      if (!formRef.current) return;
      const res = await sendPromotionTestAction(merchantSlug, promotionInputFromForm(new FormData(formRef.current)));
      if (!res.ok) {
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
      <form
        ref={formRef}
        noValidate
        aria-label={editing ? "Edit promotion" : "New promotion"}
        className="space-y-6"
        onInput={(e) => {
          const name = (e.target as HTMLInputElement).name;
          const field = name.startsWith("validHour") ? "validHours" : name;
          if (field) setEdited((prev) => (prev.has(field) ? prev : new Set(prev).add(field)));
          refreshPreview();
        }}
        onChange={refreshPreview}
        onSubmit={(e) => {
          // Submitted through a transition rather than <form action> so React keeps what was typed when the server says no.
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          setEdited(new Set());
          startTransition(() => formAction(fd));
        }}
      >
        {state && !state.ok && (
          <Alert variant="error" title="The promotion was not saved">
            {state.error}
          </Alert>
        )}

        <fieldset className="space-y-4 rounded-xl border border-border bg-surface p-5">
          <legend className="px-1 text-base font-semibold">The offer</legend>
          <FormField label="Name" required hint="Only you see this, e.g. “Off Peak”." error={err("name")}>
            <Input name="name" defaultValue={initial.name} maxLength={80} autoComplete="off" />
          </FormField>
          <FormField label="Headline" required hint="The big line at the top of the email." error={err("title")}>
            <Input name="title" defaultValue={initial.title} maxLength={120} placeholder="We miss you on quiet afternoons" />
          </FormField>
          <FormField label="Offer" required hint="What the customer gets, in a few words." error={err("offer")}>
            <Input name="offer" defaultValue={initial.offer} maxLength={160} placeholder="20% off your bill" />
          </FormField>
          <FormField label="Terms" hint="Small print under the code (optional)." error={err("terms")}>
            <Textarea name="terms" defaultValue={initial.terms ?? ""} rows={2} maxLength={1000} placeholder="Dine-in only. Not combinable with other offers." />
          </FormField>
        </fieldset>

        <fieldset className="space-y-4 rounded-xl border border-border bg-surface p-5">
          <legend className="px-1 text-base font-semibold">When it can be used</legend>
          <div role="group" aria-labelledby="days-label" aria-describedby="days-hint" className="space-y-2">
            <p id="days-label" className="text-sm font-medium">Days</p>
            <div className="flex flex-wrap gap-2">
              {WEEKDAY_LABELS.map((day, i) => (
                <label key={day} className="relative">
                  <input type="checkbox" name="validDaysOfWeek" value={i} defaultChecked={initial.validDaysOfWeek.includes(i)} className="peer sr-only" aria-label={day} />
                  <span className="inline-flex h-11 min-w-14 cursor-pointer select-none items-center justify-center rounded-full border border-input bg-surface px-3 text-sm font-medium text-foreground transition-colors peer-checked:border-primary peer-checked:bg-primary peer-checked:text-primary-foreground peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-focus-visible:ring-offset-2 hover:bg-muted peer-checked:hover:bg-primary-hover">
                    {day.slice(0, 3)}
                  </span>
                </label>
              ))}
            </div>
            <p id="days-hint" className="text-xs text-muted-foreground">None picked means every day.</p>
            {err("validDaysOfWeek") && <p className="text-sm font-medium text-destructive">{err("validDaysOfWeek")}</p>}
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="From" hint="Your local time." error={err("validHours.from", "validHours")}>
              <Select name="validHourFrom" defaultValue={initial.validHourFrom ?? ""}>
                <option value="">Any time</option>
                {Array.from({ length: 24 }, (_, h) => (
                  <option key={h} value={h}>{hourWords(h)}</option>
                ))}
              </Select>
            </FormField>
            <FormField label="Until" error={err("validHours.to")}>
              <Select name="validHourTo" defaultValue={initial.validHourTo ?? ""}>
                <option value="">Any time</option>
                {Array.from({ length: 24 }, (_, i) => i + 1).map((h) => (
                  <option key={h} value={h}>{hourWords(h)}</option>
                ))}
              </Select>
            </FormField>
            <FormField label="Expires after (days)" hint="Counted from the send. Blank: never." error={err("expiresInDays")}>
              <Input name="expiresInDays" type="number" inputMode="numeric" min={1} max={365} defaultValue={initial.expiresInDays ?? ""} />
            </FormField>
          </div>
          <label className="flex min-h-11 items-center gap-3 text-sm">
            <input type="checkbox" name="oncePerCustomer" defaultChecked={initial.oncePerCustomer} className="size-5 accent-[var(--color-primary)]" />
            <span>One use per customer</span>
          </label>
        </fieldset>

        <fieldset className="space-y-4 rounded-xl border border-border bg-surface p-5">
          <legend className="px-1 text-base font-semibold">The email</legend>
          <FormField label="Subject" required error={err("subject")} hint="Use {{firstName}} for the customer’s first name.">
            <Input name="subject" defaultValue={initial.subject} maxLength={150} placeholder="{{firstName}}, your afternoon treat is here" />
          </FormField>
          <FormField label="Preview text" hint="Shown after the subject in most inboxes (optional)." error={err("preheader")}>
            <Input name="preheader" defaultValue={initial.preheader ?? ""} maxLength={200} />
          </FormField>
          <FormField label="Message" required hint="Blank lines start a new paragraph. {{firstName}} works here too." error={err("body")}>
            <Textarea name="body" defaultValue={initial.body} rows={8} maxLength={5000} />
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
            No email provider is set up: tests land in the <Link className="underline" href={`/m/${merchantSlug}/mailbox`}>development mailbox</Link>.
          </p>
        )}
      </form>

      <div className="xl:sticky xl:top-4 xl:self-start">
        <div className="mb-2 flex items-center gap-2">
          <Label>Preview</Label>
          {previewing && <Spinner label="Updating the preview" />}
        </div>
        <EmailPreview subject={preview?.subject ?? null} html={preview?.html ?? null} />
      </div>
    </div>
  );
}
