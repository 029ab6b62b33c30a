import { ArrowRight, Funnel, Megaphone, Star, Tablet } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = {
  title: { absolute: "Regulars — turn daily-deal one-timers into regulars" },
};

const features = [
  {
    icon: Tablet,
    title: "Capture at the counter",
    body: "Redeem a voucher or record a walk-in in a few taps: stars, tags, party size, spend. The tablet keeps working when the Wi-Fi doesn't, and nothing is counted twice.",
  },
  {
    icon: Funnel,
    title: "Best Customer List with Smart Filters",
    body: "Every redemption lands in one list. One click shows your best customers, lapsed regulars or off-peak regulars — or build your own filter and save it as a Group.",
  },
  {
    icon: Megaphone,
    title: "Social Select promotions",
    body: "Send a personal offer to a Group, then see who came back and what they spent — measured against a holdout that didn't get it, so you know the promotion did it.",
  },
];

const sample = [
  { name: "Maria G.", stars: 3, note: "12 visits · Tue, Wed" },
  { name: "Sam O.", stars: 3, note: "8 visits · Sun" },
  { name: "Priya K.", stars: 2, note: "5 visits · Mon" },
];

export default function LandingPage() {
  return (
    <div className="flex min-h-dvh flex-col bg-surface">
      <header className="border-b border-border/70">
        <div className="mx-auto flex h-16 max-w-6xl items-center justify-between px-6">
          <Link href="/" className="flex items-center gap-2 rounded-md text-lg font-bold tracking-tight text-brand-800">
            <span aria-hidden className="flex size-8 items-center justify-center rounded-lg bg-primary text-sm text-primary-foreground">
              R
            </span>
            Regulars
          </Link>
          <Button asChild variant="outline">
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </div>
      </header>

      <main id="content" className="flex-1">
        <section className="bg-linear-to-b from-brand-50 to-surface">
          <div className="mx-auto grid max-w-6xl items-center gap-12 px-6 py-16 sm:py-24 lg:grid-cols-[1.15fr_1fr]">
            <div>
              <p className="text-sm font-semibold text-brand-700">For bistros, wine stores, salons and every local business that runs deals</p>
              <h1 className="mt-3 text-balance text-4xl font-semibold tracking-tight text-foreground sm:text-5xl">
                Turn daily-deal <span className="whitespace-nowrap">one-timers</span> into regulars.
              </h1>
              <p className="mt-5 max-w-xl text-lg text-slate-700">
                Regulars records every deal redemption at the counter, keeps your Best Customer List, and brings the right customers back with promotions you
                can measure.
              </p>
              <div className="mt-8 flex flex-wrap items-center gap-3">
                <Button asChild size="lg">
                  <Link href="/sign-in">
                    Sign in <ArrowRight aria-hidden />
                  </Link>
                </Button>
                <p className="text-sm text-muted-foreground">Your deal publisher sets up your account.</p>
              </div>
            </div>

            {/* An illustration of a Smart Filter, drawn in HTML so it stays sharp and readable. */}
            <figure className="rounded-2xl border border-border bg-surface p-5 shadow-lg shadow-brand-900/5">
              <figcaption className="flex flex-wrap items-center justify-between gap-2">
                <span className="text-sm font-semibold text-foreground">Off-peak regulars</span>
                <span className="rounded-full bg-brand-100 px-2.5 py-0.5 text-xs font-medium text-brand-900">214 customers</span>
              </figcaption>
              <p className="mt-2 text-xs text-muted-foreground">2–3 stars · last visit over 30 days ago · usually comes Sunday–Wednesday</p>
              <ul className="mt-4 divide-y divide-border rounded-lg border border-border">
                {sample.map((c) => (
                  <li key={c.name} className="flex items-center justify-between gap-3 px-3 py-2.5 text-sm">
                    <span className="font-medium text-foreground">{c.name}</span>
                    <span className="flex items-center gap-3 text-xs text-muted-foreground">
                      {c.note}
                      <span className="flex text-amber-500" aria-label={`${c.stars} of 3 stars`} role="img">
                        {[1, 2, 3].map((n) => (
                          <Star key={n} aria-hidden className={n <= c.stars ? "size-3.5 fill-current" : "size-3.5 text-slate-300"} />
                        ))}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
              <p className="mt-4 flex items-center gap-2 text-sm text-foreground">
                <Megaphone aria-hidden className="size-4 text-brand-700" />
                Send the “Off Peak” promotion
              </p>
            </figure>
          </div>
        </section>

        <section aria-labelledby="features-heading" className="mx-auto max-w-6xl px-6 py-16 sm:py-20">
          <h2 id="features-heading" className="sr-only">
            What Regulars does
          </h2>
          <ul className="grid gap-6 md:grid-cols-3">
            {features.map((f) => (
              <li key={f.title} className="rounded-xl border border-border bg-surface p-6 shadow-sm">
                <span aria-hidden className="flex size-10 items-center justify-center rounded-lg bg-brand-50 text-brand-700">
                  <f.icon className="size-5" />
                </span>
                <h3 className="mt-4 font-semibold text-foreground">{f.title}</h3>
                <p className="mt-2 text-sm leading-relaxed text-slate-700">{f.body}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>

      <footer className="border-t border-border">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-6 text-sm text-muted-foreground">
          <p>Regulars — the Best Customer List for local merchants.</p>
          <Link href="/sign-in" className="rounded font-medium text-brand-800 underline underline-offset-4">
            Sign in
          </Link>
        </div>
      </footer>
    </div>
  );
}
