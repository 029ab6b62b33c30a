"use client";

import { useRouter } from "next/navigation";
import { useId, useTransition } from "react";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";

/** Moves between the merchants this user belongs to; renders nothing when there is only one. */
export function MerchantSwitcher({ current: currentSlug, options }: { current: string; options: { slug: string; name: string }[] }) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  if (options.length < 2) return null;
  return (
    <div className="px-3 pb-3">
      <div className="mb-1.5 flex items-center gap-2">
        <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
          Switch merchant
        </label>
        {pending && <Spinner className="size-3 text-muted-foreground" label="Opening merchant…" />}
      </div>
      <Select
        id={id}
        value={currentSlug}
        aria-busy={pending || undefined}
        className="h-12 lg:h-10"
        onChange={(e) => {
          const slug = e.target.value;
          if (slug === currentSlug) return;
          startTransition(() => router.push(`/m/${encodeURIComponent(slug)}`));
        }}
      >
        {options.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
      </Select>
    </div>
  );
}
