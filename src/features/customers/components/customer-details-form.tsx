"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { editCustomerAction } from "../actions";

export type TCustomerDetails = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  zip: string | null;
  birthday: string | null;
  anniversary: string | null;
  externalId: string | null;
};

type TConflict = { field: "email" | "phone" | "externalId"; customerId: string; name: string };
const CONFLICT_WORDS = { email: "this email", phone: "this phone number", externalId: "this external id" } as const;

/** The 360's "Edit details": every field checked where it is typed, clashes named with a link. */
export function CustomerDetailsForm({ merchantSlug, initial, canEdit }: { merchantSlug: string; initial: TCustomerDetails; canEdit: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [conflicts, setConflicts] = useState<TConflict[]>([]);

  const rows: [string, string | null][] = [
    ["First name", initial.firstName],
    ["Last name", initial.lastName],
    ["Email", initial.email],
    ["Phone", initial.phone],
    ["ZIP code", initial.zip],
    ["Birthday", initial.birthday],
    ["Anniversary", initial.anniversary],
    ["External id", initial.externalId],
  ];

  if (!editing) {
    return (
      <div>
        <dl className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-muted-foreground">{label}</dt>
              <dd className="break-words">{value || <span className="text-muted-foreground">—</span>}</dd>
            </div>
          ))}
        </dl>
        {canEdit && (
          <Button type="button" variant="outline" className="mt-4 min-h-12 sm:min-h-10" onClick={() => setEditing(true)}>
            Edit details
          </Button>
        )}
      </div>
    );
  }

  const conflictFor = (field: TConflict["field"]) => conflicts.find((c) => c.field === field);
  const errorFor = (field: string) => {
    const c = conflictFor(field as TConflict["field"]);
    return c ? undefined : fieldErrors[field];
  };
  const conflictNote = (field: TConflict["field"]) => {
    const c = conflictFor(field);
    if (!c) return null;
    return (
      <p className="text-sm font-medium text-destructive" role="alert">
        <Link className="underline" href={`/m/${merchantSlug}/customers/${c.customerId}`}>
          {c.name}
        </Link>{" "}
        already has {CONFLICT_WORDS[field]}. Change it, or merge the two customers from this page.
      </p>
    );
  };

  return (
    <form
      noValidate
      aria-label="Edit customer details"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const input = Object.fromEntries(
          ["firstName", "lastName", "email", "phone", "zip", "birthday", "anniversary", "externalId"].map((k) => [k, String(fd.get(k) ?? "")]),
        );
        startTransition(async () => {
          const res = await editCustomerAction(merchantSlug, { customerId: initial.id, ...input });
          if (!res.ok) {
            setError(res.error);
            setFieldErrors(res.fieldErrors ?? {});
            setConflicts([]);
            return;
          }
          if (res.data.status === "conflict") {
            setError(null);
            setFieldErrors({});
            setConflicts(res.data.conflicts);
            return;
          }
          toast.success(res.data.changed.length ? "Details saved." : "Nothing to change.");
          setError(null);
          setFieldErrors({});
          setConflicts([]);
          setEditing(false);
          router.refresh();
        });
      }}
    >
      {error && (
        <Alert variant="error" title="Not saved">
          {error}
        </Alert>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="First name" error={errorFor("firstName")}>
          <Input name="firstName" defaultValue={initial.firstName ?? ""} maxLength={81} autoComplete="off" />
        </FormField>
        <FormField label="Last name" error={errorFor("lastName")}>
          <Input name="lastName" defaultValue={initial.lastName ?? ""} maxLength={81} autoComplete="off" />
        </FormField>
        <div className="space-y-1.5">
          <FormField label="Email" error={errorFor("email")} hint="Changing it keeps their consent and unsubscribe as they are.">
            <Input
              name="email"
              type="email"
              defaultValue={initial.email ?? ""}
              maxLength={255}
              aria-invalid={conflictFor("email") ? true : undefined}
              autoComplete="off"
            />
          </FormField>
          {conflictNote("email")}
        </div>
        <div className="space-y-1.5">
          <FormField label="Phone" error={errorFor("phone")} hint="With the country code, like +1 415 555 0123.">
            <Input
              name="phone"
              type="tel"
              defaultValue={initial.phone ?? ""}
              maxLength={30}
              aria-invalid={conflictFor("phone") ? true : undefined}
              autoComplete="off"
            />
          </FormField>
          {conflictNote("phone")}
        </div>
        <FormField label="ZIP code" error={errorFor("zip")}>
          <Input name="zip" defaultValue={initial.zip ?? ""} maxLength={13} autoComplete="off" />
        </FormField>
        <div className="space-y-1.5">
          <FormField label="External id" error={errorFor("externalId")} hint="The id your POS or booking system uses for them.">
            <Input
              name="externalId"
              defaultValue={initial.externalId ?? ""}
              maxLength={121}
              aria-invalid={conflictFor("externalId") ? true : undefined}
              autoComplete="off"
            />
          </FormField>
          {conflictNote("externalId")}
        </div>
        <FormField label="Birthday" error={errorFor("birthday")}>
          <Input name="birthday" type="date" defaultValue={initial.birthday ?? ""} />
        </FormField>
        <FormField label="Anniversary" error={errorFor("anniversary")}>
          <Input name="anniversary" type="date" defaultValue={initial.anniversary ?? ""} />
        </FormField>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending} className="min-h-12 sm:min-h-10">
          {pending && <Spinner />} Save details
        </Button>
        <Button
          type="button"
          variant="ghost"
          className="min-h-12 sm:min-h-10"
          onClick={() => {
            setEditing(false);
            setError(null);
            setFieldErrors({});
            setConflicts([]);
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
