"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { eraseCustomerAction } from "../actions";

/** "Erase personal data" with a confirmation dialog in which the manager types the customer's name. */
export function ErasePanel({ merchantSlug, customerId, customerName }: { merchantSlug: string; customerId: string; customerName: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const matches = typed.trim().toLowerCase().replace(/\s+/g, " ") === customerName.trim().toLowerCase().replace(/\s+/g, " ");

  return (
    <div className="space-y-3 text-sm">
      <p>
        When a customer asks you to delete what you hold on them (GDPR, CCPA): their name, email, phone, external id, dates, notes and group memberships are
        removed for good. Their visits stay, anonymously, so your totals still add up. They will never be sent anything again.
      </p>
      <Button type="button" variant="destructive" className="min-h-12 sm:min-h-10" onClick={() => dialog.current?.showModal()}>
        Erase personal data…
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="erase-title"
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-border bg-surface p-0 text-foreground shadow-xl backdrop:bg-slate-900/50"
        onClose={() => {
          setTyped("");
          setErrors({});
          setError(null);
        }}
      >
        <form
          noValidate
          className="space-y-4 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            const fd = new FormData(e.currentTarget);
            startTransition(async () => {
              const res = await eraseCustomerAction(merchantSlug, {
                customerId,
                confirmName: String(fd.get("confirmName") ?? ""),
                reason: String(fd.get("reason") ?? ""),
              });
              if (!res.ok) {
                setErrors(res.fieldErrors ?? {});
                setError(res.fieldErrors ? null : res.error);
                return;
              }
              dialog.current?.close();
              toast.success("Personal data erased. Their visits stay, anonymously.");
              router.refresh();
            });
          }}
        >
          <h2 id="erase-title" className="text-lg font-semibold">
            Erase {customerName}?
          </h2>
          <p className="text-sm text-muted-foreground">This cannot be undone. Download their data first if they asked for a copy.</p>
          {error && <Alert variant="error">{error}</Alert>}
          <FormField label="Why (kept in the activity log)" hint="For example: asked by email on 2 December. Leave their name out." error={errors.reason}>
            <Input name="reason" maxLength={301} autoComplete="off" />
          </FormField>
          <FormField
            label={
              <>
                Type <span className="font-semibold">{customerName}</span> to confirm
              </>
            }
            error={errors.confirmName}
          >
            <Input name="confirmName" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" maxLength={300} />
          </FormField>
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="ghost" className="min-h-12 sm:min-h-10" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="destructive" disabled={!matches || pending} className="min-h-12 sm:min-h-10">
              {pending && <Spinner />} Erase for good
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
