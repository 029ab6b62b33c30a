// TEMPORARY visual check of the shell and primitives; deleted before handing back.
import { Users } from "lucide-react";
import { AppShell } from "@/components/shell/app-shell";
import { MerchantSwitcher } from "@/components/shell/merchant-switcher";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Progress } from "@/components/ui/progress";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Stat } from "@/components/ui/stat";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";

export default function Preview() {
  return (
    <AppShell
      brand={{ name: "Harbor Bistro", subtitle: "Signed in as owner" }}
      nav={[
        { href: "/zz-shell-preview", label: "Home", icon: "home", exact: true },
        { href: "/zz-shell-preview/counter", label: "Counter", icon: "tablet" },
        { href: "/zz-shell-preview/customers", label: "Customers", icon: "users" },
        { href: "/zz-shell-preview/groups", label: "Groups", icon: "layers" },
        { href: "/zz-shell-preview/promotions", label: "Promotions", icon: "megaphone" },
        { href: "/zz-shell-preview/settings", label: "Settings", icon: "settings" },
      ]}
      user={{ name: "Olivia Owner", email: "owner@example.com" }}
      switcher={<MerchantSwitcher current="harbor-bistro" options={[{ slug: "harbor-bistro", name: "Harbor Bistro" }, { slug: "vine-barrel", name: "Vine & Barrel" }]} />}
    >
      <PageHeader title="Harbor Bistro" description="Your Best Customer List starts at the counter." actions={<><Button variant="outline">Export</Button><Button>New promotion</Button></>} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat label="Customers" value="1,204" hint="32 new in the last 7 days" icon={<Users />} />
        <Stat label="Spend this week" value="$4,310" />
        <Stat label="Visits" value="318" />
        <Stat label="Deal-to-regular" value="23%" hint="Deal customers who came back" />
      </div>
      <div className="mt-6 flex flex-wrap gap-2">
        {(["default", "secondary", "outline", "ghost", "destructive", "link"] as const).map((v) => <Button key={v} variant={v}>{v}</Button>)}
        <Button size="sm">sm</Button><Button size="lg">lg</Button><Button size="xl">xl</Button><Button size="icon" aria-label="Users"><Users /></Button>
        <Button disabled>disabled</Button>
        {(["default", "brand", "success", "warning", "danger", "info", "outline"] as const).map((v) => <Badge key={v} variant={v}>{v}</Badge>)}
        <Spinner label="Loading" />
      </div>
      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        <Alert variant="info" title="Info">Something to know.</Alert>
        <Alert variant="success" title="Import finished">1,204 customers imported.</Alert>
        <Alert variant="warning" title="12 rows will be skipped">Download the list of problems.</Alert>
        <Alert variant="error" title="That did not work">The filter needs a fix.</Alert>
      </div>
      <Card className="mt-6">
        <CardHeader><CardTitle>Add a customer</CardTitle><CardDescription>One line is enough.</CardDescription></CardHeader>
        <CardContent>
          <form className="grid gap-4 sm:grid-cols-2">
            <FormField label="Name" required hint="As they give it at the counter"><Input name="name" placeholder="Maria Garcia" /></FormField>
            <FormField label="Email" error="Enter an email like name@example.com"><Input name="email" type="email" defaultValue="maria@" /></FormField>
            <FormField label="Rating"><Select defaultValue="3"><option value="1">1 star</option><option value="2">2 stars</option><option value="3">3 stars</option></Select></FormField>
            <FormField label="Notes">{(p) => <Textarea {...p} rows={2} />}</FormField>
            <div><SubmitButton pendingLabel="Saving…">Save customer</SubmitButton></div>
          </form>
        </CardContent>
        <CardFooter><Progress value={62} label="Importing" hint="746 of 1,204 rows" className="w-full" /></CardFooter>
      </Card>
      <div className="mt-6">
        <Table>
          <TableHeader><TableRow><TableHead>Customer</TableHead><TableHead>Rating</TableHead><TableHead className="text-right">Spend</TableHead></TableRow></TableHeader>
          <TableBody>
            <TableRow><TableCell>Maria G.</TableCell><TableCell>★★★</TableCell><TableCell className="text-right">$412</TableCell></TableRow>
            <TableRow><TableCell>Sam O.</TableCell><TableCell>★★</TableCell><TableCell className="text-right">$120</TableCell></TableRow>
          </TableBody>
        </Table>
      </div>
      <div className="mt-6"><EmptyState icon={<Users />} title="No groups yet" description="Open the Best Customer List, pick a Smart Filter and save it as a group." action={<Button>Open the list</Button>} /></div>
      <div className="mt-6 space-y-2"><Skeleton className="h-6 w-48" /><Skeleton className="h-24" /></div>
    </AppShell>
  );
}
