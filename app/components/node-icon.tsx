/** Node types name an icon by key (see nodes/*.ts); unknown keys get a plain box. */
import {
  ArrowRight,
  ArrowUpDown,
  Bell,
  Bot,
  Box,
  Braces,
  CalendarClock,
  Clock,
  Code,
  Combine,
  Database,
  File,
  FileText,
  Filter,
  GitBranch,
  Globe,
  Layers,
  List,
  ListEnd,
  Mail,
  Merge,
  MessageSquare,
  Monitor,
  OctagonX,
  Pencil,
  Play,
  Puzzle,
  Repeat,
  Ruler,
  ScrollText,
  Send,
  Sigma,
  Split,
  Table,
  Terminal,
  Timer,
  TriangleAlert,
  Ungroup,
  Webhook,
  Zap,
  type LucideIcon,
} from 'lucide-react';

const ICONS: Record<string, LucideIcon> = {
  play: Play,
  pencil: Pencil,
  'git-branch': GitBranch,
  merge: Merge,
  clock: Clock,
  'arrow-right': ArrowRight,
  globe: Globe,
  code: Code,
  terminal: Terminal,
  mail: Mail,
  webhook: Webhook,
  timer: Timer,
  schedule: CalendarClock,
  'calendar-clock': CalendarClock,
  database: Database,
  file: File,
  'file-text': FileText,
  filter: Filter,
  split: Split,
  list: List,
  bell: Bell,
  message: MessageSquare,
  'message-square': MessageSquare,
  monitor: Monitor,
  browser: Monitor,
  send: Send,
  repeat: Repeat,
  table: Table,
  braces: Braces,
  zap: Zap,
  bot: Bot,
  'arrow-up-down': ArrowUpDown,
  combine: Combine,
  'list-end': ListEnd,
  'octagon-x': OctagonX,
  ruler: Ruler,
  'scroll-text': ScrollText,
  sigma: Sigma,
  ungroup: Ungroup,
  layers: Layers,
  'triangle-alert': TriangleAlert,
  plugin: Puzzle,
};

/** True when `key` has a drawn icon (tests/unit/node-icons.test.ts checks every built-in step's). */
export function hasNodeIcon(key: string): boolean {
  return Object.hasOwn(ICONS, key);
}

/**
 * `src`: a plugin step's own SVG as a data address. Shown in an <img>, where an SVG's scripts
 * never run; never put in the page as markup.
 */
export function NodeIcon({ icon, src, className = 'size-4' }: { icon: string; src?: string; className?: string }) {
  if (src?.startsWith('data:image/svg+xml;base64,')) return <img src={src} alt="" aria-hidden className={className} />;
  const Icon = ICONS[icon] ?? Box;
  return <Icon aria-hidden className={className} />;
}
