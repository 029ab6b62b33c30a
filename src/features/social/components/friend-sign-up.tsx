"use client";

import { startTransition, useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import type { TActionResult } from "@/lib/chain";
import { recordShareAction, requestFriendCodeAction } from "../public-actions";

/** The friend's form on /r/[code]: email, first name, consent → "check your inbox" (the same answer for every address). */
export function FriendSignUpForm({ code, merchantName }: { code: string; merchantName: string }) {
  const [state, formAction, pending] = useActionState<TActionResult<{ sent: true }> | null, FormData>(
    async (_prev, fd) =>
      requestFriendCodeAction({
        code,
        email: String(fd.get("email") ?? ""),
        firstName: String(fd.get("firstName") ?? ""),
        consent: fd.get("consent") === "on",
      }),
    null,
  );
  if (state?.ok) {
    return (
      <div role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-emerald-900">
        <p className="font-semibold">Check your inbox</p>
        <p className="text-sm">If this offer is open to you, your personal code is on its way. Show it at {merchantName}.</p>
      </div>
    );
  }
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form
      aria-label="Get your code"
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => formAction(fd));
      }}
    >
      {state && !state.ok && !Object.keys(errors).length && (
        <Alert variant="error" title="Not sent">
          {state.error}
        </Alert>
      )}
      <FormField label="Your email" error={errors.email}>
        <Input name="email" type="email" autoComplete="email" inputMode="email" required className="h-12" />
      </FormField>
      <FormField label="Your first name (optional)" error={errors.firstName}>
        <Input name="firstName" autoComplete="given-name" className="h-12" />
      </FormField>
      <div>
        <label className="flex min-h-12 items-start gap-3 text-sm">
          <input
            type="checkbox"
            name="consent"
            className="mt-1 size-5 shrink-0"
            aria-invalid={errors.consent ? true : undefined}
            aria-describedby={errors.consent ? "consent-error" : undefined}
          />
          <span>Yes, {merchantName} may email me my code and their offers. I can unsubscribe at any time.</span>
        </label>
        {errors.consent && (
          <p id="consent-error" className="mt-1 text-sm text-red-700">
            {errors.consent}
          </p>
        )}
      </div>
      <Button type="submit" disabled={pending} className="h-12 w-full text-base">
        {pending && <Spinner />}Email me my code
      </Button>
    </form>
  );
}

/** Share buttons for a referrer's own link: plain links and the browser's own share sheet, no third-party scripts. */
export function ShareButtons({ url, merchantName, code }: { url: string; merchantName: string; code: string }) {
  const [copied, setCopied] = useState(false);
  const [canShare, setCanShare] = useState(false);
  useEffect(() => setCanShare(typeof navigator !== "undefined" && typeof navigator.share === "function"), []);
  const message = `I like ${merchantName}, and here is an offer for your first visit: ${url}`;
  const count = (via: "copy" | "email" | "sms" | "whatsapp" | "share") => void recordShareAction({ code, via });
  const cls = "inline-flex min-h-12 items-center justify-center rounded-lg border border-border bg-surface px-4 text-sm font-medium hover:bg-muted";
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label="Share your link">
      <button
        type="button"
        className={cls}
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => {});
          setCopied(true);
          count("copy");
        }}
      >
        {copied ? "Copied" : "Copy link"}
      </button>
      <a
        className={cls}
        href={`mailto:?subject=${encodeURIComponent(`An offer from ${merchantName}`)}&body=${encodeURIComponent(message)}`}
        onClick={() => count("email")}
      >
        Email
      </a>
      <a className={cls} href={`sms:?&body=${encodeURIComponent(message)}`} onClick={() => count("sms")}>
        Text message
      </a>
      <a
        className={cls}
        href={`https://wa.me/?text=${encodeURIComponent(message)}`}
        target="_blank"
        rel="noopener noreferrer"
        onClick={() => count("whatsapp")}
      >
        WhatsApp
      </a>
      {canShare && (
        <button
          type="button"
          className={cls}
          onClick={() => {
            count("share");
            navigator.share({ title: `An offer from ${merchantName}`, text: message, url }).catch(() => {});
          }}
        >
          Share…
        </button>
      )}
    </div>
  );
}
