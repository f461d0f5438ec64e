/** Credential types name an icon by key (see nodes/credentials/*.ts); unknown keys get a key. */
import { Bot, Database, GitBranch, Key, KeyRound, Mail, Network, Shield, UserLock, type LucideIcon } from 'lucide-react';

const ICONS: Record<string, LucideIcon> = {
  'key-round': KeyRound,
  key: Key,
  'user-lock': UserLock,
  shield: Shield,
  mail: Mail,
  database: Database,
  network: Network,
  'git-branch': GitBranch,
  bot: Bot,
};

export function CredentialIcon({ icon, className = 'size-4' }: { icon: string; className?: string }) {
  const Icon = ICONS[icon] ?? KeyRound;
  return <Icon aria-hidden className={className} />;
}
