"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { useFormSubmit } from "@/components/forms/use-form-submit";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { pairCounterDeviceAction, revokeCounterDeviceAction, setStaffPinAction } from "../actions";

export function PairDeviceForm({ merchantSlug }: { merchantSlug: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const { pending, onSubmit } = useFormSubmit(async (fd) => {
    const res = await pairCounterDeviceAction(merchantSlug, { name: fd.get("name") });
    if (!res.ok) {
      setError(res.fieldErrors?.name ?? res.error);
      return false;
    }
    setError(undefined);
    toast.success(`This browser is now the “${res.data.name}” counter tablet. Staff can sign in on it with their PIN.`);
    router.refresh();
    return true;
  });
  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={onSubmit}>
      <div className="space-y-1.5">
        <Label htmlFor="device-name">Tablet name</Label>
        <Input id="device-name" name="name" placeholder="Front counter" aria-invalid={!!error} aria-describedby={error ? "device-name-error" : undefined} />
        {error && (
          <p id="device-name-error" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" disabled={pending}>
        Pair this browser as a counter tablet
      </Button>
    </form>
  );
}

export function RevokeDeviceButton({ merchantSlug, deviceId }: { merchantSlug: string; deviceId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const res = await revokeCounterDeviceAction(merchantSlug, { deviceId });
          if (!res.ok) toast.error(res.error);
          else {
            toast.success("Tablet unpaired.");
            router.refresh();
          }
        })
      }
    >
      Unpair
    </Button>
  );
}

export function StaffPinForm({ merchantSlug, userId, name }: { merchantSlug: string; userId: string; name: string }) {
  const [error, setError] = useState<string>();
  const router = useRouter();
  const id = `pin-${userId}`;
  const { pending, onSubmit } = useFormSubmit(async (fd) => {
    const res = await setStaffPinAction(merchantSlug, { userId, pin: fd.get("pin") });
    if (!res.ok) {
      setError(res.fieldErrors?.pin ?? res.error);
      return false;
    }
    setError(undefined);
    toast.success(`PIN set for ${name}.`);
    router.refresh();
    return true;
  });
  return (
    <form className="flex items-start gap-2" onSubmit={onSubmit}>
      <div>
        <Label htmlFor={id} className="sr-only">
          New PIN for {name}
        </Label>
        <Input id={id} name="pin" inputMode="numeric" autoComplete="off" placeholder="4–6 digits" className="w-32" aria-invalid={!!error} />
        {error && <p className="mt-1 text-xs text-red-700">{error}</p>}
      </div>
      <Button type="submit" variant="outline" size="sm" disabled={pending}>
        Set PIN
      </Button>
    </form>
  );
}
