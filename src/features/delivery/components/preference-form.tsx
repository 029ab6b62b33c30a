"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import type { TActionResult } from "@/lib/chain";
import { setSubscribedAction, updatePreferencesAction } from "../preference-actions";

type TValues = {
  subscribed: boolean;
  channelPreference: "email" | "sms" | "none";
  interests: string[];
  birthday: string;
  anniversary: string;
};

const CHANNELS = [
  { value: "email", label: "Email", hint: "Offers and news by email." },
  { value: "sms", label: "Text message", hint: "When the business sends texts." },
  { value: "none", label: "Neither", hint: "Only what you ask for, like receipts." },
] as const;

export function PreferenceForm({
  token,
  merchantName,
  initial,
  suggestedInterests,
  confirmUnsubscribe,
  suppressed,
}: {
  token: string;
  merchantName: string;
  initial: TValues;
  suggestedInterests: string[];
  confirmUnsubscribe: boolean;
  suppressed: boolean;
}) {
  const router = useRouter();
  const [subscribed, setSubscribed] = useState(initial.subscribed);
  const [subscriptionError, setSubscriptionError] = useState<string>();
  const [changing, startChange] = useTransition();
  const [justUnsubscribed, setJustUnsubscribed] = useState(false);

  const toggle = (next: boolean) =>
    startChange(async () => {
      const res = await setSubscribedAction(token, next);
      if (!res.ok) return setSubscriptionError(res.error);
      setSubscriptionError(undefined);
      setSubscribed(next);
      setJustUnsubscribed(!next);
      router.replace(`/u/${encodeURIComponent(token)}`, { scroll: false });
    });

  const [state, formAction, saving] = useActionState<TActionResult<{ ok: true }> | null, FormData>(async (_prev, fd) => {
    return updatePreferencesAction(token, {
      channelPreference: fd.get("channelPreference"),
      interests: fd.getAll("interests"),
      birthday: fd.get("birthday") ?? "",
      anniversary: fd.get("anniversary") ?? "",
    });
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  return (
    <div className="space-y-6 p-6">
      <section aria-labelledby="promo-heading" className="space-y-3 rounded-xl border border-border p-4">
        <h2 id="promo-heading" className="font-semibold">
          Promotional email
        </h2>
        {confirmUnsubscribe && subscribed && (
          <Alert variant="warning" title={`Unsubscribe from ${merchantName}’s promotions?`}>
            Press the button below to confirm. You can come back here and subscribe again at any time.
          </Alert>
        )}
        {justUnsubscribed && (
          <Alert variant="success" title="You are unsubscribed">
            {merchantName} will not send you promotional email any more. Changed your mind? Subscribe again below.
          </Alert>
        )}
        {subscriptionError && <Alert variant="error">{subscriptionError}</Alert>}
        <p className="text-sm" data-testid="subscription-status">
          {subscribed ? `You get offers from ${merchantName} by email.` : `You are not getting promotional email from ${merchantName}.`}
          {suppressed && " Email to your address could not be delivered recently, so none is being sent."}
        </p>
        {subscribed ? (
          <Button
            size="lg"
            variant={confirmUnsubscribe ? "destructive" : "outline"}
            disabled={changing}
            onClick={() => toggle(false)}
            className="w-full sm:w-auto"
          >
            {changing && <Spinner />}
            Unsubscribe
          </Button>
        ) : (
          <Button size="lg" disabled={changing} onClick={() => toggle(true)} className="w-full sm:w-auto">
            {changing && <Spinner />}
            Subscribe again
          </Button>
        )}
      </section>

      <form
        noValidate
        aria-label="Your preferences"
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          startTransition(() => formAction(fd));
        }}
      >
        {state?.ok && <Alert variant="success">Saved. Thank you!</Alert>}
        {state && !state.ok && <Alert variant="error">{state.error}</Alert>}
        <fieldset className="space-y-2">
          <legend className="mb-2 font-semibold">How should {merchantName} reach you?</legend>
          {CHANNELS.map((c) => (
            <label
              key={c.value}
              className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-border px-3 py-2 has-[:checked]:border-primary has-[:checked]:bg-brand-50"
            >
              <input
                type="radio"
                name="channelPreference"
                value={c.value}
                defaultChecked={initial.channelPreference === c.value}
                className="size-5 accent-[var(--color-primary)]"
              />
              <span>
                <span className="block text-sm font-medium">{c.label}</span>
                <span className="block text-xs text-muted-foreground">{c.hint}</span>
              </span>
            </label>
          ))}
          {errors.channelPreference && <p className="text-sm font-medium text-destructive">{errors.channelPreference}</p>}
        </fieldset>
        <fieldset>
          <legend className="mb-2 font-semibold">What interests you?</legend>
          <div className="flex flex-wrap gap-2">
            {suggestedInterests.map((interest) => (
              <label key={interest} className="relative">
                <input type="checkbox" name="interests" value={interest} defaultChecked={initial.interests.includes(interest)} className="peer sr-only" />
                <span className="inline-flex h-11 cursor-pointer select-none items-center rounded-full border border-input px-4 text-sm capitalize peer-checked:border-primary peer-checked:bg-primary peer-checked:text-primary-foreground peer-focus-visible:ring-2 peer-focus-visible:ring-ring">
                  {interest}
                </span>
              </label>
            ))}
          </div>
          {errors.interests && <p className="mt-1 text-sm font-medium text-destructive">{errors.interests}</p>}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Birthday" hint="For a birthday treat (optional)." error={errors.birthday}>
            <Input type="date" name="birthday" defaultValue={initial.birthday} className="h-12" />
          </FormField>
          <FormField label="Anniversary" hint="Optional." error={errors.anniversary}>
            <Input type="date" name="anniversary" defaultValue={initial.anniversary} className="h-12" />
          </FormField>
        </div>
        <Button type="submit" size="lg" disabled={saving} className="w-full sm:w-auto">
          {saving && <Spinner />}
          Save preferences
        </Button>
      </form>
    </div>
  );
}
