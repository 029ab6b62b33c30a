"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { saveDealAction } from "../actions";

export type TDealFormValues = { title: string; price: string; value: string; startsOn: string; endsOn: string; voucherExpiresOn: string; quantity: string };

const EMPTY: TDealFormValues = { title: "", price: "", value: "", startsOn: "", endsOn: "", voucherExpiresOn: "", quantity: "" };

/** Create or edit a daily deal: what it sells, for how much, when, and how many. Days are the merchant's. */
export function DealForm({
  publisherSlug,
  merchantSlug,
  currency,
  timeZone,
  dealId,
  initial = EMPTY,
}: {
  publisherSlug: string;
  merchantSlug: string;
  currency: string;
  timeZone: string;
  dealId?: string;
  initial?: TDealFormValues;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const e = (k: keyof TDealFormValues) => fieldErrors[`deal.${k}`];
  return (
    <form
      noValidate
      aria-label={dealId ? "Edit the deal" : "New deal"}
      className="space-y-5"
      onSubmit={(ev) => {
        ev.preventDefault();
        const fd = new FormData(ev.currentTarget);
        const deal = Object.fromEntries(Object.keys(EMPTY).map((k) => [k, String(fd.get(k) ?? "")]));
        setError(null);
        start(async () => {
          const res = await saveDealAction(publisherSlug, { merchantSlug, dealId, deal });
          if (!res.ok) {
            setError(res.error);
            setFieldErrors(res.fieldErrors ?? {});
            return;
          }
          setFieldErrors({});
          toast.success(dealId ? "Deal saved." : "Deal created. Now load its sold vouchers.");
          if (dealId) router.refresh();
          else router.push(`/p/${publisherSlug}/merchants/${merchantSlug}/deals/${res.data.id}`);
        });
      }}
    >
      {error && (
        <Alert variant="error" title="The deal was not saved">
          {error}
        </Alert>
      )}
      <FormField label="Title" required error={e("title")}>
        <Input name="title" defaultValue={initial.title} placeholder="Brunch for two with mimosas" maxLength={200} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label={`Price (${currency})`} required hint="What the buyer paid." error={e("price")}>
          <Input name="price" inputMode="decimal" defaultValue={initial.price} placeholder="25.00" />
        </FormField>
        <FormField label={`Value (${currency})`} required hint="What the voucher is worth." error={e("value")}>
          <Input name="value" inputMode="decimal" defaultValue={initial.value} placeholder="50.00" />
        </FormField>
        <FormField label="Quantity" hint="Vouchers for sale; blank for no limit." error={e("quantity")}>
          <Input name="quantity" inputMode="numeric" defaultValue={initial.quantity} />
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="On sale from" error={e("startsOn")}>
          <Input name="startsOn" type="date" defaultValue={initial.startsOn} />
        </FormField>
        <FormField label="On sale until" error={e("endsOn")}>
          <Input name="endsOn" type="date" defaultValue={initial.endsOn} />
        </FormField>
        <FormField label="Vouchers expire" hint={`End of that day, ${timeZone.replaceAll("_", " ")}.`} error={e("voucherExpiresOn")}>
          <Input name="voucherExpiresOn" type="date" defaultValue={initial.voucherExpiresOn} />
        </FormField>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : dealId ? "Save the deal" : "Create the deal"}
      </Button>
    </form>
  );
}
