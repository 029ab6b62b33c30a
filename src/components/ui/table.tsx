import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export const Table = ({ className, ...p }: ComponentProps<"table">) => (
  <div className="w-full overflow-x-auto rounded-lg border border-slate-200 bg-white">
    <table className={cn("w-full caption-bottom text-sm", className)} {...p} />
  </div>
);
export const TableHeader = ({ className, ...p }: ComponentProps<"thead">) => <thead className={cn("bg-slate-50", className)} {...p} />;
export const TableBody = ({ className, ...p }: ComponentProps<"tbody">) => <tbody className={cn("divide-y divide-slate-100", className)} {...p} />;
export const TableRow = ({ className, ...p }: ComponentProps<"tr">) => <tr className={cn("hover:bg-slate-50/60", className)} {...p} />;
export const TableHead = ({ className, ...p }: ComponentProps<"th">) => (
  <th scope="col" className={cn("px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-600", className)} {...p} />
);
export const TableCell = ({ className, ...p }: ComponentProps<"td">) => <td className={cn("px-4 py-3 align-middle text-slate-800", className)} {...p} />;
