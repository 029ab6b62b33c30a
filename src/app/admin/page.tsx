import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getPlatformOverview } from "@/features/tenancy/admin";
import { requirePlatformAdmin } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "Platform admin" };

export default async function AdminPage() {
  await requirePlatformAdmin();
  const o = await getPlatformOverview();
  return (
    <>
      <PageHeader title="Platform" description="Publishers, merchants and people on this Regulars installation." />
      <div className="mb-6 grid gap-4 sm:grid-cols-4">
        <Stat label="Publishers" value={o.publishers.length.toLocaleString("en-US")} />
        <Stat
          label="Merchants"
          value={o.merchantCount.toLocaleString("en-US")}
          hint={o.suspendedCount ? `${o.suspendedCount.toLocaleString("en-US")} suspended` : undefined}
        />
        <Stat
          label="Users"
          value={o.userCount.toLocaleString("en-US")}
          hint={o.disabledCount ? `${o.disabledCount.toLocaleString("en-US")} disabled` : undefined}
        />
        <Stat label="Customers" value={o.customerCount.toLocaleString("en-US")} />
      </div>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Publisher</TableHead>
            <TableHead className="text-right">Merchants</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {o.publishers.map((p) => (
            <TableRow key={p.id}>
              <TableCell>
                <Link className="font-medium text-teal-800 hover:underline" href={`/p/${p.slug}`}>
                  {p.name}
                </Link>
              </TableCell>
              <TableCell className="text-right tabular-nums">{p._count.merchants}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
