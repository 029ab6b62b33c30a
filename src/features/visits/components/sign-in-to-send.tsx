"use client";

import { LogIn } from "lucide-react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { signOutTo } from "@/lib/sign-out";
import type { THoldReason } from "./capture-outcome";

/** Captures held because the session ended: say so, and offer the way back that returns here. */
export function SignInToSend({
  reason,
  waiting,
  merchantSlug,
}: {
  reason: Extract<THoldReason, "signed-out" | "wrong-account">;
  waiting: number;
  merchantSlug: string;
}) {
  // On a paired tablet the sign-in page is the PIN pad, which comes back to the counter itself.
  const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(`/m/${merchantSlug}/counter`)}`;
  const count = waiting === 1 ? "1 capture waiting; sign in to send it" : `${waiting} captures waiting; sign in to send them`;
  return (
    <div className="px-5 pt-5">
      <Alert
        variant="warning"
        className="text-base"
        title={
          reason === "signed-out"
            ? `Signed out — ${waiting > 0 ? count : "sign in to keep sending captures"}`
            : `This sign-in can’t record visits here — ${waiting} waiting`
        }
        action={
          reason === "signed-out" ? (
            <Button asChild size="xl">
              <Link href={signInHref}>
                <LogIn aria-hidden /> Sign in
              </Link>
            </Button>
          ) : (
            <Button size="xl" onClick={() => void signOutTo(signInHref)}>
              <LogIn aria-hidden /> Sign in as counter staff
            </Button>
          )
        }
      >
        They are kept on this tablet and nothing is lost; they are sent once you are signed in.
      </Alert>
    </div>
  );
}
