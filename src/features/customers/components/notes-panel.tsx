"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { addNoteAction, deleteNoteAction } from "../actions";

export type TNoteView = { id: string; body: string; when: string; authorName: string | null };

/** Staff notes on the 360: newest first, add one, delete one (with a confirm). */
export function NotesPanel({ merchantSlug, customerId, notes, canEdit }: { merchantSlug: string; customerId: string; notes: TNoteView[]; canEdit: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState<string | null>(null);

  return (
    <div className="space-y-4">
      {canEdit && (
        <form
          noValidate
          aria-label="Add a note"
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const body = String(new FormData(form).get("body") ?? "");
            startTransition(async () => {
              const res = await addNoteAction(merchantSlug, { customerId, body });
              if (!res.ok) {
                setError(res.fieldErrors?.body ? null : res.error);
                setFieldError(res.fieldErrors?.body);
                return;
              }
              setError(null);
              setFieldError(undefined);
              form.reset();
              toast.success("Note added.");
              router.refresh();
            });
          }}
        >
          {error && <Alert variant="error">{error}</Alert>}
          <FormField label="New note" hint="Visible to your team only." error={fieldError}>
            <Textarea name="body" rows={3} maxLength={2001} placeholder="Prefers the window table; allergic to nuts." />
          </FormField>
          <Button type="submit" disabled={pending} className="min-h-12 sm:min-h-10">
            {pending && <Spinner />} Add note
          </Button>
        </form>
      )}
      {notes.length === 0 ? (
        <p className="text-sm text-muted-foreground">No notes yet.</p>
      ) : (
        <ul className="divide-y divide-border" aria-label="Notes">
          {notes.map((n) => (
            <li key={n.id} className="py-3 text-sm">
              <p className="whitespace-pre-wrap break-words">{n.body}</p>
              <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
                <span>
                  {n.authorName ?? "Someone no longer on the team"} · {n.when}
                </span>
                {canEdit &&
                  (confirming === n.id ? (
                    <span className="flex items-center gap-2">
                      <span>Delete this note?</span>
                      <Button
                        type="button"
                        size="sm"
                        variant="destructive"
                        disabled={pending}
                        onClick={() =>
                          startTransition(async () => {
                            const res = await deleteNoteAction(merchantSlug, { customerId, noteId: n.id });
                            setConfirming(null);
                            if (!res.ok) toast.error(res.error);
                            else {
                              toast.success("Note deleted.");
                              router.refresh();
                            }
                          })
                        }
                      >
                        Delete
                      </Button>
                      <Button type="button" size="sm" variant="ghost" onClick={() => setConfirming(null)}>
                        Keep
                      </Button>
                    </span>
                  ) : (
                    <Button
                      type="button"
                      size="sm"
                      variant="link"
                      className="text-xs"
                      onClick={() => setConfirming(n.id)}
                      aria-label={`Delete the note from ${n.when}`}
                    >
                      Delete
                    </Button>
                  ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
