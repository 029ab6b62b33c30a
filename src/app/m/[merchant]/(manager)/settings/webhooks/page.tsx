import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { NewWebhookEndpointForm, ResendDeliveryButton, WebhookEndpointActions } from "@/features/webhooks/components/webhook-forms";
import { listWebhookDeliveries, listWebhookEndpoints, parseDeliveryCursor, type TDeliveryCursor } from "@/features/webhooks/endpoints";
import { WEBHOOK_EVENTS } from "@/features/webhooks/events";
import { formatLocalDateTime, timeAgo } from "@/lib/time";

export const metadata: Metadata = { title: "Webhooks" };

const label = (type: string) => WEBHOOK_EVENTS.find((e) => e.type === type)?.label ?? type;

const STATUS = {
  succeeded: { text: "Delivered", variant: "success" },
  pending: { text: "Waiting", variant: "info" },
  failed: { text: "Failed", variant: "danger" },
} as const;

/** `?endpoint=<id>&cursor=<nextCursor>`: one endpoint's log paged back; anything else shows the newest. */
function olderPage(sp: Record<string, string | string[] | undefined>): { endpointId: string; cursor: TDeliveryCursor } | null {
  const endpointId = typeof sp.endpoint === "string" ? sp.endpoint : null;
  const cursor = typeof sp.cursor === "string" ? parseDeliveryCursor(sp.cursor) : null;
  return endpointId && cursor ? { endpointId, cursor } : null;
}

export default async function WebhooksPage({ params, searchParams }: { params: Promise<{ merchant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { merchant: slug } = await params;
  const { merchant } = await requireMerchantPage(slug, "webhooks.manage");
  const older = olderPage(await searchParams);
  const endpoints = await listWebhookEndpoints(merchant.id);
  const logs = await Promise.all(endpoints.map((e) => listWebhookDeliveries(merchant.id, e.id, older?.endpointId === e.id ? { cursor: older.cursor } : {})));
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Send what happens at {merchant.name} to your other systems as it happens: each event is an HTTPS POST signed with the endpoint's secret
            (<a className="underline" href="https://www.standardwebhooks.com" rel="noreferrer">Standard Webhooks</a>). <Link className="underline" href={`/m/${slug}/settings`}>Back to settings</Link>
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Add an endpoint</CardTitle>
            <CardDescription>Failed deliveries are retried with growing pauses for 3 days; an endpoint that accepts nothing for that long is turned off and the owners are emailed.</CardDescription>
          </CardHeader>
          <CardContent>
            <NewWebhookEndpointForm merchantSlug={slug} />
          </CardContent>
        </Card>
        {endpoints.length === 0 ? (
          <EmptyState title="No endpoints yet" description="Add the URL of your CRM, booking system or automation tool above; you choose which events it receives, and can send it a test event." />
        ) : (
          endpoints.map((e, i) => {
            const log = logs[i]!;
            return (
              <Card key={e.id} data-testid="webhook-endpoint">
                <CardHeader>
                  <CardTitle className="flex flex-wrap items-center gap-2 break-all">
                    {e.url}
                    {e.disabledAt ? <Badge variant="danger">Off</Badge> : e.failingSince ? <Badge variant="warning">Failing since {timeAgo(e.failingSince)}</Badge> : <Badge variant="success">On</Badge>}
                  </CardTitle>
                  <CardDescription>
                    {e.description && <span className="font-medium text-foreground">{e.description} · </span>}
                    {e.events.map(label).join(" · ")}
                  </CardDescription>
                </CardHeader>
                <CardContent className="space-y-4">
                  {e.disabledAt && (
                    <Alert variant="warning" title={`Turned off ${formatLocalDateTime(e.disabledAt, merchant.timeZone)}`}>
                      {e.disabledReason} Fix the endpoint, turn it on, then resend what it missed from the log below.
                    </Alert>
                  )}
                  <p className="text-sm text-slate-600">
                    Last 24 hours: {e.last24h.succeeded} delivered, {e.last24h.failed} failed at least once, {e.last24h.pending} waiting.
                    {e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() && ` The previous secret still signs until ${formatLocalDateTime(e.previousSecretExpiresAt, merchant.timeZone)}.`}
                  </p>
                  <WebhookEndpointActions merchantSlug={slug} endpointId={e.id} url={e.url} disabled={!!e.disabledAt} />
                  <section aria-label={`Deliveries to ${e.url}`} className="space-y-2">
                    <h3 className="text-sm font-semibold">{older?.endpointId === e.id ? `Deliveries before ${formatLocalDateTime(older.cursor.at, merchant.timeZone)}` : "Recent deliveries"}</h3>
                    {log.deliveries.length === 0 ? (
                      <p className="text-sm text-slate-600">Nothing sent yet. Events appear here within seconds of happening; try "Send test event".</p>
                    ) : (
                      <Table>
                        <TableHeader>
                          <TableRow>
                            <TableHead>When</TableHead>
                            <TableHead>Event</TableHead>
                            <TableHead>Result</TableHead>
                            <TableHead>Answer</TableHead>
                            <TableHead><span className="sr-only">Actions</span></TableHead>
                          </TableRow>
                        </TableHeader>
                        <TableBody>
                          {log.deliveries.map((d) => (
                            <TableRow key={d.eventId}>
                              <TableCell className="whitespace-nowrap">{formatLocalDateTime(d.createdAt, merchant.timeZone)}</TableCell>
                              <TableCell>
                                <div>{label(d.event.type)}</div>
                                <code className="text-xs text-slate-600">{d.eventId}</code>
                              </TableCell>
                              <TableCell>
                                <Badge variant={STATUS[d.status].variant}>{STATUS[d.status].text}</Badge>
                                <div className="text-xs text-slate-600">
                                  {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                                  {d.status === "pending" && d.nextAttemptAt && d.attempts > 0 && `, next ${formatLocalDateTime(d.nextAttemptAt, merchant.timeZone)}`}
                                </div>
                              </TableCell>
                              <TableCell className="max-w-xs">
                                {d.lastStatusCode && <div className="text-sm">HTTP {d.lastStatusCode}</div>}
                                {d.lastError && <div className="text-sm text-red-700">{d.lastError}</div>}
                                {d.lastResponse && (
                                  <details className="text-xs">
                                    <summary className="cursor-pointer">Response</summary>
                                    <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">{d.lastResponse}</pre>
                                  </details>
                                )}
                                <details className="text-xs">
                                  <summary className="cursor-pointer">Payload</summary>
                                  <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">{JSON.stringify(d.event.payload, null, 2)}</pre>
                                </details>
                              </TableCell>
                              <TableCell className="text-right">
                                {d.status !== "pending" && !e.disabledAt && <ResendDeliveryButton merchantSlug={slug} endpointId={e.id} eventId={d.eventId} />}
                              </TableCell>
                            </TableRow>
                          ))}
                        </TableBody>
                      </Table>
                    )}
                    {(log.nextCursor || older?.endpointId === e.id) && (
                      <nav aria-label={`More deliveries to ${e.url}`} className="flex gap-4 text-sm">
                        {older?.endpointId === e.id && <Link className="underline" href={`/m/${slug}/settings/webhooks`}>← Newest</Link>}
                        {log.nextCursor && (
                          <Link className="underline" href={`/m/${slug}/settings/webhooks?${new URLSearchParams({ endpoint: e.id, cursor: log.nextCursor })}`}>
                            Older deliveries →
                          </Link>
                        )}
                      </nav>
                    )}
                  </section>
                </CardContent>
              </Card>
            );
          })
        )}
      </div>
    </>
  );
}
