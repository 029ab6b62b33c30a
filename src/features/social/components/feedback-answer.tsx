"use client";

import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import type { TActionResult } from "@/lib/chain";
import { answerFeedbackAction, commentFeedbackAction } from "../public-actions";
import type { TFeedbackOutcome } from "../feedback";
import { ShareButtons } from "./friend-sign-up";

const WORDS = { 1: "Sorry it was not great.", 2: "Thanks, good to know.", 3: "So glad you loved it!" } as const;

/**
 * The answer page: the tapped star is posted once the page has loaded (a mail scanner that only
 * fetches the link records nothing); what was recorded first is what is shown.
 */
export function FeedbackAnswer({
  token,
  tapped,
  recorded,
  merchantName,
  hasComment,
}: {
  token: string;
  tapped: 1 | 2 | 3 | null;
  recorded: number | null;
  merchantName: string;
  hasComment: boolean;
}) {
  const [outcome, setOutcome] = useState<{ rating: number; referralUrl: string | null } | null>(recorded ? { rating: recorded, referralUrl: null } : null);
  const [error, setError] = useState<string | null>(null);
  const sentOnce = useRef(false);
  const answer = async (stars: 1 | 2 | 3) => {
    const res: TActionResult<TFeedbackOutcome> = await answerFeedbackAction({ token, rating: stars });
    if (res.ok) setOutcome({ rating: res.data.rating, referralUrl: res.data.referralUrl });
    else setError(res.error);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on load
  useEffect(() => {
    if (sentOnce.current) return;
    sentOnce.current = true;
    if (tapped) void answer(tapped);
    else if (recorded === 3) void answer(3); // brings back the referral link
  }, []);

  if (error)
    return (
      <Alert variant="error" title="Not recorded">
        {error}
      </Alert>
    );
  if (!outcome) {
    if (tapped)
      return (
        <p role="status" className="flex items-center gap-2 text-sm">
          <Spinner /> Recording your answer…
        </p>
      );
    return (
      <div className="flex flex-wrap gap-2">
        {([1, 2, 3] as const).map((n) => (
          <Button key={n} type="button" variant="outline" className="h-12 text-base" onClick={() => void answer(n)}>
            {"★".repeat(n)} <span className="sr-only">{n} of 3 stars</span>
          </Button>
        ))}
      </div>
    );
  }
  const rating = outcome.rating as 1 | 2 | 3;
  return (
    <div className="space-y-5">
      <div role="status" data-testid="feedback-recorded">
        <p className="text-3xl" role="img" aria-label={`${rating} of 3 stars`}>
          {"★".repeat(rating)}
          <span className="text-slate-300">{"★".repeat(3 - rating)}</span>
        </p>
        <p className="font-semibold">{WORDS[rating]}</p>
        {rating === 1 && (
          <p className="text-sm text-muted-foreground">The team at {merchantName} sees this right away. Tell them what happened, if you like.</p>
        )}
      </div>
      {rating === 3 && outcome.referralUrl && (
        <div className="space-y-2 rounded-xl border border-border bg-muted/40 p-4">
          <p className="font-semibold">Bring a friend</p>
          <p className="text-sm text-muted-foreground">Share your personal link: your friends get an offer for their first visit.</p>
          <p className="break-all font-mono text-sm">{outcome.referralUrl}</p>
          <ShareButtons url={outcome.referralUrl} merchantName={merchantName} code={outcome.referralUrl.split("/r/")[1] ?? ""} />
        </div>
      )}
      {!hasComment && <CommentForm token={token} />}
    </div>
  );
}

function CommentForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<TActionResult<{ saved: boolean }> | null, FormData>(
    async (_prev, fd) => commentFeedbackAction({ token, comment: String(fd.get("comment") ?? "") }),
    null,
  );
  if (state?.ok)
    return (
      <p role="status" className="text-sm font-medium">
        Thank you, your comment was sent.
      </p>
    );
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form
      aria-label="Your comment"
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => formAction(fd));
      }}
    >
      {state && !state.ok && !errors.comment && (
        <Alert variant="error" title="Not sent">
          {state.error}
        </Alert>
      )}
      <FormField label="Anything you want to tell them? (optional)" error={errors.comment}>
        <Textarea name="comment" rows={4} maxLength={2000} />
      </FormField>
      <Button type="submit" disabled={pending} className="h-12">
        {pending && <Spinner />}Send comment
      </Button>
    </form>
  );
}
