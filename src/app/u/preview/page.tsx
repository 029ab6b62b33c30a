import type { Metadata } from "next";

export const metadata: Metadata = { title: "Preferences link of a test email", robots: { index: false, follow: false } };

// The preview and the "Send a test to me" email carry /u/preview instead of a customer's signed
// link (there is no customer). A static segment wins over /u/[token], so that click lands here
// and says what a customer would see, rather than on a 404.
export default function PreviewPreferencesPage() {
  return (
    <main className="min-h-dvh bg-slate-100 px-4 py-8 sm:py-12">
      <div className="mx-auto max-w-xl space-y-3 rounded-2xl border border-border bg-surface p-6 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">This link is from a test email</h1>
        <p className="text-sm text-muted-foreground">
          In the emails your customers get, this link opens their own preference page, with no sign-in: they choose how they hear
          from you, tell you their interests, birthday and anniversary, or unsubscribe in one click. Nothing was changed.
        </p>
      </div>
    </main>
  );
}
