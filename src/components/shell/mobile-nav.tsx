"use client";

import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type FocusEvent, type ReactNode, type RefObject } from "react";
import { cn } from "@/lib/utils";

type TNavState = { open: boolean; setOpen: (open: boolean) => void; buttonRef: RefObject<HTMLButtonElement | null> };

const NavStateContext = createContext<TNavState | null>(null);

function useNavState() {
  const state = useContext(NavStateContext);
  if (!state) throw new Error("Mobile nav parts must be inside <MobileNavProvider>");
  return state;
}

/** Holds whether the small-screen nav drawer is open. It closes itself when the page changes. */
export function MobileNavProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // Remember the page it was opened on instead of resetting state in an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn !== null && openOn === pathname;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const setOpen = useCallback((next: boolean) => setOpenOn(next ? pathname : null), [pathname]);
  const value = useMemo(() => ({ open, setOpen, buttonRef }), [open, setOpen]);
  return <NavStateContext.Provider value={value}>{children}</NavStateContext.Provider>;
}

/** The top bar's menu button (hidden on desktop, where the sidebar is always shown). */
export function MobileNavButton() {
  const { open, setOpen, buttonRef } = useNavState();
  return (
    <button
      ref={buttonRef}
      type="button"
      aria-expanded={open}
      aria-controls="app-sidebar"
      onClick={() => setOpen(!open)}
      className="-mr-2 inline-flex size-12 items-center justify-center rounded-md text-slate-700 hover:bg-muted lg:hidden"
    >
      {open ? <X aria-hidden className="size-5" /> : <Menu aria-hidden className="size-5" />}
      <span className="sr-only">{open ? "Close menu" : "Open menu"}</span>
    </button>
  );
}

/**
 * The one copy of the navigation: a fixed sidebar from 1024 px up, a drawer under the top bar
 * below that (a disclosure: focus stays on the button, Tab continues into the drawer).
 * Escape, a tap outside, or moving focus out of the drawer closes it.
 */
export function Sidebar({ children }: { children: ReactNode }) {
  const { open, setOpen, buttonRef } = useNavState();

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, setOpen, buttonRef]);

  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    const next = e.relatedTarget as Node | null;
    if (open && next && !e.currentTarget.contains(next) && next !== buttonRef.current) setOpen(false);
  };

  return (
    <>
      {open && <div aria-hidden className="fixed inset-x-0 bottom-0 top-14 z-30 bg-slate-900/40 lg:hidden" onClick={() => setOpen(false)} />}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: onBlur closes the phone menu when focus leaves it; the links inside are the controls */}
      <div
        id="app-sidebar"
        onBlur={onBlur}
        className={cn(
          "fixed bottom-0 left-0 z-40 flex-col border-r border-border bg-surface",
          "top-14 w-72 max-w-[85vw] pt-3 shadow-xl",
          "lg:top-0 lg:flex lg:w-64 lg:max-w-none lg:pt-0 lg:shadow-none",
          open ? "flex" : "hidden",
        )}
      >
        {children}
      </div>
    </>
  );
}
