"use client";

import { signOut } from "next-auth/react";

/**
 * Signs out and goes to `path` on the host the app was reached on. next-auth's own redirect makes
 * the path absolute with NEXTAUTH_URL, which sent people reaching the app by another name (a LAN
 * address, a preview domain) to localhost.
 */
export async function signOutTo(path: string): Promise<void> {
  await signOut({ redirect: false });
  window.location.assign(path.startsWith("/") && !path.startsWith("//") ? path : "/sign-in");
}
