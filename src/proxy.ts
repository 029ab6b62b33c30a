import { withAuth } from "next-auth/middleware";

// A cheap gate only: no session → /sign-in. Membership and roles are checked on the server by
// every page, action and route (features/tenancy), never here.
export default withAuth({ pages: { signIn: "/sign-in" } });

export const config = { matcher: ["/m/:path*", "/p/:path*", "/admin/:path*", "/start"] };
