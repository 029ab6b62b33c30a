"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { TActionResult } from "@/lib/chain";
import { saveFeedbackSettingsAction, saveReferralProgramAction } from "../actions";

type TProps = {
  merchantSlug: string;
  promotions: { id: string; name: string }[];
  initial: { enabled: boolean; offerPromotionId: string | null; rewardPromotionId: string | null };
};

/** Referrals: the friend's offer, the referrer's reward (or none), on or off. */
export function ReferralSettingsForm({ merchantSlug, promotions, initial }: TProps) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<TActionResult<unknown> | null, FormData>(async (_prev, fd) => {
    const res = await saveReferralProgramAction(merchantSlug, {
      enabled: fd.get("enabled") === "on",
      offerPromotionId: String(fd.get("offerPromotionId") ?? ""),
      rewardPromotionId: String(fd.get("rewardPromotionId") ?? ""),
    });
    if (res.ok) {
      toast.success("Referral settings saved.");
      router.refresh();
    }
    return res;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form
      aria-label="Referral settings"
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => formAction(fd));
      }}
    >
      {state && !state.ok && (
        <Alert variant="error" title="Not saved">
          {state.error}
        </Alert>
      )}
      <label className="flex min-h-12 items-center gap-3 text-sm font-medium">
        <input type="checkbox" name="enabled" defaultChecked={initial.enabled} className="size-5" />
        Referrals are on: customers who agreed to hear from you get a personal link to share
      </label>
      <div className="grid gap-4 md:grid-cols-2">
        <FormField label="What a friend gets" hint="Each friend gets their own code for this promotion." error={errors.offerPromotionId}>
          <Select name="offerPromotionId" defaultValue={initial.offerPromotionId ?? ""}>
            <option value="">Pick a promotion</option>
            {promotions.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="What the customer who referred them gets" hint="Sent when the friend's code is redeemed." error={errors.rewardPromotionId}>
          <Select name="rewardPromotionId" defaultValue={initial.rewardPromotionId ?? ""}>
            <option value="">Nothing, just the credit</option>
            {promotions.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </FormField>
      </div>
      <Button type="submit" disabled={pending}>
        {pending && <Spinner />}Save referral settings
      </Button>
    </form>
  );
}

/** "How was it?": on or off, and how long after the visit. */
export function FeedbackSettingsForm({ merchantSlug, initial }: { merchantSlug: string; initial: { feedbackEnabled: boolean; feedbackDelayHours: number } }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<TActionResult<unknown> | null, FormData>(async (_prev, fd) => {
    const res = await saveFeedbackSettingsAction(merchantSlug, {
      feedbackEnabled: fd.get("feedbackEnabled") === "on",
      feedbackDelayHours: fd.get("feedbackDelayHours"),
    });
    if (res.ok) {
      toast.success("Feedback settings saved.");
      router.refresh();
    }
    return res;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form
      aria-label="Feedback settings"
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => formAction(fd));
      }}
    >
      {state && !state.ok && (
        <Alert variant="error" title="Not saved">
          {state.error}
        </Alert>
      )}
      <label className="flex min-h-12 items-center gap-3 text-sm font-medium">
        <input type="checkbox" name="feedbackEnabled" defaultChecked={initial.feedbackEnabled} className="size-5" />
        Ask customers “How was it?” by email after a visit
      </label>
      <FormField
        label="Hours after the visit"
        hint="Only customers who agreed to hear from you are asked, at most once a month."
        error={errors.feedbackDelayHours}
      >
        <Input
          name="feedbackDelayHours"
          type="number"
          inputMode="numeric"
          min={1}
          max={72}
          defaultValue={String(initial.feedbackDelayHours)}
          className="max-w-32"
        />
      </FormField>
      <Button type="submit" disabled={pending}>
        {pending && <Spinner />}Save feedback settings
      </Button>
    </form>
  );
}
