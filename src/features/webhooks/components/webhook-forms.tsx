"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { useFormSubmit } from "@/components/forms/use-form-submit";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rotateWebhookSecretAction,
  sendWebhookTestAction,
  updateWebhookEndpointAction,
} from "../actions";
import { WEBHOOK_EVENTS } from "../events";

function SecretOnce({ title, secret }: { title: string; secret: string }) {
  return (
    <Alert variant="success" title={title}>
      <p className="text-sm">
        Your receiver checks each delivery's <code>webhook-signature</code> with it (any Standard Webhooks library does this).
      </p>
      <code className="mt-1 block break-all rounded bg-white px-2 py-1 font-mono text-sm" data-testid="webhook-secret">
        {secret}
      </code>
    </Alert>
  );
}

export function NewWebhookEndpointForm({ merchantSlug }: { merchantSlug: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const { pending, onSubmit } = useFormSubmit(async (fd) => {
    const res = await createWebhookEndpointAction(merchantSlug, { url: fd.get("url"), description: fd.get("description"), events: fd.getAll("events") });
    if (!res.ok) {
      setErrors(res.fieldErrors ?? {});
      setFormError(res.fieldErrors ? undefined : res.error);
      return false;
    }
    setErrors({});
    setFormError(undefined);
    setCreated({ url: res.data.url, secret: res.data.secret });
    router.refresh();
    return true;
  });
  return (
    <div className="space-y-4">
      <form className="space-y-4" onSubmit={onSubmit}>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1.5">
            <Label htmlFor="webhook-url">Endpoint URL</Label>
            <Input
              id="webhook-url"
              name="url"
              type="url"
              inputMode="url"
              placeholder="https://example.com/regulars-events"
              maxLength={2000}
              aria-invalid={!!errors.url}
              aria-describedby={errors.url ? "webhook-url-error" : undefined}
            />
            {errors.url && (
              <p id="webhook-url-error" className="text-sm text-red-700">
                {errors.url}
              </p>
            )}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="webhook-description">Description (optional)</Label>
            <Input id="webhook-description" name="description" placeholder="Our CRM" maxLength={200} aria-invalid={!!errors.description} />
            {errors.description && <p className="text-sm text-red-700">{errors.description}</p>}
          </div>
        </div>
        <fieldset className="space-y-2" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
          <legend className="text-sm font-medium">Send these events</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {WEBHOOK_EVENTS.map((e) => (
              <label key={e.type} className="flex min-h-10 items-start gap-2 rounded-md border border-border px-3 py-2 text-sm">
                <input type="checkbox" name="events" value={e.type} defaultChecked={e.type === "visit.created"} className="mt-0.5 size-4" />
                <span>
                  {e.label}
                  <code className="block text-xs text-slate-600">{e.type}</code>
                </span>
              </label>
            ))}
          </div>
          {errors.events && (
            <p id="webhook-events-error" className="text-sm text-red-700">
              {errors.events}
            </p>
          )}
        </fieldset>
        {formError && (
          <p className="text-sm text-red-700" role="alert">
            {formError}
          </p>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </Button>
      </form>
      {created && <SecretOnce title={`Signing secret for ${created.url} — copy it now, it will not be shown again`} secret={created.secret} />}
    </div>
  );
}

/** Runs one action from a button: a toast either way, and the page's data read again after it. */
function useRunAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>, done: string) =>
    start(async () => {
      const res = await fn();
      if (!res.ok) return void toast.error(res.error ?? "That did not work.");
      toast.success(done);
      router.refresh();
    });
  return { pending, start, run };
}

type TEndpointRef = { merchantSlug: string; endpointId: string; url: string; disabled: boolean };

export function WebhookEndpointActions({ merchantSlug, endpointId, url, disabled }: TEndpointRef) {
  const router = useRouter();
  const { pending, start, run } = useRunAction();
  const [rotated, setRotated] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {!disabled && (
          <Button
            variant="outline"
            size="sm"
            disabled={pending}
            onClick={() => run(() => sendWebhookTestAction(merchantSlug, { endpointId }), "Test event queued: it appears in the log below within seconds.")}
          >
            Send test event
          </Button>
        )}
        <Button
          variant="outline"
          size="sm"
          disabled={pending}
          onClick={() =>
            run(
              () => updateWebhookEndpointAction(merchantSlug, { endpointId, enabled: disabled }),
              disabled ? "Turned on: new events are delivered again." : "Turned off: nothing is sent until you turn it back on.",
            )
          }
        >
          {disabled ? "Turn on" : "Turn off"}
        </Button>
        <Button
          variant="outline"
          size="sm"
          disabled={pending}
          onClick={() =>
            start(async () => {
              if (!window.confirm("Make a new signing secret? The current one keeps working beside it for 24 hours, so you can update your receiver.")) return;
              const res = await rotateWebhookSecretAction(merchantSlug, { endpointId });
              if (!res.ok) return void toast.error(res.error);
              setRotated(res.data.secret);
              router.refresh();
            })
          }
        >
          New secret
        </Button>
        <Button
          variant="outline"
          size="sm"
          disabled={pending}
          aria-label={`Delete the endpoint ${url}`}
          onClick={() => {
            if (!window.confirm(`Delete ${url}? It stops receiving events, and its delivery log is removed.`)) return;
            run(() => deleteWebhookEndpointAction(merchantSlug, { endpointId }), "Endpoint deleted.");
          }}
        >
          Delete
        </Button>
      </div>
      {rotated && <SecretOnce title="New signing secret — copy it now; the old one works for 24 more hours" secret={rotated} />}
    </div>
  );
}

export function ResendDeliveryButton({ merchantSlug, endpointId, eventId }: { merchantSlug: string; endpointId: string; eventId: string }) {
  const { pending, run } = useRunAction();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() => run(() => resendWebhookDeliveryAction(merchantSlug, { endpointId, eventId }), "Queued again, with the same webhook-id.")}
    >
      Resend
    </Button>
  );
}
