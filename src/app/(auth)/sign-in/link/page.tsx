import type { Metadata } from "next";
import { MagicLinkSignIn } from "@/features/accounts/components/magic-link-sign-in";
import { env } from "@/lib/env";
import { safeRedirectPath } from "@/lib/safe-redirect";

export const metadata: Metadata = { title: "Signing you in" };

export default async function MagicLinkPage({ searchParams }: { searchParams: Promise<{ token?: string; callbackUrl?: string }> }) {
  const { token, callbackUrl } = await searchParams;
  const target = safeRedirectPath(callbackUrl, env().APP_URL);
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-md space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-center text-xl font-semibold text-slate-900">Sign in with your email link</h1>
        <MagicLinkSignIn token={token ?? ""} callbackUrl={target} />
      </div>
    </main>
  );
}
