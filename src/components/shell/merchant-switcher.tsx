"use client";

import { useRouter } from "next/navigation";

export function MerchantSwitcher({ current, options }: { current: string; options: { slug: string; name: string }[] }) {
  const router = useRouter();
  if (options.length < 2) return null;
  return (
    <div className="px-3 pb-3">
      <label htmlFor="merchant-switcher" className="mb-1 block text-xs font-medium text-slate-600">
        Switch merchant
      </label>
      <select
        id="merchant-switcher"
        value={current}
        onChange={(e) => router.push(`/m/${e.target.value}`)}
        className="h-10 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
      >
        {options.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}
