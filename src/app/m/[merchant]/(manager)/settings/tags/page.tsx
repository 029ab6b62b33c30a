import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TagRowActions } from "@/features/tags/components/tag-row-actions";
import { listTagsWithUse } from "@/features/tags/manage";
import { requireMerchantPage } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "Tags" };

export default async function TagsSettingsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { merchant } = await requireMerchantPage(slug, "settings.manage");
  const tags = await listTagsWithUse(merchant.id);
  return (
    <>
      <PageHeader
        title="Tags"
        description="The words your staff tap at the counter. Rename a tag, merge two that mean the same, or retire one so the counter stops offering it (its history stays)."
        actions={
          <Link href={`/m/${slug}/settings`} className="text-sm text-teal-800 underline">
            Back to settings
          </Link>
        }
      />
      {tags.length === 0 ? (
        <EmptyState icon={null} title="No tags yet" description="Tags appear as staff add them at the counter, or from an import." />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Tag</TableHead>
              <TableHead className="text-right">Visits</TableHead>
              <TableHead className="text-right">Customers</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tags.map((t) => (
              <TableRow key={t.id} data-testid={`tag-${t.name}`}>
                <TableCell className="font-medium">
                  {t.name} {t.retired && <Badge variant="outline">retired</Badge>}
                </TableCell>
                <TableCell className="text-right tabular-nums">{t.visits.toLocaleString("en-US")}</TableCell>
                <TableCell className="text-right tabular-nums">{t.customers.toLocaleString("en-US")}</TableCell>
                <TableCell className="text-right">
                  <TagRowActions merchantSlug={slug} tag={t} others={tags.filter((o) => o.id !== t.id).map((o) => ({ id: o.id, name: o.name }))} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
