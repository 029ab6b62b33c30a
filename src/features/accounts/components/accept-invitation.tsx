"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { acceptInvitationAction, acceptInvitationAsMeAction } from "../actions";

/** The invitee sets their name and password, joins the merchant and is signed in with that password. */
export function SetPasswordAndJoin({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  return (
    <form
      noValidate
      aria-label="Set your password"
      className="space-y-4"
      onSubmit={(ev) => {
        ev.preventDefault();
        const fd = new FormData(ev.currentTarget);
        const password = String(fd.get("password") ?? "");
        if (password !== String(fd.get("confirm") ?? "")) {
          setFieldErrors({ confirm: "The two passwords differ." });
          return;
        }
        setError(null);
        start(async () => {
          const res = await acceptInvitationAction({ token, name: String(fd.get("name") ?? ""), password });
          if (!res.ok) {
            setError(res.error);
            setFieldErrors(res.fieldErrors ?? {});
            return;
          }
          const signedIn = await signIn("password", { email: res.data.email, password, redirect: false });
          if (!signedIn || signedIn.error) {
            router.push(`/sign-in?callbackUrl=${encodeURIComponent(`/m/${res.data.merchantSlug}`)}`);
            return;
          }
          router.replace(`/m/${res.data.merchantSlug}`);
          router.refresh();
        });
      }}
    >
      {error && (
        <Alert variant="error" title="You have not joined yet">
          {error}
        </Alert>
      )}
      <FormField label="Email">
        <Input value={email} readOnly disabled />
      </FormField>
      <FormField label="Your name" required error={fieldErrors.name}>
        <Input name="name" autoComplete="name" />
      </FormField>
      <FormField label="Choose a password" required hint="At least 10 characters." error={fieldErrors.password}>
        <Input name="password" type="password" autoComplete="new-password" />
      </FormField>
      <FormField label="Type it again" required error={fieldErrors.confirm}>
        <Input name="confirm" type="password" autoComplete="new-password" />
      </FormField>
      <Button type="submit" size="lg" className="w-full" disabled={pending}>
        {pending ? "Joining…" : "Set password and join"}
      </Button>
    </form>
  );
}

/** A signed-in invitee accepts with one click. */
export function AcceptAsMe({ token, merchantName }: { token: string; merchantName: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      {error && (
        <Alert variant="error" title="You have not joined yet">
          {error}
        </Alert>
      )}
      <Button
        size="lg"
        className="w-full"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await acceptInvitationAsMeAction(null, { token });
            if (!res.ok) return setError(res.error);
            router.replace(`/m/${res.data.merchantSlug}`);
            router.refresh();
          })
        }
      >
        Join {merchantName}
      </Button>
    </div>
  );
}
