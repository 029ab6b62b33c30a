"use client";

import { GeistSans } from "geist/font/sans";
import "./globals.css";

// Replaces the root layout when that layout itself fails, so it brings its own <html>, fonts and styles.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <title>Something went wrong · Regulars</title>
        <main className="flex min-h-dvh flex-col items-center justify-center px-6 py-16 text-center" role="alert">
          <p className="text-xs font-bold uppercase tracking-widest text-brand-700">Regulars</p>
          <h1 className="mt-3 text-2xl font-semibold tracking-tight">Something went wrong</h1>
          <p className="mt-3 max-w-md text-muted-foreground">Regulars couldn&apos;t start this page. Please try again in a moment.</p>
          {error.digest && (
            <p className="mt-3 text-sm text-muted-foreground">
              Reference <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-foreground">{error.digest}</code>
            </p>
          )}
          <button
            type="button"
            onClick={reset}
            className="mt-8 inline-flex h-12 items-center rounded-md bg-primary px-5 font-medium text-primary-foreground hover:bg-primary-hover"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
