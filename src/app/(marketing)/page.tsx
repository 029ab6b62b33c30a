import Link from "next/link";
import { Filter, Megaphone, Tablet } from "lucide-react";

const features = [
  { icon: Tablet, title: "Capture at the counter", body: "Redeem a voucher or record a walk-in in seconds: stars, tags, party size, spend. Works when the Wi-Fi doesn't." },
  { icon: Filter, title: "Your Best Customer List", body: "Smart Filters like “Lapsed regulars” or “Off-peak regulars” answer instantly, even at a million customers." },
  { icon: Megaphone, title: "Social Select promotions", body: "Send a personal offer to a group, then see who came back — measured against a holdout that got nothing." },
];

export default function LandingPage() {
  return (
    <main className="min-h-dvh bg-gradient-to-b from-teal-50 to-white">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-6 py-6">
        <span className="text-xl font-bold tracking-tight text-teal-800">Regulars</span>
        <Link href="/sign-in" className="rounded-md bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-800">
          Sign in
        </Link>
      </header>
      <section className="mx-auto max-w-3xl px-6 pb-16 pt-12 text-center">
        <h1 className="text-4xl font-semibold tracking-tight text-slate-900 sm:text-5xl">Turn daily-deal one-timers into regulars.</h1>
        <p className="mt-5 text-lg text-slate-700">
          Regulars captures every redemption at the counter, builds your Best Customer List, and brings the right people back with
          promotions you can measure.
        </p>
        <Link href="/sign-in" className="mt-8 inline-block rounded-md bg-teal-700 px-6 py-3 font-medium text-white hover:bg-teal-800">
          Sign in to your business
        </Link>
      </section>
      <section className="mx-auto grid max-w-6xl gap-6 px-6 pb-24 md:grid-cols-3">
        {features.map((f) => (
          <div key={f.title} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <f.icon className="size-6 text-teal-700" aria-hidden />
            <h2 className="mt-3 font-semibold text-slate-900">{f.title}</h2>
            <p className="mt-2 text-sm text-slate-700">{f.body}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
