import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listGroups } from "@/features/groups/queries";
import { requireMerchantPage } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { merchant, role } = await requireMerchantPage(slug, "groups.manage");
  const groups = await listGroups(merchant.id);
  return (
    <>
      <PageHeader
        title="Groups"
        description="Named sets of customers you send promotions to: dynamic (a Smart Filter) or hand-picked."
        actions={<Button asChild variant="outline"><Link href={`/m/${slug}/customers?edit=1`}>New group from a filter</Link></Button>}
      />
      {groups.length === 0 ? (
        <EmptyState
          icon={null}
          title="No groups yet"
          description="Open the Best Customer List, pick a Smart Filter and save it as a group."
          action={<Button asChild><Link href={`/m/${slug}/customers?edit=1`}>Open the Best Customer List</Link></Button>}
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead>Created</TableHead>
              <TableHead><span className="sr-only">Actions</span></TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {groups.map((g) => (
              <TableRow key={g.id}>
                <TableCell className="font-medium">{g.name}</TableCell>
                <TableCell>{g.kind === "dynamic" ? "Smart Filter" : `Hand-picked (${g._count.members})`}</TableCell>
                <TableCell>{g.createdAt.toLocaleDateString("en-US", { timeZone: merchant.timeZone, dateStyle: "medium" })}</TableCell>
                <TableCell className="text-right">
                  <Button asChild variant="outline" size="sm"><Link href={`/m/${slug}/campaigns/new?group=${g.id}`}>Send a promotion</Link></Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
