"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { openBillingPortalAction, openPublisherPortalAction, startCheckoutAction, startPublisherCheckoutAction } from "../actions";

// Both buttons ask the server for a Stripe-hosted session and send the browser there; Stripe sends
// the owner back to the billing page, which shows what the webhook has recorded.

function useRedirectAction() {
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const run = (call: () => Promise<{ ok: true; data: { url: string } } | { ok: false; error: string }>) =>
    start(async () => {
      const res = await call();
      if (!res.ok) return setError(res.error);
      setError(undefined);
      window.location.assign(res.data.url);
    });
  return { error, pending, run };
}

export function CheckoutButton({
  merchantSlug,
  plan,
  label,
  variant = "default",
}: {
  merchantSlug: string;
  plan: "growth" | "pro";
  label: string;
  variant?: "default" | "outline";
}) {
  const { error, pending, run } = useRedirectAction();
  return (
    <div className="space-y-2">
      <Button className="w-full" size="lg" variant={variant} disabled={pending} onClick={() => run(() => startCheckoutAction(merchantSlug, { plan }))}>
        {pending ? "Opening Stripe Checkout…" : label}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export function PortalButton({ merchantSlug, label = "Manage billing" }: { merchantSlug: string; label?: string }) {
  const { error, pending, run } = useRedirectAction();
  return (
    <div className="space-y-2">
      <Button variant="outline" size="lg" disabled={pending} onClick={() => run(() => openBillingPortalAction(merchantSlug, {}))}>
        {pending ? "Opening the billing portal…" : label}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export function PublisherCheckoutButton({ publisherSlug, label }: { publisherSlug: string; label: string }) {
  const { error, pending, run } = useRedirectAction();
  return (
    <div className="space-y-2">
      <Button size="lg" disabled={pending} onClick={() => run(() => startPublisherCheckoutAction(publisherSlug, {}))}>
        {pending ? "Opening Stripe Checkout…" : label}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export function PublisherPortalButton({ publisherSlug }: { publisherSlug: string }) {
  const { error, pending, run } = useRedirectAction();
  return (
    <div className="space-y-2">
      <Button variant="outline" size="lg" disabled={pending} onClick={() => run(() => openPublisherPortalAction(publisherSlug, {}))}>
        {pending ? "Opening the billing portal…" : "Manage billing"}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
