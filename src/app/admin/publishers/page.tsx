import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listPublishersForAdmin } from "@/features/tenancy/admin";
import { CreatePublisherForm, RenamePublisherForm } from "@/features/tenancy/components/admin-controls";
import { requirePlatformAdmin } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "Publishers · Platform admin" };

export default async function AdminPublishersPage() {
  await requirePlatformAdmin();
  const publishers = await listPublishersForAdmin();
  return (
    <>
      <PageHeader title="Publishers" description="Deal publishers and the merchants they run. Assign a merchant to a publisher on the Merchants page." />
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>New publisher</CardTitle>
          <CardDescription>
            The address is where its console lives: /p/&lt;address&gt;. Invite its admins with the CLI's user:create --publisher.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CreatePublisherForm />
        </CardContent>
      </Card>
      {publishers.length === 0 ? (
        <EmptyState title="No publishers yet" description="Create the first publisher above, then assign its merchants on the Merchants page." />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Publisher</TableHead>
              <TableHead>Console</TableHead>
              <TableHead className="text-right">Merchants</TableHead>
              <TableHead className="text-right">People</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {publishers.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <RenamePublisherForm publisherId={p.id} name={p.name} />
                </TableCell>
                <TableCell>
                  <Link className="text-teal-800 hover:underline" href={`/p/${p.slug}`}>
                    /p/{p.slug}
                  </Link>
                </TableCell>
                <TableCell className="text-right tabular-nums">{p._count.merchants}</TableCell>
                <TableCell className="text-right tabular-nums">{p._count.memberships}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
