"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Circle } from "lucide-react";
import { cn } from "@/lib/utils";
import { ICONS, type TNavItem } from "./icons";

export type { TIconName, TNavItem } from "./icons";

function matches(pathname: string, item: TNavItem) {
  if (item.exact) return pathname === item.href;
  return pathname === item.href || pathname.startsWith(item.href.endsWith("/") ? item.href : `${item.href}/`);
}

/** The nav list; the current page (the longest matching href) gets aria-current="page". */
export function NavLinks({ items }: { items: TNavItem[] }) {
  const pathname = usePathname() ?? "";
  const current = items.filter((item) => matches(pathname, item)).sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <ul className="flex flex-col gap-0.5">
      {items.map((item) => {
        const active = item === current;
        // A name missing from the map (nav built from data) still renders, with a plain dot.
        const Icon = ICONS[item.icon] ?? Circle;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "group flex min-h-12 items-center gap-3 rounded-md px-3 text-sm font-medium transition-colors lg:min-h-10 lg:pointer-coarse:min-h-12",
                active ? "bg-accent text-accent-foreground" : "text-slate-700 hover:bg-muted hover:text-foreground",
              )}
            >
              <Icon aria-hidden className={cn("size-4 shrink-0", active ? "text-brand-700" : "text-slate-500 group-hover:text-slate-700")} />
              <span className="truncate">{item.label}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
