import { Compass } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-6 py-16 text-center">
      <div aria-hidden className="mb-5 flex size-14 items-center justify-center rounded-full bg-brand-50 text-brand-700">
        <Compass className="size-7" />
      </div>
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-foreground sm:text-3xl">Page not found</h1>
      <p className="mt-3 max-w-md text-muted-foreground">The link may be old or mistyped, or the page belongs to an account you&apos;re not signed in to.</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        {/* /start sends a signed-in person to their own home, and anyone else to sign in. */}
        <Button asChild size="lg">
          <Link href="/start">Go to your home</Link>
        </Button>
        <Button asChild size="lg" variant="outline">
          <Link href="/">Regulars home page</Link>
        </Button>
      </div>
    </main>
  );
}
