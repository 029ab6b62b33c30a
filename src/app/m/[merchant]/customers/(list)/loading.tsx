// The list has its own loading state; the Customer 360 page ([id]) deliberately has none above it,
// so a customer of another merchant answers with a real 404 status rather than a streamed one.
export { PageSkeleton as default } from "@/components/ui/page-skeleton";
