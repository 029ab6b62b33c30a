"use client";

import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { onboardMerchantAction, suggestMerchantSlugAction } from "../actions";
import { MERCHANT_CATEGORIES, slugify } from "../schemas";

const COMMON_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Toronto",
  "Europe/London",
  "Europe/Paris",
  "Europe/Berlin",
  "Australia/Sydney",
  "UTC",
];

/** Onboard a merchant: who it is, where it is (zone, address), how its emails look, and its owner to invite. */
export function OnboardMerchantForm({ publisherSlug }: { publisherSlug: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [slug, setSlug] = useState("");
  const slugEdited = useRef(false);
  const [color, setColor] = useState("#0f766e");
  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    return [...COMMON_ZONES, ...all.filter((z) => !COMMON_ZONES.includes(z))];
  }, []);

  function submit(fd: FormData) {
    setError(null);
    const input = Object.fromEntries([...fd.entries()].map(([k, v]) => [k, String(v)]));
    start(async () => {
      const res = await onboardMerchantAction(publisherSlug, input);
      if (!res.ok) {
        setError(res.error);
        setFieldErrors(res.fieldErrors ?? {});
        return;
      }
      toast.success(`${res.data.merchant.name} is onboarded; the owner's invitation is on its way.`);
      router.push(`/p/${publisherSlug}/merchants/${res.data.merchant.slug}`);
    });
  }

  const e = fieldErrors;
  return (
    <form
      noValidate
      aria-label="Onboard a merchant"
      className="space-y-8"
      onSubmit={(ev) => {
        ev.preventDefault();
        submit(new FormData(ev.currentTarget));
      }}
    >
      {error && (
        <Alert variant="error" title="The merchant was not created">
          {error}
        </Alert>
      )}
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">The merchant</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <FormField label="Name" required error={e.name}>
            <Input
              name="name"
              autoComplete="organization"
              onChange={(ev) => {
                if (!slugEdited.current) setSlug(slugify(ev.target.value));
              }}
              onBlur={async (ev) => {
                if (slugEdited.current || !ev.target.value.trim()) return;
                const res = await suggestMerchantSlugAction(publisherSlug, { name: ev.target.value });
                if (res.ok && !slugEdited.current) setSlug(res.data.slug);
              }}
            />
          </FormField>
          <FormField
            label="Address in Regulars"
            required
            hint={`Their app will be at /m/${slug || "…"}. Suggested from the name; lower-case letters, digits and dashes.`}
            error={e.slug}
          >
            <Input
              name="slug"
              value={slug}
              onChange={(ev) => {
                slugEdited.current = true;
                setSlug(ev.target.value);
              }}
              className="font-mono"
            />
          </FormField>
          <FormField label="Category" error={e.category}>
            <Select name="category" defaultValue="restaurant">
              {MERCHANT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {c[0]!.toUpperCase() + c.slice(1)}
                </option>
              ))}
            </Select>
          </FormField>
          <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,1fr)] gap-4">
            <FormField label="Time zone" hint="Visit days and hours are counted in it." error={e.timeZone}>
              <Select name="timeZone" defaultValue="America/New_York">
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replaceAll("_", " ")}
                  </option>
                ))}
              </Select>
            </FormField>
            <FormField label="Currency" error={e.currency}>
              <Input name="currency" defaultValue="USD" maxLength={3} className="uppercase" />
            </FormField>
          </div>
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">Postal address</legend>
        <p className="text-xs text-muted-foreground">Printed in the footer of every promotion; without it the merchant cannot send one.</p>
        <div className="grid gap-4 md:grid-cols-2">
          <FormField label="Street address" error={e.addressLine1}>
            <Input name="addressLine1" autoComplete="address-line1" />
          </FormField>
          <FormField label="Suite, unit (optional)" error={e.addressLine2}>
            <Input name="addressLine2" autoComplete="address-line2" />
          </FormField>
          <FormField label="City" error={e.city}>
            <Input name="city" autoComplete="address-level2" />
          </FormField>
          <div className="grid grid-cols-3 gap-4">
            <FormField label="State / region" error={e.region}>
              <Input name="region" autoComplete="address-level1" />
            </FormField>
            <FormField label="Postal code" error={e.postalCode}>
              <Input name="postalCode" autoComplete="postal-code" />
            </FormField>
            <FormField label="Country" error={e.country}>
              <Input name="country" defaultValue="US" maxLength={2} className="uppercase" />
            </FormField>
          </div>
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">Branding</legend>
        <div className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <FormField label="Logo URL (optional)" hint="An https:// image, about 160 × 40 px." error={e.logoUrl}>
            <Input name="logoUrl" type="url" placeholder="https://example.com/logo.png" />
          </FormField>
          <FormField label="Brand colour" error={e.brandColor}>
            {(wiring) => (
              <div className="flex items-center gap-2">
                <input
                  type="color"
                  aria-label="Pick the brand colour"
                  value={/^#[0-9a-f]{6}$/i.test(color) ? color : "#0f766e"}
                  onChange={(ev) => setColor(ev.target.value)}
                  className="h-10 w-12 cursor-pointer rounded-md border border-input bg-surface p-1"
                />
                <Input {...wiring} name="brandColor" value={color} onChange={(ev) => setColor(ev.target.value)} maxLength={7} className="font-mono" />
              </div>
            )}
          </FormField>
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">The owner</legend>
        <FormField label="Owner's email" required hint="We email them a link to set a password; it works once and expires in 7 days." error={e.ownerEmail}>
          <Input name="ownerEmail" type="email" autoComplete="off" className="max-w-md" />
        </FormField>
      </fieldset>

      <Button type="submit" size="lg" disabled={pending}>
        {pending ? "Onboarding…" : "Onboard and invite the owner"}
      </Button>
    </form>
  );
}
