import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { InvitationList } from "@/features/accounts/components/invitation-list";
import { StaffPinForm } from "@/features/accounts/components/pair-device-form";
import { InviteMemberForm, MemberRoleSelect, RemoveMemberButton } from "@/features/accounts/components/team-controls";
import { listInvitations } from "@/features/accounts/invitations";
import { listTeam } from "@/features/accounts/queries";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { timeAgo } from "@/lib/time";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { merchant, user } = await requireMerchantPage(slug, "staff.manage");
  const [team, invitations] = await Promise.all([listTeam(merchant.id), listInvitations(merchant.id)]);
  const owners = team.filter((m) => m.role === "owner").length;
  return (
    <>
      <PageHeader
        title="Team"
        description={`Everyone who can sign in to ${merchant.name}. Staff reach the counter and customers; managers everything but the team and billing.`}
      />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Members</CardTitle>
            <CardDescription>
              {owners === 1 ? "There is one owner: make someone else an owner before changing their role or removing them." : `${owners} owners.`}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>Last sign-in</TableHead>
                  <TableHead>Counter PIN</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {team.map((m) => {
                  const name = m.name || m.email;
                  const lastOwner = m.role === "owner" && owners === 1;
                  return (
                    <TableRow key={m.userId}>
                      <TableCell>
                        <div className="font-medium">
                          {name}
                          {m.userId === user.id && <span className="text-xs text-muted-foreground"> (you)</span>}
                        </div>
                        <div className="text-xs text-slate-600">{m.email}</div>
                      </TableCell>
                      <TableCell>
                        {lastOwner ? (
                          <span className="text-sm">Owner</span>
                        ) : (
                          <MemberRoleSelect merchantSlug={slug} userId={m.userId} role={m.role} name={name} />
                        )}
                      </TableCell>
                      <TableCell>{m.lastSignInAt ? timeAgo(m.lastSignInAt) : "Never"}</TableCell>
                      <TableCell>
                        <div className="flex items-center gap-3">
                          <span className="text-sm text-slate-600">{m.hasPin ? "Set" : "Not set"}</span>
                          <StaffPinForm merchantSlug={slug} userId={m.userId} name={name} />
                        </div>
                      </TableCell>
                      <TableCell className="text-right">{!lastOwner && <RemoveMemberButton merchantSlug={slug} userId={m.userId} name={name} />}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Invite someone</CardTitle>
            <CardDescription>They get an email with a link to set a password; it works once and expires in 7 days.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <InviteMemberForm merchantSlug={slug} />
            <InvitationList
              scope={{ kind: "merchant", merchantSlug: slug }}
              invitations={invitations.map((i) => ({
                id: i.id,
                email: i.email,
                role: i.role,
                status: i.status,
                expiresAt: i.expiresAt.toISOString(),
                sendCount: i.sendCount,
              }))}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
