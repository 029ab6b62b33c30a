import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { searchUsersForAdmin } from "@/features/tenancy/admin";
import { DisableUserButton } from "@/features/tenancy/components/admin-controls";
import { requirePlatformAdmin } from "@/features/tenancy/queries";
import { ZAdminSearch } from "@/features/tenancy/schemas";

export const metadata: Metadata = { title: "Users · Platform admin" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const me = await requirePlatformAdmin();
  const sp = await searchParams;
  const query = ZAdminSearch.safeParse({ q: sp.q ?? "", page: sp.page ?? 1 });
  const input = query.success ? query.data : { q: "", page: 1 };
  const list = await searchUsersForAdmin(input);
  const pageHref = (page: number) => `/admin/users?${new URLSearchParams({ ...(input.q ? { q: input.q } : {}), page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Users"
        description="Find anyone by email or name. Disabling someone signs them out everywhere and refuses every way of signing in (password, email link, counter PIN) until you re-enable them."
      />
      <form role="search" className="mb-4 flex flex-wrap gap-2">
        <label htmlFor="user-search" className="sr-only">
          Search users
        </label>
        <Input id="user-search" name="q" defaultValue={input.q} placeholder="Email or name" className="w-72" />
        <Button type="submit" variant="outline">
          Search
        </Button>
        {input.q && (
          <Link className="inline-flex h-10 items-center px-2 text-sm text-teal-800 hover:underline" href="/admin/users">
            Clear
          </Link>
        )}
      </form>
      {list.rows.length === 0 ? (
        <EmptyState
          title={input.q ? "Nobody matches" : "No users yet"}
          description={
            input.q
              ? `No one has “${input.q}” in their email or name. Check the spelling, or clear the search.`
              : "People appear here once they are invited or made with the CLI's user:create."
          }
        />
      ) : (
        <>
          <p className="mb-2 text-sm text-muted-foreground">
            {list.total.toLocaleString("en-US")} {input.q ? "matching " : ""}people
          </p>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Person</TableHead>
                <TableHead>Member of</TableHead>
                <TableHead>Last sign-in</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Action</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.rows.map((u) => (
                <TableRow key={u.id} data-testid={`user-row-${u.email}`}>
                  <TableCell>
                    <p className="font-medium">{u.name || u.email}</p>
                    {u.name && <p className="text-xs text-muted-foreground">{u.email}</p>}
                  </TableCell>
                  <TableCell className="text-sm">
                    {[
                      ...(u.isPlatformAdmin ? ["Platform admin"] : []),
                      ...u.memberships.map((m) => `${m.merchant.name} (${m.role})`),
                      ...u.publisherMemberships.map((p) => `${p.publisher.name} (publisher ${p.role})`),
                    ].join(", ") || <span className="text-muted-foreground">No memberships</span>}
                  </TableCell>
                  <TableCell className="text-sm tabular-nums">
                    {u.lastSignInAt ? `${u.lastSignInAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "Never"}
                  </TableCell>
                  <TableCell>{u.disabledAt ? <Badge variant="danger">Disabled</Badge> : <Badge variant="success">Active</Badge>}</TableCell>
                  <TableCell className="text-right">
                    <div className="flex justify-end">
                      {u.id === me.id ? (
                        <span className="text-xs text-muted-foreground">You</span>
                      ) : (
                        <DisableUserButton userId={u.id} email={u.email} disabled={!!u.disabledAt} />
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {list.pages > 1 && (
            <nav aria-label="Pages" className="mt-4 flex items-center gap-3 text-sm">
              {list.page > 1 && (
                <Link className="text-teal-800 hover:underline" href={pageHref(list.page - 1)}>
                  Previous
                </Link>
              )}
              <span>
                Page {list.page} of {list.pages}
              </span>
              {list.page < list.pages && (
                <Link className="text-teal-800 hover:underline" href={pageHref(list.page + 1)}>
                  Next
                </Link>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}
