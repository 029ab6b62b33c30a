"use client";

import { LogOut } from "lucide-react";
import { signOutTo } from "@/lib/sign-out";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

function initials(name: string, email: string) {
  const words = (name || email)
    .trim()
    .split(/[\s@._-]+/)
    .filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words.length > 1 ? words[1][0] : "")).toUpperCase();
}

/** Who is signed in, and the way out. */
export function UserMenu({ user }: { user: { name: string; email: string } }) {
  const [signingOut, setSigningOut] = useState(false);
  return (
    <div className="border-t border-border p-3">
      <div className="flex items-center gap-3 px-2 py-1">
        <span aria-hidden className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-900">
          {initials(user.name, user.email)}
        </span>
        <div className="min-w-0">
          <p className="truncate text-sm font-medium text-foreground">{user.name || user.email}</p>
          {user.name && <p className="truncate text-xs text-muted-foreground">{user.email}</p>}
        </div>
      </div>
      <Button
        type="button"
        variant="ghost"
        size="sm"
        className="mt-2 h-12 w-full justify-start lg:h-9 lg:pointer-coarse:h-12"
        disabled={signingOut}
        onClick={() => {
          setSigningOut(true);
          void signOutTo("/sign-in");
        }}
      >
        {signingOut ? <Spinner /> : <LogOut aria-hidden />}
        Sign out
      </Button>
    </div>
  );
}
