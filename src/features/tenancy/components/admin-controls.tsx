"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { TActionResult } from "@/lib/chain";
import {
  assignMerchantAction,
  createPublisherAction,
  renamePublisherAction,
  setUserDisabledAction,
  suspendMerchantAction,
  unsuspendMerchantAction,
} from "../admin-actions";

// The platform admin's forms (/admin): each calls one platformAction and refreshes the page; a
// refusal is shown beside the field it is about, in the action's own words.

function useAdminAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> }>();
  const run = <T,>(call: () => Promise<TActionResult<T>>, done: string, after?: () => void) =>
    start(async () => {
      const res = await call();
      if (!res.ok) return setError({ message: res.error, fields: res.fieldErrors });
      setError(undefined);
      toast.success(done);
      after?.();
      router.refresh();
    });
  return { pending, error, run };
}

const ErrorText = ({ id, text }: { id: string; text?: string }) =>
  text ? (
    <p id={id} className="text-sm text-red-700">
      {text}
    </p>
  ) : null;

export function CreatePublisherForm() {
  const { pending, error, run } = useAdminAction();
  const id = useId();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      action={(fd) => run(() => createPublisherAction({ name: String(fd.get("name") ?? ""), slug: String(fd.get("slug") ?? "") }), "Publisher created.")}
    >
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input id={`${id}-name`} name="name" className="w-64" placeholder="City Lights Deals" aria-invalid={!!error?.fields?.name} />
        <ErrorText id={`${id}-name-error`} text={error?.fields?.name} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-slug`}>Address</Label>
        <Input id={`${id}-slug`} name="slug" className="w-56" placeholder="citylights" aria-invalid={!!error?.fields?.slug} />
        <ErrorText id={`${id}-slug-error`} text={error?.fields?.slug} />
      </div>
      <Button type="submit" disabled={pending}>
        Create publisher
      </Button>
      {error && !error.fields && <p className="w-full text-sm text-red-700">{error.message}</p>}
    </form>
  );
}

export function RenamePublisherForm({ publisherId, name }: { publisherId: string; name: string }) {
  const { pending, error, run } = useAdminAction();
  const id = useId();
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      action={(fd) => run(() => renamePublisherAction({ publisherId, name: String(fd.get("name") ?? "") }), "Publisher renamed.")}
    >
      <Label htmlFor={id} className="sr-only">
        Name of {name}
      </Label>
      <Input id={id} name="name" defaultValue={name} className="h-9 w-56" aria-invalid={!!error} />
      <Button type="submit" size="sm" variant="outline" disabled={pending}>
        Rename
      </Button>
      <ErrorText id={`${id}-error`} text={error?.fields?.name ?? error?.message} />
    </form>
  );
}

export function AssignPublisherSelect({
  merchantId,
  merchantName,
  publisherId,
  publishers,
}: {
  merchantId: string;
  merchantName: string;
  publisherId: string | null;
  publishers: { id: string; name: string }[];
}) {
  const { pending, error, run } = useAdminAction();
  const id = useId();
  return (
    <div className="space-y-1">
      <Label htmlFor={id} className="sr-only">
        Publisher of {merchantName}
      </Label>
      <Select
        id={id}
        className="h-9 w-48"
        disabled={pending}
        defaultValue={publisherId ?? ""}
        onChange={(e) => {
          const value = e.currentTarget.value || null;
          run(
            () => assignMerchantAction({ merchantId, publisherId: value }),
            value ? "Merchant moved to the publisher." : "Merchant now belongs to no publisher.",
          );
        }}
      >
        <option value="">No publisher</option>
        {publishers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </Select>
      <ErrorText id={`${id}-error`} text={error?.message} />
    </div>
  );
}

export function SuspendMerchantControl({ merchantId, merchantName, suspended }: { merchantId: string; merchantName: string; suspended: boolean }) {
  const { pending, error, run } = useAdminAction();
  const [open, setOpen] = useState(false);
  const id = useId();
  if (suspended) {
    return (
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() => run(() => unsuspendMerchantAction({ merchantId }), `${merchantName} is active again.`)}
      >
        Unsuspend
      </Button>
    );
  }
  if (!open) {
    return (
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        Suspend…
      </Button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      action={(fd) =>
        run(
          () => suspendMerchantAction({ merchantId, reason: String(fd.get("reason") ?? "") }),
          `${merchantName} is suspended.`,
          () => setOpen(false),
        )
      }
    >
      <div className="space-y-1">
        <Label htmlFor={id} className="sr-only">
          Reason for suspending {merchantName}
        </Label>
        <Input
          id={id}
          name="reason"
          className="h-9 w-64"
          placeholder="Reason (the merchant's team will read it)"
          autoFocus
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <ErrorText id={`${id}-error`} text={error?.fields?.reason ?? error?.message} />
      </div>
      <Button type="submit" size="sm" variant="destructive" disabled={pending}>
        Suspend
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </form>
  );
}

export function DisableUserButton({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const { pending, error, run } = useAdminAction();
  return (
    <div className="space-y-1">
      <Button
        size="sm"
        variant={disabled ? "outline" : "destructive"}
        disabled={pending}
        aria-label={`${disabled ? "Re-enable" : "Disable"} ${email}`}
        onClick={() =>
          run(
            () => setUserDisabledAction({ userId, disabled: !disabled }),
            disabled ? `${email} can sign in again.` : `${email} is disabled and signed out everywhere.`,
          )
        }
      >
        {disabled ? "Re-enable" : "Disable"}
      </Button>
      <ErrorText id={`${userId}-error`} text={error?.message} />
    </div>
  );
}
