import type { ReactNode } from "react";
import type { TNavItem } from "./icons";
import { MobileNavButton, MobileNavProvider, Sidebar } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

export type { TIconName, TNavItem } from "./icons";

export type TAppShellProps = {
  brand: { name: string; subtitle?: string };
  nav: TNavItem[];
  user: { name: string; email: string };
  /** Placed above the nav, e.g. a <MerchantSwitcher>. */
  switcher?: ReactNode;
  children: ReactNode;
};

/** The signed-in frame: a sidebar from 1024 px up; below that a top bar whose menu button opens the same nav. */
export function AppShell({ brand, nav, user, switcher, children }: TAppShellProps) {
  return (
    <MobileNavProvider>
      <div className="min-h-dvh bg-background">
        <a
          href="#content"
          className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-foreground focus:shadow-lg"
        >
          Skip to content
        </a>

        <header className="sticky top-0 z-40 flex h-14 items-center justify-between gap-3 border-b border-border bg-surface px-4 lg:hidden">
          <div className="min-w-0">
            <p className="truncate text-sm font-semibold text-foreground">{brand.name}</p>
            {brand.subtitle && <p className="truncate text-xs text-muted-foreground">{brand.subtitle}</p>}
          </div>
          <MobileNavButton />
        </header>

        <Sidebar>
          <div className="hidden px-5 pb-4 pt-5 lg:block">
            <p className="text-xs font-bold uppercase tracking-widest text-brand-700">Regulars</p>
            <p className="mt-1 truncate text-base font-semibold text-foreground" title={brand.name}>
              {brand.name}
            </p>
            {brand.subtitle && <p className="truncate text-xs text-muted-foreground">{brand.subtitle}</p>}
          </div>
          {switcher}
          <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 pb-3">
            <NavLinks items={nav} />
          </nav>
          <UserMenu user={user} />
        </Sidebar>

        <div className="lg:pl-64">
          <main id="content" tabIndex={-1} className="px-4 py-6 outline-none sm:px-6 lg:px-10 lg:py-8">
            <div className="mx-auto max-w-7xl">{children}</div>
          </main>
        </div>
      </div>
    </MobileNavProvider>
  );
}
