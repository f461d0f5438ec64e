import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TopBar } from './components/top-bar';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'TaskMaster',
  description: 'Build automations by connecting steps on a canvas.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex h-full flex-col">
        <Providers>
          <TopBar />
          <main className="flex min-h-0 flex-1 flex-col">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
