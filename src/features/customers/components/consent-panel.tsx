"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { changeConsentAction } from "../actions";

export type TConsentState = {
  customerId: string;
  hasEmail: boolean;
  emailConsent: boolean;
  emailConsentSource: string | null;
  emailConsentAt: string | null;
  unsubscribedAt: string | null;
  suppressedAt: string | null;
  suppressionReason: string | null;
  erased: boolean;
};

/**
 * Email consent on the 360. Staff record consent the customer gave them and withdraw it when the
 * customer asks (both with a reason, in the audit log). After an unsubscribe only the customer
 * can subscribe again, from their preference link: the panel says so instead of offering a button.
 */
export function ConsentPanel({ merchantSlug, state, canEdit }: { merchantSlug: string; state: TConsentState; canEdit: boolean }) {
  const router = useRouter();
  const [mode, setMode] = useState<"withdraw" | "record" | null>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; reason?: string } | null>(null);

  const status = state.erased
    ? "Erased on request: never emailed."
    : state.suppressedAt
      ? `Not emailed: their address ${state.suppressionReason === "complained" ? "marked an email as spam" : state.suppressionReason === "bounced" ? "bounced" : "was suppressed"}.`
      : state.unsubscribedAt
        ? `Unsubscribed on ${state.unsubscribedAt}. Only the customer can subscribe again, from the “Manage preferences” link in any email we sent them.`
        : state.emailConsent
          ? `May receive promotions by email${state.emailConsentSource ? ` (agreed via ${state.emailConsentSource}${state.emailConsentAt ? ` on ${state.emailConsentAt}` : ""})` : ""}.`
          : state.hasEmail
            ? "Has not agreed to promotional email."
            : "No email address, so no email consent.";

  const submit = (change: "withdraw" | "record", reason: string) =>
    startTransition(async () => {
      const res = await changeConsentAction(merchantSlug, { customerId: state.customerId, change, reason });
      if (!res.ok) {
        setError({ message: res.error, reason: res.fieldErrors?.reason });
        return;
      }
      setError(null);
      setMode(null);
      toast.success(change === "withdraw" ? "Consent withdrawn: they will get no more promotions." : "Consent recorded.");
      router.refresh();
    });

  return (
    <div className="space-y-3 text-sm">
      <p data-testid="consent-status">{status}</p>
      {canEdit && !state.erased && mode === null && (
        <div className="flex flex-wrap gap-2">
          {!state.unsubscribedAt && (
            <Button type="button" variant="outline" className="min-h-12 sm:min-h-10" onClick={() => setMode("withdraw")}>
              Withdraw consent…
            </Button>
          )}
          {!state.unsubscribedAt && !state.suppressedAt && !state.emailConsent && state.hasEmail && (
            <Button type="button" variant="outline" className="min-h-12 sm:min-h-10" onClick={() => setMode("record")}>
              Record consent they gave…
            </Button>
          )}
        </div>
      )}
      {mode && (
        <form
          noValidate
          aria-label={mode === "withdraw" ? "Withdraw email consent" : "Record email consent"}
          className="space-y-3 rounded-lg border border-border p-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit(mode, String(new FormData(e.currentTarget).get("reason") ?? ""));
          }}
        >
          {error && !error.reason && <Alert variant="error">{error.message}</Alert>}
          <FormField
            label={mode === "withdraw" ? "Why (kept in the activity log)" : "How did they agree? (kept in the activity log)"}
            hint={mode === "withdraw" ? "They get no more promotions; only they can subscribe again." : "Only record consent the customer actually gave you."}
            error={error?.reason}
          >
            <Input name="reason" maxLength={301} placeholder={mode === "withdraw" ? "Asked at the counter to stop emails" : "Signed the sign-up card"} />
          </FormField>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant={mode === "withdraw" ? "destructive" : "default"} disabled={pending} className="min-h-12 sm:min-h-10">
              {pending && <Spinner />} {mode === "withdraw" ? "Withdraw consent" : "Record consent"}
            </Button>
            <Button
              type="button"
              variant="ghost"
              className="min-h-12 sm:min-h-10"
              onClick={() => {
                setMode(null);
                setError(null);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
