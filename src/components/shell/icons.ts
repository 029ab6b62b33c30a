import {
  Building,
  ChartColumn,
  CreditCard,
  Funnel,
  House,
  Key,
  Layers,
  Mail,
  Megaphone,
  Repeat,
  Send,
  Settings,
  Shield,
  Star,
  Store,
  Tablet,
  Tag,
  Upload,
  Users,
} from "lucide-react";

// Navigation icons by name, so server components can describe nav items as plain, serialisable data.
export const ICONS = {
  home: House,
  users: Users,
  filter: Funnel,
  layers: Layers,
  megaphone: Megaphone,
  send: Send,
  settings: Settings,
  tablet: Tablet,
  mail: Mail,
  key: Key,
  building: Building,
  store: Store,
  "bar-chart": ChartColumn,
  shield: Shield,
  "credit-card": CreditCard,
  upload: Upload,
  tag: Tag,
  repeat: Repeat,
  star: Star,
} as const;

export type TIconName = keyof typeof ICONS;

export type TNavItem = {
  href: string;
  label: string;
  icon: TIconName;
  /** Highlight only on this exact path, not on pages below it (for a section's home). */
  exact?: boolean;
};
