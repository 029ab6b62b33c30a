"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { extendVoucherAction, voidVoucherAction } from "../actions";

/** Void a sold voucher, or move its expiry later. */
export function VoucherActions({
  publisherSlug,
  merchantSlug,
  voucherId,
  code,
  expiresOn,
}: {
  publisherSlug: string;
  merchantSlug: string;
  voucherId: string;
  code: string;
  expiresOn: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [extending, setExtending] = useState(false);
  const [date, setDate] = useState(expiresOn);
  const [error, setError] = useState<string>();
  const done = (message: string) => {
    toast.success(message);
    setExtending(false);
    setError(undefined);
    router.refresh();
  };
  if (extending) {
    return (
      <form
        className="flex flex-wrap items-center justify-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const res = await extendVoucherAction(publisherSlug, { merchantSlug, voucherId, expiresOn: date });
            if (!res.ok) return setError(res.fieldErrors?.expiresOn ?? res.error);
            done(`${code} now expires ${date}.`);
          });
        }}
      >
        <Input
          type="date"
          aria-label={`New expiry of ${code}`}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          className="h-8 w-40"
          aria-invalid={!!error}
        />
        <Button size="sm" type="submit" disabled={pending || !date}>
          Extend
        </Button>
        <Button size="sm" variant="ghost" type="button" onClick={() => setExtending(false)}>
          Cancel
        </Button>
        {error && (
          <p role="alert" className="w-full text-right text-xs text-red-700">
            {error}
          </p>
        )}
      </form>
    );
  }
  return (
    <div className="flex justify-end gap-2">
      <Button size="sm" variant="outline" disabled={pending} onClick={() => setExtending(true)} aria-label={`Extend the expiry of ${code}`}>
        Extend
      </Button>
      <Button
        size="sm"
        variant="ghost"
        disabled={pending}
        aria-label={`Void ${code}`}
        onClick={() => {
          if (!window.confirm(`Void ${code}? The counter will refuse it.`)) return;
          start(async () => {
            const res = await voidVoucherAction(publisherSlug, { merchantSlug, voucherId });
            if (!res.ok) toast.error(res.error);
            else done(`${code} is void.`);
          });
        }}
      >
        Void
      </Button>
    </div>
  );
}
