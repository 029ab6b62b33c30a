"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

type TStaff = { userId: string; name: string };

/** Shared counter tablet: tap your name, type your PIN. Big targets, touch only. */
export function CounterPinForm({ merchant, staff }: { merchant: { slug: string; name: string }; staff: TStaff[] }) {
  const router = useRouter();
  const [who, setWho] = useState<TStaff | null>(null);
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(currentPin: string) {
    if (!who) return;
    startTransition(async () => {
      const res = await signIn("counter-pin", { merchantSlug: merchant.slug, userId: who.userId, pin: currentPin, redirect: false });
      if (!res || res.error) {
        // A lockout arrives as its own plain message ("Too many wrong PINs. Try again in 2 minutes.").
        setError(res?.error?.startsWith("Too many wrong PINs") ? res.error : "That PIN didn't match. Try again.");
        setPin("");
        return;
      }
      router.replace(`/m/${merchant.slug}/counter`);
      router.refresh();
    });
  }

  function press(d: string) {
    setError(null);
    const next = (pin + d).slice(0, 6);
    setPin(next);
  }

  if (!who) {
    return (
      <div className="space-y-4">
        <h2 className="text-lg font-semibold">Who's at the counter?</h2>
        {staff.length === 0 ? (
          <Alert variant="info" title="No PINs yet">
            A manager can set staff PINs in Settings → Counter tablets.
          </Alert>
        ) : (
          <div className="grid grid-cols-2 gap-3">
            {staff.map((s) => (
              <Button key={s.userId} type="button" variant="outline" size="xl" onClick={() => setWho(s)}>
                {s.name}
              </Button>
            ))}
          </div>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">PIN for {who.name}</h2>
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            setWho(null);
            setPin("");
            setError(null);
          }}
        >
          Not you?
        </Button>
      </div>
      <label htmlFor="pin" className="sr-only">
        PIN
      </label>
      <input
        id="pin"
        aria-label="PIN"
        inputMode="numeric"
        type="password"
        value={pin}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, "").slice(0, 6))}
        className="w-full rounded-lg border border-slate-300 py-3 text-center text-3xl tracking-[0.5em]"
      />
      {error && (
        <Alert variant="error" title={error.startsWith("Too many") ? "Locked for now" : "Try again"}>
          {error}
        </Alert>
      )}
      <div className="grid grid-cols-3 gap-3">
        {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((d) => (
          <Button key={d} type="button" variant="outline" size="xl" className="text-2xl" onClick={() => press(d)}>
            {d}
          </Button>
        ))}
        <Button type="button" variant="ghost" size="xl" onClick={() => setPin(pin.slice(0, -1))}>
          Delete
        </Button>
        <Button type="button" variant="outline" size="xl" className="text-2xl" onClick={() => press("0")}>
          0
        </Button>
        <Button type="button" size="xl" disabled={pin.length < 4 || pending} onClick={() => submit(pin)}>
          {pending ? "…" : "Go"}
        </Button>
      </div>
    </div>
  );
}
