import type { MetadataRoute } from "next";

// Installable counter: "Add to home screen" on the till tablet opens straight into the right home.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Regulars counter",
    short_name: "Regulars",
    description: "Capture redemptions and visits at the counter, even offline.",
    start_url: "/start",
    display: "standalone",
    orientation: "any",
    background_color: "#f8fafc",
    theme_color: "#0f766e",
    icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
  };
}
