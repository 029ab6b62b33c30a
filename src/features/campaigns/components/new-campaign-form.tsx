"use client";

import { ChevronDown, Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useWatch } from "react-hook-form";
import { useZodForm } from "@/components/forms/use-zod-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { campaignAudienceAction, scheduleCampaignAction } from "../actions";
import { ZCampaignForm } from "../schemas";

type TPerson = { id: string; firstName: string | null; lastName: string | null; email: string | null };
type TBreakdown = {
  total: number;
  eligible: number;
  excluded: Record<"noEmail" | "unsubscribed" | "suppressed" | "noConsent" | "alreadyReceived" | "frequencyCapped", number>;
  lists: Record<string, TPerson[]>;
  frequencyCapDays: number;
};

const EXCLUDED_ROWS = [
  ["noConsent", "No consent", "Never agreed to receive promotions by email."],
  ["unsubscribed", "Unsubscribed", "Unsubscribed, or asked for no promotions."],
  ["suppressed", "Bounced or complained", "Earlier email bounced or was marked as spam."],
  ["noEmail", "No email address", "We have no email address for them."],
  ["alreadyReceived", "Already got this promotion", "This promotion goes once per customer."],
  ["frequencyCapped", "Got a promotion recently", ""],
] as const;

/** The new-campaign form's fields as its controls hold them. */
type TCampaignFields = {
  groupId: string;
  promotionId: string;
  /** The range input's value, "0" to "50". */
  holdoutPercent: string;
  name: string;
  when: "now" | "later";
  localDate: string;
  localTime: string;
};

/** A field's message under a control that lays out its own label. */
function FieldMessage({ id, message }: { id?: string; message?: string }) {
  return message ? (
    <p id={id} className="text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

const fmt = (n: number) => n.toLocaleString("en-US");
const nameOf = (p: TPerson) => [p.firstName, p.lastName].filter(Boolean).join(" ") || p.email || "Unnamed customer";

export function NewCampaignForm(props: {
  merchantSlug: string;
  timeZone: string;
  groups: { id: string; name: string }[];
  promotions: { id: string; name: string; subject: string }[];
  initial: { groupId?: string; promotionId?: string; holdoutPercent: number; draftId?: string; name?: string | null };
  today: string;
}) {
  const router = useRouter();
  const { form, submitTo, errorOf, formError, pending } = useZodForm({
    schema: ZCampaignForm,
    toInput: (f: TCampaignFields) => ({
      promotionId: f.promotionId,
      groupId: f.groupId,
      holdoutPercent: Number(f.holdoutPercent),
      when: f.when,
      ...(f.name.trim() ? { name: f.name } : {}),
      ...(f.when === "later" ? { localDate: f.localDate, localTime: f.localTime } : {}),
      ...(props.initial.draftId ? { draftId: props.initial.draftId } : {}),
    }),
    defaultValues: {
      groupId: props.initial.groupId ?? props.groups[0]?.id ?? "",
      promotionId: props.initial.promotionId ?? props.promotions[0]?.id ?? "",
      holdoutPercent: String(props.initial.holdoutPercent),
      name: props.initial.name ?? "",
      when: "now",
      localDate: props.today,
      localTime: "10:00",
    },
  });
  const { register, control } = form;
  const [groupId, promotionId, holdoutField, when, localDate, localTime] = useWatch({
    control,
    name: ["groupId", "promotionId", "holdoutPercent", "when", "localDate", "localTime"],
  });
  const holdout = Number(holdoutField);
  const [breakdown, setBreakdown] = useState<TBreakdown | null>(null);
  const [loadError, setLoadError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  // A change to what is sent, or when, asks for a new review.
  const unconfirm = { onChange: () => setConfirming(false) };

  useEffect(() => {
    if (!groupId) return;
    let live = true;
    setBreakdown(null);
    setLoadError(undefined);
    campaignAudienceAction(props.merchantSlug, { groupId, ...(promotionId ? { promotionId } : {}), holdoutPercent: 0 }).then((res) => {
      if (!live) return;
      if (res.ok) setBreakdown(res.data);
      else setLoadError(res.error);
    });
    return () => {
      live = false;
    };
  }, [groupId, promotionId, props.merchantSlug]);

  const held = breakdown ? Math.round((breakdown.eligible * holdout) / 100) : 0;
  const getting = breakdown ? breakdown.eligible - held : 0;
  const promotion = props.promotions.find((p) => p.id === promotionId);
  const group = props.groups.find((g) => g.id === groupId);

  const submit = submitTo(
    (input) => scheduleCampaignAction(props.merchantSlug, input),
    (data) => router.push(`/m/${props.merchantSlug}/campaigns/${data.id}`),
    () => setConfirming(false),
  );
  // The fields are checked before the review, so the confirmation only ever shows a sendable campaign.
  const review = async () => {
    if (await form.trigger()) setConfirming(true);
  };

  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <div className="space-y-6 lg:col-span-3">
        <Card>
          <CardHeader>
            <CardTitle>1. Who and what</CardTitle>
            <CardDescription>Pick a group of customers and the promotion they get. Everyone gets their own code.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <div className="space-y-1.5">
              <Label htmlFor="campaign-group">Group</Label>
              <Select id="campaign-group" {...register("groupId", unconfirm)} aria-invalid={!!errorOf("groupId")} className="w-full">
                {props.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </Select>
              <FieldMessage message={errorOf("groupId")} />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="campaign-promotion">Promotion</Label>
              <Select id="campaign-promotion" {...register("promotionId", unconfirm)} aria-invalid={!!errorOf("promotionId")} className="w-full">
                {props.promotions.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
              {promotion && <p className="text-sm text-muted-foreground">Subject: “{promotion.subject}”</p>}
              <FieldMessage message={errorOf("promotionId")} />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="campaign-name">
                Campaign name <span className="font-normal text-muted-foreground">(optional)</span>
              </Label>
              <Input
                id="campaign-name"
                {...register("name")}
                maxLength={80}
                placeholder={promotion ? `${promotion.name} — ${group?.name ?? "group"}` : "Off Peak — March"}
                aria-invalid={!!errorOf("name")}
                aria-describedby={errorOf("name") ? "campaign-name-hint campaign-name-error" : "campaign-name-hint"}
              />
              <p id="campaign-name-hint" className="text-sm text-muted-foreground">
                How this send is listed under Campaigns. Without one, it shows the promotion’s name.
              </p>
              <FieldMessage id="campaign-name-error" message={errorOf("name")} />
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>2. Holdout</CardTitle>
            <CardDescription>
              A random share of the eligible customers gets nothing. Comparing them with the rest shows what the email really changed.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Label htmlFor="campaign-holdout">Holdout: {holdout}%</Label>
            <input
              id="campaign-holdout"
              type="range"
              min={0}
              max={50}
              step={1}
              {...register("holdoutPercent", unconfirm)}
              className="mt-3 h-12 w-full accent-teal-700"
              aria-valuetext={`${holdout}%`}
            />
            <p className="text-sm text-muted-foreground">
              {breakdown ? `${fmt(held)} of ${fmt(breakdown.eligible)} eligible customers are held back at random.` : "Counting…"}
              {holdout === 0 && " With no holdout you will see redemptions, but not the lift."}
            </p>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>3. When</CardTitle>
            <CardDescription>Times are in {props.timeZone.replaceAll("_", " ")}. Recipients are fixed when it sends.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-3">
            <fieldset className="flex flex-wrap gap-3">
              <legend className="sr-only">When to send</legend>
              {(["now", "later"] as const).map((w) => (
                <label
                  key={w}
                  className="flex h-12 cursor-pointer items-center gap-2 rounded-md border border-input px-4 has-[:checked]:border-teal-700 has-[:checked]:bg-teal-50"
                >
                  <input type="radio" {...register("when", unconfirm)} value={w} />
                  {w === "now" ? "Send now" : "Schedule"}
                </label>
              ))}
            </fieldset>
            {when === "later" && (
              <div className="flex flex-wrap gap-3">
                <div className="space-y-1">
                  <Label htmlFor="campaign-date">Date</Label>
                  <Input id="campaign-date" type="date" min={props.today} {...register("localDate", unconfirm)} aria-invalid={!!errorOf("localDate")} />
                  <FieldMessage message={errorOf("localDate")} />
                </div>
                <div className="space-y-1">
                  <Label htmlFor="campaign-time">Time</Label>
                  <Input id="campaign-time" type="time" {...register("localTime", unconfirm)} aria-invalid={!!errorOf("localTime")} />
                  <FieldMessage message={errorOf("localTime")} />
                </div>
              </div>
            )}
          </CardContent>
        </Card>

        {formError && (
          <Alert variant="error" title="Not sent">
            {formError}
          </Alert>
        )}
        {!confirming ? (
          <Button size="lg" onClick={review} disabled={!breakdown || !promotionId || getting === 0}>
            Review and {when === "now" ? "send" : "schedule"}
          </Button>
        ) : (
          <Alert
            variant="warning"
            title={
              when === "now" ? `Send “${promotion?.name}” to ${fmt(getting)} customers now?` : `Schedule “${promotion?.name}” for ${localDate} at ${localTime}?`
            }
            action={
              <>
                <Button size="lg" onClick={submit} disabled={pending}>
                  <Send aria-hidden /> {pending ? "Working…" : when === "now" ? `Send to ${fmt(getting)} customers` : "Schedule it"}
                </Button>
                <Button size="lg" variant="outline" onClick={() => setConfirming(false)} disabled={pending}>
                  Back
                </Button>
              </>
            }
          >
            {`Group “${group?.name}”: ${fmt(getting)} get a personal code, ${fmt(held)} are held back as the comparison group. This cannot be undone once it sends.`}
          </Alert>
        )}
      </div>

      <div className="lg:col-span-2">
        <Card aria-live="polite">
          <CardHeader>
            <CardTitle>Who gets it</CardTitle>
            <CardDescription>Counted now; fixed when it sends.</CardDescription>
          </CardHeader>
          <CardContent>
            {loadError ? (
              <Alert variant="error">{loadError}</Alert>
            ) : !breakdown ? (
              <div className="space-y-2" role="status" aria-label="Counting the group">
                <Skeleton className="h-8 w-40" />
                <Skeleton className="h-4 w-full" />
                <Skeleton className="h-4 w-3/4" />
              </div>
            ) : (
              <div className="space-y-4">
                <div>
                  <p className="text-3xl font-semibold tabular-nums" data-testid="campaign-getting">
                    {fmt(getting)}
                  </p>
                  <p className="text-sm text-muted-foreground">
                    will get the email, of {fmt(breakdown.total)} in the group ({fmt(held)} held out).
                  </p>
                </div>
                {breakdown.total === 0 && <p className="text-sm">This group is empty right now. Pick another group, or widen its filter.</p>}
                <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Who will not get it">
                  {EXCLUDED_ROWS.map(([key, title, why]) => {
                    const n = breakdown.excluded[key];
                    const people = breakdown.lists[key] ?? [];
                    return (
                      <li key={key}>
                        <details className="group">
                          <summary className="flex min-h-12 cursor-pointer list-none items-center justify-between gap-3 px-3 py-2">
                            <span>
                              <span className="font-medium">{title}</span>
                              <span className="block text-xs text-muted-foreground">
                                {key === "frequencyCapped" ? `Already got a promotion in the last ${breakdown.frequencyCapDays} days.` : why}
                              </span>
                            </span>
                            <span className="flex items-center gap-2 tabular-nums">
                              {fmt(n)} <ChevronDown className="size-4 transition group-open:rotate-180" aria-hidden />
                            </span>
                          </summary>
                          <div className="px-3 pb-3 text-sm">
                            {people.length === 0 ? (
                              <p className="text-muted-foreground">Nobody.</p>
                            ) : (
                              <>
                                <ul className="space-y-0.5">
                                  {people.map((p) => (
                                    <li key={p.id}>{nameOf(p)}</li>
                                  ))}
                                </ul>
                                {n > people.length && <p className="mt-1 text-muted-foreground">and {fmt(n - people.length)} more.</p>}
                              </>
                            )}
                          </div>
                        </details>
                      </li>
                    );
                  })}
                </ul>
              </div>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
