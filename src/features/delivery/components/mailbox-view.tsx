import Link from "next/link";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { mailboxTime } from "../mailbox-time";

type TMessage = { id: string; to: string; from: string; subject: string; html: string; text: string; headers: unknown; sentAt: Date };

/** Development mailbox: the list on the left, the chosen message (sandboxed) on the right. */
export function MailboxView({
  messages,
  selectedId,
  basePath,
  emptyAction,
  timeZone = "UTC",
}: {
  messages: TMessage[];
  selectedId?: string;
  basePath: string;
  emptyAction?: ReactNode;
  timeZone?: string;
}) {
  if (messages.length === 0) {
    return (
      <EmptyState
        icon={null}
        title="The mailbox is empty"
        description="Emails the app sends while no email provider is configured land here instead of leaving the machine."
        action={emptyAction}
      />
    );
  }
  const selected = messages.find((m) => m.id === selectedId) ?? messages[0]!;
  const headers = Object.entries((selected.headers ?? {}) as Record<string, string>);
  return (
    <div className="grid gap-4 lg:grid-cols-[20rem_1fr]">
      <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white" aria-label="Messages">
        {messages.map((m) => (
          <li key={m.id}>
            <Link
              href={`${basePath}?id=${m.id}`}
              aria-current={m.id === selected.id ? "true" : undefined}
              className={`block px-4 py-3 text-sm hover:bg-slate-50 ${m.id === selected.id ? "bg-teal-50" : ""}`}
            >
              <div className="truncate font-medium text-slate-900">{m.subject}</div>
              <div className="truncate text-slate-600">{m.to}</div>
              <div className="text-xs text-slate-500">
                <time dateTime={m.sentAt.toISOString()}>{mailboxTime(m.sentAt, timeZone)}</time>
              </div>
            </Link>
          </li>
        ))}
      </ul>
      <article className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label="Message">
        <h2 className="text-lg font-semibold">{selected.subject}</h2>
        <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-xs text-slate-700">
          <dt className="font-medium">From</dt>
          <dd>{selected.from}</dd>
          <dt className="font-medium">To</dt>
          <dd>{selected.to}</dd>
          {headers.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-medium">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
        </dl>
        <iframe
          title="Email content"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={selected.html}
          className="h-[32rem] w-full rounded border border-slate-200"
        />
        <details>
          <summary className="cursor-pointer text-sm text-slate-700">Plain text</summary>
          <pre className="mt-2 whitespace-pre-wrap text-xs text-slate-700">{selected.text}</pre>
        </details>
      </article>
    </div>
  );
}
