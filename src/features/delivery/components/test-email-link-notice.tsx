// What a link of a test email opens (/u/preview and /u/preview/unsubscribe): the preview and the
// "Send a test to me" email carry these instead of a customer's signed link, as there is no customer.
export function TestEmailLinkNotice() {
  return (
    <main className="min-h-dvh bg-slate-100 px-4 py-8 sm:py-12">
      <div className="mx-auto max-w-xl space-y-3 rounded-2xl border border-border bg-surface p-6 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">This link is from a test email</h1>
        <p className="text-sm text-muted-foreground">
          In the emails your customers get, this link opens their own preference page, with no sign-in: they choose how they hear from you, tell you their
          interests, birthday and anniversary, or unsubscribe in one click. Nothing was changed.
        </p>
      </div>
    </main>
  );
}
