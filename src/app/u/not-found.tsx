import Link from "next/link";

export default function PreferenceLinkNotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-100 px-4">
      <div className="max-w-md rounded-2xl border border-border bg-surface p-8 text-center shadow-sm">
        <h1 className="text-xl font-semibold">This link was not found</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          It may be incomplete or changed. Open the “Manage your preferences” link from the latest email you got, or ask the business to update your preferences
          for you.
        </p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium underline">
          Go to the home page
        </Link>
      </div>
    </main>
  );
}
