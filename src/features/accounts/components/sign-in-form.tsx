"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signInErrorMessage } from "@/lib/sign-in-errors";
import { requestMagicLinkAction } from "../actions";

type TMode = "password" | "link";

/** `callbackUrl` is already a checked same-site path (lib/safe-redirect.ts). */
export function SignInForm({ callbackUrl, initialError = null }: { callbackUrl: string; initialError?: string | null }) {
  const router = useRouter();
  const [mode, setMode] = useState<TMode>("password");
  const [error, setError] = useState<string | null>(initialError);
  const [linkSentTo, setLinkSentTo] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onPassword(form: FormData) {
    setError(null);
    startTransition(async () => {
      const res = await signIn("password", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!res || res.error) {
        setError(signInErrorMessage(res?.error ?? "CredentialsSignin"));
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    });
  }

  function onLink(form: FormData) {
    setError(null);
    const email = String(form.get("email") ?? "");
    startTransition(async () => {
      const res = await requestMagicLinkAction({ email, callbackUrl });
      if (!res.ok) setError(res.fieldErrors?.email ?? res.error);
      else setLinkSentTo(email);
    });
  }

  if (linkSentTo) {
    return (
      <Alert variant="success" title="Check your inbox">
        If {linkSentTo} has a Regulars account, a sign-in link is on its way. It works once and expires in 15 minutes.
      </Alert>
    );
  }

  return (
    <div className="space-y-5">
      <div role="tablist" aria-label="How to sign in" className="grid grid-cols-2 rounded-lg bg-slate-100 p-1 text-sm font-medium">
        {(["password", "link"] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => {
              setMode(m);
              setError(null);
            }}
            className={`rounded-md px-3 py-2 ${mode === m ? "bg-white shadow-sm text-slate-900" : "text-slate-600"}`}
          >
            {m === "password" ? "Password" : "Email me a link"}
          </button>
        ))}
      </div>

      {error && (
        <Alert variant="error" title="Couldn't sign you in">
          {error}
        </Alert>
      )}

      <form action={mode === "password" ? onPassword : onLink} className="space-y-4" noValidate={false}>
        <div className="space-y-1.5">
          <Label htmlFor="email">Email</Label>
          <Input id="email" name="email" type="email" autoComplete="email" required autoFocus />
        </div>
        {mode === "password" && (
          <div className="space-y-1.5">
            <Label htmlFor="password">Password</Label>
            <Input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
        )}
        <Button type="submit" className="w-full" size="lg" disabled={pending}>
          {pending ? "Signing in…" : mode === "password" ? "Sign in" : "Email me a sign-in link"}
        </Button>
      </form>
    </div>
  );
}
