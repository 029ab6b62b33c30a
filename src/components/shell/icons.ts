import { BarChart3, Building2, CreditCard, Filter, House, Key, Layers, Mail, Megaphone, Send, Settings, Shield, Store, Tablet, Tag, Upload, Users } from "lucide-react";

// Navigation icons by name, so server components can describe nav items as plain data.
export const ICONS = {
  home: House,
  users: Users,
  filter: Filter,
  layers: Layers,
  megaphone: Megaphone,
  send: Send,
  settings: Settings,
  tablet: Tablet,
  mail: Mail,
  key: Key,
  building: Building2,
  store: Store,
  "bar-chart": BarChart3,
  shield: Shield,
  "credit-card": CreditCard,
  upload: Upload,
  tag: Tag,
} as const;

export type TIconName = keyof typeof ICONS;
