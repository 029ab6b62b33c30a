"use client";

import { RotateCcw, TriangleExclamationPoint } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-6 py-16 text-center" role="alert">
      <div aria-hidden className="mb-5 flex size-14 items-center justify-center rounded-full bg-red-50 text-destructive">
        <TriangleExclamationPoint className="size-7" />
      </div>
      <h1 className="text-2xl font-semibold tracking-tight text-foreground">Something went wrong</h1>
      <p className="mt-3 max-w-md text-muted-foreground">We couldn&apos;t load this page. Try again; if it keeps happening, tell us the reference below.</p>
      {error.digest && (
        <p className="mt-3 text-sm text-muted-foreground">
          Reference <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-foreground">{error.digest}</code>
        </p>
      )}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Button type="button" size="lg" onClick={reset}>
          <RotateCcw aria-hidden /> Try again
        </Button>
        <Button asChild size="lg" variant="outline">
          <Link href="/start">Go to your home</Link>
        </Button>
      </div>
    </main>
  );
}
