"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { looksLikeCode } from "./counter-search";
import { CONTACT_MAX, NAME_MAX, walkInCustomer, type TWalkInCustomer, type TWalkInErrors, type TWalkInFields } from "./walk-in";

/** A walk-in's name and phone or email, each with its message; also used to correct a refused walk-in. */
export function WalkInInputs({
  fields,
  errors,
  onChange,
  onBlur,
  autoFocus,
}: {
  fields: TWalkInFields;
  errors: TWalkInErrors;
  onChange: (f: TWalkInFields) => void;
  onBlur?: () => void;
  autoFocus?: boolean;
}) {
  const field = (key: keyof TWalkInFields, id: string, label: string, extra: Record<string, unknown>) => (
    <div className="min-w-0 space-y-1">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={key}
        value={fields[key]}
        onChange={(e) => onChange({ ...fields, [key]: e.target.value })}
        onBlur={onBlur}
        className="h-12"
        aria-invalid={!!errors[key]}
        aria-describedby={errors[key] ? `${id}-error` : undefined}
        {...extra}
      />
      {errors[key] && (
        <p id={`${id}-error`} className="text-sm text-red-700 [overflow-wrap:anywhere]">
          {errors[key]}
        </p>
      )}
    </div>
  );
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      {field("firstName", "qa-first", "First name", { maxLength: NAME_MAX, autoFocus, autoComplete: "off" })}
      {field("lastName", "qa-last", "Last name", { maxLength: NAME_MAX, autoComplete: "off" })}
      {field("contact", "qa-contact", "Phone or email", { maxLength: CONTACT_MAX, inputMode: "email", autoComplete: "off" })}
    </div>
  );
}

/** Adds a walk-in from what was typed in the search box: a name becomes first and last name. */
export function QuickAdd({ initial, onCancel, onAdd }: { initial: string; onCancel: () => void; onAdd: (c: TWalkInCustomer, label: string) => void }) {
  const [first, ...rest] = looksLikeCode(initial) || initial.includes("@") || /\d{3}/.test(initial) ? [""] : initial.trim().split(/\s+/);
  const [fields, setFields] = useState<TWalkInFields>({
    firstName: (first ?? "").slice(0, NAME_MAX),
    lastName: rest.join(" ").slice(0, NAME_MAX),
    contact: "",
  });
  const [errors, setErrors] = useState<TWalkInErrors>({});
  // Checked as it is typed once a field was left (or Continue pressed), so a typo shows before Continue.
  const [checked, setChecked] = useState(false);
  const check = (f: TWalkInFields) => {
    const r = walkInCustomer(f);
    setErrors(r.ok ? {} : r.errors);
    return r;
  };
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setChecked(true);
        const r = check(fields);
        if (r.ok) onAdd(r.customer, r.label);
      }}
    >
      <h2 className="text-lg font-semibold">New customer</h2>
      <WalkInInputs
        fields={fields}
        errors={errors}
        autoFocus
        onChange={(f) => {
          setFields(f);
          if (checked || Object.keys(errors).length) check(f);
        }}
        onBlur={() => {
          if (fields.contact.trim() || checked) {
            setChecked(true);
            check(fields);
          }
        }}
      />
      {errors.form && <Alert variant="error">{errors.form}</Alert>}
      <div className="flex gap-2">
        <Button type="button" variant="ghost" size="xl" onClick={onCancel}>
          Back
        </Button>
        <Button type="submit" size="xl" className="flex-1">
          Continue
        </Button>
      </div>
    </form>
  );
}
