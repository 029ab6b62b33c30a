"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useZodForm } from "@/components/forms/use-zod-form";
import { updateBrandingAction } from "../actions";
import type { TMerchantAddress } from "@/lib/address";
import { brandingInputFromFields, ZBrandingInput } from "../schemas";

export type TBrandingValues = TMerchantAddress & { addressLine2: string | null; logoUrl: string | null; brandColor: string; promotionFrequencyCapDays: number };

export function BrandingForm({ merchantSlug, initial }: { merchantSlug: string; initial: TBrandingValues }) {
  const router = useRouter();
  const { form, submitTo, errorOf, formError, pending } = useZodForm({
    schema: ZBrandingInput,
    toInput: brandingInputFromFields,
    defaultValues: {
      logoUrl: initial.logoUrl ?? "",
      brandColor: initial.brandColor,
      addressLine1: initial.addressLine1,
      addressLine2: initial.addressLine2 ?? "",
      city: initial.city,
      region: initial.region,
      postalCode: initial.postalCode,
      country: initial.country,
      promotionFrequencyCapDays: String(initial.promotionFrequencyCapDays),
    },
  });
  const { register, setValue } = form;
  const color = form.watch("brandColor");
  const onSubmit = submitTo(
    (input) => updateBrandingAction(merchantSlug, input),
    () => {
      toast.success("Branding saved.");
      router.refresh();
    },
  );
  return (
    <form noValidate aria-label="Branding and promotion settings" className="space-y-5" onSubmit={onSubmit}>
      {formError && (
        <Alert variant="error" title="Not saved">
          {formError}
        </Alert>
      )}
      <div className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <FormField label="Logo URL" hint="An https:// image, about 160 × 40 px. Blank shows your name instead." error={errorOf("logoUrl")}>
          <Input {...register("logoUrl")} type="url" placeholder="https://example.com/logo.png" />
        </FormField>
        <FormField label="Brand colour" hint="The email’s header and highlights." error={errorOf("brandColor")}>
          {(wiring) => (
            <div className="flex items-center gap-2">
              <input
                type="color"
                aria-label="Pick the brand colour"
                value={/^#[0-9a-f]{6}$/i.test(color) ? color : "#0f766e"}
                onChange={(e) => setValue("brandColor", e.target.value, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
                className="h-10 w-12 cursor-pointer rounded-md border border-input bg-surface p-1"
              />
              <Input {...wiring} {...register("brandColor")} maxLength={7} className="font-mono" />
            </div>
          )}
        </FormField>
      </div>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold">Postal address</legend>
        <p className="text-xs text-muted-foreground">Shown in the footer of every promotion (required by anti-spam law before you can send one).</p>
        <div className="grid gap-4 md:grid-cols-2">
          <FormField label="Street address" error={errorOf("addressLine1")}>
            <Input {...register("addressLine1")} autoComplete="address-line1" />
          </FormField>
          <FormField label="Suite, unit (optional)" error={errorOf("addressLine2")}>
            <Input {...register("addressLine2")} autoComplete="address-line2" />
          </FormField>
          <FormField label="City" error={errorOf("city")}>
            <Input {...register("city")} autoComplete="address-level2" />
          </FormField>
          <FormField label="State or region" error={errorOf("region")}>
            <Input {...register("region")} autoComplete="address-level1" />
          </FormField>
          <FormField label="Postal code" error={errorOf("postalCode")}>
            <Input {...register("postalCode")} autoComplete="postal-code" />
          </FormField>
          <FormField label="Country code" hint="Two letters, like US." error={errorOf("country")}>
            <Input {...register("country")} maxLength={2} autoComplete="country" className="uppercase" />
          </FormField>
        </div>
      </fieldset>
      <FormField
        label="Promotions per customer"
        hint="No customer gets more than one promotion in this many days. 0 means no limit."
        error={errorOf("promotionFrequencyCapDays")}
        className="max-w-xs"
      >
        <Input {...register("promotionFrequencyCapDays")} type="number" inputMode="numeric" min={0} max={365} />
      </FormField>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending && <Spinner />}
        Save branding
      </Button>
    </form>
  );
}
