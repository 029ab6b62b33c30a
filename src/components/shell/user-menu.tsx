"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function UserMenu({ user }: { user: { name: string; email: string } }) {
  return (
    <div className="border-t border-slate-200 p-3">
      <p className="truncate text-sm font-medium text-slate-900">{user.name || user.email}</p>
      <p className="truncate text-xs text-slate-600">{user.email}</p>
      <Button variant="ghost" size="sm" className="mt-2 w-full justify-start" onClick={() => signOut({ callbackUrl: "/sign-in" })}>
        <LogOut aria-hidden /> Sign out
      </Button>
    </div>
  );
}
