import type { ReactNode } from "react";
import { MobileNav } from "./mobile-nav";
import { NavLinks, type TNavItem } from "./nav-links";
import { UserMenu } from "./user-menu";

type TShellProps = {
  brand: { name: string; subtitle?: string };
  nav: TNavItem[];
  user: { name: string; email: string };
  switcher?: ReactNode;
  children: ReactNode;
};

/** The signed-in frame: sidebar on desktop, a top bar with a menu button below 1024 px. */
export function AppShell({ brand, nav, user, switcher, children }: TShellProps) {
  const sidebar = (
    <>
      <div className="px-5 py-5">
        <p className="text-xs font-bold uppercase tracking-widest text-teal-700">Regulars</p>
        <p className="mt-1 truncate text-base font-semibold text-slate-900">{brand.name}</p>
        {brand.subtitle && <p className="truncate text-xs text-slate-600">{brand.subtitle}</p>}
      </div>
      {switcher}
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-3">
        <NavLinks items={nav} />
      </nav>
      <UserMenu user={user} />
    </>
  );
  return (
    <div className="min-h-dvh bg-slate-50">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col border-r border-slate-200 bg-white lg:flex">{sidebar}</aside>
      <MobileNav title={brand.name}>{sidebar}</MobileNav>
      <main id="content" className="px-4 py-6 sm:px-6 lg:ml-64 lg:px-10 lg:py-8">
        <div className="mx-auto max-w-7xl">{children}</div>
      </main>
    </div>
  );
}
