// Node module hooks for processes outside Next that render React Email (the job worker, the
// send benchmark). They cannot run with --conditions=react-server (react-dom/server refuses to
// load there), so instead `server-only` — which throws outside React Server Components — resolves
// to an empty module. Use: node --import ./scripts/lib/worker-hooks.mjs --import tsx <entry>.
import { register } from "node:module";

register("./server-only-resolve.mjs", import.meta.url);
