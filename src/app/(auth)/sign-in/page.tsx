import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser, COUNTER_DEVICE_COOKIE } from "@/lib/auth";
import { CounterPinForm } from "@/features/accounts/components/counter-pin-form";
import { SignInForm } from "@/features/accounts/components/sign-in-form";
import { getPairedCounter } from "@/features/accounts/queries";
import { env } from "@/lib/env";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { signInErrorMessage } from "@/lib/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl, env().APP_URL);
  // next-auth sends refused sign-ins here as ?error=<code> when the form ran without JavaScript.
  const error = signInErrorMessage(typeof params.error === "string" ? params.error : null);
  if (await getCurrentUser()) redirect(callbackUrl);
  const deviceSecret = (await cookies()).get(COUNTER_DEVICE_COOKIE)?.value;
  const counter = deviceSecret ? await getPairedCounter(deviceSecret) : null;

  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center">
          <Link href="/" className="text-2xl font-bold tracking-tight text-teal-800">
            Regulars
          </Link>
          <h1 className="mt-2 text-xl font-semibold text-slate-900">{counter ? `${counter.merchant.name} counter` : "Sign in"}</h1>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {counter ? <CounterPinForm merchant={counter.merchant} staff={counter.staff} /> : <SignInForm callbackUrl={callbackUrl} initialError={error} />}
        </div>
        {counter && (
          <details className="text-center text-sm text-slate-600">
            <summary className="cursor-pointer">Manager sign-in</summary>
            <div className="mt-4 rounded-xl border border-slate-200 bg-white p-6 text-left">
              <SignInForm callbackUrl={callbackUrl} initialError={error} />
            </div>
          </details>
        )}
      </div>
    </main>
  );
}
