"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { archivePromotionAction } from "../actions";

export function ArchivePromotionButton({
  merchantSlug,
  promotionId,
  name,
  archived,
}: {
  merchantSlug: string;
  promotionId: string;
  name: string;
  archived: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      aria-label={archived ? `Restore ${name}` : `Archive ${name}`}
      onClick={() =>
        start(async () => {
          if (!archived && !window.confirm(`Archive “${name}”? Campaigns already sent keep working; you can restore it later.`)) return;
          const res = await archivePromotionAction(merchantSlug, { id: promotionId, archived: !archived });
          if (!res.ok) return void toast.error(res.error);
          toast.success(archived ? `Restored “${name}”.` : `Archived “${name}”.`);
          router.refresh();
        })
      }
    >
      {archived ? "Restore" : "Archive"}
    </Button>
  );
}
