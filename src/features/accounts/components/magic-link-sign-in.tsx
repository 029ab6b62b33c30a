"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";

/** Exchanges a one-time email link for a session. Runs once even under React's double effects. */
export function MagicLinkSignIn({ token, callbackUrl }: { token: string; callbackUrl: string }) {
  const router = useRouter();
  const started = useRef(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    signIn("magic-link", { token, redirect: false }).then((res) => {
      if (!res || res.error) setFailed(true);
      else {
        router.replace(callbackUrl);
        router.refresh();
      }
    });
  }, [token, callbackUrl, router]);

  if (failed) {
    return (
      <Alert variant="error" title="This link no longer works">
        Sign-in links work once and expire after 15 minutes.{" "}
        <Link className="underline" href="/sign-in">
          Get a new one
        </Link>
        .
      </Alert>
    );
  }
  return (
    <p className="text-center text-slate-700" role="status">
      Signing you in…
    </p>
  );
}
