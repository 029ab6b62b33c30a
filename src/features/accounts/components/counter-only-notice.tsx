"use client";

import { Lock } from "lucide-react";
import { signOutTo } from "@/lib/sign-out";
import Link from "next/link";
import { useParams, usePathname } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/**
 * What a PIN session sees anywhere but the counter. Password sign-in needs the PIN session to end
 * first; the sign-in page then brings the person back to the page they asked for.
 */
export function CounterOnlyNotice() {
  const pathname = usePathname();
  const params = useParams<{ merchant?: string }>();
  const [leaving, setLeaving] = useState(false);
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-6 py-16 text-center">
      <div aria-hidden className="mb-5 flex size-14 items-center justify-center rounded-full bg-brand-50 text-brand-700">
        <Lock className="size-7" />
      </div>
      <p className="text-sm font-semibold text-brand-700">403</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-foreground sm:text-3xl">This tablet is signed in for the counter only</h1>
      <p className="mt-3 max-w-md text-muted-foreground">A PIN opens the counter and nothing else. To see this page, sign in with your email and password.</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Button
          type="button"
          size="lg"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void signOutTo(`/sign-in?callbackUrl=${encodeURIComponent(pathname)}`);
          }}
        >
          {leaving && <Spinner />}
          Sign in with your password
        </Button>
        {params.merchant && (
          <Button asChild size="lg" variant="outline">
            <Link href={`/m/${params.merchant}/counter`}>Back to the counter</Link>
          </Button>
        )}
      </div>
    </main>
  );
}
