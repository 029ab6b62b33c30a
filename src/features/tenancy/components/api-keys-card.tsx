"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { useFormSubmit } from "@/components/forms/use-form-submit";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { createApiKeyAction, revokeApiKeyAction } from "../actions";

export function NewApiKeyForm({ merchantSlug }: { merchantSlug: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const { pending, onSubmit } = useFormSubmit(async (fd) => {
    const res = await createApiKeyAction(merchantSlug, { name: fd.get("name") });
    if (!res.ok) {
      setError(res.fieldErrors?.name ?? res.error);
      return false;
    }
    setError(undefined);
    setCreated(res.data);
    router.refresh();
    return true;
  });
  return (
    <div className="space-y-3">
      <form className="flex flex-wrap items-end gap-3" onSubmit={onSubmit}>
        <div className="space-y-1.5">
          <Label htmlFor="api-key-name">Key name</Label>
          <Input id="api-key-name" name="name" placeholder="POS" aria-invalid={!!error} aria-describedby={error ? "api-key-name-error" : undefined} />
          {error && (
            <p id="api-key-name-error" className="text-sm text-red-700">
              {error}
            </p>
          )}
        </div>
        <Button type="submit" disabled={pending}>
          Create API key
        </Button>
      </form>
      {created && (
        <Alert variant="success" title={`Your new key “${created.name}” — copy it now, it will not be shown again`}>
          <code className="mt-1 block break-all rounded bg-white px-2 py-1 font-mono text-sm" data-testid="new-api-key">
            {created.key}
          </code>
        </Alert>
      )}
    </div>
  );
}

export function RevokeApiKeyButton({ merchantSlug, apiKeyId, name }: { merchantSlug: string; apiKeyId: string; name: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      aria-label={`Revoke ${name}`}
      onClick={() =>
        start(async () => {
          if (!window.confirm(`Revoke “${name}”? Anything using it stops working at once.`)) return;
          const res = await revokeApiKeyAction(merchantSlug, { apiKeyId });
          if (!res.ok) toast.error(res.error);
          else {
            toast.success(`Revoked “${name}”.`);
            router.refresh();
          }
        })
      }
    >
      Revoke
    </Button>
  );
}
