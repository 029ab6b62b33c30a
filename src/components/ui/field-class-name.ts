/** Shared look of text-like fields (input, textarea, select); an invalid field turns red. */
export const fieldClassName =
  "w-full rounded-md border border-input bg-surface text-sm text-foreground shadow-xs transition-colors placeholder:text-muted-foreground focus-visible:border-ring focus-visible:outline-offset-0 disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-60 aria-invalid:border-destructive aria-invalid:focus-visible:outline-destructive";
