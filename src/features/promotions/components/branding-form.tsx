"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import type { TActionResult } from "@/lib/chain";
import { updateBrandingAction } from "../actions";
import type { TMerchantAddress } from "@/lib/address";
import { brandingInputFromForm } from "../schemas";

export type TBrandingValues = TMerchantAddress & { addressLine2: string | null; logoUrl: string | null; brandColor: string; promotionFrequencyCapDays: number };

export function BrandingForm({ merchantSlug, initial }: { merchantSlug: string; initial: TBrandingValues }) {
  const router = useRouter();
  const [color, setColor] = useState(initial.brandColor);
  const [state, formAction, pending] = useActionState<TActionResult<{ id: string }> | null, FormData>(async (_prev, fd) => {
    const res = await updateBrandingAction(merchantSlug, brandingInputFromForm(fd));
    if (res.ok) {
      toast.success("Branding saved.");
      router.refresh();
    }
    return res;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form
      noValidate
      aria-label="Branding and promotion settings"
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => formAction(fd));
      }}
    >
      {state && !state.ok && <Alert variant="error" title="Not saved">{state.error}</Alert>}
      <div className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <FormField label="Logo URL" hint="An https:// image, about 160 × 40 px. Blank shows your name instead." error={errors.logoUrl}>
          <Input name="logoUrl" type="url" defaultValue={initial.logoUrl ?? ""} placeholder="https://example.com/logo.png" />
        </FormField>
        <FormField label="Brand colour" hint="The email’s header and highlights." error={errors.brandColor}>
          {(wiring) => (
            <div className="flex items-center gap-2">
              <input type="color" aria-label="Pick the brand colour" value={/^#[0-9a-f]{6}$/i.test(color) ? color : "#0f766e"} onChange={(e) => setColor(e.target.value)} className="h-10 w-12 cursor-pointer rounded-md border border-input bg-surface p-1" />
              <Input {...wiring} name="brandColor" value={color} onChange={(e) => setColor(e.target.value)} maxLength={7} className="font-mono" />
            </div>
          )}
        </FormField>
      </div>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold">Postal address</legend>
        <p className="text-xs text-muted-foreground">Shown in the footer of every promotion (required by anti-spam law before you can send one).</p>
        <div className="grid gap-4 md:grid-cols-2">
          <FormField label="Street address" error={errors.addressLine1}>
            <Input name="addressLine1" defaultValue={initial.addressLine1} autoComplete="address-line1" />
          </FormField>
          <FormField label="Suite, unit (optional)" error={errors.addressLine2}>
            <Input name="addressLine2" defaultValue={initial.addressLine2 ?? ""} autoComplete="address-line2" />
          </FormField>
          <FormField label="City" error={errors.city}>
            <Input name="city" defaultValue={initial.city} autoComplete="address-level2" />
          </FormField>
          <FormField label="State or region" error={errors.region}>
            <Input name="region" defaultValue={initial.region} autoComplete="address-level1" />
          </FormField>
          <FormField label="Postal code" error={errors.postalCode}>
            <Input name="postalCode" defaultValue={initial.postalCode} autoComplete="postal-code" />
          </FormField>
          <FormField label="Country code" hint="Two letters, like US." error={errors.country}>
            <Input name="country" defaultValue={initial.country} maxLength={2} autoComplete="country" className="uppercase" />
          </FormField>
        </div>
      </fieldset>
      <FormField
        label="Promotions per customer"
        hint="No customer gets more than one promotion in this many days. 0 means no limit."
        error={errors.promotionFrequencyCapDays}
        className="max-w-xs"
      >
        <Input name="promotionFrequencyCapDays" type="number" inputMode="numeric" min={0} max={365} defaultValue={initial.promotionFrequencyCapDays} />
      </FormField>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending && <Spinner />}
        Save branding
      </Button>
    </form>
  );
}
