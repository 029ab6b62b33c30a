import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { GroupActions } from "@/features/groups/components/group-actions";
import { listGroups } from "@/features/groups/queries";
import { requireMerchantPage } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { merchant } = await requireMerchantPage(slug, "groups.manage");
  const groups = await listGroups(merchant);
  return (
    <>
      <PageHeader
        title="Groups"
        description="Named sets of customers you send promotions to: dynamic (a Smart Filter) or hand-picked."
        actions={
          <Button asChild variant="outline">
            <Link href={`/m/${slug}/customers?edit=1`}>New group from a filter</Link>
          </Button>
        }
      />
      {groups.length === 0 ? (
        <EmptyState
          icon={null}
          title="No groups yet"
          description="Open the Best Customer List, pick a Smart Filter and save it as a group."
          action={
            <Button asChild>
              <Link href={`/m/${slug}/customers?edit=1`}>Open the Best Customer List</Link>
            </Button>
          }
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead className="text-right">Customers</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {groups.map((g) => (
              <TableRow key={g.id}>
                <TableCell className="font-medium">
                  <Link href={`/m/${slug}/customers?group=${g.id}`} className="text-slate-900 underline-offset-2 hover:text-teal-800 hover:underline">
                    {g.name}
                  </Link>
                </TableCell>
                <TableCell>{g.kind === "dynamic" ? "Smart Filter (stays up to date)" : "Hand-picked"}</TableCell>
                <TableCell className="text-right tabular-nums" data-testid="group-size">
                  {g.size === null ? "—" : g.size.toLocaleString("en-US")}
                </TableCell>
                <TableCell>{g.createdAt.toLocaleDateString("en-US", { timeZone: merchant.timeZone, dateStyle: "medium" })}</TableCell>
                <TableCell className="text-right">
                  <span className="inline-flex items-center gap-1">
                    <Button asChild variant="outline" size="sm">
                      <Link href={`/m/${slug}/campaigns/new?group=${g.id}`}>Send a promotion</Link>
                    </Button>
                    <GroupActions merchantSlug={slug} group={{ id: g.id, name: g.name, campaigns: g.campaigns }} />
                  </span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
